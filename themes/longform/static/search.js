// The header's search box: pagefind's index, loaded from the site's own pagefind/ folder on
// first use (so it works under any base path and offline). `/` or Ctrl+K (⌘K) focuses the box,
// the arrow keys move through the results, Escape closes them. Each result links to the section
// holding the match and shows that passage with the query's words marked.
//
// Pagefind ranks; this script decides what matches. Pagefind splits a Chinese word it does not
// know into single characters and drops those that match nothing, so a three-character word on no page would find any page holding its middle character. Here
// every space-separated term must match, and a term holding characters of a script written without
// spaces between words (Han, kana, Hangul, Thai, Lao, Khmer, Myanmar: decided from the characters,
// not from the page's language) must appear in the text as written, in sequence. Other terms are
// words, matched as pagefind matches them (case and stemming). Pages that fail are dropped; the
// rest keep pagefind's order.
const UNSPACED =
  "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}";
const unspaced = new RegExp(`[${UNSPACED}]`, "u");
// A letter, digit or combining mark of a spaced script: what may not touch a word's edge.
const SPACED_WORD = `(?:(?![${UNSPACED}])[\\p{L}\\p{N}\\p{M}])`;
const SHOWN = 8;
// A site of at most this many pages is read whole for a term pagefind cannot find (see `find`).
const FULL_SCAN = 300;

// Between two letters of a term the text may hold spaces (a Latin name beside Chinese is often
// spaced) and punctuation that does not end a sentence (quotes, brackets, enumeration and other commas), in the
// query or in the text: a phrase typed plainly finds it where the text quotes part of it. A
// sentence's end (and the ". " pagefind puts between blocks) is never crossed.
const BETWEEN = "(?:(?!\\p{Sentence_Terminal})[\\s\\p{P}])*";

// One query term as a pattern over the page's text: its letters and digits in order, BETWEEN
// them. A spaced word must start at a word's edge; as a highlight it also covers the rest of the
// word (pagefind's stemming).
const pattern = (term, flags) => {
  // Letters, digits and marks only, so nothing in a unit needs escaping. A mark stays with its
  // letter: the vowel signs of Thai or Khmer, an accent typed as a combining character.
  const units = term.match(new RegExp(`[${UNSPACED}]\\p{M}*|${SPACED_WORD}+|[^\\p{L}\\p{N}\\p{M}]+`, "gu")) || [];
  let source = "";
  let edge = "";
  for (const unit of units) {
    if (!/[\p{L}\p{N}\p{M}]/u.test(unit)) continue;
    if (source) source += BETWEEN;
    else if (!unspaced.test(unit)) edge = `(?<!${SPACED_WORD})`;
    source += unit;
  }
  if (!source) return null;
  const spaced = !unspaced.test(term);
  return new RegExp(edge + source + (spaced ? `${SPACED_WORD}*` : ""), flags);
};

// The query's terms, composed as text is (an accent typed as a combining mark matches é).
// Exported for tests/e2e/search-terms.mjs, which checks the rules without a browser.
export const termsOf = (query) =>
  query
    .normalize("NFC")
    .split(/\s+/u)
    .map((text) => ({ text, phrase: unspaced.test(text), find: pattern(text, "iu"), all: pattern(text, "giu") }))
    .filter((t) => t.find);

// Pagefind's results for the query, narrowed to pages where every term matches, in pagefind's
// order, at most SHOWN of them, each with its data. `stale()` stops the scan when a newer query has
// started. With several terms, each is also searched alone, and a page must be among the results
// of every one: pagefind's answer to the whole query drops a term it cannot find (a found word and
// an absent one would offer every page on the found word), and a term that finds no page alone rules every page out
// without reading one. Pages are then read a few at a time, only until SHOWN have matched, to
// check each term written without spaces in their text (and title).
// What a term is looked for in: the page's text, and its title when the text does not start with
// it (a theme may leave the h1 out of what is indexed).
const searched = (data) => {
  const title = data.meta.title || "";
  return data.content.startsWith(title) ? data.content : `${title}. ${data.content}`;
};

const find = async (pf, query, terms, stale) => {
  const alone = terms.length > 1 ? terms.map((t) => t.text) : [];
  let [whole, ...each] = await Promise.all([query, ...alone].map((q) => pf.search(q)));
  // Pagefind finds a character only where a word starts with it: the second character of a
  // two-character word, alone, finds nothing. When a term written without spaces finds no page, a small site is read whole.
  const empty = (r, i) => !r.results.length && (terms.length > 1 ? terms[i].phrase : terms[0].phrase);
  if ((empty(whole, 0) && terms.length === 1) || each.some(empty)) {
    const every = await pf.search(null);
    if (every.results.length <= FULL_SCAN) {
      if (terms.length === 1) whole = every;
      each = each.map((r, i) => (empty(r, i) ? every : r));
      if (!whole.results.length) whole = every;
    }
  }
  const sets = each.map((r) => new Set(r.results.map((x) => x.id)));
  // Pagefind's order for the whole query first, then pages it left out of it that hold every term.
  const seen = new Set(whole.results.map((r) => r.id));
  const candidates = whole.results
    .concat(each.length ? each[0].results.filter((r) => !seen.has(r.id)) : [])
    .filter((r) => sets.every((ids) => ids.has(r.id)));
  if (stale()) return null;
  const phrases = terms.filter((t) => t.phrase);
  const found = [];
  for (let at = 0; at < candidates.length && found.length < SHOWN; at += SHOWN) {
    const batch = await Promise.all(candidates.slice(at, at + SHOWN).map((r) => r.data()));
    if (stale()) return null;
    for (const data of batch) {
      const text = searched(data);
      if (found.length < SHOWN && phrases.every((t) => t.find.test(text))) found.push(data);
    }
  }
  return found;
};

