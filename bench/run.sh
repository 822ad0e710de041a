#!/usr/bin/env bash
# Builds the same generated knowledge base with kbgen and with Hugo, side by
# side in one run, and prints wall time, peak memory and the ratios.
#
#   bench/run.sh [PAGES] [RUNS]     (default 10000 pages, 3 runs)
#   bench/run.sh --scaling [PAGES] [RUNS]  kbgen alone at PAGES and 10 × PAGES
#
# Each run builds with every tool in turn from the same state (a new output
# folder, no kbgen cache) and the medians are printed, so a slow moment of
# the machine or its file system falls on one run of both, not on one tool.
# Needs python3 and ../shared/bench/gen_corpus.py; installs Hugo (Debian's
# package) when it is missing. Set TMPDIR to choose the file system.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
generator="$here/../shared/bench/gen_corpus.py"
[ -f "$generator" ] || { echo "missing $generator" >&2; exit 2; }
scaling=false
if [ "${1:-}" = "--scaling" ]; then
  scaling=true
  shift
fi
pages=${1:-10000}
runs=${2:-3}
(cd "$here" && cargo build --release --quiet)
kbgen="$here/target/release/kbgen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure LABEL DIR COMMAND...: runs COMMAND in DIR, appends "seconds KB" to $work/times-LABEL.
measure() {
  local label=$1 dir=$2
  shift 2
  sync
  (cd "$dir" && /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>&1)
  tail -n 1 "$work/time" >>"$work/times-$label"
}

# median LABEL COLUMN: the median of a column of $work/times-LABEL.
median() {
  sort -n -k "$2" "$work/times-$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

# report LABEL... : one line per label, ratios against the first.
report() {
  local base=$1
  printf '%-22s %10s %12s %12s %12s\n' build "wall (s)" "peak (MB)" "time/$base" "memory/$base"
  for label in "$@"; do
    awk -v l="$label" -v s="$(median "$label" 1)" -v m="$(median "$label" 2)" \
      -v bs="$(median "$base" 1)" -v bm="$(median "$base" 2)" \
      'BEGIN { printf "%-22s %10.2f %12.0f %12.2f %12.2f\n", l, s, m / 1024, s / bs, m / bm }'
  done
  for label in "$@"; do
    echo "  $label, every run (s): $(cut -d' ' -f1 "$work/times-$label" | tr '\n' ' ')"
  done
}

machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, $(df -T "$work" | awk 'NR == 2 {print $2}') at $work"

if $scaling; then
  large=$((pages * 10))
  python3 "$generator" "$work/small" --pages "$pages" --format kbgen >/dev/null
  python3 "$generator" "$work/large" --pages "$large" --format kbgen >/dev/null
  for run in $(seq "$runs"); do
    rm -rf "$work/small/.kbgen-cache"
    measure "kbgen-$pages" "$work/small" "$kbgen" build --output "public-$run"
  done
  measure "kbgen-$large" "$work/large" "$kbgen" build
  echo "machine: $machine   $pages pages: median of $runs runs; $large pages: one run"
  report "kbgen-$pages" "kbgen-$large"
  exit 0
fi

if ! command -v hugo >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi
python3 "$generator" "$work/kbgen" --pages "$pages" --format kbgen >/dev/null
python3 "$generator" "$work/hugo" --pages "$pages" --format hugo >/dev/null
for run in $(seq "$runs"); do
  # A new output folder per run: deleting the last run's 20,000 files and
  # folders would slow the next creations down (ext4 without a journal
  # scans recently freed inodes) for both tools alike.
  rm -rf "$work/kbgen/.kbgen-cache"
  measure hugo "$work/hugo" hugo --quiet --destination "public-$run"
  measure kbgen-cold "$work/kbgen" "$kbgen" build --output "public-$run"
  measure kbgen-again "$work/kbgen" "$kbgen" build --output "public-$run"
done
echo "pages: $pages   runs: $runs (medians)   machine: $machine, $(hugo version | cut -d' ' -f2)"
report hugo kbgen-cold kbgen-again
