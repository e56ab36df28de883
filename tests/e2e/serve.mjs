// End-to-end test of `dossier serve` in headless Chromium, driven by the Rust test
// tests/testsuite/serve.rs, which copies a fixture site, starts the server and passes:
//   node serve.mjs SITE_URL SITE_ROOT
// Each step edits the site's files the way an editor would and waits for the open page to change
// without any reload by hand. Exits non-zero with a message on the first failure.
import { launch } from "./browser.mjs";
import fs from "node:fs";
import path from "node:path";

const [url, root] = process.argv.slice(2);
const file = (p) => path.join(root, p);
const timings = [];

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

async function step(name, action, check) {
  const started = Date.now();
  await action();
  try {
    await check();
  } catch (e) {
    fail(`${name}: ${e.message.split("\n")[0]}`);
  }
  timings.push(`${name}: ${Date.now() - started} ms`);
  console.log(`ok - ${name}`);
}

// Save like an editor that writes a temporary file and renames it over the original.
function saveByRename(p, text) {
  const tmp = file(p) + ".tmp";
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file(p));
}

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const external = [];
  page.on("request", (r) => { if (!r.url().startsWith(url.replace(/\/[^/]*\/?$/, "")) && !r.url().startsWith("ws://") && !r.url().startsWith("data:")) external.push(r.url()); });
  await page.goto(url + "a/");
  if ((await page.locator("h1").textContent()) !== "甲") fail("the page did not load");
  await page.evaluate(() => { window.__notReloaded = true; });

  const original = fs.readFileSync(file("content/a.md"), "utf8");
  await step("an edit shows in the open page",
    async () => fs.writeFileSync(file("content/a.md"), original.replace("斐洛里庄园很美", "斐洛里庄园很美，这句是刚改的")),
    async () => page.getByText("这句是刚改的").waitFor({ timeout: 10000 }));

  await step("a save by rename (vim, JetBrains) shows too",
    async () => saveByRename("content/a.md", original.replace("斐洛里庄园很美", "斐洛里庄园很美，换名保存")),
    async () => page.getByText("换名保存").waitFor({ timeout: 10000 }));

  await step("broken front matter shows the overlay with file:line:col",
    async () => fs.writeFileSync(file("content/a.md"), original.replace('title = "甲"', 'title = "甲')),
    async () => {
      const overlay = page.locator("#dossier-error-overlay");
      await overlay.waitFor({ timeout: 10000 });
      const text = await overlay.textContent();
      if (!/content\/a\.md:\d+:\d+/.test(text)) throw new Error(`overlay without file:line:col: ${text}`);
    });

  await step("the last good page is still served while broken",
    async () => {},
    async () => {
      const response = await page.request.get(url + "a/");
      if (!(await response.text()).includes("换名保存")) throw new Error("the last good build is gone");
    });

  await step("fixing it removes the overlay",
    async () => fs.writeFileSync(file("content/a.md"), original.replace("斐洛里庄园很美", "斐洛里庄园很美，修好了")),
    async () => {
      await page.getByText("修好了").waitFor({ timeout: 10000 });
      if (await page.locator("#dossier-error-overlay").count()) throw new Error("the overlay stayed");
    });

  await step("a stylesheet change swaps the CSS without a reload",
    async () => {
      await page.evaluate(() => { window.__notReloaded = true; });
      const css = file("themes/longform/static/style.css");
      fs.appendFileSync(css, "\nh1 { letter-spacing: 0.01em; }\n");
    },
    async () => {
      await page.waitForFunction(() => [...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href.includes("dossier-reload")), null, { timeout: 10000 });
      if (!(await page.evaluate(() => window.__notReloaded === true))) throw new Error("the page was reloaded");
    });

  await step("a new page appears and a deleted page disappears from listings",
    async () => {
      fs.writeFileSync(file("content/c.md"), '+++\ntitle = "丙"\nweight = 3\n+++\n新页面。\n');
      fs.unlinkSync(file("content/b.md"));
      // b is linked from a: drop the link so the site still builds.
      fs.writeFileSync(file("content/a.md"), original.replace("见[乙](@/b.md#sec)的说明。", "").replace('related = ["@/b.md#sec"]\n', ""));
    },
    async () => {
      await page.waitForFunction(() => [...document.querySelectorAll(".site-nav a")].some((a) => a.textContent === "丙"), null, { timeout: 10000 });
      const nav = await page.locator(".site-nav a").allTextContents();
      if (nav.includes("乙")) throw new Error(`the deleted page is still listed: ${nav}`);
      const gone = await page.request.get(url + "b/");
      if (gone.status() !== 404) throw new Error(`/b/ answers ${gone.status()}`);
    });

  if (external.length) fail(`requests to other hosts: ${external.join(", ")}`);
  console.log(timings.join("\n"));
} finally {
  await browser.close();
}
