// Lighthouse on a built dossier, as a phone sees it (Lighthouse's default: mobile emulation and
// simulated throttling), in Debian's Chromium. Driven by tests/testsuite/lighthouse.rs and by
// bench/lighthouse.sh:
//   node lighthouse.mjs PUBLIC_DIR BASE_URL [--report]
// BASE_URL is the base URL the site was built with, on this machine (http://127.0.0.1:PORT/dossier/):
// the script serves PUBLIC_DIR there, audits the home, consensus, timeline and source pages in
// each language (the default's and /en/) and prints the four scores of each page. It exits non-zero
// unless accessibility, best practices and SEO are 100 on every page, naming the failing audits;
// performance is printed, never asserted (it depends on the machine). --report only prints.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [publicDir, baseUrl, flag] = process.argv.slice(2);
if (!publicDir || !/^http:\/\/127\.0\.0\.1:\d+\/.*\/$|^http:\/\/127\.0\.0\.1:\d+\/$/.test(baseUrl ?? "")) {
  console.error("usage: node lighthouse.mjs PUBLIC_DIR http://127.0.0.1:PORT/BASE/ [--report]");
  process.exit(2);
}
const reportOnly = flag === "--report";
const base = new URL(baseUrl);
const PAGES = ["", "consensus/", "timeline/", "source/"];
const LANGUAGES = ["", "en/"];
const ASSERTED = ["accessibility", "best-practices", "seo"];
const CATEGORIES = ["performance", ...ASSERTED];

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
  ".png": "image/png", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm" };

// PUBLIC_DIR under the base path, as GitHub Pages serves a project site: a folder's index.html,
// the site's 404.html with status 404 for anything else.
function handle(req, res) {
  const wanted = decodeURIComponent(new URL(req.url, base).pathname);
  const inside = wanted.startsWith(base.pathname) ? wanted.slice(base.pathname.length) : null;
  let file = inside === null ? null : path.join(publicDir, inside);
  if (file && !path.resolve(file).startsWith(path.resolve(publicDir))) file = null;
  if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!file || !fs.existsSync(file)) {
    res.writeHead(404, { "content-type": types[".html"] });
    res.end(fs.readFileSync(path.join(publicDir, "404.html")));
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
  res.end(fs.readFileSync(file));
}

const server = http.createServer(handle);
await new Promise((resolve) => server.listen(Number(base.port), "127.0.0.1", resolve));
// Flags from NOTES.md: root without a sandbox, and quiet on a closed network.
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const failures = [];
try {
  for (const lang of LANGUAGES) {
    for (const page of PAGES) {
      const url = new URL(lang + page, base).href;
      const started = Date.now();
      const result = await lighthouse(url, { port: chrome.port, logLevel: "error", onlyCategories: CATEGORIES });
      const lhr = result.lhr;
      if (lhr.runtimeError) failures.push(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${base.pathname}${lang}${page}  ` + CATEGORIES.map((id) => `${id} ${score(id)}`).join("  ") + `  (${seconds} s)`);
      for (const id of ASSERTED) {
        if (score(id) === 100) continue;
        // The audits that cost the points, with what Lighthouse says of them.
        const lost = lhr.categories[id].auditRefs
          .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
          .map((ref) => {
            const audit = lhr.audits[ref.id];
            const items = (audit.details?.items ?? []).slice(0, 3).map((item) => JSON.stringify(item).slice(0, 300));
            return `${ref.id}: ${audit.title}${items.length ? "\n      " + items.join("\n      ") : ""}`;
          });
        failures.push(`${url}: ${id} ${score(id)}\n    ${lost.join("\n    ")}`);
      }
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
if (failures.length && !reportOnly) {
  console.error(`\n${failures.length} failure(s):\n${failures.join("\n")}`);
  process.exit(1);
}
console.log(reportOnly ? "report only: nothing asserted" : "accessibility, best practices and SEO are 100 on every page audited");
