#!/usr/bin/env bash
# The engines alone, like for like: two builds of dossier on the same corpus and the same templates.
#
#   bench/engine.sh OLD_BINARY NEW_BINARY [RUNS] [WORK]
#
# The default theme grows with what it shows (a language switcher, structured data, a second table
# of contents…), so timings with it compare the engine and the theme together. This script builds
# the 10,000-page corpus of bench/build.py with bench/plain/, templates both binaries accept, RUNS
# times with each (default 15), turn about (old, new, old, new…) so that both see the same spells of
# this machine, with search off. It prints every build's wall time, user + system CPU and peak
# resident memory (from /usr/bin/time), then the medians and new/old.
#
# The corpus is read from WORK/10000/ours (default WORK /tmp/dossier-bench; run
# `bench/build.py --sizes 10000 --work WORK` once first) and copied with the plain theme to
# WORK/engine/; outputs go beside it, so a WORK on tmpfs (/dev/shm/...) keeps the disk out.
set -euo pipefail
old=$(realpath "$1")
new=$(realpath "$2")
runs=${3:-15}
work=${4:-/tmp/dossier-bench}
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus="$work/10000/ours"
[ -f "$corpus/site.toml" ] || { echo "no corpus at $corpus: run bench/build.py --sizes 10000 --work $work first" >&2; exit 2; }
site="$work/engine"
rm -rf "$site"
mkdir -p "$site/themes"
cp -r "$corpus/content" "$site/"
cp -r "$repo/bench/plain" "$site/themes/plain"
# No `[cards]` or `language`: an engine older than them rejects the keys; the plain theme shows no
# card, so none is drawn.
cat > "$site/site.toml" <<TOML
theme = "plain"
base_url = "https://example.org/dossier"
title = "基准档案"
taxonomies = [{name = "topics"}, {name = "actors"}]

[search]
enabled = false
TOML
out=$(mktemp -d -p "$work")
trap 'rm -rf "$out"' EXIT
for label in old new; do
    "${!label}" build --root "$site" -o "$out/$label" >/dev/null 2>&1 ||
        { echo "the $label binary fails to build $site" >&2; exit 1; }
done
for _ in $(seq "$runs"); do
    for label in old new; do
        /usr/bin/time -f "$label %e %U %S %M" "${!label}" build --root "$site" -o "$out/$label" 2>&1 >/dev/null | tail -1
    done
done | tee "$out/times" | awk '{ printf "%-4s %6.3f s wall  %6.3f s cpu  %4d MiB peak\n", $1, $2, $3 + $4, $5 / 1024 }'
median() { awk -v who="$1" -v col="$2" '$1 == who { if (col == "cpu") v = $3 + $4; else if (col == "peak") v = $5 / 1024; else v = $2; print v }' "$out/times" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for col in wall cpu peak; do
    o=$(median old $col)
    n=$(median new $col)
    awk -v c="$col" -v o="$o" -v n="$n" 'BEGIN { printf "median %-4s  old %8.3f  new %8.3f  new/old %.3f\n", c, o, n, n / o }'
done
