"""Every error the assistant raises on purpose, under one base: catch ``AssistantError`` for all of them.

Each message is one line: what happened and what to do. The classes also keep the built-in base
they always had (``OSError`` for a failed write, ``ValueError`` for a bad setting, ...), so code that
caught those still does.
"""
from __future__ import annotations

import errno
import os
import re
from pathlib import Path


class AssistantError(Exception):
    """Base of the assistant's own errors."""


class IndexMissingError(AssistantError, RuntimeError):
    """No index has been built in the directory yet."""


class IndexFormatError(IndexMissingError):
    """The index was written by an older version and must be rebuilt."""


class IndexChangingError(IndexMissingError):
    """The index was replaced again and again while it was being loaded."""


class IndexLockedError(AssistantError, RuntimeError):
    """Another indexer is writing the same index."""


class EmbedderError(AssistantError, RuntimeError):
    """The embedder cannot be loaded or does not match the index."""


class ClusterError(AssistantError, RuntimeError):
    """A build on a Dask cluster could not connect or its embedding failed; the live index is untouched."""


class LLMConfigError(AssistantError, ValueError):
    """The LLM environment variables are set inconsistently."""


class EvalDataMissing(AssistantError, FileNotFoundError):
    """The shared evaluation data is not where it was looked for."""


# errno -> (what happened, what to do), for a build that could not write its generation.
_WRITE_FAILURES = {
    errno.ENOSPC: ("the disk is full", "free some space"),
    errno.EDQUOT: ("the disk quota is used up", "free some space"),
    errno.EROFS: ("the folder is on a read-only file system", "make it writable or choose another folder with --index-dir"),
    errno.EACCES: ("no permission to write there", "fix the folder's permissions or choose another with --index-dir"),
    errno.EPERM: ("no permission to write there", "fix the folder's permissions or choose another with --index-dir"),
    errno.ENOTDIR: ("a file is in the way of the index folder", "move it or choose another folder with --index-dir"),
    errno.EEXIST: ("a file is in the way of the index folder", "move it or choose another folder with --index-dir"),
}


class IndexWriteError(AssistantError, OSError):
    """A build could not write its new generation (disk full, read-only folder, ...); the live one is untouched."""

    def __init__(self, index_dir: Path, cause: BaseException) -> None:
        failure = as_os_error(cause)
        what, fix = _WRITE_FAILURES.get(failure.errno or 0, ("a write failed", "check the disk and the folder"))
        detail = failure.strerror or str(failure)
        super().__init__(
            failure.errno or errno.EIO,
            f"cannot write the index in {index_dir}: {what} ({detail}); the previous index is unchanged; {fix} and run again",
        )

    def __str__(self) -> str:
        return str(self.strerror)


def as_os_error(exc: BaseException) -> OSError:
    """The OSError behind a failed write: SQLite, FAISS and numpy's short writes report it in their own words."""
    if isinstance(exc, OSError) and exc.errno:
        return exc
    text = str(exc)
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM):
        if os.strerror(code) in text:  # FAISS: "... write error in <file>: 4051 != 26112 (No space left on device)"
            return OSError(code, os.strerror(code))
    if "disk is full" in text or re.search(r"\d+ requested and \d+ written", text):  # SQLite; numpy's short write
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if "readonly database" in text:  # SQLite
        return OSError(errno.EROFS, os.strerror(errno.EROFS))
    return OSError(errno.EIO, text.splitlines()[0] if text else type(exc).__name__)


class IngestError(AssistantError):
    """A file could not be read as a press release.

    ``path`` is the file, ``reason`` says what is wrong and, where possible,
    what to do about it.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join((reason or "").split()) or "unknown problem"
        super().__init__(self.path, self.reason)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
