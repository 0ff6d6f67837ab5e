#!/usr/bin/env bash
# Issue 13: the alert tables are insert-only. No statement of the alert store may change or remove a
# row (the migrations' triggers refuse it too; tests/contract/alert_store_contract_test.cpp proves that).
set -euo pipefail
file="$1/store/soci/soci_alert_store.cpp"
[ -f "$file" ] || { echo "missing $file"; exit 1; }
if grep -nE '"[^"]*\b(UPDATE|DELETE|REPLACE|TRUNCATE|DROP|ALTER|UPSERT)\b' "$file" | grep -v 'FOR UPDATE'; then
  echo "FAIL: $file holds a statement that changes or removes rows (above)"
  exit 1
fi
if grep -nE 'virtual[^(]*\b(update|delete|remove|edit|replace|set)(_[a-z_]*)?\(' "$1/store/alert_store.hpp" | grep -v 'update_by_key'; then
  echo "FAIL: the AlertStore interface has a method that changes rows (above)"
  exit 1
fi
echo "ok: the alert store only inserts and reads"
