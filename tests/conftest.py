"""Shared fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Path:
    """An index of the committed corpus/ folder, built once per test session."""
    import assistant

    index_dir = tmp_path_factory.mktemp("sample-index")
    report = assistant.build_index([REPO / "corpus"], index_dir)
    assert not report.errors, report.errors
    return index_dir


@pytest.fixture(scope="module")
def launch_app():
    """Start the web chat over an index on a free loopback port: ``url = launch_app(index_dir)``.

    The real Gradio server runs in background threads; every app started is closed when the module ends.
    """
    import socket

    from assistant.ui import build_app

    apps = []

    def launch(index_dir) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        app = build_app(index_dir)
        app.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
        apps.append(app)
        return f"http://127.0.0.1:{port}/"

    yield launch
    for app in apps:
        app.close()


def write_release(path: Path, title: str, paragraphs: list[str], url: str | None = None) -> Path:
    """A plain-text release file: title line, blank-line separated paragraphs, optional ``Sumber :`` line."""
    parts = [title, *paragraphs] + ([f"Sumber : {url}"] if url else [])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def release_writer():
    """The :func:`write_release` helper, as a fixture so test modules need not import conftest."""
    return write_release
