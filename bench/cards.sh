#!/usr/bin/env bash
# What the social cards cost a build: a corpus built with `[cards] enabled = false`, then with
# cards and an empty cache (every card drawn), again (every card from the cache), and once more
# after one page's title changed (one card drawn).
#
#   bench/cards.sh BINARY SITE [OUT]
#
# SITE is a corpus of bench/build.py (say /tmp/dossier-bench/10000/ours: the default theme, zh-Hans);
# its site.toml gets a `[cards]` table and `[search] enabled = false` (the index would dwarf the
# cards), its `.dossier-cache/cards/` is emptied, and one page's title is changed and restored.
# Prints wall time, user + system CPU and peak memory of each build (/usr/bin/time).
set -euo pipefail
binary=$(realpath "$1")
site=$(realpath "$2")
out=${3:-$(mktemp -d)}
config="$site/site.toml"
cp "$config" "$config.before-cards"
page=$(find "$site/content" -name '*.md' ! -name '_index*' | sort | sed -n 1p)
cp "$page" "$page.before-cards"
restore() { mv "$config.before-cards" "$config"; mv "$page.before-cards" "$page"; }
trap restore EXIT
cards() {
    grep -v -e '^\[cards\]' -e '^\[search\]' -e '^enabled = ' "$config.before-cards" >"$config"
    printf '\n[search]\nenabled = false\n[cards]\nenabled = %s\n' "$1" >>"$config"
}
run() {
    /usr/bin/time -f "$1: %e s wall, %U+%S s cpu, %M KB peak" "$binary" build --root "$site" -o "$out" --force \
        2>&1 >/dev/null | grep -E "^$1:|error" || true
}
cards false
run "cards off"
cards true
rm -rf "$site/.dossier-cache/cards"
run "cards, empty cache"
echo "  cards drawn: $(find "$site/.dossier-cache/cards" -name '*.png' | wc -l), $(du -sh "$site/.dossier-cache/cards" | cut -f1)"
run "cards, all cached"
sed -i '0,/^title = "/s/^title = "/title = "改 /' "$page"
run "cards, one title changed"
