#!/usr/bin/env bash
# Sets up .venv, builds the index of corpus/ if there is none, then starts the web chat.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -f index/CURRENT ] || .venv/bin/kpu-assistant index corpus --index-dir index
.venv/bin/kpu-assistant ask "what turnout did Pemilu 2024 reach?" --index-dir index
exec .venv/bin/kpu-assistant serve --index-dir index "$@"
