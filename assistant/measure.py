"""What the benchmarks measure with: latency percentiles, throughput, disk size, CPU time, the machine,
and the memory of a process serving questions."""
from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import faiss
import numpy as np


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    ms = np.array(samples) * 1000
    return tuple(float(np.percentile(ms, p)) for p in (50, 95, 99))  # type: ignore[return-value]


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def latency(call: Callable[[str], object], questions: list[str], concurrency: int = 1) -> tuple[list[float], float]:
    """Per-call latencies and throughput (calls/s) for all questions, with ``concurrency`` callers."""
    started = time.perf_counter()
    if concurrency == 1:
        samples = [timed(lambda q=q: call(q)) for q in questions]
    else:
        with ThreadPoolExecutor(concurrency) as pool:
            samples = list(pool.map(lambda q: timed(lambda: call(q)), questions))
    return samples, len(questions) / (time.perf_counter() - started)


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, faiss {faiss.__version__}"


def cpu_seconds() -> float:
    """CPU time of this process, all threads: what a call costs, whatever else shares the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# A fresh process that opens the index and answers retrieve calls through the public API, as the web
# chat does, then reports its memory from /proc/self/status (Linux): VmRSS now, VmHWM its peak, and
# RssAnon (the heap: model, FAISS, arrays read) apart from RssFile (memory-mapped index files the
# kernel can drop and read again).
_SERVE = r"""
import json, sys
import assistant

def status():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM", "RssAnon", "RssFile")}

index_dir, questions = sys.argv[1], json.loads(sys.stdin.read())
assistant.retrieve(questions[0], k=5, index_dir=index_dir)
loaded = status()["VmRSS"]
for question in questions:
    assistant.retrieve(question, k=5, index_dir=index_dir)
print(json.dumps({"loaded": loaded, **status()}))
"""


def serving_memory(index_dir: Path, questions: list[str], calls: int = 50) -> dict[str, float]:
    """MB of a new process serving ``calls`` retrieve calls over ``index_dir``: ``loaded`` (RSS after the
    first), ``VmRSS`` (steady, after all), ``VmHWM`` (peak), ``RssAnon`` and ``RssFile`` (steady)."""
    run = subprocess.run([sys.executable, "-c", _SERVE, str(index_dir)], input=json.dumps(questions[:calls]),
                         capture_output=True, text=True, timeout=1800, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"the serving process failed: {run.stderr.strip()[-300:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])
