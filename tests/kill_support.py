"""Kill-safety machinery shared by tests/test_kill_safety.py and scripts/kill_trials.py.

Two corpus states (A and B: edited paragraphs, one release deleted, one added), a workspace holding
a CLI build of A and a clean build of B, and the checks made after a build was SIGKILLed: the live
generation holds exactly the previous or the new passages, opens completely and answers from itself,
and a final uninterrupted build converges to the clean build with no leftovers.

Checks raise :class:`TrialFailure` (an AssertionError, so pytest reports it as a failed assertion)
instead of using ``assert``, so that the script keeps checking under ``python -O``.
"""
from __future__ import annotations

import random
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import assistant
from assistant.store import open_snapshot

from helpers import cli_command, cli_env, live_generation, live_releases, live_rows, write_txt

REGENCIES = ["Bogor", "Garut", "Kudus", "Klaten", "Jember", "Sleman"]
ACTIVITIES = [
    "rapat pleno terbuka penetapan daftar pemilih",
    "bimbingan teknis bagi panitia pemungutan suara",
    "simulasi pemungutan dan penghitungan suara",
]
A_PASSAGES = 3 * len(REGENCIES)
B_PASSAGES = A_PASSAGES - 3 + 2
PROBE_QUESTION = "Berapa petugas yang dilibatkan dalam simulasi pemungutan suara?"

Releases = dict[str, tuple[str, list[str]]]  # file name -> (title, paragraphs)
Rows = list[tuple[str, int, int, str]]


