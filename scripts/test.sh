#!/usr/bin/env bash
# The whole test suite: set-up, lint, type check, then vitest. CI calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== eslint" && npx eslint .
echo "== tsc --noEmit" && npx tsc --noEmit -p tsconfig.json
echo "== vitest"
# The suite must exercise the native parser, not silently test the napi fallback (test/analysis/flat-tree.test.ts).
export CODEWARD_REQUIRE_NATIVE=1
report=$(mktemp)
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
# One plain closing line that any CI log reader understands.
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$report" 2>/dev/null || true
rm -f "$report"
exit $status
