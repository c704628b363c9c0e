#!/usr/bin/env bash
# The tests: install, lint, and run the whole suite (browser tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -f scripts/browser-deps.sh ]; then
  bash scripts/browser-deps.sh
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
