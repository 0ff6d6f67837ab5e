#!/usr/bin/env bash
# clang-tidy-14 over the server sources with .clang-tidy (bugprone, performance, a few modernize;
# warnings are errors), using build/compile_commands.json (run scripts/build.sh first).
# clang-tidy costs ~5 s of CPU per file, so by default it checks the server/src .cpp files changed
# since BASELINE (committed, staged, unstaged, untracked; a changed header brings in the .cpp files
# that include it by name) plus a fixed core set; TIDY_ALL=1 checks every server/src .cpp file.
# Runs -j$(nproc) through run-clang-tidy-14, skipping files unchanged since a clean run (pass cache,
# see below). Last line: "tidy: PASS (...)" or "tidy: FAIL (...)".
set -uo pipefail
cd "$(dirname "$0")/.."
BASELINE=8582aa75598219a5dce38cc38b7580916cf32a50
BUILD_DIR="${BUILD_DIR:-build}"
CORE=(server/src/core/config.cpp server/src/core/text.cpp server/src/core/rate_limiter.cpp
  server/src/realtime/bus/resp.cpp server/src/realtime/bus/redis_connection.cpp
  server/src/realtime/bus/redis_event_bus.cpp server/src/blob/s3/s3_blob_store.cpp server/src/blob/s3/s3_client.cpp
  server/src/blob/s3/s3_upload.cpp)
command -v clang-tidy-14 >/dev/null || { echo "tidy: FAIL (clang-tidy-14 not found: apt-get install clang-tidy-14)"; exit 1; }
[ -f "$BUILD_DIR/compile_commands.json" ] || { echo "tidy: FAIL (no $BUILD_DIR/compile_commands.json: run scripts/build.sh)"; exit 1; }

in_build() { grep -q "\"file\": \"$PWD/$1\"" "$BUILD_DIR/compile_commands.json"; }
if [ "${TIDY_ALL:-0}" = 1 ]; then
  mapfile -t files < <(git ls-files 'server/src/*.cpp')
else
  git cat-file -e "$BASELINE^{commit}" 2>/dev/null ||
    { echo "tidy: FAIL (baseline $BASELINE not in this clone: fetch full history or set TIDY_ALL=1)"; exit 1; }
  mapfile -t changed < <({ git diff --name-only --diff-filter=ACMR "$BASELINE" --; git ls-files --others --exclude-standard; } |
    grep -E '^server/src/.*\.(cpp|hpp)$' | sort -u)
  files=("${CORE[@]}")
  for f in "${changed[@]}"; do
    [ -f "$f" ] || continue
    if [[ "$f" == *.cpp ]]; then files+=("$f"); continue; fi
    inc="${f#server/src/}"   # a header: the sources that include it
    mapfile -t users < <(grep -rlF "#include \"$inc\"" server/src --include='*.cpp')
    files+=("${users[@]}")
  done
  mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u)
fi
candidates=()
for f in "${files[@]}"; do [ -f "$f" ] && in_build "$f" && candidates+=("$f"); done
# A file whose sources, headers, flags, checks and tool are those of a clean run is not checked again
# (scripts/tidy_cache.py; TIDY_CACHE=0 checks them all). The cache lives beside ccache's.
EXTRA=-Wno-unknown-warning-option   # the g++-only flags in compile_commands.json (-Wno-mismatched-new-delete)
CACHE_DIR="${TIDY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tradecast-tidy}"
salt="$(clang-tidy-14 --version | tr -s ' \n' ' ') $(sha256sum .clang-tidy | cut -c1-64) $EXTRA"
if [ "${TIDY_CACHE:-1}" = 1 ]; then
  mapfile -t todo < <(python3 scripts/tidy_cache.py miss "$BUILD_DIR" "$CACHE_DIR" "$salt" "${candidates[@]}")
else
  todo=("${candidates[@]}")
fi
checked=()
for f in "${todo[@]}"; do checked+=("$PWD/$f"); done
log=$(mktemp)
t0=$SECONDS
rc=0
if [ "${#checked[@]}" -gt 0 ]; then
  run-clang-tidy-14 -p "$BUILD_DIR" -j"$(nproc)" -quiet -extra-arg="$EXTRA" "${checked[@]}" >"$log" 2>&1
  rc=$?
fi
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E "^/.*: (error|warning): " | sort -u)
if [ "$rc" -eq 0 ] && [ -z "$findings" ]; then
  python3 scripts/tidy_cache.py record "$BUILD_DIR" "$CACHE_DIR" "$salt" "${todo[@]}"
  echo "tidy: PASS (${#checked[@]} files checked in $((SECONDS - t0)) s, $((${#candidates[@]} - ${#checked[@]})) unchanged since a clean run)"
  rm -f "$log"; exit 0
fi
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E -A3 "^/.*: (error|warning): " | head -80
echo "tidy: FAIL ($(grep -c . <<<"$findings") findings in ${#checked[@]} files; full output $log)"
exit 1
