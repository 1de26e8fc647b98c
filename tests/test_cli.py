"""The `kpu-assistant` command line, run as a real subprocess.

    kpu-assistant index [PATH ...] [--index-dir DIR]      default corpus/; progress bar + one-line summary;
                                                          exit 1 (file named on stderr) if a file could not be read
    kpu-assistant ask "Q" [--k N] [--json] [--index-dir DIR]
Errors are one line on stderr without a traceback: exit 2 for an empty question, exit 1 for a missing index.
"""
from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

import assistant
from assistant.indexer import index_lock

from helpers import (
    DPT_TXT,
    GARBAGE,
    ISO_DATE,
    OFF_TOPIC_QUESTION,
    SAMPLE_PARAGRAPHS,
    SAMPLE_URL,
    SUMMARY_LINE,
    TURNOUT_QUESTION,
    cli_env,
    error_lines,
    live_rows,
    run_cli,
    write_txt,
)

ANSWER_KEYS = {"question", "language", "found", "answer", "span", "quotes", "cited", "citations", "related",
               "generated_by", "warnings"}
HIT_KEYS = {"title", "date", "url", "paragraph", "page", "source", "text", "score"}


def assert_one_line_error(proc: subprocess.CompletedProcess, code: int) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {proc.stderr!r}"
    assert proc.stdout.strip() == "", proc.stdout
    return lines[0]


def summary(proc: subprocess.CompletedProcess) -> dict[str, str | None]:
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, f"expected one summary line on stdout, got: {proc.stdout!r}"
    match = SUMMARY_LINE.match(lines[0])
    assert match, lines[0]
    return match.groupdict()


def assert_hit_json(hit: dict) -> None:
    assert isinstance(hit["title"], str) and hit["title"]
    assert hit["date"] is None or (isinstance(hit["date"], str) and ISO_DATE.match(hit["date"]))
    assert hit["url"] is None or isinstance(hit["url"], str)
    assert isinstance(hit["paragraph"], int) and not isinstance(hit["paragraph"], bool) and hit["paragraph"] >= 1
    assert hit["page"] is None or (isinstance(hit["page"], int) and hit["page"] >= 1)
    assert isinstance(hit["source"], str) and hit["source"]
    assert isinstance(hit["text"], str) and hit["text"]
    assert isinstance(hit["score"], (int, float)) and not isinstance(hit["score"], bool)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """`kpu-assistant index --index-dir DIR` run from the repository root: indexes corpus/ by default."""
    index_dir = tmp_path_factory.mktemp("cli") / "index"
    proc = run_cli("index", "--index-dir", str(index_dir))
    return index_dir, proc


def ask_json(index_dir: Path, question: str, *extra: str) -> dict:
    proc = run_cli("ask", question, "--json", "--index-dir", str(index_dir), *extra)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


# ---------------------------------------------------------------- index


def test_index_defaults_to_corpus(built: tuple[Path, subprocess.CompletedProcess]) -> None:
    index_dir, proc = built
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    fields = summary(proc)
    assert (fields["releases"], fields["paragraphs"], fields["added"], fields["removed"], fields["kept"]) == (
        "1", str(SAMPLE_PARAGRAPHS), str(SAMPLE_PARAGRAPHS), "0", "0")
    assert fields["errors"] is None
    # The progress bar goes to stderr and reaches the end.
    assert "embedding" in proc.stderr and f"{SAMPLE_PARAGRAPHS}/{SAMPLE_PARAGRAPHS}" in proc.stderr, proc.stderr
    assert (index_dir / "CURRENT").is_file()


def test_unchanged_reindex_is_quiet(built: tuple[Path, subprocess.CompletedProcess]) -> None:
    index_dir, _ = built
    proc = run_cli("index", "corpus", "--index-dir", str(index_dir), "--quiet")
    assert proc.returncode == 0, proc.stderr
    fields = summary(proc)
    assert (fields["added"], fields["removed"], fields["kept"]) == ("0", "0", str(SAMPLE_PARAGRAPHS))
    assert proc.stderr == ""


def test_unreadable_file_is_named_and_the_rest_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "releases"
    good = write_txt(folder / "dpt.txt", DPT_TXT["title"], DPT_TXT["paragraphs"], DPT_TXT["url"])
    bad = folder / "rusak.pdf"
    bad.write_bytes(GARBAGE)
    index_dir = tmp_path / "index"

    proc = run_cli("index", str(folder), "--index-dir", str(index_dir), "--quiet")
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    named = [line for line in error_lines(proc.stderr) if str(bad) in line]
    assert len(named) == 1, proc.stderr
    # Without the progress bar, the unreadable file is all there is on stderr (no library logging).
    assert [line for line in proc.stderr.splitlines() if line.strip()] == named, proc.stderr
    assert "PDF" in named[0].split(str(bad), 1)[1], f"no reason given: {named[0]!r}"
    assert str(good) not in proc.stderr
    fields = summary(proc)
    assert (fields["releases"], fields["added"], fields["errors"]) == ("1", str(len(DPT_TXT["paragraphs"])), "1")
    assert {row[0] for row in live_rows(index_dir)} == {str(good)}
    assert "203 juta" in assistant.retrieve("Berapa jumlah pemilih dalam DPT?", index_dir=index_dir)[0].text


