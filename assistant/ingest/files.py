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
    return [Path(source) for source, _ in listed_release_files(paths)]


def listed_release_files(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, os.stat_result | None]]:
    """`find_release_files` as strings, each with its ``os.stat`` (None if it could not be taken).

    The indexer lists every file on every run to find the few that changed: at a hundred thousand
    files, making a Path of each, resolving each and stating each by name cost seconds; here the
    folder is resolved once, names are joined to it, and the stat comes from the folder listing.
    """
    found: dict[str, tuple[str, os.stat_result | None]] = {}  # resolved -> as the user spelled it, its stat
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates = _walk(str(path))
        elif path.is_file():
            candidates = [(str(path), os.path.realpath(path), _stat(path))] if _is_release(path.name) else []
        elif not path.exists():
            raise FileNotFoundError(f"{given}: no such file or folder")
        else:
            continue  # a device, socket or the like
        for candidate, resolved, stat in candidates:
            found.setdefault(resolved, (candidate, stat))
    return sorted(found.values(), key=lambda item: _path_order(item[0]))


def _is_release(name: str) -> bool:
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in SUPPORTED_SUFFIXES  # as Path(name).suffix


def _path_order(source: str) -> str:
    """A string that sorts path strings as Path objects sort (by their parts, the root "/" a part of its
    own): the parts joined by a character below any other, and a string compares faster than a list."""
    if source.startswith(os.sep):
        return os.sep + "\x00" + source.lstrip(os.sep).replace(os.sep, "\x00")
    return source.replace(os.sep, "\x00")


def _stat(path: str | os.PathLike[str] | os.DirEntry) -> os.stat_result | None:
    try:
        return path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    except OSError:
        return None  # read_release reports it


def _walk(folder: str) -> list[tuple[str, str, os.stat_result | None]]:
    """Release files under ``folder`` (not in hidden folders, not through symlinked ones, as os.walk),
    with their resolved paths and stats."""
    files: list[tuple[str, str, os.stat_result | None]] = []
    pending = [(folder, os.path.realpath(folder))]
    while pending:
        root, resolved_root = pending.pop()
        prefix = resolved_root.rstrip(os.sep) + os.sep
        try:
            entries = list(os.scandir(root))
        except OSError:
            continue  # an unreadable folder: os.walk skipped it too
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, prefix + name))
                elif _is_release(name) and entry.is_file():  # follows a symlink to a file, as Path.is_file did
                    resolved = os.path.realpath(entry.path) if entry.is_symlink() else prefix + name
                    files.append((entry.path, resolved, _stat(entry)))
            except OSError:
                continue
    return files
