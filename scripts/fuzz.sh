#!/usr/bin/env bash
# Builds the libFuzzer targets (server/tests/fuzz/*) with clang 14 in build-fuzz/ and runs each one
# briefly over its committed seed corpus. One line per target: "fuzz <name>: PASS|FAIL (...)", then
# "N passed, N failed". The fuzzing time is bounded in total: FUZZ_TOTAL_SECONDS (default 120) shared
# by the targets, at least 5 s each; FUZZ_SECONDS sets the time per target instead. Arguments name
# targets to run (default: all). A crasher is kept under build-fuzz/fuzz/crashes/<name>/; copy it into
# the target's corpus/ once the bug is fixed.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${FUZZ_BUILD_DIR:-build-fuzz}"
TARGETS=(engineio_payload socketio_packet multipart sdp_offer http_range query_string websocket_frame node_command)
TARGETS+=(resp_reply)   # RESP replies from Redis (realtime/bus/resp)
TARGETS+=(alert_json)   # trade alerts: alert, update and settings decoders (api/json/alert_json)
[ $# -gt 0 ] && TARGETS=("$@")
FUZZ_TOTAL_SECONDS="${FUZZ_TOTAL_SECONDS:-120}"
FUZZ_SECONDS="${FUZZ_SECONDS:-$((FUZZ_TOTAL_SECONDS / ${#TARGETS[@]}))}"
[ "$FUZZ_SECONDS" -ge 5 ] || FUZZ_SECONDS=5

fail_all() {
  for t in "${TARGETS[@]}"; do echo "fuzz $t: FAIL ($1)"; done
  echo "0 passed, ${#TARGETS[@]} failed"
  exit 1
}
command -v clang++-14 >/dev/null || fail_all "clang++-14 not found: apt-get install clang-14 libclang-rt-14-dev"
mkdir -p "$BUILD_DIR"
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTC_BUILD_TESTS=OFF -DTC_BUILD_FUZZERS=ON >"$BUILD_DIR/configure.log" 2>&1 ||
    { cat "$BUILD_DIR/configure.log"; rm -f "$BUILD_DIR/CMakeCache.txt"; fail_all "cmake configure"; }
fi
passed=0
failed=0
for t in "${TARGETS[@]}"; do
  bin="$BUILD_DIR/fuzz/fuzz_$t"
  if ! cmake --build "$BUILD_DIR" -j2 --target "fuzz_$t" >"$BUILD_DIR/build_$t.log" 2>&1; then
    tail -30 "$BUILD_DIR/build_$t.log"
    echo "fuzz $t: FAIL (build)"
    failed=$((failed + 1))
    continue
  fi
  # A scratch corpus so that new coverage found in a run does not dirty the source tree.
  work="$BUILD_DIR/fuzz/work/$t"
  crashes="$BUILD_DIR/fuzz/crashes/$t"
  mkdir -p "$work" "$crashes"
  log="$BUILD_DIR/fuzz/$t.log"
  if "$bin" -max_total_time="$FUZZ_SECONDS" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$crashes/" -print_final_stats=1 "$work" "server/tests/fuzz/$t/corpus" >"$log" 2>&1; then
    runs=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{print $2}')
    cov=$(grep -oE "cov: [0-9]+" "$log" | tail -1)
    echo "fuzz $t: PASS (${runs:-?} runs in ${FUZZ_SECONDS}s, ${cov:-cov ?})"
    passed=$((passed + 1))
  else
    grep -E "ERROR|SUMMARY|Test unit written|==[0-9]+==" "$log" | head -20
    echo "fuzz $t: FAIL (see $log; crasher in $crashes)"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
