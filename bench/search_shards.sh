#!/usr/bin/env bash
# Time the search stage in one shard and in shards, and check that shards rank as one index does.
#
#   bench/search_shards.sh BINARY [PAGES] [WORK]
#
# Generates the PAGES-page corpus of ../shared/bench/gen_corpus.py (default 10000) in WORK
# (default /tmp/dossier-shards; tmpfs keeps the disk out of the times) with the default theme and
# language zh-Hans, builds it with BINARY twice: `[search] shard_size` above PAGES (one shard, as
# before shards) and the default (4,000 pages a shard), printing each build's search stage
# (DOSSIER_TIMINGS) and peak memory; then serves both and runs bench/search_shards.mjs on queries
# drawn from the corpus's words (headless Chromium; tests/e2e/node_modules must be installed).
set -euo pipefail
binary=$(realpath "$1")
pages=${2:-10000}
work=${3:-/tmp/dossier-shards}
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"
site="$work/site"
if [ ! -d "$site/content" ]; then
    python3 "$repo/../shared/bench/gen_corpus.py" "$work/gen" "$pages" >/dev/null
    mkdir -p "$site"
    cp -r "$work/gen/ours/content" "$site/content"
fi
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; true' EXIT
for shape in whole sharded; do
    if [ "$shape" = whole ]; then size=$((pages * 2)); else size=4000; fi
    printf 'language = "zh-Hans"\ntheme = "longform"\nbase_url = "http://127.0.0.1:8791/%s/"\ntitle = "基准档案"\ntaxonomies = [{name = "topics"}, {name = "actors"}]\n\n[search]\nshard_size = %s\n' \
        "$shape" "$size" > "$site/site.toml"
    echo "== $shape (shard_size = $size)"
    DOSSIER_TIMINGS=1 /usr/bin/time -f 'wall %e s, peak %M KB' "$binary" build --root "$site" -o "$work/out/$shape" 2>&1 |
        grep -E '^\s+search |^built|^wall'
    echo "shards: $(cat "$work/out/$shape/pagefind/shards.json")"
done
(cd "$work/out" && exec python3 -m http.server 8791 --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
node "$repo/bench/search_shards.mjs" http://127.0.0.1:8791/whole/ http://127.0.0.1:8791/sharded/ \
    人工智能 军事安全 禁毒合作 直航航班 人文交流 气候变化 斐洛里庄园 拜登 奥巴马 习近平 \
    中美关系 旧金山 元首会晤 两国人民 合作 伙伴 世界瞩目 时光隧道 工作组 对话机制 \
    Fight Love Live APEC 农业 外交 新华社 机遇 风险 全球治理
