// The header's search box: pagefind's index, loaded from the site's own pagefind/ folder on
// first use (so it works under any base path and offline). `/` or Ctrl+K (⌘K) focuses the box,
// the arrow keys move through the results, Escape closes them. Each result links to the section
// holding the best match and shows that passage with the query's words marked.
const box = document.querySelector(".site-search");
if (box) {
  const input = box.querySelector("input");
  const list = box.querySelector(".site-search__results");
  let pagefind = null;
  let latest = 0;
  let timer = 0;

  const load = async () => {
    if (!pagefind) {
      pagefind = await import(new URL("pagefind.js", new URL(box.dataset.bundle, location.href)).href);
      await pagefind.options({ excerptLength: 36 });
      pagefind.init();
    }
    return pagefind;
  };

  // Pagefind's excerpts are text with <mark> around the hits: keep exactly that, as DOM nodes.
  const passage = (html) => {
    const out = document.createElement("p");
    out.className = "site-search__passage";
    const parsed = new DOMParser().parseFromString(html, "text/html");
    for (const node of parsed.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(node.textContent);
      }
    }
    return out;
  };

  // The part of the page holding most of the hits (a section under a heading), else the page.
  const best = (data) => {
    const subs = (data.sub_results || []).filter((s) => s.locations && s.locations.length);
    subs.sort((a, b) => b.locations.length - a.locations.length);
    return subs[0] || { url: data.url, title: data.meta.title, excerpt: data.excerpt };
  };

  const show = (query, items) => {
    list.replaceChildren();
    if (!items.length) {
      const none = document.createElement("p");
      none.className = "site-search__none";
      // The words come from the page (the theme's i18n table), in the page's language.
      none.textContent = (box.dataset.i18nNone || "").replace("{query}", query);
      list.append(none);
    } else {
      const ol = document.createElement("ol");
      for (const data of items) {
        const part = best(data);
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = part.url;
        a.className = "site-search__hit";
        const title = document.createElement("span");
        title.className = "site-search__title";
        title.textContent = data.meta.title || data.url;
        a.append(title);
        if (part.title && part.title !== data.meta.title) {
          const where = document.createElement("span");
          where.className = "site-search__section";
          where.textContent = part.title;
          a.append(where);
        }
        a.append(passage(part.excerpt || data.excerpt));
        li.append(a);
        ol.append(li);
      }
      list.append(ol);
    }
    list.hidden = false;
  };

  const search = async () => {
    const query = input.value.trim();
    const id = ++latest;
    if (!query) {
      list.hidden = true;
      list.replaceChildren();
      return;
    }
    const pf = await load();
    const found = await pf.search(query);
    if (id !== latest) return;
    const items = await Promise.all(found.results.slice(0, 8).map((r) => r.data()));
    if (id !== latest) return;
    show(query, items);
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  input.addEventListener("focus", () => { load(); if (list.childNodes.length) list.hidden = false; });

  const hits = () => [...list.querySelectorAll("a")];
  box.addEventListener("keydown", (e) => {
    const all = hits();
    const at = all.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && all.length) {
      e.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (e.key === "ArrowUp" && all.length) {
      e.preventDefault();
      (at <= 0 ? input : all[at - 1]).focus();
    } else if (e.key === "Escape") {
      list.hidden = true;
      input.blur();
    }
  });
  document.addEventListener("click", (e) => { if (!box.contains(e.target)) list.hidden = true; });
  document.addEventListener("keydown", (e) => {
    const typing = e.target.closest && e.target.closest("input, textarea, select, [contenteditable]");
    if ((e.key === "k" && (e.ctrlKey || e.metaKey)) || (e.key === "/" && !typing && !e.altKey)) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  box.hidden = false;
}
