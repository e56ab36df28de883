// The page holds still, driven by tests/testsuite/quality.rs:
//   node shift.mjs PUBLIC_DIR BASE_PATH
// PUBLIC_DIR is a built site whose URLs start with BASE_PATH (e.g. /dossier/). Every page, at 360
// and 1280 px:
// - the layout-shift entries a PerformanceObserver holds (buffered) once the page has loaded and
//   search.js has shown the search box add up to 0;
// - the header is as tall before search.js runs (the script refused, as for a reader without
//   JavaScript) as after, since the box's space is reserved from the first paint;
// - at 1280 px the nav shows every link: on its own row under the title, the languages and the
//   box, its links on one line and none of them scrolled out of sight;
// - no part of the header, the layout or the article moves when a part written after it arrives,
//   as when the browser paints a page it has only read in part (a slow phone): each part stands
//   where it stands in the whole page with only the parts before it in the document;
// - at every width the nav's links stay on one line (a nav longer than its room, the English one at
//   360 px, scrolls inside its own box) and nothing makes the page overflow sideways.
// Prints one line per page and width, and exits non-zero with every failure listed.
import { launch } from "./browser.mjs";
import { pages, serve } from "./site.mjs";

const [publicDir, base] = process.argv.slice(2);
if (!publicDir || !base?.startsWith("/") || !base.endsWith("/")) {
  console.error("usage: node shift.mjs PUBLIC_DIR BASE_PATH   (BASE_PATH like /dossier/)");
  process.exit(2);
}
const WIDTHS = [360, 1280];
const failures = [];

// The header's height, whether the nav's links share one top, and how far the nav's list scrolls
// (0 when every link is in sight).
const HEADER = () => {
  const inner = document.querySelector(".site-header__inner");
  const list = inner.querySelector(".site-nav ul");
  const tops = new Set([...inner.querySelectorAll(".site-nav li")].map((li) => Math.round(li.getBoundingClientRect().top)));
  const root = document.documentElement;
  return {
    height: document.querySelector(".site-header").getBoundingClientRect().height,
    navOneLine: tops.size <= 1,
    navHidden: list.scrollWidth - list.clientWidth,
    overflow: root.scrollWidth - root.clientWidth,
  };
};

// The parts that stand elsewhere while the parts after them are missing, as a browser that paints
// a page before it has read all of it would show them: the children of each of `containers` (the
// header's, the layout's, the article's), the first k of them kept for each k up to ten, each
// compared with where it stands in the whole page; then everything is put back.
const PARTIAL = (containers) => {
  const name = (e) => e.localName + [...e.classList].map((c) => "." + c).join("");
  // Where it stands, as a layout shift counts it: a box that only grows or shrinks has not moved.
  const box = (e) => { const r = e.getBoundingClientRect(); return `${Math.round(r.x)},${Math.round(r.y + scrollY)}`; };
  const moved = [];
  for (const container of containers.map((s) => document.querySelector(s)).filter(Boolean)) {
    const parts = [...container.children].filter((e) => e.localName !== "script");
    const whole = parts.map(box);
    for (let k = 1; k < Math.min(parts.length, 11); k++) {
      const gone = parts.slice(k).map((part) => [part, part.nextSibling]);
      for (const [part] of gone) part.remove();
      for (let i = 0; i < k; i++) {
        const before = box(parts[i]);
        if (before !== whole[i]) moved.push(`${name(parts[i])} stands at ${before} until ${name(parts[k])} arrives, then at ${whole[i]}`);
      }
      for (const [part, next] of gone.reverse()) container.insertBefore(part, next);
    }
  }
  return moved;
};

// The layout shifts recorded since navigation, input-driven ones aside, and what moved: each
// source's element and its box before and after, so a failure says where to look.
const SHIFTS = () => new Promise((resolve) => {
  let sum = 0;
  const moved = [];
  const name = (node) => !node ? "?" : node.nodeType !== 1 ? `text in ${name(node.parentElement)}`
    : node.localName + (node.id ? "#" + node.id : "") + [...node.classList].map((c) => "." + c).join("");
  const box = (r) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      sum += e.value;
      for (const s of e.sources || []) moved.push(`${name(s.node)} ${box(s.previousRect)} -> ${box(s.currentRect)} at ${Math.round(e.startTime)} ms`);
    }
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve({ sum, moved }), 100);
});

const server = await serve(publicDir, base);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
try {
  const withJs = await browser.newContext();
  const withoutSearch = await browser.newContext();
  for (const context of [withJs, withoutSearch]) {
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (!url.startsWith(origin + "/")) return route.abort();
      if (context === withoutSearch && /\/search(\.[0-9a-f]+)?\.js$/.test(url)) return route.abort();
      return route.continue();
    });
  }
  const after = await withJs.newPage();
  const before = await withoutSearch.newPage();
  let checked = 0;
  for (const width of WIDTHS) {
    await after.setViewportSize({ width, height: 800 });
    await before.setViewportSize({ width, height: 800 });
    for (const url of pages(publicDir, base)) {
      await before.goto(origin + url, { waitUntil: "load" });
      const still = await before.evaluate(HEADER);
      await after.goto(origin + url, { waitUntil: "load" });
      const searched = await after.locator(".site-search").count();
      if (searched) await after.waitForSelector(".site-search:not([hidden])", { state: "attached" });
      await after.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const shown = await after.evaluate(HEADER);
      const { sum: shift, moved } = await after.evaluate(SHIFTS);
      const parts = [".site-header__inner", "main > .layout", "main .article"];
      for (const m of await after.evaluate(PARTIAL, parts)) failures.push(`${url} @${width}: ${m}`);
      // Exponent notation: a shift too small for four decimals still fails, and shows.
      const line = `${url} @${width}: header ${still.height} -> ${shown.height} px, layout shift ${shift ? shift.toExponential(2) : 0}`;
      console.log(line + (shown.navHidden > 0 ? `, ${shown.navHidden} px of the nav out of sight` : ""));
      if (shift > 0) failures.push(`${line}: the page moves (${moved.join("; ") || "no source given"})`);
      if (!shown.navOneLine || !still.navOneLine) failures.push(`${url} @${width}: the nav's links wrap onto a second line`);
      if (shown.overflow > 0 || still.overflow > 0) failures.push(`${url} @${width}: ${Math.max(shown.overflow, still.overflow)} px of sideways overflow`);
      if (Math.abs(still.height - shown.height) > 0.5) failures.push(`${line}: the header grows when search.js runs`);
      if (width >= 1280 && Math.max(shown.navHidden, still.navHidden) > 0) failures.push(`${url} @${width}: ${shown.navHidden} px of the nav's links are out of sight`);
      checked += 1;
    }
  }
  if (!checked) failures.push("no page checked");
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.log(`\n${failures.length} failure(s):\n${failures.join("\n")}`);
  process.exit(1);
}
console.log("no layout shift, every nav link in sight at 1280 px");
