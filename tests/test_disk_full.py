"""A build that cannot write (disk full, read-only folder) fails with one clear line and harms nothing.

Two ways of making the write fail:
- injected: at each step of writing a generation, the exact exception a full or read-only disk
  raises there (SQLite's OperationalError, numpy's short write, FAISS's RuntimeError, ENOSPC/EROFS
  from the OS), through ``kpu-assistant index`` run in-process (``cli.main``, the same error handling
  as the command);
- real: a tmpfs just too small for the new generation, at several sizes so the disk runs out in
  different files, and the same tmpfs remounted read-only; needs root and permission to mount
  (skipped otherwise).

Each time: exit code 1, one line on stderr saying what happened and what to do, no traceback; the
previous index holds exactly its old passages, opens and answers; nothing of the failed build is
left behind; and a later build succeeds.
"""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

import assistant.indexer as indexer
from assistant import cli
from assistant.store import generations, segment

from helpers import cli_command, cli_env, live_rows
from kill_support import Workspace, check_loadable, leftovers, prepare

ENOSPC_TEXT = os.strerror(errno.ENOSPC)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Releases in state A, an index of them, and a clean build of state B (see kill_support)."""
    return prepare(tmp_path_factory.mktemp("disk-full"))


def run_index(workspace: Workspace, index_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """``kpu-assistant index`` in this process; its exit code and stderr lines."""
    capsys.readouterr()
    code = cli.main(["index", str(workspace.folder), "--index-dir", str(index_dir), "--quiet"])
    return code, capsys.readouterr().err.splitlines()


def assert_clear_failure(code: int, stderr: list[str], index_dir: Path, what: str) -> None:
    assert code == 1, stderr
    assert len(stderr) == 1, stderr
    line = stderr[0]
    assert "Traceback" not in line
    assert line.startswith(f"error: cannot write the index in {index_dir}: {what}"), line
    assert "the previous index is unchanged" in line and line.endswith("and run again"), line


def assert_previous_index_intact(workspace: Workspace, index_dir: Path, context: str) -> None:
    assert check_loadable(index_dir, {"A": workspace.rows["A"]}, context) == "A"
    assert leftovers(index_dir) == [], f"{context}: the failed build left {leftovers(index_dir)}"


def assert_later_build_succeeds(workspace: Workspace, index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stderr = run_index(workspace, index_dir, capsys)
    assert code == 0, stderr
    assert live_rows(index_dir) == workspace.rows["B"]
    assert leftovers(index_dir) == []
    assert not list(index_dir.glob(".tmp-*"))


# ---------------------------------------------------------------- injected failures

Injector = Callable[[pytest.MonkeyPatch, list[str]], None]  # installs a failure; appends to the list when it fires


def _sqlite_full(monkeypatch: pytest.MonkeyPatch, fired: list[str]) -> None:
    real_connect = sqlite3.connect

    class FullDisk:
        """A connection to the new generation's database whose inserts hit a full disk."""

        def __init__(self, db: sqlite3.Connection) -> None:
            self._db = db

        def executemany(self, *args: object) -> None:
            fired.append("sqlite")
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name: str) -> object:
            return getattr(self._db, name)

    def connect(database: object, *args: object, **kwargs: object) -> object:
        db = real_connect(database, *args, **kwargs)  # type: ignore[arg-type]
        return FullDisk(db) if ".tmp-" in str(database) and not kwargs.get("uri") else db

    monkeypatch.setattr(segment.sqlite3, "connect", connect)


