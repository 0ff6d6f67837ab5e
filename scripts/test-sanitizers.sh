#!/usr/bin/env bash
# The sanitizer pass (issue 11), each variant in its own ccache'd build dir with only the targets it
# runs:
#   build-asan/  -fsanitize=address,undefined: tc_unit_tests, and the tradecast binary under one
#                short integration suite (ASAN_IT, on SQLite)
#   build-tsan/  -fsanitize=thread: tc_unit_tests_realtime (the realtime and media unit tests)
# Built with -O0 -g1 and assertions on (no NDEBUG): -O0 compiles in half the time of -O1 (a route
# file under ASan+UBSan: 7.3 s of CPU against 15.2 s), and the build is what the pass costs; the
# tests it runs wait on sockets and timers more than they compute. Every sanitizer report is written
# under <build dir>/sanitizer-logs/ (log_path), so one from a server child process is seen as well;
# any report fails its suite. One line per suite, "sanitize <name>: PASS|FAIL (...)", then
# "N passed, N failed". Usage: test-sanitizers.sh [asan|tsan|all|build]; `build` only builds both
# variants (scripts/test.sh starts it in the background while the other suites run).
set -uo pipefail
cd "$(dirname "$0")/.."
WHICH="${1:-all}"
ASAN_IT="${ASAN_IT:-server/tests/integration/streaming_chat.test.mjs}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
SUPP="$PWD/server/tests/sanitizers"
passed=0
failed=0

pass() { echo "sanitize $1: PASS ($2)"; passed=$((passed + 1)); }
fail() { echo "sanitize $1: FAIL ($2)"; failed=$((failed + 1)); }

# configure DIR SANITIZERS: once per dir; -g1 gives the reports line numbers.
SAN_FLAGS="-O0 -g1"
configure() {
  grep -qxF "CMAKE_CXX_FLAGS_RELWITHDEBINFO:STRING=$SAN_FLAGS" "$1/CMakeCache.txt" 2>/dev/null && return 0
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$SAN_FLAGS" \
    -DTC_BUILD_TESTS=ON -DTC_WERROR=OFF -DTC_SANITIZE="$2" >"$1.configure.log" 2>&1 ||
    { cat "$1.configure.log"; rm -f "$1/CMakeCache.txt"; return 1; }
}
build() {  # DIR TARGET...
  local dir="$1"; shift
  cmake --build "$dir" -j"$(nproc)" --target "$@" >"$dir/build.log" 2>&1 || { tail -30 "$dir/build.log"; return 1; }
}
# Prints and counts the reports a run left in DIR/sanitizer-logs; true when there were none.
no_reports() {
  local n=0
  for r in "$1"/sanitizer-logs/*; do
    [ -f "$r" ] || continue
    n=$((n + 1))
    echo "---- $r"; head -60 "$r"
  done
  [ "$n" -eq 0 ]
}
fresh_logs() { rm -rf "$1/sanitizer-logs"; mkdir -p "$1/sanitizer-logs"; }

# run_gtest NAME DIR BINARY: one suite; passes when every test passes and nothing was reported.
run_gtest() {
  local name="$1" dir="$2" bin="$3" log="$2/$1.log" rc
  fresh_logs "$dir"
  "$bin" --gtest_brief=1 >"$log" 2>&1; rc=$?
  local ok bad
  ok=$(grep -oE "^\[  PASSED  \] [0-9]+" "$log" | awk '{print $4}')
  bad=$(grep -oE "^\[  FAILED  \] [0-9]+ test" "$log" | awk '{print $4}')
  if no_reports "$dir" && [ "$rc" -eq 0 ]; then
    pass "$name" "${ok:-?} tests"
  else
    grep -E "^\[  FAILED  \]" "$log" | head -20
    fail "$name" "exit $rc, ${bad:-0} failed tests, reports in $dir/sanitizer-logs, log $log"
  fi
}

if [ "$WHICH" = build ]; then
  t0=$SECONDS
  rc=0
  { configure build-asan address,undefined && build build-asan tc_unit_tests tradecast; } || rc=1
  echo "(asan build: $((SECONDS - t0)) s)"
  t0=$SECONDS
  { configure build-tsan thread && build build-tsan tc_unit_tests_realtime; } || rc=1
  echo "(tsan build: $((SECONDS - t0)) s)"
  exit "$rc"
fi

if [ "$WHICH" = asan ] || [ "$WHICH" = all ]; then
  D=build-asan
  export ASAN_OPTIONS="log_path=$PWD/$D/sanitizer-logs/asan:detect_leaks=1:strict_string_checks=1:check_initialization_order=1"
  export UBSAN_OPTIONS="log_path=$PWD/$D/sanitizer-logs/ubsan:print_stacktrace=1"
  export LSAN_OPTIONS="suppressions=$SUPP/lsan.supp:print_suppressions=0"
  t0=$SECONDS
  if configure "$D" address,undefined && build "$D" tc_unit_tests tradecast; then
    echo "(asan build: $((SECONDS - t0)) s)"
    t0=$SECONDS
    run_gtest asan-unit "$D" "$D/server/tests/tc_unit_tests"
    echo "(asan unit tests: $((SECONDS - t0)) s)"
    t0=$SECONDS
    fresh_logs "$D"
    (cd server/tests/integration && npm ci --no-audit --no-fund --silent) >/dev/null 2>&1
    TRADECAST_BIN="$PWD/$D/tradecast" TC_IT_MYSQL_URL= timeout --kill-after=30 600 \
      node --test --test-concurrency=1 "$ASAN_IT" >"$D/asan-it.log" 2>&1
    p=$(grep -E "^# pass [0-9]+" "$D/asan-it.log" | tail -1 | awk '{print $3}')
    f=$(grep -E "^# fail [0-9]+" "$D/asan-it.log" | tail -1 | awk '{print $3}')
    if no_reports "$D" && [ -n "$p" ] && [ "${f:-1}" -eq 0 ]; then
      pass asan-integration "$(basename "$ASAN_IT"): $p tests"
    else
      grep -E "^not ok|# fail" "$D/asan-it.log" | head -20
      fail asan-integration "$(basename "$ASAN_IT"): ${p:-?} passed, ${f:-?} failed; log $D/asan-it.log"
    fi
    echo "(asan integration: $((SECONDS - t0)) s)"
  else
    fail asan-unit build; fail asan-integration build
  fi
  unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
fi

if [ "$WHICH" = tsan ] || [ "$WHICH" = all ]; then
  D=build-tsan
  export TSAN_OPTIONS="log_path=$PWD/$D/sanitizer-logs/tsan:second_deadlock_stack=1:suppressions=$SUPP/tsan.supp"
  t0=$SECONDS
  if configure "$D" thread && build "$D" tc_unit_tests_realtime; then
    echo "(tsan build: $((SECONDS - t0)) s)"
    t0=$SECONDS
    run_gtest tsan-realtime-media "$D" "$D/server/tests/tc_unit_tests_realtime"
    echo "(tsan tests: $((SECONDS - t0)) s)"
  else
    fail tsan-realtime-media build
  fi
  unset TSAN_OPTIONS
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
