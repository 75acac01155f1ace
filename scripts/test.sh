#!/usr/bin/env bash
# The whole test suite: set-up, lint, type check, then vitest. CI calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== eslint" && npx eslint .
echo "== tsc --noEmit" && npx tsc --noEmit -p tsconfig.json
echo "== vitest" && npx vitest run "$@"