// The heading a place in the text searched falls under: pagefind's anchors (headings with an id)
// found in order in the text. The page's own title (its h1) is the page itself.
const section = (data, text, offset) => {
  let under = { url: data.url, title: data.meta.title };
  let from = 0;
  const headings = (data.anchors || [])
    .filter((a) => /^h[1-6]$/i.test(a.element) && a.id && a.text)
    .sort((a, b) => a.location - b.location);
  for (const a of headings) {
    const at = text.indexOf(a.text.trim(), from);
    if (at < 0) continue;
    if (at > offset) break;
    from = at + a.text.length;
    if (a.element.toLowerCase() !== "h1") under = { url: `${data.url}#${a.id}`, title: a.text.trim() };
  }
  return under;
};

// The passage around a place in the text, with every term's matches in it marked.
const BEFORE = 20;
const LENGTH = 90;
const marked = (text, terms) => {
  const spans = [];
  for (const t of terms) {
    for (const m of text.matchAll(t.all)) if (m[0].length) spans.push([m.index, m.index + m[0].length]);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out = document.createElement("p");
  out.className = "site-search__passage";
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    out.append(text.slice(at, start));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    out.append(mark);
    at = end;
  }
  out.append(text.slice(at));
  return out;
};

const around = (data, terms) => {
  const text = searched(data);
  // The first match after the page's title (shown above the passage already), else in it.
  const phrase = new RegExp(terms.find((t) => t.phrase).find.source, "giu");
  const title = data.meta.title && text.startsWith(data.meta.title) ? data.meta.title.length : 0;
  phrase.lastIndex = title;
  let first = phrase.exec(text);
  if (!first) {
    phrase.lastIndex = 0;
    first = phrase.exec(text);
  }
  let start = Math.max(0, first.index - BEFORE);
  // Begin at the block the match is in when it starts within reach (pagefind ends blocks with ". ").
  const block = text.lastIndexOf(". ", first.index);
  if (block >= start) start = block + 2;
  const end = Math.max(start + LENGTH, first.index + first[0].length);
  const part = section(data, text, first.index);
  const cut = text.slice(start, end);
  const passage = marked(cut, terms);
  if (start > 0) passage.prepend("…");
  if (end < text.length) passage.append("…");
  return { url: part.url, title: part.title, passage };
};

// Pagefind's excerpts are text with <mark> around the hits: keep exactly that, as DOM nodes.
const parsed = (html) => {
  const out = document.createElement("p");
  out.className = "site-search__passage";
  const doc = new DOMParser().parseFromString(html, "text/html");
  for (const node of doc.body.childNodes) {
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

// Words only: the part of the page holding most of pagefind's hits (a section under a heading),
// else the page, with pagefind's own excerpt.
const best = (data) => {
  const subs = (data.sub_results || []).filter((s) => s.locations && s.locations.length);
  subs.sort((a, b) => b.locations.length - a.locations.length);
  const part = subs[0] || { url: data.url, title: data.meta.title, excerpt: data.excerpt };
  return { url: part.url, title: part.title, passage: parsed(part.excerpt || data.excerpt) };
};

const box = globalThis.document?.querySelector(".site-search");
if (box) {
  const input = box.querySelector("input");
  const list = box.querySelector(".site-search__results");
  let loading = null;
  let latest = 0;
  let timer = 0;

  // Loaded once, however many searches start before it is. A large site's index comes in shards:
  // shards.json lists, per language (in lower case, as pagefind keys them), those beyond the first
  // holding its pages; each is merged into the first once, in the page's language.
  const load = () => {
    loading ??= (async () => {
      const bundle = new URL(box.dataset.bundle, location.href);
      const pagefind = await import(new URL("pagefind.js", bundle).href);
      const options = { excerptLength: 36 };
      await pagefind.options(options);
      pagefind.init();
      const language = (document.documentElement.lang || "unknown").toLowerCase();
      const shards = await fetch(new URL("shards.json", bundle))
        .then((r) => (r.ok ? r.json() : {}))
        .catch(() => ({}));
      const mine = shards[language] || [];
      await Promise.all(mine.map((shard) => pagefind.mergeIndex(new URL(shard, bundle).href, { ...options, language })));
      return pagefind;
    })();
    return loading;
  };

  const show = (query, terms, items) => {
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
        const part = terms.some((t) => t.phrase) ? around(data, terms) : best(data);
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
        a.append(part.passage);
        li.append(a);
        ol.append(li);
      }
      list.append(ol);
    }
    // Which query the list answers (the recall suite waits for it).
    list.dataset.query = query;
    list.hidden = false;
  };

  const search = async () => {
    const query = input.value.trim();
    const id = ++latest;
    if (!query) {
      list.hidden = true;
      list.replaceChildren();
      delete list.dataset.query;
      return;
    }
    const terms = termsOf(query);
    const pf = await load();
    const items = terms.length ? await find(pf, query, terms, () => id !== latest) : [];
    if (items === null || id !== latest) return;
    show(query, terms, items);
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
