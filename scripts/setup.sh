#!/usr/bin/env bash
# Creates .venv and installs the assistant into it. Usage: scripts/setup.sh [test]
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch first and pinned: this exact version has a local CPU build; a looser requirement
# (pulled in by sentence-transformers) would download a multi-GB CUDA build.
.venv/bin/python -m pip install -q torch==2.13.0
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
  # The browser tests drive Debian's Chromium; test tools cannot download their own browser here.
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ]; then
      (apt-get update -q && apt-get install -y -q chromium) >/dev/null
    else
      echo "note: /usr/bin/chromium is missing and this is not root; the browser tests will be skipped" >&2
    fi
  fi
else
  .venv/bin/python -m pip install -q -e .
fi