def _vectors_short_write(monkeypatch: pytest.MonkeyPatch, fired: list[str]) -> None:
    real_save = np.save

    def save(file: object, arr: object, *args: object, **kwargs: object) -> None:
        if str(file).endswith("vectors.npy"):
            fired.append("vectors")
            Path(str(file)).write_bytes(b"\x93NUMPY partial")
            raise OSError("6528 requested and 6112 written")  # what numpy says when the disk fills up
        real_save(file, arr, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(segment.np, "save", save)


def _faiss_write_error(monkeypatch: pytest.MonkeyPatch, fired: list[str]) -> None:
    def write_index(index: object, path: str) -> None:
        fired.append("faiss")
        Path(path).write_bytes(b"IxF2" + bytes(4047))
        raise RuntimeError(
            "Error in void faiss::write_index(const Index*, IOWriter*, int) at index_write.cpp:499: Error: "
            f"'ret == (size * 4)' failed: write error in {path}: 4051 != 26112 ({ENOSPC_TEXT})"
        )

    monkeypatch.setattr(segment.faiss, "write_index", write_index)


def _bm25_full(monkeypatch: pytest.MonkeyPatch, fired: list[str]) -> None:
    def write_bm25(folder: Path, tokens: list[list[str]]) -> None:
        fired.append("bm25")
        folder.mkdir()
        (folder / "vocab.index.json").write_text('{"pemilu', encoding="utf-8")
        raise OSError(errno.ENOSPC, ENOSPC_TEXT, str(folder / "vocab.index.json"))

    monkeypatch.setattr(segment, "_write_bm25", write_bm25)


def _fsync_fails(monkeypatch: pytest.MonkeyPatch, fired: list[str]) -> None:
    def fsync_tree(root: Path) -> None:
        fired.append("fsync")
        raise OSError(errno.ENOSPC, ENOSPC_TEXT)  # delayed allocation: the space runs out at fsync

    monkeypatch.setattr(generations, "_fsync_tree", fsync_tree)


def _read_only_at_rename(monkeypatch: pytest.MonkeyPatch, fired: list[str]) -> None:
    real_rename = os.rename

    def rename(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if Path(str(src)).name.startswith(".tmp-"):
            fired.append("rename")
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(src))
        real_rename(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generations.os, "rename", rename)


def _pointer_full(monkeypatch: pytest.MonkeyPatch, fired: list[str]) -> None:
    real_write_text = Path.write_text

    def write_text(self: Path, data: str, *args: object, **kwargs: object) -> int:
        if self.name.startswith(".CURRENT."):
            fired.append("pointer")
            real_write_text(self, "", encoding="utf-8")
            raise OSError(errno.ENOSPC, ENOSPC_TEXT, str(self))
        return real_write_text(self, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", write_text)


def _read_only_at_switch(monkeypatch: pytest.MonkeyPatch, fired: list[str]) -> None:
    real_replace = os.replace

    def replace(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if Path(str(dst)).name == "CURRENT":
            fired.append("switch")
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(src))
        real_replace(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generations.os, "replace", replace)


def _read_only_folder(monkeypatch: pytest.MonkeyPatch, fired: list[str]) -> None:
    real_open = open

    def open_(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith(".lock"):
            fired.append("lock")
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(indexer, "open", open_, raising=False)


INJECTED: list[tuple[str, Injector, str]] = [  # id, injector, what the message must say
    ("sqlite-disk-full", _sqlite_full, "the disk is full"),
    ("vectors-short-write", _vectors_short_write, "the disk is full"),
    ("faiss-write-error", _faiss_write_error, "the disk is full"),
    ("bm25-disk-full", _bm25_full, "the disk is full"),
    ("fsync-disk-full", _fsync_fails, "the disk is full"),
    ("read-only-at-rename", _read_only_at_rename, "the folder is on a read-only file system"),
    ("pointer-disk-full", _pointer_full, "the disk is full"),
    ("read-only-at-switch", _read_only_at_switch, "the folder is on a read-only file system"),
    ("read-only-folder", _read_only_folder, "the folder is on a read-only file system"),
]


@pytest.mark.parametrize(("inject", "what"), [case[1:] for case in INJECTED], ids=[case[0] for case in INJECTED])
def test_injected_write_failure(
    base: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], inject: Injector, what: str
) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(base.index, index_dir)
    base.write("B")
    fired: list[str] = []
    with monkeypatch.context() as patch:
        inject(patch, fired)
        code, stderr = run_index(base, index_dir, capsys)
    assert fired, "the failure was never injected: the write path changed"
    assert_clear_failure(code, stderr, index_dir, what)
    assert_previous_index_intact(base, index_dir, f"after {fired[0]} failed")
    assert len(list(index_dir.glob("gen-*"))) == 1
    assert_later_build_succeeds(base, index_dir, capsys)


def test_index_folder_blocked_by_a_file(base: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "index"
    blocker.write_text("not a folder", encoding="utf-8")
    base.write("B")
    code, stderr = run_index(base, blocker, capsys)
    assert_clear_failure(code, stderr, blocker, "a file is in the way of the index folder")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# ---------------------------------------------------------------- a real full and read-only disk


def _mount_tmpfs(mountpoint: Path, options: str) -> None:
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mountpoint)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")


def _remount(mountpoint: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mountpoint)], check=True, capture_output=True)


