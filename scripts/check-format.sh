#!/usr/bin/env bash
# Fails when a server C++ file is not formatted as .clang-format says (clang-format-14).
# Checks the files changed since BASELINE (committed, staged, unstaged and untracked), so that the
# tree is reformatted once at the end of issue 11 instead of under everyone's feet; CHECK_FORMAT_ALL=1
# checks every file. Fix a failure with:  clang-format-14 -i FILE...
# One line at the end: "format: PASS (N files)" or "format: FAIL (N of M files)".
set -uo pipefail
cd "$(dirname "$0")/.."
# The main commit just before the check landed; files changed since then must be formatted.
BASELINE=b48edb893b9519975152e47c68dc90f3f4880d37
CLANG_FORMAT="${CLANG_FORMAT:-clang-format-14}"
command -v "$CLANG_FORMAT" >/dev/null || { echo "format: FAIL ($CLANG_FORMAT not found: apt-get install clang-format-14)"; exit 1; }

is_cpp() { [[ "$1" =~ ^(server|bench)/.*\.(cpp|hpp|h|cc)$ ]] && [ -f "$1" ]; }
files=()
if [ "${CHECK_FORMAT_ALL:-0}" = 1 ]; then
  mapfile -t files < <(git ls-files -- 'server/*' 'bench/*' | while read -r f; do is_cpp "$f" && echo "$f"; done)
else
  if ! git cat-file -e "$BASELINE^{commit}" 2>/dev/null; then
    echo "format: FAIL (baseline $BASELINE not in this clone: fetch full history or set CHECK_FORMAT_ALL=1)"
    exit 1
  fi
  mapfile -t files < <({ git diff --name-only --diff-filter=ACMR "$BASELINE" --; git ls-files --others --exclude-standard; } |
    sort -u | while read -r f; do is_cpp "$f" && echo "$f"; done)
fi

bad=()
for f in "${files[@]}"; do
  if ! "$CLANG_FORMAT" --style=file --dry-run -Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done
if [ ${#bad[@]} -eq 0 ]; then
  echo "format: PASS (${#files[@]} files)"
  exit 0
fi
for f in "${bad[@]}"; do
  echo "not formatted: $f"
  "$CLANG_FORMAT" --style=file "$f" | diff -u --label "$f" --label "$f (formatted)" "$f" - | head -20
done
echo "fix with: $CLANG_FORMAT -i ${bad[*]}"
echo "format: FAIL (${#bad[@]} of ${#files[@]} files)"
exit 1
