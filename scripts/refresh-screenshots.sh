#!/usr/bin/env bash
# Refreshes the screenshots the README shows (docs/screenshots/, committed) from the last end-to-end
# run's (web/e2e/screenshots/, git-ignored, rewritten by every `scripts/test-web.sh`). Run it on
# purpose when the UI changed, then commit docs/screenshots/. `--run` runs the web tests first.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--run" ]; then bash scripts/test-web.sh; fi
src=web/e2e/screenshots
shopt -s nullglob
shots=("$src"/*.png)
if [ ${#shots[@]} -eq 0 ]; then
  echo "no screenshots in $src: run scripts/test-web.sh (or pass --run)" >&2
  exit 1
fi
mkdir -p docs/screenshots
cp "${shots[@]}" docs/screenshots/
echo "copied ${#shots[@]} screenshots to docs/screenshots/ (review with git status, then commit)"
