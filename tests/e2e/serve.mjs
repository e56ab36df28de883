// End-to-end test of `dossier serve` in headless Chromium, driven by the Rust test
// tests/testsuite/serve.rs, which copies a fixture site, starts the server and passes:
//   node serve.mjs SITE_URL SITE_ROOT
// Each step edits the site's files the way an editor would and waits for the open page to change
// without any reload by hand. Exits non-zero with a message on the first failure.
//
// No step waits on a clock. Each waits for the server's own word on the page's live-reload
// websocket (`reload`, `css` or `error`, read from the browser's network events), then for the
// page to show the change; SAFETY_NET only fails a step whose server or page never gets there.
import { launch } from "./browser.mjs";
import fs from "node:fs";
import path from "node:path";

const [url, root] = process.argv.slice(2);
const file = (p) => path.join(root, p);
const timings = [];
const SAFETY_NET = 120000;

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

// The page's live-reload websocket as the browser sees it (through Chromium's DevTools protocol,
// whose session outlives the page's reloads): whether the page's current document has it open, and
// the messages it receives. Events of one session arrive in order, so a handshake after a reload
// message is the reloaded document's.
async function liveReload(page) {
  const cdp = await page.context().newCDPSession(page);
  let connected = false;
  let waiters = [];
  const settle = () => {
    waiters = waiters.filter((w) => !w());
  };
  const path = () => new URL(page.url()).pathname;
  // Whether a message makes the page reload (livereload.js's own rule).
  const reloads = (m) => m.kind === "reload" && (!m.only || m.only.includes(path()));
  let last = null;
  cdp.on("Network.webSocketHandshakeResponseReceived", () => { connected = true; settle(); });
  cdp.on("Network.webSocketFrameReceived", (e) => {
    last = JSON.parse(e.response.payloadData);
    if (reloads(last)) connected = false;
    settle();
    last = null;
  });
  await cdp.send("Network.enable");
  const within = (what, promise) => {
    let timer;
    const net = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} (nothing in ${SAFETY_NET / 1000} s)`)), SAFETY_NET);
    });
    return Promise.race([promise, net]).finally(() => clearTimeout(timer));
  };
  return {
    // Resolves once the page's current document has its websocket open, so that no message of the
    // next step can go to a document that is going away.
    connected: () => within("the page's live-reload websocket never opened",
      new Promise((resolve) => {
        if (connected) return resolve();
        waiters.push(() => (connected ? (resolve(), true) : false));
      })),
    // Resolves with the first message of `kind` that arrives after the call and concerns the page
    // (a reload limited to other paths, as after the print document is rendered, does not).
    next: (kind) => within(`the server sent no "${kind}"`,
      new Promise((resolve) => {
        waiters.push(() => {
          if (!last || last.kind !== kind || (kind === "reload" && !reloads(last))) return false;
          resolve(last);
          return true;
        });
      })),
  };
}

// Wait for the server's `signal` (or none) after `action`, then for the page to pass `check`.
async function step(name, signal, action, check) {
  await server.connected().catch((e) => fail(`${name}: ${e.message}`));
  const started = Date.now();
  const said = signal ? server.next(signal) : Promise.resolve();
  await action();
  let heard;
  try {
    await said;
    heard = Date.now() - started;
    await check();
  } catch (e) {
    fail(`${name}: ${e.message.split("\n")[0]}`);
  }
  const signalled = signal ? `${signal} after ${heard} ms, ` : "";
  timings.push(`${name}: ${signalled}shown after ${Date.now() - started} ms`);
  console.log(`ok - ${name}`);
}

// Save like an editor that writes a temporary file and renames it over the original.
function saveByRename(p, text) {
  const tmp = file(p) + ".tmp";
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file(p));
}

let server;
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const external = [];
  page.on("request", (r) => { if (!r.url().startsWith(url.replace(/\/[^/]*\/?$/, "")) && !r.url().startsWith("ws://") && !r.url().startsWith("data:")) external.push(r.url()); });
  server = await liveReload(page);
  await page.goto(url + "a/");
  if ((await page.locator("h1").textContent()) !== "甲") fail("the page did not load");
  await page.evaluate(() => { window.__notReloaded = true; });

  const original = fs.readFileSync(file("content/a.md"), "utf8");
  await step("an edit shows in the open page", "reload",
    async () => fs.writeFileSync(file("content/a.md"), original.replace("斐洛里庄园很美", "斐洛里庄园很美，这句是刚改的")),
    async () => page.getByText("这句是刚改的").waitFor({ timeout: SAFETY_NET }));

  await step("a save by rename (vim, JetBrains) shows too", "reload",
    async () => saveByRename("content/a.md", original.replace("斐洛里庄园很美", "斐洛里庄园很美，换名保存")),
    async () => page.getByText("换名保存").waitFor({ timeout: SAFETY_NET }));

  await step("broken front matter shows the overlay with file:line:col", "error",
    async () => fs.writeFileSync(file("content/a.md"), original.replace('title = "甲"', 'title = "甲')),
    async () => {
      const overlay = page.locator("#dossier-error-overlay");
      await overlay.waitFor({ timeout: SAFETY_NET });
      const text = await overlay.textContent();
      if (!/content\/a\.md:\d+:\d+/.test(text)) throw new Error(`overlay without file:line:col: ${text}`);
    });

  await step("the last good page is still served while broken", null,
    async () => {},
    async () => {
      const response = await page.request.get(url + "a/");
      if (!(await response.text()).includes("换名保存")) throw new Error("the last good build is gone");
    });

  await step("fixing it removes the overlay", "reload",
    async () => fs.writeFileSync(file("content/a.md"), original.replace("斐洛里庄园很美", "斐洛里庄园很美，修好了")),
    async () => {
      await page.getByText("修好了").waitFor({ timeout: SAFETY_NET });
      if (await page.locator("#dossier-error-overlay").count()) throw new Error("the overlay stayed");
    });

  await step("a stylesheet change swaps the CSS without a reload", "css",
    async () => {
      await page.evaluate(() => { window.__notReloaded = true; });
      const css = file("themes/longform/static/style.css");
      fs.appendFileSync(css, "\nh1 { letter-spacing: 0.01em; }\n");
    },
    async () => {
      await page.waitForFunction(() => [...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href.includes("dossier-reload")), null, { timeout: SAFETY_NET });
      if (!(await page.evaluate(() => window.__notReloaded === true))) throw new Error("the page was reloaded");
    });

  await step("a new page appears and a deleted page disappears from listings", "reload",
    async () => {
      fs.writeFileSync(file("content/c.md"), '+++\ntitle = "丙"\nweight = 3\n+++\n新页面。\n');
      fs.unlinkSync(file("content/b.md"));
      // b is linked from a: drop the link so the site still builds.
      fs.writeFileSync(file("content/a.md"), original.replace("见[乙](@/b.md#sec)的说明。", "").replace('related = ["@/b.md#sec"]\n', ""));
    },
    async () => {
      // The three changes may come as more than one rebuild: wait for the page that has them all.
      await page.waitForFunction(() => {
        const nav = [...document.querySelectorAll(".site-nav a")].map((a) => a.textContent);
        return nav.includes("丙") && !nav.includes("乙");
      }, null, { timeout: SAFETY_NET }).catch(async () => {
        throw new Error(`the listing is ${await page.locator(".site-nav a").allTextContents()}`);
      });
      const gone = await page.request.get(url + "b/");
      if (gone.status() !== 404) throw new Error(`/b/ answers ${gone.status()}`);
    });

  if (external.length) fail(`requests to other hosts: ${external.join(", ")}`);
  console.log(timings.join("\n"));
} finally {
  await browser.close();
}