class TrialFailure(AssertionError):
    """The index broke the kill-safety promise."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise TrialFailure(message)


def regency_releases(extra_officers: int = 0, note: str = "") -> Releases:
    """Six releases of three short paragraphs; ``extra_officers`` and ``note`` make another version of them."""
    releases = {}
    for i, regency in enumerate(REGENCIES):
        paragraphs = [
            f"{regency}, kpu.go.id - KPU Kabupaten {regency} menggelar {activity} pada {j + 3 * i + 1} Oktober 2024 "
            f"dengan melibatkan {100 + 37 * i + 11 * j + extra_officers} petugas{note}."
            for j, activity in enumerate(ACTIVITIES)
        ]
        releases[f"rilis-{regency.lower()}.txt"] = (f"KPU Kabupaten {regency} Bersiap Menghadapi Pilkada", paragraphs)
    return releases


def state_a() -> Releases:
    """Six releases of three short paragraphs."""
    return regency_releases()


def state_b() -> Releases:
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


STATES: dict[str, Callable[[], Releases]] = {"A": state_a, "B": state_b}


def write_state(folder: Path, releases: Releases) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in set(p.name for p in folder.glob("*.txt")) - set(releases):
        (folder / stale).unlink()
    for name, (title, paragraphs) in releases.items():
        write_txt(folder / name, title, paragraphs)


def start_index(folder: Path, index_dir: Path, *prefix: str) -> subprocess.Popen:
    """``kpu-assistant index`` as a child process (``prefix`` replaces the command, e.g. a hooked interpreter)."""
    args = ("index", str(folder), "--index-dir", str(index_dir), "--quiet")
    command = [*prefix, *args] if prefix else cli_command(*args)
    return subprocess.Popen(command, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def run_index(folder: Path, index_dir: Path, timeout: float = 120) -> None:
    process = start_index(folder, index_dir)
    _, stderr = process.communicate(timeout=timeout)
    check(process.returncode == 0, f"kpu-assistant index failed (rc {process.returncode}): {stderr.strip()[-500:]}")


def check_loadable(index_dir: Path, expected: dict[str, Rows], context: str) -> str:
    """The live generation is exactly one of the expected states, opens completely and answers from itself.

    Returns the name of the state it holds.
    """
    rows = live_rows(index_dir)
    matches = [name for name, state in expected.items() if rows == state]
    check(matches, f"{context}: the live generation holds neither of {sorted(expected)} ({len(rows)} passages)")
    snapshot = open_snapshot(index_dir)
    try:
        check(not snapshot.check(), f"{context}: the generation does not hold together: {snapshot.check()}")
        sizes = (snapshot.size, len(rows), snapshot.dense.ntotal)
        check(len(set(sizes)) == 1, f"{context}: meta, SQLite and FAISS disagree on the number of passages: {sizes}")
    finally:
        snapshot.close()
    # k above the passage count: every passage comes back, each from this generation only.
    hits = assistant.retrieve(PROBE_QUESTION, k=100, index_dir=index_dir)
    check(len(hits) == len(rows), f"{context}: retrieve gave {len(hits)} hits for {len(rows)} passages")
    passages = {(source, paragraph, text) for source, paragraph, _, text in rows}
    check(all((h.source, h.paragraph, h.text) in passages for h in hits), f"{context}: a hit from another generation")
    return matches[0]


def leftovers(index_dir: Path) -> list[str]:
    """Temporary folders, pointer files and generations newer than the live one (renamed, never switched to)."""
    live = live_generation(index_dir).name
    names = sorted(p.name for p in index_dir.iterdir())
    return [n for n in names if n.startswith((".tmp-", ".CURRENT.")) or (n.startswith("gen-") and n > live)]


@dataclass
class Workspace:
    """A corpus folder, the index the trials kill builds of, and a clean reference build of state B."""

    folder: Path
    index: Path
    reference: Path
    rows: dict[str, Rows]

    def write(self, state: str) -> None:
        write_state(self.folder, STATES[state]())


def prepare(root: Path) -> Workspace:
    """Under ``root``: the releases in state A, a CLI build of them in ``index-a`` and a clean build of B.

    ``Workspace.index`` is ``index-a``; copy it (:func:`fresh_copy`) to keep the original for another run.
    """
    folder = root / "releases"
    index_a = root / "index-a"
    write_state(folder, state_a())
    run_index(folder, index_a)
    rows_a = live_rows(index_a)
    check(len(rows_a) == A_PASSAGES, f"state A built {len(rows_a)} passages, expected {A_PASSAGES}")

    write_state(folder, state_b())
    reference = root / "reference"
    report = assistant.build_index([folder], index_dir=reference)
    check(
        (report.releases, report.added, report.errors) == (len(REGENCIES), B_PASSAGES, ()),
        f"unexpected clean build of state B: {report}",
    )
    rows_b = live_rows(reference)
    check(rows_b != rows_a, "states A and B hold the same passages")
    write_state(folder, state_a())
    return Workspace(folder=folder, index=index_a, reference=reference, rows={"A": rows_a, "B": rows_b})


def fresh_copy(workspace: Workspace, index_dir: Path) -> Workspace:
    """The workspace with a copy of its index at ``index_dir`` and the releases back in state A."""
    workspace.write("A")
    shutil.copytree(workspace.index, index_dir)
    check(live_rows(index_dir) == workspace.rows["A"], "the copied index does not hold state A")
    return Workspace(folder=workspace.folder, index=index_dir, reference=workspace.reference, rows=workspace.rows)


def converge(workspace: Workspace) -> None:
    """A final uninterrupted run in state B equals the clean build and cleans up after the killed ones."""
    workspace.write("B")
    run_index(workspace.folder, workspace.index)
    rows = live_rows(workspace.index)
    check(len(rows) == len(set(rows)), "duplicate passages after the final build")
    check(rows == workspace.rows["B"], f"the final build holds {len(rows)} passages, not those of the clean build")
    check(live_releases(workspace.index) == live_releases(workspace.reference), "releases differ from the clean build")
    check(leftovers(workspace.index) == [], f"leftovers after the final build: {leftovers(workspace.index)}")
    generations = list(workspace.index.glob("gen-*"))
    check(len(generations) <= 2, f"{len(generations)} generations kept after the final build")
    top = assistant.retrieve("Berapa lembar surat suara yang diterima KPU Bantul?", index_dir=workspace.index)[0]
    check("812 ribu" in top.text, f"the final index answers from the wrong passage: {top.text!r}")


# ---------------------------------------------------------------- random kills


@dataclass(frozen=True)
class Timing:
    """An uninterrupted update, measured from the parent: start to exit, and the generation-writing window."""

    build: float  # seconds from start to exit
    write_start: float  # seconds from start until the temporary generation folder appeared
    write: float  # seconds from then until CURRENT pointed at the new generation


@dataclass(frozen=True)
class Outcome:
    trial: int
    mode: str  # "spread": a moment anywhere in the build; "write": a moment while the generation is written
    delay: float  # seconds after start (spread) or after the temporary folder appeared (write)
    killed: bool  # the process was still running when SIGKILL arrived
    phase: str  # where the kill landed: "before-write", "mid-write", "after-switch" or "finished"
    live: str  # the state the index holds afterwards ("?" after a failure that left neither)
    error: str | None = None  # the failed check, when the trial failed


def _new_entries(index_dir: Path, before: set[str], prefix: str) -> list[str]:
    return [p.name for p in index_dir.glob(f"{prefix}*") if p.name not in before]


def _wait_for_temporary(process: subprocess.Popen, index_dir: Path, before: set[str], timeout: float) -> float | None:
    """Poll until the build creates its temporary generation folder; its age then, or None if it never did."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if _new_entries(index_dir, before, ".tmp-"):
            return time.perf_counter()
        if process.poll() is not None:
            return None
        time.sleep(0.0005)
    return None


