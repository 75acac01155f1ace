#!/usr/bin/env bash
# The main job: set up, then serve the guard gateway and every other endpoint on 127.0.0.1:8080.
# Extra arguments go to `codeward serve` (e.g. --upstream http://127.0.0.1:11434/v1 --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec ./bin/codeward serve "$@"
