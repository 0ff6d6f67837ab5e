#!/usr/bin/env bash
# Media benchmark (docs/performance.md, "Media"): needs build/tradecast and build/tc_media_probe.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x build/tradecast ] && [ -x build/tc_media_probe ] || bash scripts/build.sh
(cd server/tests/integration && [ -d node_modules ] || npm ci --no-audit --no-fund --silent)
exec node bench/media/bench.mjs "$@"
