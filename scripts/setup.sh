#!/usr/bin/env bash
# Creates .venv and installs the assistant into it. Usage: scripts/setup.sh [test]
# A second run with the same pyproject.toml skips pip (the install is editable: code changes need no
# reinstall), so scripts/start.sh starts the chat in seconds once everything is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
stamp=".venv/.installed-$mode-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -x .venv/bin/python ] || [ ! -f "$stamp" ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  # torch first and pinned: this exact version has a local CPU build; a looser requirement
  # (pulled in by sentence-transformers) would download a multi-GB CUDA build.
  .venv/bin/python -m pip install -q torch==2.13.0
  if [ "$mode" = "test" ]; then
    .venv/bin/python -m pip install -q -e ".[test]"
  else
    .venv/bin/python -m pip install -q -e .
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
if [ "$mode" = "test" ] && [ ! -x /usr/bin/chromium ]; then
  # The browser tests drive Debian's Chromium; test tools cannot download their own browser here.
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -q && apt-get install -y -q chromium) >/dev/null
  else
    echo "note: /usr/bin/chromium is missing and this is not root; the browser tests will be skipped" >&2
  fi
fi
