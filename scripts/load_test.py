"""Load test of the web chat's ``/chat`` API: concurrent users asking fixed questions, on loopback only.

Usage::

    python scripts/load_test.py --index-dir index            # starts the chat itself on a free 127.0.0.1 port
    python scripts/load_test.py --url http://127.0.0.1:7860/  # or tests a chat already running here

By default 20 users (one ``gradio_client.Client`` each, so one chat session each) ask 20 questions
each, from the fixed Indonesian/English list ``QUESTIONS``, one after another, all users at once:
400 requests. The run is bounded in count (``--users`` x ``--questions``) and in time (``--timeout``
seconds overall; each request also times out). It prints a Markdown table (requests, errors,
p50/p95/max latency, throughput) and exits 1 on any error, wrong reply or unfinished request.

Only loopback addresses are accepted for ``--url``: this is for a server on this machine.
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from the server or the clients

QUESTIONS = (
    "Berapa tingkat partisipasi Pemilu 2024?",
    "what turnout did Pemilu 2024 reach?",
    "Siapa Ketua KPU yang membuka rapat koordinasi nasional?",
    "Who opened the national coordination meeting?",
    "Apa kunci sukses pemilu dan pilkada menurut KPU?",
    "What does KPU say is the key to successful elections?",
    "Kapan Pilkada serentak 2024 dilaksanakan?",
    "When were the 2024 simultaneous regional elections held?",
    "Apa peran inovasi dalam penyelenggaraan pemilu?",
    "How does KPU use innovation in running elections?",
    "dan bagaimana dengan kolaborasinya?",
    "Berapa jumlah pemilih dalam daftar pemilih tetap?",
    "How many voters were on the final voter list?",
    "Apa yang disampaikan tentang sinergi antarlembaga?",
    "What was said about synergy between institutions?",
    "Siapa yang hadir dalam kegiatan tersebut?",
    "Where did the event take place?",
    "Apa tantangan pemilu berikutnya?",
    "Berapa anggaran Pilkada 2024?",
    "What is the weather in Jakarta today?",  # not in the releases: a "not found" reply is right
)
ERROR_MARKERS = ("Maaf, terjadi kesalahan", "Sorry, something went wrong", "Indeks belum dibuat", "There is no index yet")


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def _is_loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _user(number: int, url: str, questions: int, deadline: float, request_timeout: float, results: Results) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False, download_files=False, analytics_enabled=False)
    except Exception as exc:  # noqa: BLE001 - every failure is an error of the run
        results.fail(f"user {number}: cannot connect: {type(exc).__name__}: {exc}")
        return
    for i in range(questions):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            results.fail(f"user {number}: overall timeout before question {i + 1}")
            return
        question = QUESTIONS[(number * 7 + i) % len(QUESTIONS)]
        started = time.perf_counter()
        try:
            job = client.submit(question, api_name="/chat")
            reply = job.result(timeout=min(request_timeout, remaining))
        except Exception as exc:  # noqa: BLE001
            results.fail(f"user {number}, {question!r}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        elapsed = time.perf_counter() - started
        if isinstance(reply, (list, tuple)):  # older clients return the state output too
            reply = reply[0]
        if not isinstance(reply, str) or "kpu-reply" not in reply:
            results.fail(f"user {number}, {question!r}: unexpected reply {str(reply)[:200]!r}")
        elif any(marker in reply for marker in ERROR_MARKERS):
            results.fail(f"user {number}, {question!r}: error reply {reply[:200]!r}")
        else:
            results.ok(elapsed)
    try:
        client.close()
    except Exception:  # noqa: BLE001 - closing is best effort
        pass


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]  # nearest rank


def run(url: str, users: int, questions: int, timeout: float, request_timeout: float) -> int:
    results = Results()
    deadline = time.monotonic() + timeout
    started = time.perf_counter()
    threads = [
        threading.Thread(target=_user, args=(n, url, questions, deadline, request_timeout, results), daemon=True)
        for n in range(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + 5)
    wall = time.perf_counter() - started
    stuck = sum(thread.is_alive() for thread in threads)
    expected = users * questions
    done = len(results.latencies)
    with results.lock:
        errors = list(results.errors)
    missing = expected - done - len(errors)
    if stuck or missing > 0:
        errors.append(f"{stuck} user(s) still running after the {timeout:g} s timeout; {max(missing, 0)} request(s) unfinished")

    lat = results.latencies
    row = lambda name, value: print(f"| {name} | {value} |")  # noqa: E731
    print(f"\n### Load test of {url} (`/chat`)\n")
    print("| measure | value |")
    print("| --- | --- |")
    row("users x questions", f"{users} x {questions} = {expected}")
    row("successful replies", done)
    row("errors", len(errors))
    row("zero errors", "yes" if not errors else "**no**")
    if lat:
        row("latency p50", f"{_percentile(lat, 0.50):.2f} s")
        row("latency p95", f"{_percentile(lat, 0.95):.2f} s")
        row("latency mean / max", f"{statistics.fmean(lat):.2f} s / {max(lat):.2f} s")
    row("wall time", f"{wall:.1f} s")
    row("throughput", f"{done / wall:.2f} replies/s")
    if errors:
        print("\nErrors (first 20):")
        for error in errors[:20]:
            print(f"- {error}")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--index-dir", help="start the chat over this index on a free 127.0.0.1 port")
    where.add_argument("--url", help="test a chat already running at this loopback URL")
    parser.add_argument("--users", type=int, default=20, help="concurrent users (default 20)")
    parser.add_argument("--questions", type=int, default=20, help="questions per user (default 20)")
    parser.add_argument("--timeout", type=float, default=900.0, help="overall time limit in seconds (default 900)")
    parser.add_argument("--request-timeout", type=float, default=300.0, help="time limit of one request (default 300)")
    args = parser.parse_args(argv)
    if not (1 <= args.users <= 200 and 1 <= args.questions <= 1000 and 0 < args.timeout <= 3600):
        parser.error("keep it bounded: 1-200 users, 1-1000 questions each, a timeout of at most 3600 s")

    app = None
    if args.url:
        if not _is_loopback(args.url):
            parser.error(f"{args.url} is not a loopback address; load tests only target this machine")
        url = args.url
    else:
        from assistant.store import resolve_index_dir
        from assistant.ui import build_app

        index_dir = resolve_index_dir(args.index_dir)
        if not (index_dir / "CURRENT").exists():
            parser.error(f"no index in {index_dir}; build one with: kpu-assistant index corpus --index-dir {index_dir}")
        port = _free_port()
        app = build_app(index_dir)
        app.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
        url = f"http://127.0.0.1:{port}/"
    try:
        return run(url, args.users, args.questions, args.timeout, args.request_timeout)
    finally:
        if app is not None:
            app.close()


if __name__ == "__main__":
    sys.exit(main())
