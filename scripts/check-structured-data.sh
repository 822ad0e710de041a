#!/usr/bin/env bash
# Validates the structured data and social meta tags of a built site with an
# outside, offline validator: structured-data-testing-tool (npm, "sdtt").
#
#   scripts/check-structured-data.sh public/
#
# Each page is checked for the schemas it should carry: FAQPage where the
# page has a short answer, BreadcrumbList on every page below the home page,
# WebSite on the home page. Exits non-zero if any page fails.
set -euo pipefail
site=${1:?usage: check-structured-data.sh SITE_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
sdtt="$here/tests/browser/node_modules/.bin/sdtt"
if [ ! -x "$sdtt" ]; then
  npm ci --prefix "$here/tests/browser" --no-audit --no-fund >/dev/null
fi

pass=0
fail=0
while IFS= read -r page; do
  schemas=()
  grep -q '"@type":"FAQPage"' "$page" && schemas+=(FAQPage)
  grep -q '"@type":"BreadcrumbList"' "$page" && schemas+=(BreadcrumbList)
  grep -q '"@type":"WebSite"' "$page" && schemas+=(WebSite)
  [ ${#schemas[@]} -eq 0 ] && continue
  list=$(IFS=,; echo "${schemas[*]}")
  if out=$("$sdtt" --file "$page" --presets Google --schemas "$list" 2>&1) && grep -q "tests passed" <<<"$out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL ${page#"$site"/}"
    grep -E "✕|Error" <<<"$out" | head -5
  fi
done < <(find "$site" -name '*.html' ! -name 404.html | sort)
echo "structured data: $pass pages passed, $fail failed"
[ "$fail" -eq 0 ]
