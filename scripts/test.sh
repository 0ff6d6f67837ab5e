#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs what is missing, starts MariaDB and
# Redis, builds, then runs the unit and contract tests (ctest; the Store suite on SQLite and
# MariaDB) and the integration tests against the real binary (node:test; on SQLite and MariaDB).
# Gates first: the changed C++ files formatted (check-format.sh), clang-tidy. The sanitizer builds
# start in the background right after the build (see below) and their tests run near the end
# (TC_SANITIZERS=0 leaves them out).
# Ends with one summary line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh || exit 1
bash scripts/test-services.sh || exit 1
TC_WERROR=ON bash scripts/build.sh || exit 1   # a warning fails the build (g++ 12, -Wall -Wextra)
logdir=$(mktemp -d)

# The ASan+UBSan and TSan builds (scripts/test-sanitizers.sh: build-asan/, build-tsan/) compile at the
# lowest priority while the suites below run, which mostly wait on sockets, timers and browsers: the
# builds get the CPU those leave idle. Cold (nothing in ccache) the two builds are the largest cost of
# the pass; warm they take seconds.
san_build=""
if [ "${TC_SANITIZERS:-1}" = 1 ]; then
  nice -n 19 bash scripts/test-sanitizers.sh build >"$logdir/san-build.log" 2>&1 &
  san_build=$!
fi

export TC_TEST_MYSQL_URL="mysql://tradecast:tradecast@127.0.0.1:3306/tradecast"
export TC_REQUIRE_MARIADB=1
export TC_TEST_REDIS_URL="redis://127.0.0.1:6379"   # the EventBus contract suite on Redis
export TC_REQUIRE_REDIS=1
passed=0
failed=0

# A gate script is one check: its exit status counts as one pass or one fail; its output is shown.
run_check() {  # name, command...
  local name="$1"; shift
  echo "== $name"
  local t0=$SECONDS
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "$name: FAILED"; fi
  echo "($name took $((SECONDS - t0)) s)"
}
run_check "format (scripts/check-format.sh)" bash scripts/check-format.sh
run_check "lint (scripts/check-tidy.sh)" bash scripts/check-tidy.sh

echo "== unit and contract tests (ctest)"
(cd build && ctest -j"$(nproc)" --output-on-failure) 2>&1 | tee "$logdir/ctest.log"
line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$logdir/ctest.log" | tail -1)
if [ -n "$line" ]; then
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
  f=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$line")
  passed=$((passed + total - f))
  failed=$((failed + f))
else
  failed=$((failed + 1))
fi

run_node() {  # name, env..., files...
  local name="$1"; shift
  echo "== integration tests: $name"
  # A hung suite (a server that never exits, say) fails after 20 minutes instead of holding CI.
  timeout --kill-after=30 1200 env "$@" 2>&1 | tee "$logdir/$name.log"
  local p f
  p=$(grep -E "^# pass [0-9]+" "$logdir/$name.log" | tail -1 | awk '{print $3}')
  f=$(grep -E "^# fail [0-9]+" "$logdir/$name.log" | tail -1 | awk '{print $3}')
  if [ -z "$p" ]; then failed=$((failed + 1)); return; fi
  passed=$((passed + p))
  failed=$((failed + ${f:-1}))
}
(cd server/tests/integration && npm ci --no-audit --no-fund --silent) || failed=$((failed + 1))
IT=server/tests/integration
run_node sqlite TC_IT_MYSQL_URL= node --test --test-concurrency=1 "$IT"
MARIADB_IT=("$IT/rest_api.test.mjs")
MARIADB_IT+=("$IT/money_wallet_tips.test.mjs" "$IT/money_crash.test.mjs" "$IT/money_subscriptions.test.mjs" "$IT/money_socket_tips.test.mjs")
MARIADB_IT+=("$IT/streaming_chat.test.mjs" "$IT/streaming_viewers.test.mjs")
MARIADB_IT+=("$IT/streaming_directory.test.mjs")
MARIADB_IT+=("$IT/streaming_channel_moderation.test.mjs")   # moderators, bans across a restart, chat modes
MARIADB_IT+=("$IT/streaming_events.test.mjs")   # every event with an ack gets one (pipelined joins)
MARIADB_IT+=("$IT/multinode_redis.test.mjs")   # two nodes on one database and Redis
MARIADB_IT+=("$IT/multinode_redis_outage.test.mjs")   # Redis hung and killed under two nodes
MARIADB_IT+=("$IT/multinode_node_crash.test.mjs")   # a node SIGKILLed: the survivor removes its viewers
MARIADB_IT+=("$IT/alert_release.test.mjs" "$IT/multinode_alert_release.test.mjs")   # alerts released by tier, one and two nodes
MARIADB_IT+=("$IT/identity_tokens.test.mjs")   # who a token acts as: REST and socket CONNECT, external identities
MARIADB_IT+=("$IT/money_currency.test.mjs")   # money bodies naming another currency are refused
MARIADB_IT+=("$IT/realtime_session_binding.test.mjs")   # a leaked sid is not a session; one session, one user
MARIADB_IT+=("$IT/alerts_rest.test.mjs" "$IT/alerts_socket.test.mjs")   # trade alerts: REST, socket, tiers, the log
# db_outage.test.mjs (a MariaDB of its own on a free port, hung, killed, restarted) and
# db_disk_full.test.mjs (SQLite on a small tmpfs) bring their own database: they run in the sqlite pass.
run_node mariadb TC_IT_MYSQL_URL="$TC_TEST_MYSQL_URL" node --test --test-concurrency=1 "${MARIADB_IT[@]}"
run_node web bash scripts/test-web.sh   # web UI: vitest components + Chromium end-to-end (web/e2e)
# Media (issue 5): GStreamer probe and headless Chromium over WHIP/WHEP, ICE pinned to 127.0.0.1.
(cd server/tests/media && npm ci --no-audit --no-fund --silent) || failed=$((failed + 1))
run_node media TC_IT_MYSQL_URL= node --test --test-concurrency=1 server/tests/media

# ASan+UBSan (unit tests, one integration suite) and TSan (realtime + media unit tests), each in its
# own build dir, built in the background since the start (above).
if [ -n "$san_build" ]; then
  echo "== sanitizers (scripts/test-sanitizers.sh)"
  t0=$SECONDS
  wait "$san_build"   # a failed build shows again below: the run builds what is missing
  echo "(waited $((SECONDS - t0)) s for the sanitizer builds, which took:)"
  grep -E "^\((asan|tsan) build" "$logdir/san-build.log"
  bash scripts/test-sanitizers.sh 2>&1 | tee "$logdir/san.log"
  passed=$((passed + $(grep -c "^sanitize .*: PASS" "$logdir/san.log")))
  failed=$((failed + $(grep -c "^sanitize .*: FAIL" "$logdir/san.log")))
fi

# libFuzzer targets (Engine.IO payload, Socket.IO packet), briefly; each target is one pass or fail.
echo "== fuzz (scripts/fuzz.sh)"
bash scripts/fuzz.sh 2>&1 | tee "$logdir/fuzz.log"
passed=$((passed + $(grep -c "^fuzz .*: PASS" "$logdir/fuzz.log")))
failed=$((failed + $(grep -c "^fuzz .*: FAIL" "$logdir/fuzz.log")))

rm -rf "$logdir"
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
