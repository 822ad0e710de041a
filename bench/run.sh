#!/usr/bin/env bash
# Builds the same generated knowledge base with kbgen and with Hugo, side by
# side in one run, and prints wall time, peak memory and the ratios.
#
#   bench/run.sh [PAGES]        (default 10000)
#
# Needs python3 and ../shared/bench/gen_corpus.py; installs Hugo (Debian's
# package) when it is missing.
set -euo pipefail
pages=${1:-10000}
here=$(cd "$(dirname "$0")/.." && pwd)
generator="$here/../shared/bench/gen_corpus.py"
[ -f "$generator" ] || { echo "missing $generator" >&2; exit 2; }
if ! command -v hugo >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi
(cd "$here" && cargo build --release --quiet)
kbgen="$here/target/release/kbgen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$generator" "$work/kbgen" --pages "$pages" --format kbgen >/dev/null
python3 "$generator" "$work/hugo" --pages "$pages" --format hugo >/dev/null

# measure LABEL DIR COMMAND...: prints "LABEL seconds peak-KB" and keeps them.
declare -A seconds memory
measure() {
  local label=$1 dir=$2
  shift 2
  local stats
  (cd "$dir" && /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>&1)
  stats=$(tail -n 1 "$work/time")
  seconds[$label]=${stats% *}
  memory[$label]=${stats#* }
}
measure hugo "$work/hugo" hugo --quiet
measure kbgen-cold "$work/kbgen" "$kbgen" build
measure kbgen-again "$work/kbgen" "$kbgen" build

echo "pages: $pages   machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, $(hugo version | cut -d' ' -f2)"
printf '%-14s %10s %12s %12s %12s\n' build "wall (s)" "peak (MB)" "time/Hugo" "memory/Hugo"
for label in hugo kbgen-cold kbgen-again; do
  awk -v l="$label" -v s="${seconds[$label]}" -v m="${memory[$label]}" -v hs="${seconds[hugo]}" -v hm="${memory[hugo]}" \
    'BEGIN { printf "%-14s %10.2f %12.0f %12.2f %12.2f\n", l, s, m / 1024, s / hs, m / hm }'
done
