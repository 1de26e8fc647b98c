"""A build killed at any moment leaves the previous index loadable, and the next build converges.

`kpu-assistant index` runs as a real subprocess and is SIGKILLed (no cleanup handlers run):
- at random moments spread over the duration of a build;
- at the critical steps of writing a generation (hooked in the child process only), so the
  interesting instants are hit every time, not only when the dice fall right.

After every kill the live generation must hold exactly the passages of the previous build or of the
interrupted one, open completely, and answer questions from those passages only. A final
uninterrupted run must produce exactly the passages of a clean build and leave no temporary files.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import assistant
from assistant.store import open_snapshot
from helpers import cli_command, cli_env, live_generation, live_releases, live_rows, write_txt

REGENCIES = ["Bogor", "Garut", "Kudus", "Klaten", "Jember", "Sleman"]
ACTIVITIES = [
    "rapat pleno terbuka penetapan daftar pemilih",
    "bimbingan teknis bagi panitia pemungutan suara",
    "simulasi pemungutan dan penghitungan suara",
]


def state_a() -> dict[str, tuple[str, list[str]]]:
    """file name -> (title, paragraphs): six releases of three short paragraphs."""
    releases = {}
    for i, regency in enumerate(REGENCIES):
        paragraphs = [
            f"{regency}, kpu.go.id - KPU Kabupaten {regency} menggelar {activity} pada {j + 3 * i + 1} Oktober 2024 "
            f"dengan melibatkan {100 + 37 * i + 11 * j} petugas."
            for j, activity in enumerate(ACTIVITIES)
        ]
        releases[f"rilis-{regency.lower()}.txt"] = (f"KPU Kabupaten {regency} Bersiap Menghadapi Pilkada", paragraphs)
    return releases


def state_b() -> dict[str, tuple[str, list[str]]]:
    """State A with eight paragraphs edited, one release deleted and one added."""
    releases = state_a()
    for name in list(releases)[:4]:
        title, paragraphs = releases[name]
        for j in (1, 2):
            paragraphs[j] = paragraphs[j].replace("petugas.", "petugas dan diawasi Bawaslu setempat.")
    del releases["rilis-sleman.txt"]
    releases["rilis-bantul.txt"] = (
        "KPU Kabupaten Bantul Terima Logistik",
        [
            "Bantul, kpu.go.id - KPU Kabupaten Bantul menerima 812 ribu lembar surat suara pada 2 November 2024.",
            "Surat suara disimpan di gudang yang dijaga polisi selama 24 jam.",
        ],
    )
    return releases


def write_state(folder: Path, releases: dict[str, tuple[str, list[str]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in set(p.name for p in folder.glob("*.txt")) - set(releases):
        (folder / stale).unlink()
    for name, (title, paragraphs) in releases.items():
        write_txt(folder / name, title, paragraphs)


def start_index(folder: Path, index_dir: Path, *prefix: str) -> subprocess.Popen:
    command = [*prefix, "index", str(folder), "--index-dir", str(index_dir), "--quiet"] if prefix else cli_command(
        "index", str(folder), "--index-dir", str(index_dir), "--quiet"
    )
    return subprocess.Popen(command, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def check_loadable(index_dir: Path, expected: dict[str, list], context: str) -> str:
    """The live generation is exactly one of the expected states, opens completely and answers from itself."""
    rows = live_rows(index_dir)
    matches = [name for name, state in expected.items() if rows == state]
    assert matches, f"{context}: the live generation holds neither the previous nor the new passages"
    snapshot = open_snapshot(index_dir)
    try:
        assert snapshot.size == len(rows) == snapshot.dense.ntotal == snapshot.vectors.shape[0], context
    finally:
        snapshot.close()
    hits = assistant.retrieve("Berapa petugas yang dilibatkan dalam simulasi pemungutan suara?", k=100, index_dir=index_dir)
    assert len(hits) == len(rows), context
    passages = {(source, paragraph, text) for source, paragraph, _, text in rows}
    assert all((h.source, h.paragraph, h.text) in passages for h in hits), f"{context}: a hit from another generation"
    return matches[0]


def leftovers(index_dir: Path) -> list[str]:
    live = live_generation(index_dir).name
    names = sorted(p.name for p in index_dir.iterdir())
    return [n for n in names if n.startswith((".tmp-", ".CURRENT.")) or (n.startswith("gen-") and n > live)]


A_PASSAGES = 3 * len(REGENCIES)
B_PASSAGES = A_PASSAGES - 3 + 2


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The corpus folder, a CLI build of state A, and a clean reference build of state B."""
    root = tmp_path_factory.mktemp("kill")
    folder = root / "releases"
    index_a = root / "index-a"
    write_state(folder, state_a())
    first = start_index(folder, index_a)
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    rows_a = live_rows(index_a)
    assert len(rows_a) == A_PASSAGES

    write_state(folder, state_b())
    reference = root / "reference"
    report = assistant.build_index([folder], index_dir=reference)
    assert (report.releases, report.added, report.errors) == (len(REGENCIES), B_PASSAGES, ())
    rows_b = live_rows(reference)
    assert rows_b != rows_a
    return {"folder": folder, "index-a": index_a, "reference": reference, "rows": {"A": rows_a, "B": rows_b}}


