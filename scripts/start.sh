#!/usr/bin/env bash
# The main job: set up, then scan and fix the bundled examples (later: serve the gateway).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./bin/codeward scan examples/vulnerable --format text || true
./bin/codeward fix examples/vulnerable --diff
