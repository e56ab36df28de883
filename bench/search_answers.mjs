// How long the search box takes to answer, in headless Chromium:
//   node bench/search_answers.mjs SITE_URL QUERY...
// Types each query into the box of SITE_URL's home (after the previous one's answer) and prints
// the time from the keystroke to the answer (the box's 120 ms pause for typing included), the
// results shown and the pages pagefind had to load (fragments) to decide. A fragment already
// loaded by an earlier query is not loaded again, as in a reader's session.
import { launch } from "../tests/e2e/browser.mjs";

const [url, ...queries] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage();
  let fragments = 0;
  page.on("request", (r) => { if (r.url().includes("/fragment/")) fragments += 1; });
  await page.goto(url);
  await page.locator(".site-search").waitFor({ state: "visible" });
  console.log("query\tms\tshown\tfragments");
  for (const query of queries) {
    fragments = 0;
    const start = Date.now();
    await page.fill("#site-search-input", query);
    await page.waitForFunction((q) => document.querySelector(".site-search__results").dataset.query === q, query, {
      timeout: 600000,
    });
    const shown = await page.locator(".site-search__hit").count();
    console.log(`${query}\t${Date.now() - start}\t${shown}\t${fragments}`);
  }
} finally {
  await browser.close();
}
