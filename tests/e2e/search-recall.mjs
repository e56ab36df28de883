// The recall suite: queries typed into the search box of the built site, in headless Chromium,
// each checked against what the content says. Driven by tests/testsuite/publish.rs, which builds
// the shipped dossier under a subpath, serves it and passes:
//   node search-recall.mjs SITE_URL RECALL_JSON
// RECALL_JSON (recall.json beside this script) has `editions`, the home path of each language
// (its box searches that language's pages), and `queries`, each with:
//   lang   the edition it is typed in;
//   query  what is typed;
//   first  pages (paths under the site) that must all be among the first `top` results
//          (`top` defaults to the number of pages in `first`);
//   not    pages that must not be among the results;
//   none   true when nothing may be found: the box must say its "no results" words.
// Every result must show a passage with a mark, and each mark of a term written without spaces
// (Chinese, Japanese, Korean) must be that whole term, not a piece of it. One line per query is
// printed; the exit status is 1 if any query fails.
import { launch } from "./browser.mjs";
import fs from "node:fs";

const [url, file] = process.argv.slice(2);
const suite = JSON.parse(fs.readFileSync(file, "utf8"));
const SAFETY_NET = 120000;
const base = new URL(url).pathname;
const unspaced = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u;
const bare = (s) => s.replace(/[\s\p{P}]/gu, "").toLowerCase();

const browser = await launch();
const failures = [];
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  for (const q of suite.queries) {
    if (!(q.lang in suite.editions)) failures.push(`${q.query}: no edition "${q.lang}" in editions`);
  }
  for (const [lang, home] of Object.entries(suite.editions)) {
    await page.goto(url + home);
    await page.locator(".site-search").waitFor({ state: "visible", timeout: SAFETY_NET });
    const none = await page.locator(".site-search").getAttribute("data-i18n-none");
    for (const q of suite.queries.filter((q) => q.lang === lang)) {
      await page.fill("#site-search-input", q.query);
      await page.waitForFunction(
        (query) => {
          const list = document.querySelector(".site-search__results");
          return !list.hidden && list.dataset.query === query;
        },
        q.query,
        { timeout: SAFETY_NET },
      );
      const shown = await page.locator(".site-search__results").evaluate((list) => ({
        hits: [...list.querySelectorAll(".site-search__hit")].map((a) => ({
          path: new URL(a.href).pathname,
          marks: [...a.querySelectorAll("mark")].map((m) => m.textContent),
        })),
        none: list.querySelector(".site-search__none")?.textContent ?? null,
      }));
      const paths = shown.hits.map((h) => h.path.slice(base.length - 1));
      const wrong = [];
      if (q.none) {
        if (paths.length) wrong.push("expected nothing");
        if (shown.none !== none.replace("{query}", q.query)) wrong.push(`no "no results" words: ${shown.none}`);
      } else {
        const top = paths.slice(0, q.top ?? (q.first ?? []).length);
        for (const p of q.first ?? []) if (!top.includes(p)) wrong.push(`${p} not in the first ${top.length}`);
        for (const p of q.not ?? []) if (paths.includes(p)) wrong.push(`${p} returned`);
        const terms = q.query.split(/\s+/).filter((t) => unspaced.test(t)).map(bare);
        for (const h of shown.hits) {
          if (!h.marks.length) wrong.push(`${h.path}: nothing marked`);
          for (const m of h.marks) {
            if (unspaced.test(m) && !terms.includes(bare(m))) wrong.push(`${h.path}: marked "${m}"`);
          }
        }
      }
      wrong.splice(0, wrong.length, ...new Set(wrong));
      if (wrong.length) failures.push(q.query);
      console.log(`${wrong.length ? "FAIL" : "ok  "} [${lang}] ${q.query} → ${paths.join(" ") || "(none)"}${wrong.length ? `\n       ${wrong.join("; ")}` : ""}`);
    }
  }
  if (errors.length) failures.push(`script errors: ${errors.join("; ")}`);
} finally {
  await browser.close();
}
console.log(`${suite.queries.length - failures.length} of ${suite.queries.length} queries as expected`);
if (failures.length) {
  console.error(`FAIL: ${failures.join(", ")}`);
  process.exit(1);
}
