"""Finding the release files a user names: files as given, folders searched recursively."""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .release import SUPPORTED_SUFFIXES


def find_release_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Return the release files named by ``paths``, sorted and without duplicates.

    Folders are searched recursively. Only files ending in one of
    `SUPPORTED_SUFFIXES` (any case) are returned; hidden files and folders
    (name starting with ".") inside a folder are skipped. A path that does
    not exist raises `FileNotFoundError`.
    """
    found: dict[Path, Path] = {}  # resolved -> as the user spelled it
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates = _walk(path)
        elif path.is_file():
            candidates = [path]
        elif not path.exists():
            raise FileNotFoundError(f"{given}: no such file or folder")
        else:
            continue  # a device, socket or the like
        for candidate in candidates:
            if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                found.setdefault(candidate.resolve(), candidate)
    return sorted(found.values())


def _walk(folder: Path) -> list[Path]:
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in names:
            candidate = Path(root, name)
            if not name.startswith(".") and candidate.is_file():
                files.append(candidate)
    return files
