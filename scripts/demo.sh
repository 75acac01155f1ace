#!/usr/bin/env bash
# Scan and fix the bundled vulnerable examples (no server, no model needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./bin/codeward scan examples/vulnerable --severity medium || true
./bin/codeward fix examples/vulnerable --diff
