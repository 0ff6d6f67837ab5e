#!/usr/bin/env bash
# Fails when a file includes a layer it must not depend on (docs/architecture.md lists the edges).
set -euo pipefail
src="$1"
declare -A allowed=(
  [core]="core"
  [store]="store core"
  [blob]="blob core"
  [domain]="domain store blob core"
  [net]="net core"
  [realtime]="realtime net core"
  [media]="media core"
  [api]="api domain realtime media net store core"
  [app]="app api domain realtime media net store blob core"
)
bad=0
for layer in "${!allowed[@]}"; do
  [ -d "$src/$layer" ] || continue
  while IFS= read -r line; do
    file="${line%%:*}"
    inc=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$line")
    if [[ " ${allowed[$layer]} " != *" $inc "* ]]; then
      echo "layering: $file includes $inc/ (a $layer file may include: ${allowed[$layer]})"
      bad=1
    fi
  done < <(grep -rnE '^#include "[a-z_]+/' "$src/$layer" || true)
done
[ "$bad" -eq 0 ] && echo "layering: every include points down"
exit "$bad"
