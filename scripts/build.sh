#!/usr/bin/env bash
# Configures (once) and builds build/tradecast and the test binaries; incremental, ccache if present.
# BUILD_DIR (default build) and TC_WERROR (see below) may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
# ccache keys on relative paths, so a fresh clone elsewhere (CI) reuses what any checkout compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
# Warnings are errors (TC_WERROR) in a fresh build dir and whenever TC_WERROR=ON|OFF is given
# (scripts/test.sh gives ON, so make test and CI fail on a warning). An existing build dir keeps what
# it was configured with unless asked: flipping the flag recompiles everything.
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTC_BUILD_TESTS=ON -DTC_WERROR="${TC_WERROR:-ON}"
elif [ -n "${TC_WERROR:-}" ] && ! grep -qx "TC_WERROR:BOOL=$TC_WERROR" "$BUILD_DIR/CMakeCache.txt"; then
  cmake -S . -B "$BUILD_DIR" -DTC_WERROR="$TC_WERROR"
fi
cmake --build "$BUILD_DIR" -j"$(nproc)"
# The web UI, once web/ holds an app (see web/README or issue 6).
if [ -f web/package.json ]; then
  (cd web && npm ci --no-audit --no-fund && npm run build)
fi
