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
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ROOT
from kill_support import Workspace, check_loadable, converge, fresh_copy, prepare, random_kills, start_index


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The corpus folder, a CLI build of state A, and a clean reference build of state B."""
    return prepare(tmp_path_factory.mktemp("kill"))


@pytest.fixture()
def states(base: Workspace, tmp_path: Path) -> Workspace:
    """A fresh copy of the state-A index for one test; the corpus folder starts in state A."""
    return fresh_copy(base, tmp_path / "index")


def test_random_kills(states: Workspace) -> None:
    seed = int(os.environ.get("KPU_KILL_SEED", time.time_ns() % 10**9))
    # The full run (50 trials and more) is scripts/kill_trials.py; this one fits the suite's time budget.
    timing, outcomes = random_kills(states, trials=6, seed=seed, deadline=time.monotonic() + 45)
    print(f"kill trials (seed {seed}, build {timing.build:.2f} s): {outcomes}")
    assert len(outcomes) >= 3, f"too few kill trials fit in the time budget: {outcomes}"
    assert any(o.killed for o in outcomes), f"no build was actually killed: {outcomes}"
    converge(states)


@pytest.mark.slow
def test_fifty_random_kills_with_the_script() -> None:
    """scripts/kill_trials.py at its default 50 trials (about 1.5 minutes here; deselect with -m "not slow")."""
    script = ROOT / "scripts" / "kill_trials.py"
    result = subprocess.run([sys.executable, str(script), "--trials", "50"], capture_output=True, text=True, timeout=900)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "trials run: 50 of 50" in result.stdout and "\nfailures: 0\n" in result.stdout, result.stdout


# Runs `kpu-assistant` in a child that SIGKILLs itself at one step of writing a generation.
STAGED = r"""
import os, signal, sys
from pathlib import Path
import assistant.store.segment as segment

stage = sys.argv[1]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if stage == "while-writing":  # the temporary folder holds SQLite and vectors but no BM25 and no meta.json
    def _write_bm25(folder, tokens):
        die()
    segment._write_bm25 = _write_bm25
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


def test_kills_at_each_step_of_writing_a_generation(states: Workspace) -> None:
    live = "A"
    for stage, switched in [("while-writing", False), ("after-rename", False), ("before-switch", False), ("after-switch", True)]:
        target = "A" if live == "B" else "B"
        states.write(target)
        process = start_index(states.folder, states.index, sys.executable, "-c", STAGED, stage)
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == -signal.SIGKILL, f"{stage}: the hook never fired (rc {process.returncode}): {stderr}"
        expected = target if switched else live
        live = check_loadable(states.index, {expected: states.rows[expected]}, f"killed {stage}")
    converge(states)
