"""The on-disk index: immutable generations of immutable segments, switched atomically.

Layout of ``index_dir``::

    CURRENT                name of the live generation, replaced atomically (os.replace)
    gen-000007/            one complete, immutable generation
        meta.json          embedder, dimension, counts, and its segments with the releases deleted from each
        seg-1f0c.../       one immutable segment (see segment.py): the releases one build added
        seg-9a3e.../
    .lock                  held by the one indexer allowed to run

A generation holds its segments' files by hard link: a build that adds one release writes one small
segment and links the others (cost in proportion to the release, not the archive), and deleting a
release only lists it in meta.json. A build writes the new generation in a temporary folder, fsyncs
it, renames it into place and only then points CURRENT at it, so a reader (or a killed build) only
ever sees a complete generation; no file is changed once written, so a reader of an older generation
keeps working while newer ones are written and even after its folder is removed.

Modules: `rows` (the records stored), `segment` (one segment's files, written and opened),
`generations` (writing a generation, the CURRENT switch, clean-up), `snapshot` (a generation opened for
reading and for the next build), `dense` (FAISS search over the segments), `legacy` (format 1 indexes,
converted by the next build).
"""
from __future__ import annotations

from .generations import (
    CURRENT,
    FORMAT_VERSION,
    Carried,
    commit_generation,
    current_generation,
    read_meta,
    remove_stale,
    resolve_index_dir,
    write_generation,
)
from .legacy import LegacyGeneration
from .rows import LiveRelease, NewSegment, PassageRow, ReleaseRow, Stamp, StoredPassage
from .segment import ANN_THRESHOLD, Segment, build_faiss
from .snapshot import Snapshot, open_previous, open_snapshot

__all__ = [
    "ANN_THRESHOLD", "CURRENT", "FORMAT_VERSION", "Carried", "LegacyGeneration", "LiveRelease", "NewSegment", "PassageRow",
    "ReleaseRow", "Segment", "Snapshot", "Stamp", "StoredPassage", "build_faiss", "commit_generation", "current_generation",
    "open_previous", "open_snapshot", "read_meta", "remove_stale", "resolve_index_dir", "write_generation",
]
