"""Dense search over the live rows of a generation's segments, and their vectors by generation-wide id."""
from __future__ import annotations

from collections.abc import Iterable

import faiss
import numpy as np

from .segment import View


class DenseIndex:
    """Inner-product search over the live rows of every segment, merged into one ranking."""

    def __init__(self, views: list[View], order: np.ndarray) -> None:
        self.views = views
        self.order = order
        self.ntotal = sum(v.live_rows for v in views)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Like ``faiss.Index.search``: scores and generation-wide ids, best first, padded with id -1."""
        if len(self.views) == 1 and self.views[0].live is None:
            return _search(self.views[0], queries, k)
        found = [_search(v, queries, min(k, v.live_rows)) for v in self.views if v.live_rows]
        scores = np.concatenate([s for s, _ in found], axis=1) if found else np.zeros((len(queries), 0), np.float32)
        ids = np.concatenate([i for _, i in found], axis=1) if found else np.zeros((len(queries), 0), np.int64)
        out_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        out_ids = np.full((len(queries), k), -1, dtype=np.int64)
        for q in range(len(queries)):
            valid = np.flatnonzero(ids[q] >= 0)
            order = valid[np.lexsort((self.order[ids[q][valid]], -scores[q][valid]))][:k]
            out_scores[q, : len(order)], out_ids[q, : len(order)] = scores[q][order], ids[q][order]
        return out_scores, out_ids


def _search(view: View, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    index = view.segment.dense
    assert index is not None, "a snapshot opened for a build does not search"
    params = None
    if view.bitmap is not None:
        selector = faiss.IDSelectorBitmap(view.segment.rows, faiss.swig_ptr(view.bitmap))
        if isinstance(index, faiss.IndexIVF):
            params = faiss.SearchParametersIVF(sel=selector, nprobe=view.segment.nprobe)
        else:
            params = faiss.SearchParameters(sel=selector)
    scores, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), k, params=params)
    return scores, np.where(ids >= 0, ids + view.offset, -1)


class Vectors:
    """The passage vectors by generation-wide id (``vectors[ids]``), read from each segment's memory map."""

    def __init__(self, views: list[View], dim: int) -> None:
        self.views = views
        self.starts = np.array([v.offset for v in views], dtype=np.int64)
        self.shape = (sum(v.segment.rows for v in views), dim)

    def __array__(self, dtype: np.dtype | None = None, copy: bool | None = None) -> np.ndarray:
        """Every row's vector, deleted rows included (``np.asarray(snapshot.vectors)``)."""
        whole = np.concatenate([v.segment.vectors for v in self.views]) if self.views else np.zeros(self.shape, np.float32)
        return whole.astype(dtype or np.float32, copy=False)

    def __getitem__(self, ids: Iterable[int]) -> np.ndarray:
        ids = np.asarray(list(ids), dtype=np.int64)
        out = np.zeros((len(ids), self.shape[1]), dtype=np.float32)
        where = np.searchsorted(self.starts, ids, side="right") - 1
        for n, view in enumerate(self.views):
            mine = np.flatnonzero(where == n)
            if mine.size:
                out[mine] = view.segment.vectors[ids[mine] - view.offset]
        return out

