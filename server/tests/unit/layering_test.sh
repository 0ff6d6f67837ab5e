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
# Inside api/: json/ and context/ are shared by rest/ and events/, which never include each other.
declare -A api_allowed=(
  [json]="json context"
  [context]="context"
  [rest]="rest json context"
  [events]="events json context"
)
for part in "${!api_allowed[@]}"; do
  [ -d "$src/api/$part" ] || continue
  while IFS= read -r line; do
    file="${line%%:*}"
    inc=$(sed -E 's/.*#include "api\/([a-z_]+)\/.*/\1/' <<<"$line")
    if [[ " ${api_allowed[$part]} " != *" $inc "* ]]; then
      echo "layering: $file includes api/$inc/ (an api/$part file may include api/: ${api_allowed[$part]})"
      bad=1
    fi
  done < <(grep -rnE '^#include "api/[a-z_]+/' "$src/api/$part" || true)
done
[ "$bad" -eq 0 ] && echo "layering: every include points down"
exit "$bad"