def _umount(mountpoint: Path) -> None:
    # Lazy: this process may still hold a snapshot of an index on it (mmap'd vectors, SQLite).
    subprocess.run(["umount", "-l", str(mountpoint)], check=True, capture_output=True)


def _used_bytes(mountpoint: Path) -> int:
    stat = os.statvfs(mountpoint)
    return (stat.f_blocks - stat.f_bfree) * stat.f_frsize


@pytest.fixture()
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """``mount(options)`` mounts a fresh tmpfs (unmounting the previous one) and returns its folder."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    mounted: list[Path] = []

    def mount(options: str) -> Path:
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        _mount_tmpfs(point, options)
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        _umount(point)


def test_real_disk_full_at_several_points(base: Workspace, tmpfs: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    # How much the state-A index takes on a tmpfs: the new generation needs about as much again.
    probe = tmpfs("size=4m")
    shutil.copytree(base.index, probe / "index")
    used = _used_bytes(probe)
    generation = sum(f.stat().st_size for f in (probe / "index").rglob("*") if f.is_file())
    page = 4096
    for share in (0.05, 0.3, 0.55, 0.8):
        # The disk fills up at a different point each time (SQLite, vectors, FAISS, BM25 files, ...).
        size = used + int(share * generation) // page * page
        mountpoint = tmpfs(f"size={size}")
        index_dir = mountpoint / "index"
        shutil.copytree(base.index, index_dir)
        base.write("B")
        code, stderr = run_index(base, index_dir, capsys)
        assert_clear_failure(code, stderr, index_dir, "the disk is full")
        assert_previous_index_intact(base, index_dir, f"disk full with {share:.0%} of a generation free")
        # Once there is room (remounted bigger, the index untouched), the same command goes through.
        _remount(mountpoint, "size=8m")
        assert_later_build_succeeds(base, index_dir, capsys)


def test_real_read_only_index_folder(base: Workspace, tmpfs: Callable[[str], Path]) -> None:
    mountpoint = tmpfs("size=4m")
    index_dir = mountpoint / "index"
    shutil.copytree(base.index, index_dir)
    _remount(mountpoint, "ro")
    base.write("B")
    # The real command, for its exit code and the absence of a traceback on stderr.
    args = ("index", str(base.folder), "--index-dir", str(index_dir), "--quiet")
    result = subprocess.run(cli_command(*args), env=cli_env(), capture_output=True, text=True, timeout=120)
    assert_clear_failure(result.returncode, result.stderr.splitlines(), index_dir, "the folder is on a read-only file system")
    assert_previous_index_intact(base, index_dir, "read-only folder")
    _remount(mountpoint, "rw")
    result = subprocess.run(cli_command(*args), env=cli_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert live_rows(index_dir) == base.rows["B"]
    assert leftovers(index_dir) == []
