"""SIGKILL `kpu-assistant index` at random moments, many times, and check the index after every kill.

Usage::

    .venv/bin/python scripts/kill_trials.py                 # 50 trials
    .venv/bin/python scripts/kill_trials.py --trials 200 --seed 7

Works in a temporary folder: a six-release corpus switched between two states (edited paragraphs, a
release deleted, one added), an index of the first state built by the CLI, and a clean build of the
second for reference. Each trial starts an update to the other state and SIGKILLs it: even trials at
a moment spread over the whole build (stratified, so every part of it is hit), odd trials at a random
moment inside the ~10 ms in which the new generation is written (after its temporary folder appears).
After every kill the index must open completely, answer from its own passages only and hold exactly
the previous or the new passages. Finally an uninterrupted run must converge to exactly the passages
of the clean build, with no duplicates, none missing and no temporary leftovers.

Prints a summary and exits 1 on any failure. The checks live in tests/kill_support.py, shared with
the fast version in tests/test_kill_safety.py.
"""
from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from kill_support import TrialFailure, converge, prepare, random_kills  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=50, help="kills to attempt (default 50)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock; printed)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder for inspection")
    args = parser.parse_args(argv)
    if not 1 <= args.trials <= 10_000:
        parser.error("--trials must be between 1 and 10000")
    seed = args.seed if args.seed is not None else time.time_ns() % 10**9

    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="kpu-kill-trials-"))
    try:
        try:
            workspace = prepare(root)
            timing, outcomes = random_kills(workspace, args.trials, seed, keep_going=True)
        except TrialFailure as failure:  # the set-up or the uninterrupted update itself went wrong
            print(f"kill trials could not start (seed {seed}): {failure}")
            return 1
        try:
            converge(workspace)
            converged = "yes: exactly the passages of a clean build, no duplicates, no leftovers"
        except TrialFailure as failure:
            converged = f"NO: {failure}"
    finally:
        if args.keep:
            print(f"workspace kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    failures = [o for o in outcomes if o.error]
    phases = collections.Counter(o.phase for o in outcomes)
    by_mode = collections.Counter((o.mode, o.phase) for o in outcomes)
    killed = sum(o.killed for o in outcomes)
    print(f"kill trials: seed {seed}, uninterrupted update {timing.build:.2f} s, generation written in {timing.write * 1000:.0f} ms")
    print(f"trials run: {len(outcomes)} of {args.trials}")
    print(f"kills landed mid-build (process still running): {killed}")
    print(f"  before writing the new generation: {phases['before-write']}")
    print(f"  while writing it (temporary folder or unswitched generation left behind): {phases['mid-write']}")
    print(f"  after switching to it: {phases['after-switch']}")
    print(f"build had already finished: {phases['finished']}")
    print("by mode: " + ", ".join(f"{mode}/{phase} {n}" for (mode, phase), n in sorted(by_mode.items())))
    print(f"failures: {len(failures)}")
    for failure in failures:
        print(f"  trial {failure.trial}: {failure.error}")
    print(f"final uninterrupted build converged: {converged}")
    print(f"wall time: {time.perf_counter() - started:.0f} s")
    ok = not failures and len(outcomes) == args.trials and converged.startswith("yes")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