def measure(workspace: Workspace, target: str) -> Timing:
    """Run one uninterrupted update to ``target`` and time it; the index then holds ``target``."""
    workspace.write(target)
    before = {p.name for p in workspace.index.iterdir()}
    pointer = (workspace.index / "CURRENT").read_text(encoding="utf-8")
    started = time.perf_counter()
    process = start_index(workspace.folder, workspace.index)
    appeared = _wait_for_temporary(process, workspace.index, before, timeout=120)
    switched = None
    while process.poll() is None or switched is None:
        if switched is None and (workspace.index / "CURRENT").read_text(encoding="utf-8") != pointer:
            switched = time.perf_counter()
        if process.poll() is not None and switched is None:
            switched = time.perf_counter()  # switched between two polls, just before exit
        time.sleep(0.0005)
    ended = time.perf_counter()
    stderr = process.stderr.read() if process.stderr else ""
    check(process.returncode == 0, f"the uninterrupted update failed (rc {process.returncode}): {stderr.strip()[-500:]}")
    check(appeared is not None, "the uninterrupted update never created a temporary generation folder")
    assert appeared is not None  # for the type checker; check() raised otherwise
    return Timing(build=ended - started, write_start=appeared - started, write=max(switched - appeared, 0.001))


def kill_trial(workspace: Workspace, live: str, trial: int, mode: str, fraction: float, timing: Timing, seed: int) -> Outcome:
    """Start an update from ``live`` to the other state, SIGKILL it at one moment, and check the index.

    ``fraction`` in [0, 1) picks the moment: a share of 1.1 x the build time (``spread``) or of 1.2 x
    the writing window after the temporary folder appears (``write``).
    """
    target = "A" if live == "B" else "B"
    workspace.write(target)
    index_dir = workspace.index
    before = {p.name for p in index_dir.iterdir()}
    process = start_index(workspace.folder, index_dir)
    if mode == "spread":
        delay = timing.build * 1.1 * fraction
        time.sleep(delay)
    else:
        delay = timing.write * 1.2 * fraction
        if _wait_for_temporary(process, index_dir, before, timeout=120) is not None:
            time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    _, stderr = process.communicate(timeout=60)
    killed = process.returncode == -signal.SIGKILL
    context = f"trial {trial} (seed {seed}, {mode} kill after {delay:.3f} s, {live}->{target})"
    check(killed or process.returncode == 0, f"{context}: the build failed on its own (rc {process.returncode}): {stderr.strip()[-300:]}")
    new = [n for n in leftovers(index_dir) if n not in before]
    now = check_loadable(index_dir, {live: workspace.rows[live], target: workspace.rows[target]}, context)
    if not killed:
        phase = "finished"
    elif new:
        phase = "mid-write"
    elif now == target:
        phase = "after-switch"
    else:
        phase = "before-write"
    return Outcome(trial, mode, round(delay, 4), killed, phase, now)


def _live_state(workspace: Workspace) -> str:
    rows = live_rows(workspace.index)
    return next((name for name, state in workspace.rows.items() if rows == state), "?")


def random_kills(
    workspace: Workspace, trials: int, seed: int, deadline: float | None = None, keep_going: bool = False
) -> tuple[Timing, list[Outcome]]:
    """``trials`` kills, alternating moments spread over the build (stratified) and moments inside its writing window.

    Stops early at ``deadline`` (time.monotonic()). A failed check raises at once, or with
    ``keep_going`` is recorded in the trial's ``Outcome.error`` and the trials go on while the index
    still holds one of the two states.
    """
    rng = random.Random(seed)
    timing = measure(workspace, "B")
    live = check_loadable(workspace.index, {"B": workspace.rows["B"]}, "uninterrupted update")
    spread_trials = (trials + 1) // 2
    outcomes: list[Outcome] = []
    for trial in range(trials):
        if deadline is not None and time.monotonic() > deadline:
            break
        if trial % 2 == 0:
            # Stratified: spread trial number s gets a moment in the s-th slice of the build, so every part is hit.
            mode, fraction = "spread", (trial // 2 + rng.random()) / spread_trials
        else:
            mode, fraction = "write", rng.random()
        try:
            outcome = kill_trial(workspace, live, trial, mode, fraction, timing, seed)
        except TrialFailure as failure:
            if not keep_going:
                raise
            outcome = Outcome(trial, mode, float("nan"), False, "failed", _live_state(workspace), str(failure))
        outcomes.append(outcome)
        live = outcome.live
        if live == "?":
            break  # neither state: later trials could not tell right from wrong
    return timing, outcomes
