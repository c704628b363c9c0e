#!/usr/bin/env bash
# The main job: install, build the graph of the bundled corpus, and serve it on
# http://127.0.0.1:5000 (pass --production for the multi-threaded server, --port to move it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/govkg build
exec .venv/bin/govkg serve "$@"
