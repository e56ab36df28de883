// The language switcher in headless Chromium, driven by tests/testsuite/quality.rs:
//   node languages.mjs SITE_URL
// SITE_URL is a bilingual site (zh-Hans the default, en the other) served at that URL, with a page
// `a/` translated as `en/a/`, a page `b/` with no translation, and `en/only/` with no original.
// Each step clicks the switcher as a reader does and checks where it lands: the URL and
// <html lang>. Prints one line a step; exits non-zero at the first failure.
import { launch } from "./browser.mjs";

const [url] = process.argv.slice(2);
if (!url?.endsWith("/")) {
  console.error("usage: node languages.mjs SITE_URL   (ending in /)");
  process.exit(2);
}
// Each wait ends when the page gets there; this only fails one that never does.
const SAFETY_NET = 120000;

const browser = await launch();
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const steps = [
    ["a translated page leads to its translation", "a/", "en", "en/a/"],
    ["and the translation back to its original", "en/a/", "zh-Hans", "a/"],
    ["a page without a translation leads to the other language's home", "b/", "en", "en/"],
    ["a page without an original leads to the default language's home", "en/only/", "zh-Hans", ""],
  ];
  for (const [name, from, lang, to] of steps) {
    try {
      await page.goto(url + from);
      const link = page.locator(`.site-languages a[hreflang="${lang}"]`);
      if ((await link.count()) !== 1) throw new Error(`no switcher link to ${lang} on ${from}`);
      await Promise.all([page.waitForURL(url + to, { timeout: SAFETY_NET }), link.click()]);
      const landed = await page.evaluate(() => document.documentElement.lang);
      if (landed !== lang) throw new Error(`landed on ${page.url()} with <html lang="${landed}">, not ${lang}`);
      console.log(`ok - ${name}: /${from} -> /${to} (lang ${landed})`);
    } catch (e) {
      failed = true;
      console.error(`FAIL: ${name}: ${e.message.split("\n")[0]}`);
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
