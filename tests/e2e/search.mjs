// Search in headless Chromium, driven by tests/testsuite/publish.rs, which builds the shipped
// dossier under a subpath, serves it and passes:
//   node search.mjs SITE_URL QUERIES_JSON [SCREENSHOT_DIR]
// QUERIES_JSON is a list of queries. For each one the page's own pagefind bundle (the JS and WASM
// the search box uses) answers, and the top five result URLs are printed as JSON on stdout. Then
// the box itself is driven with the keyboard and its result list checked (and photographed).
import { launch } from "./browser.mjs";
import fs from "node:fs";
import path from "node:path";

const [url, queriesFile, shots] = process.argv.slice(2);
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));

// Every wait below ends when what it waits for happens; this only fails a page that never gets
// there (a fixed 10 s could run out while a debug build of the tests loads the machine).
const SAFETY_NET = 120000;

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const origin = new URL(url).origin;
  const elsewhere = [];
  const errors = [];
  page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) elsewhere.push(r.url()); });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url + "overview/");
  const box = page.locator(".site-search");
  await box.waitFor({ state: "visible", timeout: SAFETY_NET });

  // Every query through the bundle the box loads.
  const results = await page.evaluate(async (queries) => {
    const bundle = document.querySelector(".site-search").dataset.bundle;
    const pagefind = await import(new URL("pagefind.js", new URL(bundle, location.href)).href);
    pagefind.init();
    const out = {};
    for (const q of queries) {
      const found = await pagefind.search(q);
      const top = await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
      out[q] = top.map((d) => d.url);
    }
    return out;
  }, queries);

  // The box: `/` focuses it, typing shows results with the matching passage marked.
  await page.locator("h1").click();
  await page.keyboard.press("/");
  if (!(await page.locator("#site-search-input").evaluate((e) => e === document.activeElement))) fail("/ did not focus the box");
  await page.keyboard.type("气候");
  const first = page.locator(".site-search__results li").first();
  await first.waitFor({ timeout: SAFETY_NET });
  const marked = await page.locator(".site-search__results mark").allTextContents();
  if (!marked.some((m) => m.includes("气候"))) fail(`no marked passage: ${marked}`);
  const href = await page.locator(".site-search__hit").first().getAttribute("href");
  if (!href.startsWith(new URL(url).pathname)) fail(`result outside the base path: ${href}`);
  if (shots) await page.screenshot({ path: path.join(shots, "search-results.png") });
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname.startsWith(new URL(url).pathname) && u.pathname !== new URL(url + "overview/").pathname, { timeout: SAFETY_NET });

  // Ctrl+K from anywhere, on the 404 page deep below the base path.
  await page.goto(url + "no/such/page/");
  await box.waitFor({ state: "visible", timeout: SAFETY_NET });
  await page.keyboard.press("Control+k");
  await page.keyboard.type("台湾");
  await page.locator(".site-search__results li").first().waitFor({ timeout: SAFETY_NET });
  if (shots) await page.screenshot({ path: path.join(shots, "search-404.png") });

  // Without JavaScript the box stays hidden and the page reads as before.
  const plain = await browser.newPage({ javaScriptEnabled: false });
  await plain.goto(url + "overview/");
  if (await plain.locator(".site-search").isVisible()) fail("the box shows without JavaScript");

  if (elsewhere.length) fail(`requests to other hosts: ${elsewhere.join(", ")}`);
  if (errors.length) fail(`script errors: ${errors.join("; ")}`);
  console.log(JSON.stringify(results));
} finally {
  await browser.close();
}
