#!/usr/bin/env bash
# The web UI's checks and tests: ESLint (with the rule against imports across src/features/) and
# `tsc --noEmit` (vite build does not type-check), each counted as one check; component tests (vitest +
# Testing Library, jsdom); end-to-end tests (node:test + playwright-core driving Debian's Chromium
# against the real build/tradecast serving web/dist).
# Needs build/tradecast and web/dist (scripts/build.sh makes both). Screenshots go to web/e2e/screenshots/
# (git-ignored; scripts/refresh-screenshots.sh copies them to the committed docs/screenshots/).
# Ends with "# pass N" / "# fail N" totals (the form scripts/test.sh reads) and a plain summary line.
set -uo pipefail
cd "$(dirname "$0")/../web"
# (Re)install when the lockfile is newer than the last install (a rebase brought new devDependencies).
[ -d node_modules ] && [ ! package-lock.json -nt node_modules/.package-lock.json ] || npm ci --no-audit --no-fund --silent || { echo "# pass 0"; echo "# fail 1"; exit 1; }
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A static check counts as one pass or one failure; its output says what to fix.
check() {
  local name=$1; shift
  echo "== web $name"
  if "$@"; then passed=$((passed + 1)); echo "ok - web $name"; else failed=$((failed + 1)); echo "not ok - web $name"; fi
}
check "lint (eslint)" npx --no-install eslint --max-warnings 0 .
check "typecheck (tsc --noEmit)" npx --no-install tsc --noEmit -p .

echo "== web component tests (vitest)"
npx --no-install vitest run --reporter=default --reporter=json --outputFile="$tmp/vitest.json"
if [ -s "$tmp/vitest.json" ]; then
  read -r p f < <(node -e 'const r=require(process.argv[1]); /* a suite that fails to load or an unhandled error counts as one failure */ console.log(r.numPassedTests, r.numFailedTests + (!r.success && r.numFailedTests === 0 ? 1 : 0))' "$tmp/vitest.json")
  passed=$((passed + p)); failed=$((failed + f))
else
  failed=$((failed + 1))
fi

echo "== web end-to-end tests (Chromium against the real server)"
if [ ! -x /usr/bin/chromium ] || [ ! -x ../build/tradecast ] || [ ! -f dist/index.html ]; then
  echo "missing /usr/bin/chromium, build/tradecast or web/dist: run scripts/build.sh (and install-deps.sh)"
  failed=$((failed + 1))
else
  node --test --test-concurrency=1 --test-reporter=tap e2e/ 2>&1 | tee "$tmp/e2e.log"
  p=$(grep -E "^# pass [0-9]+" "$tmp/e2e.log" | tail -1 | awk '{print $3}')
  f=$(grep -E "^# fail [0-9]+" "$tmp/e2e.log" | tail -1 | awk '{print $3}')
  if [ -z "$p" ]; then failed=$((failed + 1)); else passed=$((passed + p)); failed=$((failed + ${f:-1})); fi
fi

echo "# pass $passed"
echo "# fail $failed"
echo "web: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
