"""Generations: the folders a build writes, the CURRENT pointer switched atomically, and their clean-up."""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import IndexWriteError
from ..settings import Settings
from .rows import NewSegment, PassageRow, ReleaseRow, Stamp
from .segment import Segment, write_segment

FORMAT_VERSION = 2  # 2: segments; 1: one SQLite, FAISS and bm25s index per generation (read by LegacyGeneration)
CURRENT = "CURRENT"
KEEP_GENERATIONS = 2  # the live one and its predecessor, for readers still loading it


def resolve_index_dir(index_dir: str | os.PathLike[str] | None) -> Path:
    """``index_dir``, else $KPU_ASSISTANT_INDEX, else ./index."""
    return Path(index_dir) if index_dir else Settings.from_env().index_dir


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None before the first build."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_dir / name
    return path if re.fullmatch(r"gen-\d{6}", name) and path.is_dir() else None


def read_meta(generation: Path) -> dict:
    return json.loads((generation / "meta.json").read_text(encoding="utf-8"))



@dataclass(frozen=True)
class Carried:
    """A segment of the live generation that the next one keeps, and the releases deleted from it."""

    segment: Segment
    deleted: frozenset[int]
    live: int


def write_generation(
    index_dir: Path,
    releases: list[ReleaseRow],
    passages: list[PassageRow],
    vectors: np.ndarray,
    bm25_tokens: list[list[str]],
    meta: dict,
    stamps: dict[str, Stamp] | None = None,
) -> Path:
    """Write a generation holding exactly these rows (one segment) and make it the live one."""
    content = NewSegment(releases, passages, vectors, bm25_tokens, stamps or {})
    return commit_generation(index_dir, [], content if passages else None, {**meta, "releases": len(releases)})


def commit_generation(index_dir: Path, carried: list[Carried], new: NewSegment | None, meta: dict) -> Path:
    """Write a generation of the carried segments (linked, not copied) and a new one, and make it live.

    ``meta`` holds the embedder, its dimension and the number of live releases.

    Raises IndexWriteError when the disk or the folder refuses a write before the switch: then the
    live generation is unchanged and whatever this build wrote is removed.
    """
    tmp = index_dir / f".tmp-{uuid.uuid4().hex}"
    pointer = index_dir / f".{CURRENT}.{uuid.uuid4().hex}"
    target: Path | None = None
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        segments = []
        for kept in carried:
            static = {k: v for k, v in kept.segment.info.items() if k not in ("deleted", "live")}
            segments.append({**static, "deleted": sorted(kept.deleted), "live": kept.live})
            _link_tree(kept.segment.path, tmp / kept.segment.name)
        if new is not None:
            name = f"seg-{uuid.uuid4().hex[:16]}"
            segments.append({"name": name, **write_segment(tmp / name, new), "deleted": [], "live": len(new.passages)})
        full_meta = {
            "format": FORMAT_VERSION,
            **meta,
            "passages": sum(s["live"] for s in segments),
            "faiss": max(segments, key=lambda s: s["rows"])["faiss"] if segments else "flat",
            "segments": segments,
        }
        (tmp / "meta.json").write_text(json.dumps(full_meta, indent=1), encoding="utf-8")
        _fsync_tree(tmp)
        target = index_dir / f"gen-{_next_number(index_dir):06d}"
        os.rename(tmp, target)
        pointer.write_text(target.name + "\n", encoding="utf-8")
        _fsync_file(pointer)
        os.replace(pointer, index_dir / CURRENT)
    except BaseException as exc:
        # Nothing points at what this build wrote: remove it now (the next build would, under its lock).
        shutil.rmtree(tmp, ignore_errors=True)
        pointer.unlink(missing_ok=True)
        if target is not None and current_generation(index_dir) != target:
            shutil.rmtree(target, ignore_errors=True)
        if isinstance(exc, OSError):
            raise IndexWriteError(index_dir, exc) from exc
        raise
    _fsync_dir(index_dir)
    remove_stale(index_dir)
    return target


def remove_stale(index_dir: Path) -> None:
    """Delete leftovers of killed builds and generations older than the ones kept. Caller holds the lock.

    A segment's files go with the last generation linking them.
    """
    live = current_generation(index_dir)
    for leftover in index_dir.glob(".tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in index_dir.glob(f".{CURRENT}.*"):
        leftover.unlink(missing_ok=True)
    generations = sorted(p for p in index_dir.glob("gen-*") if p.is_dir())
    # Generations newer than the live one were renamed into place by a build killed before the switch.
    keep = [g for g in generations if live is not None and g.name <= live.name][-KEEP_GENERATIONS:]
    for generation in generations:
        if generation not in keep:
            shutil.rmtree(generation, ignore_errors=True)


# A file system without hard links (some network and FUSE mounts) gets copies instead: slower, same result.
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}


def _link_tree(source: Path, target: Path) -> None:
    """Mirror a segment folder by hard links: its files are never changed, so generations can share them."""
    target.mkdir()
    for entry in sorted(source.iterdir()):
        if entry.is_dir():
            _link_tree(entry, target / entry.name)
            continue
        try:
            os.link(entry, target / entry.name)
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            shutil.copy2(entry, target / entry.name)



def _next_number(index_dir: Path) -> int:
    numbers = [int(p.name[4:]) for p in index_dir.glob("gen-*") if re.fullmatch(r"gen-\d{6}", p.name)]
    return max(numbers, default=0) + 1


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    _fsync_file(path)


def _fsync_tree(root: Path) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            _fsync_file(Path(folder) / name)
