#!/usr/bin/env bash
# Every benchmark, one after the other; each prints its figures beside its anchor from the same run.
# Pass names to run a subset: bash scripts/bench.sh detector-speed sandbox-humaneval
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh bandit
all=(detector-eval detector-speed sanitizer-eval sandbox-humaneval reward-server gateway-latency)
for name in "${@:-${all[@]}}"; do
  echo "=================== bench/$name.ts"
  npx vite-node "bench/$name.ts"
done
