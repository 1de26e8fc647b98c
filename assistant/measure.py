"""What the benchmarks measure with: latency percentiles, throughput, disk size, CPU time, the machine."""
from __future__ import annotations

import os
import platform
import resource
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

