"""Load test of the web chat's ``/chat`` API: concurrent users asking fixed questions, on loopback only.

Usage::

    python scripts/load_test.py --index-dir index            # starts `kpu-assistant serve` on a free 127.0.0.1 port
    python scripts/load_test.py --url http://127.0.0.1:7860/  # or tests a chat already running here

By default 20 users (one chat session each) ask 20 questions each, from the fixed Indonesian/English
list ``QUESTIONS``, one after another, all users at once: 400 requests. The run is bounded in count
(``--users`` x ``--questions``) and in time (``--timeout`` seconds overall; each request also times
out). It prints a Markdown table (requests, errors, p50/p95/max latency, throughput) and exits 1 on
any error, wrong reply or unfinished request.

The server runs in its own process, as it would for real users, so the clients' work does not share
its interpreter. Users are plain HTTP clients of Gradio's documented REST API (``POST
/gradio_api/call/chat`` with a session hash, then read the event stream), a few milliseconds of work
per question; ``--client gradio`` uses one ``gradio_client.Client`` per user instead (about as much
CPU per question as the server spends answering it, which on two cores is measured as server latency).

Only loopback addresses are accepted for ``--url``: this is for a server on this machine.
"""
from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


Ask = Callable[[str, float], str]  # (question, timeout) -> reply HTML


def _http_session(url: str) -> tuple[Ask, Callable[[], None]]:
    """A chat session over Gradio's REST API: one kept-alive connection, one session hash (the chat's memory)."""
    parsed = urlparse(url)
    base = parsed.path.rstrip("/")
    session = secrets.token_hex(6)
    connection = http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port or 80)

    def ask(question: str, timeout: float) -> str:
        connection.timeout = timeout
        if connection.sock is not None:
            connection.sock.settimeout(timeout)
        body = json.dumps({"data": [question], "session_hash": session})
        connection.request("POST", f"{base}/gradio_api/call/chat", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status} from /call/chat: {text[:200]}")
        event_id = json.loads(text)["event_id"]
        connection.request("GET", f"{base}/gradio_api/call/chat/{event_id}")
        response = connection.getresponse()
        stream = response.read().decode("utf-8", "replace")  # the stream ends after the "complete" event
        event = None
        for line in stream.splitlines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                data = json.loads(line[5:])
                if event == "error":
                    raise RuntimeError(f"the server reported an error: {str(data)[:200]}")
                return data[0]
        raise RuntimeError(f"no reply in the event stream: {stream[:200]!r}")

    return ask, connection.close


def _gradio_session(url: str) -> tuple[Ask, Callable[[], None]]:
    from gradio_client import Client

    client = Client(url, verbose=False, download_files=False, analytics_enabled=False)

    def ask(question: str, timeout: float) -> str:
        reply = client.submit(question, api_name="/chat").result(timeout=timeout)
        return reply[0] if isinstance(reply, (list, tuple)) else reply  # older clients return the state too

    return ask, client.close


CLIENTS = {"http": _http_session, "gradio": _gradio_session}


def _user(number: int, url: str, client: str, questions: int, deadline: float, request_timeout: float, results: Results) -> None:
    try:
        ask, close = CLIENTS[client](url)
    except Exception as exc:  # noqa: BLE001 - every failure is an error of the run
        results.fail(f"user {number}: cannot connect: {type(exc).__name__}: {exc}")
        return
    for i in range(questions):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            results.fail(f"user {number}: overall timeout before question {i + 1}")
            break
        question = QUESTIONS[(number * 7 + i) % len(QUESTIONS)]
        started = time.perf_counter()
        try:
            reply = ask(question, min(request_timeout, remaining))
        except Exception as exc:  # noqa: BLE001
            results.fail(f"user {number}, {question!r}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        elapsed = time.perf_counter() - started
        if not isinstance(reply, str) or "kpu-reply" not in reply:
            results.fail(f"user {number}, {question!r}: unexpected reply {str(reply)[:200]!r}")
        elif any(marker in reply for marker in ERROR_MARKERS):
            results.fail(f"user {number}, {question!r}: error reply {reply[:200]!r}")
        else:
            results.ok(elapsed)
    try:
        close()
    except Exception:  # noqa: BLE001 - closing is best effort
        pass


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]  # nearest rank


def run(url: str, users: int, questions: int, timeout: float, request_timeout: float, client: str = "http") -> int:
    results = Results()
    deadline = time.monotonic() + timeout
    started = time.perf_counter()
    threads = [
        threading.Thread(target=_user, args=(n, url, client, questions, deadline, request_timeout, results), daemon=True)
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
    print(f"\n### Load test of {url} (`/chat`, {client} clients)\n")
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


@contextmanager
def served(index_dir: str, start_timeout: float = 120.0) -> Iterator[str]:
    """``kpu-assistant serve`` over ``index_dir`` on a free 127.0.0.1 port, in its own process; yields its URL."""
    port = _free_port()
    command = [sys.executable, "-m", "assistant.cli", "serve", "--index-dir", index_dir, "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if server.poll() is not None:
                raise SystemExit(f"error: the chat server exited ({server.returncode}): {server.stderr.read().strip()[-500:]}")
            try:
                with urllib.request.urlopen(url + "config", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"error: the chat server did not answer on {url} within {start_timeout:g} s") from None
                time.sleep(0.3)
        yield url
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)  # the CLI stops cleanly on Ctrl+C
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--index-dir", help="start the chat over this index on a free 127.0.0.1 port")
    where.add_argument("--url", help="test a chat already running at this loopback URL")
    parser.add_argument("--users", type=int, default=20, help="concurrent users (default 20)")
    parser.add_argument("--questions", type=int, default=20, help="questions per user (default 20)")
    parser.add_argument("--client", choices=sorted(CLIENTS), default="http",
                        help="http: Gradio's REST API over plain HTTP (default); gradio: gradio_client")
    parser.add_argument("--timeout", type=float, default=900.0, help="overall time limit in seconds (default 900)")
    parser.add_argument("--request-timeout", type=float, default=300.0, help="time limit of one request (default 300)")
    args = parser.parse_args(argv)
    if not (1 <= args.users <= 200 and 1 <= args.questions <= 1000 and 0 < args.timeout <= 3600):
        parser.error("keep it bounded: 1-200 users, 1-1000 questions each, a timeout of at most 3600 s")

    if args.url:
        if not _is_loopback(args.url):
            parser.error(f"{args.url} is not a loopback address; load tests only target this machine")
        return run(args.url, args.users, args.questions, args.timeout, args.request_timeout, args.client)
    from assistant.store import resolve_index_dir

    index_dir = resolve_index_dir(args.index_dir)
    if not (index_dir / "CURRENT").exists():
        parser.error(f"no index in {index_dir}; build one with: kpu-assistant index corpus --index-dir {index_dir}")
    with served(str(index_dir)) as url:
        return run(url, args.users, args.questions, args.timeout, args.request_timeout, args.client)


if __name__ == "__main__":
    sys.exit(main())
