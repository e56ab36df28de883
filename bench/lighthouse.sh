#!/usr/bin/env bash
# Lighthouse scores of the shipped dossier, as a phone sees it: performance, accessibility, best
# practices and SEO of the home, consensus, timeline and source pages in Chinese and English.
#
#   bench/lighthouse.sh [BINARY] [PORT]
#
# BINARY defaults to target/release/dossier; PORT (default 8931) must be free on 127.0.0.1. The site
# is built for http://127.0.0.1:PORT/dossier/ and served there by tests/e2e/lighthouse.mjs, which
# needs Debian's Chromium (/usr/bin/chromium) and `npm ci --prefix tests/e2e`. Nothing is asserted:
# the test suite asserts 100 in the last three (tests/testsuite/lighthouse.rs); performance depends
# on the machine (Lighthouse simulates a mid-range phone on a slow 4G link from the page's load).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
binary=$(realpath "${1:-$repo/target/release/dossier}")
port=${2:-8931}
[ -x "$binary" ] || { echo "no $binary: build it (cargo build --release) or name one" >&2; exit 2; }
[ -d "$repo/tests/e2e/node_modules/lighthouse" ] || { echo "no lighthouse: npm ci --prefix tests/e2e" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
base="http://127.0.0.1:$port/dossier/"
"$binary" build --root "$repo" --base-url "$base" -o "$out/public" >/dev/null
node "$repo/tests/e2e/lighthouse.mjs" "$out/public" "$base" --report
