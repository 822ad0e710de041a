#!/usr/bin/env bash
# Runs the CommonMark spec's examples through kbgen: fetches the spec's
# 0.31.2 text (the npm registry's commonmark-spec package, the version
# pulldown-cmark implements) into a scratch folder and runs the test that
# reads it. Prints the pass counts with every extension off and with
# kbgen's defaults; fails when any example differs with extensions off.
#
#   bench/commonmark.sh [SPEC.txt]     (a spec.txt of your own instead)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
spec=${1:-}
if [ -z "$spec" ]; then
  (cd "$work" && npm pack --silent commonmark-spec@0.31.2 >/dev/null && tar xzf commonmark-spec-0.31.2.tgz)
  spec="$work/package/spec.txt"
fi
cd "$here"
KBGEN_COMMONMARK_SPEC="$spec" cargo test --release --test it -- --exact commonmark::commonmark_spec_examples_render_as_the_spec_says --nocapture 2>&1 |
  grep -E '^(CommonMark|test result|=== example)'
