"""Questions keep getting answers while the index is rebuilt: from the old or the new index, never an error.

Threads ask continuously through ``assistant.retrieve``, ``assistant.ask`` and the web chat's
``/chat`` endpoint on a real Gradio server, while the main thread rebuilds the index with
``build_index`` several times, each time with every paragraph edited and a release added or removed.

Every paragraph of version ``v`` carries the mark "pemutakhiran ke-v", so each reply tells which
index answered it. A reply must come wholly from one version that was live at some moment while the
question was asked (version v is live from somewhere in build v to somewhere in build v+1): a
retrieve with k above the passage count returns exactly that version's passages, an answer cites
only its passages, a chat reply shows only its mark. The test also checks that questions were
really asked while builds ran and that every version was seen.
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import assistant

from helpers import live_rows
from kill_support import Releases, regency_releases, write_state

gradio_client = pytest.importorskip("gradio_client")

pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")

REBUILDS = 4
PAUSE = 0.6  # seconds between builds, so each version is live on its own for a while
QUESTIONS = [
    "Berapa petugas yang dilibatkan dalam simulasi pemungutan suara di Garut?",
    "Kapan KPU Kabupaten Kudus menggelar rapat pleno terbuka?",
    "How many officers joined the technical guidance in Jember?",
    "Berapa lembar surat suara yang diterima KPU Bantul?",
]
MARK = re.compile(r"pemutakhiran ke-(\d+)")
CHAT_ERRORS = ("Maaf, terjadi kesalahan", "Sorry, something went wrong", "Indeks belum dibuat", "There is no index yet")

Passage = tuple[str, int, str]  # source, paragraph, text


def version(v: int) -> Releases:
    """Every paragraph edited from one version to the next; the Bantul release only in odd versions."""
    releases = regency_releases(v, f" (data pemutakhiran ke-{v})")
    if v % 2:
        releases["rilis-bantul.txt"] = (
            "KPU Kabupaten Bantul Terima Logistik",
            [f"Bantul, kpu.go.id - KPU Kabupaten Bantul menerima {800 + v} ribu lembar surat suara pada 2 November 2024 "
             f"(data pemutakhiran ke-{v})."],
        )
    return releases


@dataclass
class Asked:
    channel: str  # "retrieve", "ask" or "chat"
    started: float
    ended: float
    passages: frozenset[Passage] = frozenset()  # retrieve: every hit; ask: citations and related
    reply: str = ""  # chat: the reply's HTML
    error: str | None = None


def ask_continuously(channel: str, call: Callable[[str], Asked], stop: threading.Event, log: list[Asked]) -> None:
    n = 0
    while not stop.is_set():
        question = QUESTIONS[n % len(QUESTIONS)]
        n += 1
        started = time.monotonic()
        try:
            asked = call(question)
        except Exception as exc:  # noqa: BLE001 - any exception is what this test counts
            asked = Asked(channel, started, time.monotonic(), error=f"{question!r}: {type(exc).__name__}: {exc}")
        log.append(asked)


def via_retrieve(index_dir: Path) -> Callable[[str], Asked]:
    def call(question: str) -> Asked:
        started = time.monotonic()
        hits = assistant.retrieve(question, k=100, index_dir=index_dir)
        return Asked("retrieve", started, time.monotonic(), passages=frozenset((h.source, h.paragraph, h.text) for h in hits))

    return call


def via_ask(index_dir: Path) -> Callable[[str], Asked]:
    def call(question: str) -> Asked:
        started = time.monotonic()
        answer = assistant.ask(question, index_dir=index_dir)
        ended = time.monotonic()
        if not answer.text:
            return Asked("ask", started, ended, error=f"{question!r}: empty answer")
        cited = [*answer.citations, *answer.related]
        return Asked("ask", started, ended, passages=frozenset((h.source, h.paragraph, h.text) for h in cited))

    return call


def via_chat(url: str) -> Callable[[str], Asked]:
    client = gradio_client.Client(url, verbose=False, analytics_enabled=False)

    def call(question: str) -> Asked:
        started = time.monotonic()
        reply = client.predict(question, api_name="/chat")
        return Asked("chat", started, time.monotonic(), reply=reply if isinstance(reply, str) else repr(reply))

    return call


def test_questions_during_rebuilds(tmp_path: Path, launch_app) -> None:
    folder, index_dir = tmp_path / "releases", tmp_path / "index"
    write_state(folder, version(0))
    assistant.build_index([folder], index_dir)
    passages: dict[int, frozenset[Passage]] = {0: frozenset((s, p, t) for s, p, _, t in live_rows(index_dir))}
    url = launch_app(index_dir)

    stop = threading.Event()
    logs: dict[str, list[Asked]] = {"retrieve": [], "ask": [], "chat": []}
    calls = {"retrieve": via_retrieve(index_dir), "ask": via_ask(index_dir), "chat": via_chat(url)}
    threads = [threading.Thread(target=ask_continuously, args=(name, calls[name], stop, logs[name]), daemon=True) for name in calls]
    for thread in threads:
        thread.start()
    builds: list[tuple[float, float]] = []  # (start, end) of the build of version k + 1
    try:
        time.sleep(PAUSE)
        for v in range(1, REBUILDS + 1):
            write_state(folder, version(v))
            started = time.monotonic()
            report = assistant.build_index([folder], index_dir)
            builds.append((started, time.monotonic()))
            assert not report.errors and report.added > 0, report
            # Only this thread writes the index, so right after the build it holds version v.
            passages[v] = frozenset((s, p, t) for s, p, _, t in live_rows(index_dir))
            time.sleep(PAUSE)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a question never returned"

    def live_between(started: float, ended: float) -> set[int]:
        """Versions that may have been live at some moment in [started, ended]."""
        live_from = [float("-inf")] + [start for start, _ in builds]  # version v appears during build v
        live_until = [end for _, end in builds] + [float("inf")]  # and is gone after build v + 1
        return {v for v in passages if live_from[v] <= ended and started <= live_until[v]}

    problems: list[str] = []
    seen: dict[str, set[int]] = {name: set() for name in logs}
    during_builds = {name: 0 for name in logs}
    for name, log in logs.items():
        for asked in log:
            if asked.error:
                problems.append(f"{name}: {asked.error}")
                continue
            if any(start < asked.ended and asked.started < end for start, end in builds):
                during_builds[name] += 1
            if name == "retrieve":
                versions = {v for v, ps in passages.items() if asked.passages == ps}
            elif name == "ask":
                versions = {v for v, ps in passages.items() if asked.passages and asked.passages <= ps}
            else:
                marks = {int(m) for m in MARK.findall(asked.reply)}
                if "kpu-reply" not in asked.reply or any(e in asked.reply for e in CHAT_ERRORS):
                    problems.append(f"chat: not a normal reply: {asked.reply[:200]!r}")
                    continue
                versions = marks if len(marks) == 1 else set()
            allowed = live_between(asked.started, asked.ended)
            if not versions & allowed:
                problems.append(f"{name}: answered from {sorted(versions) or 'no single index'}, live then: {sorted(allowed)}")
            seen[name] |= versions & allowed

    counts = {name: len(log) for name, log in logs.items()}
    print(f"questions asked {counts}, during builds {during_builds}, versions seen {seen}, problems {len(problems)}")
    assert not problems, f"{len(problems)} bad replies of {sum(counts.values())}: {problems[:10]}"
    for name in logs:
        # Overlap, or the test proves nothing: questions were asked while builds ran.
        assert during_builds[name] >= 3, f"{name}: only {during_builds[name]} questions overlapped a build"
    assert seen["retrieve"] == set(passages), f"retrieve did not see every version: {sorted(seen['retrieve'])}"
