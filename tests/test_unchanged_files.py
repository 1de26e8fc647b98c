"""A rebuild skips files whose size and modification time are those of the last build, and only those."""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

import assistant
from assistant import indexer

from helpers import live_generation, live_rows, write_txt

HOUR_AGO = time.time() - 3600


def write_old(path: Path, title: str, paragraphs: list[str], age: float = 3600) -> Path:
    """A release file last modified ``age`` seconds ago (so its stamp is trusted)."""
    write_txt(path, title, paragraphs)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "releases"
    for regency in ("Bogor", "Garut", "Kudus"):
        write_old(folder / f"{regency.lower()}.txt", f"KPU {regency}", [
            f"KPU Kabupaten {regency} menggelar rapat pleno penetapan daftar pemilih pada 3 Oktober 2024.",
            f"Sebanyak {len(regency) * 100} petugas mengikuti bimbingan teknis di {regency}.",
        ])
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the indexer reads, in order."""
    seen: list[str] = []
    real = indexer.read_release

    def counting(path):
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(indexer, "read_release", counting)
    return seen


def test_unchanged_files_are_not_read_again(corpus, tmp_path, reads):
    index_dir = tmp_path / "index"
    assistant.build_index([corpus], index_dir)
    assert sorted(reads) == ["bogor.txt", "garut.txt", "kudus.txt"]
    rows, generation = live_rows(index_dir), live_generation(index_dir)

    reads.clear()
    report = assistant.build_index([corpus], index_dir)
    assert reads == []
    assert (report.added, report.removed, report.kept) == (0, 0, 6)
    assert live_rows(index_dir) == rows and live_generation(index_dir) == generation  # nothing rewritten


def test_a_changed_file_is_read_and_its_passages_replaced(corpus, tmp_path, reads):
    index_dir = tmp_path / "index"
    assistant.build_index([corpus], index_dir)
    write_old(corpus / "garut.txt", "KPU Garut", [
        "KPU Kabupaten Garut menggelar rapat pleno penetapan daftar pemilih pada 3 Oktober 2024.",
        "Sebanyak 812 petugas mengikuti bimbingan teknis di Garut.",
    ], age=1800)
    reads.clear()
    report = assistant.build_index([corpus], index_dir)
    assert reads == ["garut.txt"]
    assert (report.added, report.removed, report.kept) == (1, 1, 5)
    assert "812 petugas" in assistant.retrieve("Berapa petugas bimbingan teknis di Garut?", k=1, index_dir=index_dir)[0].text


def test_new_and_deleted_files_are_noticed_while_the_rest_is_skipped(corpus, tmp_path, reads):
    index_dir = tmp_path / "index"
    assistant.build_index([corpus], index_dir)
    (corpus / "kudus.txt").unlink()
    write_old(corpus / "bantul.txt", "KPU Bantul", ["KPU Kabupaten Bantul menerima 812 ribu lembar surat suara."])
    reads.clear()
    report = assistant.build_index([corpus], index_dir)
    assert reads == ["bantul.txt"]
    assert {Path(row[0]).name for row in live_rows(index_dir)} == {"bogor.txt", "garut.txt", "bantul.txt"}
    assert (report.added, report.removed) == (1, 2)


def test_a_just_written_file_is_read_again_next_time(corpus, tmp_path, reads):
    # Modified within the timestamp granularity, it could change again without its stamp changing.
    index_dir = tmp_path / "index"
    write_txt(corpus / "baru.txt", "KPU Sleman", ["KPU Kabupaten Sleman menggelar simulasi pemungutan suara."])
    assistant.build_index([corpus], index_dir)
    reads.clear()
    assistant.build_index([corpus], index_dir)
    assert reads == ["baru.txt"]


def test_reread_reads_every_file(corpus, tmp_path, reads):
    index_dir = tmp_path / "index"
    assistant.build_index([corpus], index_dir)
    reads.clear()
    assistant.build_index([corpus], index_dir, reread=True)
    assert sorted(reads) == ["bogor.txt", "garut.txt", "kudus.txt"]


def test_a_new_reader_version_reads_every_file(corpus, tmp_path, reads, monkeypatch):
    index_dir = tmp_path / "index"
    assistant.build_index([corpus], index_dir)
    monkeypatch.setattr(indexer, "READER_VERSION", indexer.READER_VERSION + 1)
    reads.clear()
    assistant.build_index([corpus], index_dir)
    assert sorted(reads) == ["bogor.txt", "garut.txt", "kudus.txt"]


def test_an_index_without_recorded_files_reads_every_file(corpus, tmp_path, reads):
    index_dir = tmp_path / "index"
    assistant.build_index([corpus], index_dir)
    for segment in live_generation(index_dir).glob("seg-*"):  # as if no file had been stable when read
        with sqlite3.connect(segment / "segment.sqlite") as db:
            db.execute("UPDATE releases SET size = NULL, mtime_ns = NULL")
    reads.clear()
    report = assistant.build_index([corpus], index_dir)
    assert sorted(reads) == ["bogor.txt", "garut.txt", "kudus.txt"]
    assert report.added == 0 and report.kept == 6


def test_a_file_that_fails_now_is_reported_every_time(corpus, tmp_path, reads):
    index_dir = tmp_path / "index"
    assistant.build_index([corpus], index_dir)
    broken = corpus / "garut.txt"
    broken.write_bytes(b"")
    os.utime(broken, (HOUR_AGO, HOUR_AGO))
    for _ in range(2):
        report = assistant.build_index([corpus], index_dir)
        assert len(report.errors) == 1 and "garut.txt" in report.errors[0]
    assert {Path(row[0]).name for row in live_rows(index_dir)} == {"bogor.txt", "garut.txt", "kudus.txt"}
