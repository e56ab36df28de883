// Does a sharded index rank as one index does? In headless Chromium:
//   node bench/search_shards.mjs WHOLE_URL SHARDED_URL QUERY...
// WHOLE_URL and SHARDED_URL serve the same site built twice: once in one shard (`[search]
// shard_size` above its page count) and once in shards. Each query is typed into the box of both
// homes; the script prints the first results of each, how many of the whole index's first five the
// sharded one also shows first, and whether the first result is the same. bench/search_shards.sh
// builds, serves and runs it on the corpus of ../shared/bench/gen_corpus.py.
import { launch } from "../tests/e2e/browser.mjs";

const [whole, sharded, ...queries] = process.argv.slice(2);
const TOP = 5;

const answers = async (page, url) => {
  const base = new URL(url).pathname;
  await page.goto(url);
  await page.locator(".site-search").waitFor({ state: "visible" });
  const out = [];
  for (const query of queries) {
    await page.fill("#site-search-input", query);
    await page.waitForFunction((q) => document.querySelector(".site-search__results").dataset.query === q, query, {
      timeout: 600000,
    });
    out.push(
      (await page.locator(".site-search__hit").evaluateAll((hits) => hits.map((a) => new URL(a.href).pathname))).map(
        (path) => path.slice(base.length - 1),
      ),
    );
  }
  return out;
};

const browser = await launch();
try {
  const page = await browser.newPage();
  const a = await answers(page, whole);
  const b = await answers(page, sharded);
  let same = 0;
  let kept = 0;
  let total = 0;
  console.log(`query\tsame first\tof the first ${TOP} kept\twhole\tsharded`);
  queries.forEach((query, i) => {
    const top = a[i].slice(0, TOP);
    const shared = top.filter((p) => b[i].slice(0, TOP).includes(p)).length;
    const first = a[i][0] === b[i][0];
    same += first ? 1 : 0;
    kept += shared;
    total += top.length;
    console.log(`${query}\t${first ? "yes" : "no"}\t${shared}/${top.length}\t${top.join(" ")}\t${b[i].slice(0, TOP).join(" ")}`);
  });
  console.log(`same first result: ${same}/${queries.length}; first ${TOP} kept: ${kept}/${total}`);
} finally {
  await browser.close();
}
