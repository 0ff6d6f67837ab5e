#!/usr/bin/env bash
# Configures (once) and builds build/tradecast and the test binaries; incremental, ccache if present.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
# ccache keys on relative paths, so a fresh clone elsewhere (CI) reuses what any checkout compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTC_BUILD_TESTS=ON
fi
cmake --build "$BUILD_DIR" -j"$(nproc)"
# The web UI, once web/ holds an app (see web/README or issue 6).
if [ -f web/package.json ]; then
  (cd web && npm ci --no-audit --no-fund && npm run build)
fi
