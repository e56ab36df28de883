// A built site served as GitHub Pages serves a project site, and its pages: what the browser
// tests (quality.mjs, shift.mjs) walk.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

export const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg" };

// A static server for PUBLIC_DIR under BASE_PATH, like a GitHub Pages project site; a missing
// file gets the site's 404 page.
export function serve(publicDir, base) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(base)) { res.writeHead(404).end(); return; }
    rel = rel.slice(base.length);
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(publicDir, rel);
    if (!file.startsWith(path.resolve(publicDir)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { "content-type": types[".html"] }).end(fs.readFileSync(path.join(publicDir, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// Every HTML page of the site as a URL path under BASE_PATH; redirect stubs (aliases) are left out.
export function pages(publicDir, base) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".html")) {
        if (fs.readFileSync(full, "utf8").includes('http-equiv="refresh"')) continue;
        const rel = path.relative(publicDir, full).split(path.sep).join("/");
        found.push(base + rel.replace(/(^|\/)index\.html$/, "$1"));
      }
    }
  };
  walk(publicDir);
  return found;
}
