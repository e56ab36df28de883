#!/usr/bin/env bash
# Run one fuzz target, seeded from the dossier's own content: fuzz/run.sh TARGET [SECONDS]
# TARGET is front_matter, markdown, serve_path or output_path. Needs nightly Rust and `cargo install cargo-fuzz`.
set -euo pipefail
cd "$(dirname "$0")/.."
target="$1"
seconds="${2:-600}"
corpus="fuzz/corpus/$target"
mkdir -p "$corpus"
case "$target" in
    front_matter | markdown)
        # Whole content files for front matter, their bodies for Markdown.
        for file in content/*.md content/*/*.md tests/testsuite/fixtures/*/content/*.md; do
            name="seed-$(echo "$file" | tr '/' '_')"
            if [ "$target" = markdown ]; then
                awk 'f>=2 {print} /^\+\+\+$/ {f++}' "$file" > "$corpus/$name"
            else
                cp "$file" "$corpus/$name"
            fi
        done
        ;;
    serve_path)
        find content -name '*.md' | sed 's#^content/##; s#\.md$#/#' | while read -r path; do
            printf '%s' "$path" > "$corpus/seed-$(echo "$path" | tr '/' '_')"
        done
        printf '%s' '%2e%2e/%2E%2E%2fsite.toml' > "$corpus/seed-traversal"
        ;;
    output_path)
        # Every URL path of the dossier, the aliases its pages declare, and the ways out of the
        # output folder the bad-input catalogue tries.
        find content -name '*.md' | sed 's#^content##; s#\.md$#/#' | while read -r path; do
            printf '%s' "$path" > "$corpus/seed-$(echo "$path" | tr '/' '_')"
        done
        i=0
        { grep -rhoE '^aliases = \[.*\]' content tests/testsuite/fixtures | grep -oE '"[^"]*"' | tr -d '"'
          printf '%s\n' ../site.toml ../../escape/ /old/ /old.html old/path/ //etc/passwd /etc/x '%2e%2e/%2E%2E/x' \
            '..\..\x' 'C:\x' C:/x /a//b/ /./x/ https://example.org/x '%252e%252e' 'a%2fb'
        } | while read -r path; do
            i=$((i + 1))
            printf '%s' "$path" > "$corpus/seed-path-$i"
        done
        printf 'a\0b' > "$corpus/seed-nul"
        ;;
esac
cargo +nightly fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 2>&1 |
    tee "fuzz/last-$target.log" | grep -E '^#[0-9]+.*(DONE|pulse)|SUMMARY|panicked|ERROR' || true
grep -E 'Done [0-9]+ runs|stat::number_of_executed_units' "fuzz/last-$target.log" | tail -2