@pytest.fixture()
def states(base: dict, tmp_path: Path) -> dict:
    """A fresh copy of the state-A index for one test; the corpus folder starts in state A."""
    folder = base["folder"]
    write_state(folder, state_a())
    index_dir = tmp_path / "index"
    shutil.copytree(base["index-a"], index_dir)
    assert live_rows(index_dir) == base["rows"]["A"]
    return {
        **base,
        "index": index_dir,
        "write": {"A": lambda: write_state(folder, state_a()), "B": lambda: write_state(folder, state_b())},
    }


def converge(states: dict) -> None:
    """A final uninterrupted run in state B equals the clean build and cleans up after the killed ones."""
    states["write"]["B"]()
    final = start_index(states["folder"], states["index"])
    _, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr
    assert live_rows(states["index"]) == states["rows"]["B"]
    assert live_releases(states["index"]) == live_releases(states["reference"])
    assert leftovers(states["index"]) == []
    assert len(list(states["index"].glob("gen-*"))) <= 2
    top = assistant.retrieve("Berapa lembar surat suara yang diterima KPU Bantul?", index_dir=states["index"])[0]
    assert "812 ribu" in top.text


def test_random_kills(states: dict) -> None:
    seed = int(os.environ.get("KPU_KILL_SEED", time.time_ns() % 10**9))
    rng = random.Random(seed)
    index_dir = states["index"]
    live = "A"

    # One uninterrupted update first: how long a build that has work to do takes from start to exit.
    states["write"]["B"]()
    started = time.perf_counter()
    run = start_index(states["folder"], index_dir)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 0, stderr
    duration = time.perf_counter() - started
    live = check_loadable(index_dir, {"B": states["rows"]["B"]}, "uninterrupted update")

    trials, outcomes = 6, []
    deadline = time.monotonic() + 45
    for trial in range(trials):
        if time.monotonic() > deadline:
            break
        target = "A" if live == "B" else "B"
        states["write"][target]()
        # Stratified over the whole build: every part of it gets a kill.
        delay = duration * 1.1 * (trial + rng.random()) / trials
        process = start_index(states["folder"], index_dir)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        context = f"trial {trial} (seed {seed}, killed after {delay:.2f} s of {duration:.2f} s, {live}->{target})"
        live = check_loadable(index_dir, {live: states["rows"][live], target: states["rows"][target]}, context)
        outcomes.append((round(delay, 2), process.returncode, live))
    print(f"kill trials (seed {seed}, build {duration:.2f} s): {outcomes}")
    assert len(outcomes) >= 3, f"too few kill trials fit in the time budget: {outcomes}"
    assert any(code == -signal.SIGKILL for _, code, _ in outcomes), f"no build was actually killed: {outcomes}"
    converge(states)


# Runs `kpu-assistant` in a child that SIGKILLs itself at one step of writing a generation.
STAGED = r"""
import os, signal, sys
from pathlib import Path
import assistant.store as store

stage = sys.argv[1]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if stage == "while-writing":  # the temporary folder holds SQLite and vectors but no BM25 and no meta.json
    def _write_bm25(folder, tokens):
        die()
    store._write_bm25 = _write_bm25
elif stage == "after-rename":  # the new gen-NNNNNN folder is complete and in place; CURRENT is not switched
    real_rename = os.rename
    def rename(src, dst, *args, **kwargs):
        real_rename(src, dst, *args, **kwargs)
        if Path(src).name.startswith(".tmp-"):
            die()
    os.rename = rename
elif stage in ("before-switch", "after-switch"):  # the new pointer file is written / CURRENT was replaced
    real_replace = os.replace
    def replace(src, dst, *args, **kwargs):
        if Path(dst).name == "CURRENT":
            if stage == "before-switch":
                die()
            real_replace(src, dst, *args, **kwargs)
            die()
        return real_replace(src, dst, *args, **kwargs)
    os.replace = replace
else:
    raise SystemExit(f"unknown stage {stage}")

from assistant.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_kills_at_each_step_of_writing_a_generation(states: dict) -> None:
    index_dir = states["index"]
    live = "A"
    for stage, switched in [("while-writing", False), ("after-rename", False), ("before-switch", False), ("after-switch", True)]:
        target = "A" if live == "B" else "B"
        states["write"][target]()
        process = start_index(states["folder"], index_dir, sys.executable, "-c", STAGED, stage)
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == -signal.SIGKILL, f"{stage}: the hook never fired (rc {process.returncode}): {stderr}"
        expected = target if switched else live
        live = check_loadable(index_dir, {expected: states["rows"][expected]}, f"killed {stage}")
    converge(states)
