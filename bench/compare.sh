#!/usr/bin/env bash
# Compare two builds of dossier: same output, and which is faster.
#
#   bench/compare.sh OLD_BINARY NEW_BINARY [RUNS] [WORK]
#
# 1. Builds the shipped dossier and the 1,000-page corpus with both binaries and compares the
#    outputs byte for byte (`diff -r`); a difference stops the script with exit 1.
# 2. Builds the 10,000-page corpus RUNS times (default 4) with each, turn about (old, new, old,
#    new…), so that both see the same spells of this machine, and prints wall time, user + system
#    CPU and peak resident memory of every build (from /usr/bin/time).
#
# Corpora are made by bench/build.py (run it once first) in WORK (default /tmp/dossier-bench); the
# outputs are written beside them, so a WORK on tmpfs (/dev/shm/...) keeps the disk out of the times.
set -euo pipefail
old=$(realpath "$1")
new=$(realpath "$2")
runs=${3:-4}
work=${4:-/tmp/dossier-bench}
repo=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$work" ] || { echo "no $work: run bench/build.py --sizes 1000,10000 --work $work first" >&2; exit 2; }
out=$(mktemp -d -p "$work")
trap 'rm -rf "$out"' EXIT

for site in "$repo" "$work/1000/ours"; do
    [ -f "$site/site.toml" ] || { echo "no site at $site: run bench/build.py --sizes 1000 first" >&2; exit 2; }
    for label in old new; do
        "${!label}" build --root "$site" -o "$out/$label" >/dev/null 2>&1 ||
            { echo "the $label binary fails to build $site" >&2; exit 1; }
    done
    if diff -r "$out/old" "$out/new" >/dev/null; then
        echo "same output: $site"
    else
        echo "DIFFERENT output: $site (diff -r the two builds to see where)" >&2
        exit 1
    fi
    rm -rf "$out/old" "$out/new"
done

site="$work/10000/ours"
[ -f "$site/site.toml" ] || { echo "no site at $site: run bench/build.py --sizes 10000 first" >&2; exit 2; }
for _ in $(seq "$runs"); do
    for label in old new; do
        /usr/bin/time -f "$label  %e s wall  %U+%S s cpu  %M KiB peak" \
            "${!label}" build --root "$site" -o "$out/public" 2>&1 >/dev/null | tail -1
        rm -rf "$out/public"
    done
done
