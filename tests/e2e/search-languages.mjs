// Search on a site in several languages, in headless Chromium, driven by
// tests/testsuite/languages.rs, which builds a bilingual site, serves it and passes:
//   node search-languages.mjs SITE_URL QUERY PATH...
// For each home PATH (`""`, `en/`) the page's own pagefind bundle answers QUERY as the search box
// would (pagefind picks the index of the page's <html lang>), and the result URLs of every path
// are printed as one JSON object on stdout.
import { launch } from "./browser.mjs";

const [url, query, ...paths] = process.argv.slice(2);
const SAFETY_NET = 120000;

const browser = await launch();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const out = {};
  for (const home of paths) {
    await page.goto(url + home);
    await page.locator(".site-search").waitFor({ state: "visible", timeout: SAFETY_NET });
    out[home] = await page.evaluate(async (query) => {
      const bundle = document.querySelector(".site-search").dataset.bundle;
      const pagefind = await import(new URL("pagefind.js", new URL(bundle, location.href)).href);
      pagefind.init();
      const found = await pagefind.search(query);
      const data = await Promise.all(found.results.map((r) => r.data()));
      return data.map((d) => d.url);
    }, query);
  }
  if (errors.length) {
    console.error(`FAIL: script errors: ${errors.join("; ")}`);
    process.exit(1);
  }
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
}