def test_index_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    line = assert_one_line_error(run_cli("index", str(missing), "--index-dir", str(tmp_path / "index")), 1)
    assert str(missing) in line
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_index_locked(built: tuple[Path, subprocess.CompletedProcess]) -> None:
    index_dir, _ = built
    with index_lock(index_dir):
        started = time.perf_counter()
        proc = run_cli("index", "--index-dir", str(index_dir))
        elapsed = time.perf_counter() - started
    line = assert_one_line_error(proc, 1)
    assert "another indexer" in line
    assert elapsed < 30, "the second indexer must fail at once, not wait"


def test_index_unknown_embedder(tmp_path: Path) -> None:
    line = assert_one_line_error(run_cli("index", "--index-dir", str(tmp_path / "index"), "--embedder", "word2vec"), 1)
    assert "word2vec" in line


# ---------------------------------------------------------------- ask


def test_ask_json_shape(built: tuple[Path, subprocess.CompletedProcess]) -> None:
    index_dir, _ = built
    doc = ask_json(index_dir, TURNOUT_QUESTION, "--k", "3")
    assert set(doc) == ANSWER_KEYS
    assert doc["question"] == TURNOUT_QUESTION
    assert doc["generated_by"] is None and doc["warnings"] == []  # no LLM configured: quoted verbatim
    assert doc["found"] is True
    assert isinstance(doc["answer"], str) and "81 persen" in doc["answer"] and "[1]" in doc["answer"]
    assert isinstance(doc["span"], str) and "81 persen" in doc["span"]
    assert doc["language"] == "en" and doc["cited"] == [1]
    assert len(doc["quotes"]) == 1 and doc["quotes"][0]["n"] == 1 and "81 persen" in doc["quotes"][0]["text"]
    assert doc["answer"] == f'{doc["quotes"][0]["text"]} [1]'
    assert isinstance(doc["related"], list)
    citations = doc["citations"]
    assert len(citations) == 3
    assert [c["n"] for c in citations] == [1, 2, 3]
    for citation in citations:
        assert set(citation) == HIT_KEYS | {"n"}
        assert_hit_json(citation)
    top = citations[0]
    assert (top["paragraph"], top["url"], top["date"], top["page"]) == (4, SAMPLE_URL, "2024-08-04", None)
    assert "81 persen" in top["text"]
    # The passage holding the answer is cited first; the others keep the retrieval order.
    scores = [c["score"] for c in citations[1:]]
    assert scores == sorted(scores, reverse=True)


def test_ask_json_not_found(built: tuple[Path, subprocess.CompletedProcess]) -> None:
    index_dir, _ = built
    doc = ask_json(index_dir, OFF_TOPIC_QUESTION)
    assert set(doc) == ANSWER_KEYS
    assert doc["found"] is False
    assert doc["citations"] == [] and doc["span"] is None
    assert isinstance(doc["answer"], str) and doc["answer"]
    assert doc["related"]
    for hit in doc["related"]:
        assert HIT_KEYS <= set(hit)
        assert_hit_json(hit)


def test_ask_text_with_index_from_env(built: tuple[Path, subprocess.CompletedProcess], tmp_path: Path) -> None:
    index_dir, _ = built
    proc = run_cli("ask", TURNOUT_QUESTION, cwd=tmp_path, env=cli_env(KPU_ASSISTANT_INDEX=str(index_dir)))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "81 persen" in proc.stdout and "[1]" in proc.stdout
    assert SAMPLE_URL in proc.stdout


@pytest.mark.parametrize("question", ["", "   "])
def test_ask_empty_question(built: tuple[Path, subprocess.CompletedProcess], question: str) -> None:
    index_dir, _ = built
    line = assert_one_line_error(run_cli("ask", question, "--index-dir", str(index_dir)), 2)
    assert "empty" in line.lower()


def test_ask_bad_k(built: tuple[Path, subprocess.CompletedProcess]) -> None:
    index_dir, _ = built
    assert_one_line_error(run_cli("ask", TURNOUT_QUESTION, "--k", "0", "--index-dir", str(index_dir)), 2)


@pytest.mark.parametrize("how", ["--index-dir", "env", "default"])
def test_ask_before_index_exists(tmp_path: Path, how: str) -> None:
    missing = tmp_path / "index"
    if how == "--index-dir":
        proc = run_cli("ask", TURNOUT_QUESTION, "--index-dir", str(missing), cwd=tmp_path)
    elif how == "env":
        proc = run_cli("ask", TURNOUT_QUESTION, cwd=tmp_path, env=cli_env(KPU_ASSISTANT_INDEX=str(missing)))
    else:  # ./index in the working directory
        proc = run_cli("ask", TURNOUT_QUESTION, cwd=tmp_path)
    line = assert_one_line_error(proc, 1)
    assert "kpu-assistant index" in line
    assert not missing.exists() or not (missing / "CURRENT").exists()


def test_ask_question_of_stopwords_only(built: tuple[Path, subprocess.CompletedProcess]) -> None:
    index_dir, _ = built
    proc = run_cli("ask", "apa itu?", "--json", "--index-dir", str(index_dir))
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0
    assert set(json.loads(proc.stdout)) == ANSWER_KEYS
