//! The full-text search index: pagefind, embedded as a library, indexes the rendered pages in
//! memory and hands back its bundle (index chunks, fragments, the search JS and the WASM with
//! Chinese segmentation), which become outputs under `pagefind/` like any other file.
//!
//! Themes decide what is indexed with pagefind's attributes: `data-pagefind-body` on the element
//! holding the article, `data-pagefind-ignore` on the parts that are not (table of contents,
//! backlinks, popovers). The pipeline decides which pages are offered at all (pages and sections,
//! not listings, redirects or the 404 page).

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::{Body, Deps, Output};

/// The folder of the bundle inside the output; the search box loads `pagefind.js` from there.
pub(crate) const BUNDLE: &str = "pagefind";

/// Whether the output at `path` is a file of the search bundle.
pub(crate) fn in_bundle(path: &str) -> bool {
    path.strip_prefix(BUNDLE).is_some_and(|rest| rest.starts_with('/'))
}

/// A rendered page to index.
pub(crate) struct Document {
    /// The site path (`/overview/`); the search script puts the base path in front.
    pub(crate) path: String,
    /// The page as rendered (shared with the preview's output, not copied; a build hands it over,
    /// so it is freed once indexed).
    pub(crate) html: bytes::Bytes,
    /// Its language, as in its `<html lang>`: shards are dealt language by language.
    pub(crate) lang: String,
}

/// Where the search script finds the shards beyond the first: for each language (in lower case,
/// as pagefind keys its indexes), the folders of the shards beyond the first that hold its pages,
/// relative to the bundle's. `{}` when there is one shard.
pub(crate) const SHARDS: &str = "shards.json";

/// Index `documents`, each in the language of its `<html lang>` (pagefind keeps an index per
/// language, and its search script loads the one of the reader's page), and return the bundle as
/// outputs.
///
/// pagefind's library indexes one page at a time under one lock, so on its own it keeps one core
/// busy. A language with more than `shard_size` documents is therefore dealt round the fewest
/// shards that hold at most that many each, one document after another, so each shard is a sample
/// of the whole (what ranking needs: each shard's word statistics look like the language's). Each
/// shard is a bundle of its own, made on a thread of its own: the first is `pagefind/` and holds
/// every language, the others are `pagefind/shard-N/` (their index files only; the first's script
/// and WebAssembly search them all), listed per language in [`SHARDS`] for the search script,
/// which merges them into the first with pagefind's `mergeIndex`. A shard must hold the reader's
/// language to be merged: pagefind answers for another language when it lacks it.
pub(crate) fn index(documents: Vec<Document>, shard_size: usize) -> Result<Vec<Output>, String> {
    let plan = Plan::new(documents, shard_size);
    let list = plan.list()?;
    let shards: Vec<(usize, Vec<Document>)> = plan.shards.into_iter().enumerate().collect();
    let mut outputs: Vec<Output> = index_shards(shards)?.into_iter().flat_map(|(_, files)| files).collect();
    outputs.push(list);
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(outputs)
}

/// The documents dealt into shards, and which shards beyond the first hold each language.
pub(crate) struct Plan {
    pub(crate) shards: Vec<Vec<Document>>,
    held: std::collections::BTreeMap<String, Vec<String>>,
}

impl Plan {
    /// Deal each language's documents round the fewest shards of at most `shard_size`, one after
    /// another: the first of every language goes to the first shard, and an edit that adds or
    /// removes no page leaves every page in its shard.
    pub(crate) fn new(documents: Vec<Document>, shard_size: usize) -> Plan {
        let mut languages: std::collections::BTreeMap<String, Vec<Document>> = std::collections::BTreeMap::new();
        for document in documents {
            languages.entry(document.lang.to_lowercase()).or_default().push(document);
        }
        let mut shards: Vec<Vec<Document>> = vec![Vec::new()];
        let mut held = std::collections::BTreeMap::new();
        for (lang, documents) in languages {
            let count = documents.len().div_ceil(shard_size.max(1)).max(1);
            if shards.len() < count {
                shards.resize_with(count, Vec::new);
            }
            if count > 1 {
                held.insert(lang, (1..count).map(|k| format!("shard-{k}/")).collect());
            }
            for (k, document) in documents.into_iter().enumerate() {
                shards[k % count].push(document);
            }
        }
        Plan { shards, held }
    }

    /// The list of [`SHARDS`], as an output.
    pub(crate) fn list(&self) -> Result<Output, String> {
        let list = serde_json::to_vec(&self.held).map_err(|e| format!("cannot list the search shards: {e}"))?;
        Ok(Output { path: format!("{BUNDLE}/{SHARDS}"), body: Body::Bytes(list.into()), deps: Deps::default() })
    }
}

/// What a shard's bundle is made from, in one number: its documents' paths and HTML. The preview
/// remakes only the shards whose number changed.
pub(crate) fn fingerprint(documents: &[Document]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    for document in documents {
        document.path.hash(&mut hasher);
        document.html.hash(&mut hasher);
    }
    hasher.finish()
}

/// Index the shards given (each with its number in the plan), side by side on threads of their
/// own; each shard's bundle as outputs under its folder.
pub(crate) fn index_shards(shards: Vec<(usize, Vec<Document>)>) -> Result<Vec<(usize, Vec<Output>)>, String> {
    // pagefind is async (tokio); threads of their own keep it out of any runtime the caller is in
    // (`dossier serve` builds from inside one).
    std::thread::scope(|scope| {
        let running: Vec<_> = shards
            .into_iter()
            .map(|(k, shard)| {
                let made = scope.spawn(move || -> Result<Vec<(String, Vec<u8>)>, String> {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
                    runtime.block_on(run(shard))
                });
                (k, made)
            })
            .collect();
        running
            .into_iter()
            .map(|(k, made)| {
                let files = made.join().unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".into()))?;
                let folder = if k == 0 { BUNDLE.to_string() } else { format!("{BUNDLE}/shard-{k}") };
                let outputs = files
                    .into_iter()
                    .filter(|(name, _)| k == 0 || in_every_shard(name))
                    .map(|(name, contents)| Output {
                        path: format!("{folder}/{name}"),
                        body: Body::Bytes(contents.into()),
                        deps: Deps::default(),
                    })
                    .collect();
                Ok((k, outputs))
            })
            .collect()
    })
}

/// Index one shard's documents; its bundle's files by their names inside the bundle.
async fn run(documents: Vec<Document>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let options = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| format!("cannot start the search index: {e}"))?;
    for document in documents {
        let html = String::from_utf8_lossy(&document.html);
        let mut used = std::collections::HashSet::new();
        for (n, part) in parts(&html, PART).into_iter().enumerate() {
            // pagefind keeps one page per URL, so each part has its own: the page's for the first,
            // the page's at the part's first anchor (or the one it falls under) for the others.
            // The search script puts a hit's own anchor in place of the part's.
            let url = match part.anchor {
                _ if n == 0 => document.path.clone(),
                Some(id) if used.insert(id.clone()) => format!("{}#{id}", document.path),
                _ => format!("{}#part-{n}", document.path),
            };
            index
                .add_html_file(None, Some(url), part.html.into_owned())
                .await
                .map_err(|e| format!("cannot index {} for search: {e}", document.path))?;
        }
    }
    let files = index.get_files().await.map_err(|e| format!("cannot write the search index: {e}"))?;
    Ok(files
        .into_iter()
        .filter_map(|file| {
            let name = bundle_path(&file.filename)?;
            wanted(&name).then_some((name, file.contents))
        })
        .collect())
}

/// A page longer than this is indexed in parts of about this length. pagefind's time for one page
/// grows with the square of its length (for each pair of Han characters across a word boundary it
/// looks through every earlier place of that pair on the page), so a 20 MB page took minutes; in
/// parts the time grows in step with the page. Every page of an ordinary site is far below it and
/// is indexed whole, as it always was.
const PART: usize = 512 * 1024;

/// `html` as pagefind should index it: whole when it is at most `limit` bytes long, else in parts.
/// A part is the page with only some of the content of one element: the element holding the bulk
/// of the page (found by going down from the root into the largest element for as long as that is
/// longer than `limit`), whose children and text are cut into runs of at most `limit` bytes where
/// possible. Each part keeps everything around that element (the title, the `data-pagefind-body`
/// and `lang` of its ancestors), so each is a result of the page's own URL and title, and its
/// headings still link to their sections.
fn parts(html: &str, limit: usize) -> Vec<Part<'_>> {
    let whole = || vec![Part { html: std::borrow::Cow::Borrowed(html), anchor: None }];
    if html.len() <= limit {
        return whole();
    }
    let Some((units, ids)) = bulk(html, limit) else { return whole() };
    let (Some(first), Some(last)) = (units.first(), units.last()) else { return whole() };
    let (before, after) = (&html[..first.start], &html[last.end..]);
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for unit in units {
        match runs.last_mut() {
            Some(run) if unit.end - run.start <= limit => run.end = unit.end,
            _ => runs.push(unit),
        }
    }
    if runs.len() < 2 {
        return whole();
    }
    runs.into_iter()
        .map(|run| {
            // The first id in the part, else the last one before it.
            let next = ids.partition_point(|(at, _)| *at < run.start);
            let anchor = ids.get(next).filter(|(at, _)| *at < run.end).or(next.checked_sub(1).and_then(|i| ids.get(i)));
            Part {
                anchor: anchor.map(|(_, id)| id.clone()),
                html: std::borrow::Cow::Owned([before, &html[run], after].concat()),
            }
        })
        .collect()
}

/// One part of a page for the index: its HTML and the id its text starts at or falls under.
struct Part<'a> {
    html: std::borrow::Cow<'a, str>,
    anchor: Option<String>,
}

/// The content of the element holding the bulk of `html`, as consecutive byte ranges that are
/// each a child element, a comment, or a piece of text of at most `limit` bytes (cut after a
/// space or punctuation, never inside a character reference). `None` when the document's
/// elements do not nest as written (an end tag missing or out of place). With them, every element
/// id and where its element starts, in order.
type Ids = Vec<(usize, String)>;
fn bulk(html: &str, limit: usize) -> Option<(Vec<std::ops::Range<usize>>, Ids)> {
    let (found, ids) = spans(html)?;
    let mut inner = (0, html.len());
    let mut kids = children(&found, inner)?;
    while let Some(big) = kids.iter().max_by_key(|span| span[3] - span[0]).filter(|span| span[3] - span[0] > limit) {
        inner = (big[1], big[2]);
        kids = children(&found, inner)?;
    }
    let mut units = Vec::new();
    let mut at = inner.0;
    for kid in kids {
        text_units(html, at..kid[0], limit, &mut units);
        units.push(kid[0]..kid[3]);
        at = kid[3];
    }
    text_units(html, at..inner.1, limit, &mut units);
    Some((units, ids))
}

/// Every element of `html` as (start, content start, content end, end), in document order;
/// comments as elements without content. An element whose end tag never comes ends with its start
/// tag. With them, every element id and where its element starts.
fn spans(html: &str) -> Option<(Vec<[usize; 4]>, Ids)> {
    use lol_html::{HtmlRewriter, Settings, doc_comments, element};
    use std::{cell::RefCell, rc::Rc};

    let found: Rc<RefCell<Vec<[usize; 4]>>> = Rc::default();
    let ids: Rc<RefCell<Ids>> = Rc::default();
    {
        let (elements, comments, element_ids) = (Rc::clone(&found), Rc::clone(&found), Rc::clone(&ids));
        let settings = Settings::new()
            .append_element_content_handler(element!("*", move |el| {
                let tag = el.source_location().bytes();
                if let Some(id) = el.get_attribute("id") {
                    element_ids.borrow_mut().push((tag.start, id));
                }
                let at = {
                    let mut found = elements.borrow_mut();
                    found.push([tag.start, tag.end, tag.end, tag.end]);
                    found.len() - 1
                };
                if let Some(handlers) = el.end_tag_handlers() {
                    let elements = Rc::clone(&elements);
                    let handler: lol_html::EndTagHandler<'static> = Box::new(move |end| {
                        let tag = end.source_location().bytes();
                        let span = &mut elements.borrow_mut()[at];
                        (span[2], span[3]) = (tag.start, tag.end);
                        Ok(())
                    });
                    handlers.push(handler);
                }
                Ok(())
            }))
            .append_document_content_handler(doc_comments!(move |comment| {
                let at = comment.source_location().bytes();
                comments.borrow_mut().push([at.start, at.end, at.end, at.end]);
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        rewriter.write(html.as_bytes()).ok()?;
        rewriter.end().ok()?;
    }
    let mut found = Rc::try_unwrap(found).ok()?.into_inner();
    found.sort_by_key(|span| span[0]);
    Some((found, Rc::try_unwrap(ids).ok()?.into_inner()))
}

/// The outermost of the sorted `spans` inside `inner`, in order; None if one reaches out of it.
fn children(spans: &[[usize; 4]], inner: (usize, usize)) -> Option<Vec<[usize; 4]>> {
    let mut out: Vec<[usize; 4]> = Vec::new();
    for span in &spans[spans.partition_point(|span| span[0] < inner.0)..] {
        if span[0] >= inner.1 {
            break;
        }
        if out.last().is_some_and(|last| span[0] < last[3]) {
            continue;
        }
        if span[3] > inner.1 {
            return None;
        }
        out.push(*span);
    }
    Some(out)
}

/// The text `html[range]` as pieces of at most `limit` bytes, cut after a space or punctuation
/// (a piece with neither is left whole).
fn text_units(html: &str, range: std::ops::Range<usize>, limit: usize, units: &mut Vec<std::ops::Range<usize>>) {
    let (mut from, to) = (range.start, range.end);
    while to - from > limit {
        let mut cut = from + limit;
        while !html.is_char_boundary(cut) {
            cut -= 1;
        }
        match html[from..cut].rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '&' | '#' | '<' | '/'))) {
            Some(i) => {
                let cut = from + i + html[from + i..].chars().next().map_or(1, char::len_utf8);
                units.push(from..cut);
                from = cut;
            }
            None => break,
        }
    }
    if to > from {
        units.push(from..to);
    }
}

/// The file's path inside the bundle folder, `/`-separated (pagefind names them relative to it).
fn bundle_path(file: &std::path::Path) -> Option<String> {
    let parts: Vec<String> = file
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p != "/" && p != "." && !p.is_empty())
        .collect();
    (!parts.is_empty() && !parts.iter().any(|p| p == "..")).then(|| parts.join("/"))
}

/// The bundle minus pagefind's own user interfaces and playground: the theme brings its own box.
fn wanted(name: &str) -> bool {
    !(name.starts_with("pagefind-ui")
        || name.starts_with("pagefind-modular-ui")
        || name.starts_with("pagefind-component-ui")
        || name.starts_with("pagefind-highlight")
        || name.starts_with("playground/"))
}

/// What a shard beyond the first keeps of its bundle: its index, not the script and the
/// WebAssembly (a merged index is searched by the first's).
fn in_every_shard(name: &str) -> bool {
    !(name == "pagefind.js" || name == "pagefind-worker.js" || name.starts_with("wasm."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_chinese_pages_into_a_bundle() {
        let html = |title: &str, body: &str| {
            format!(
                "<html lang=\"zh-Hans\"><body><main data-pagefind-body><h1>{title}</h1><p>{body}</p></main></body></html>"
            )
        };
        let documents = vec![
            Document {
                path: "/climate/".into(),
                html: html("气候", "两国元首同意加强气候变化合作。").into(),
                lang: "zh-Hans".into(),
            },
            Document {
                path: "/ai/".into(),
                html: html("人工智能", "建立人工智能政府间对话。").into(),
                lang: "zh-Hans".into(),
            },
        ];
        let outputs = index(documents, crate::config::SHARD_SIZE).unwrap();
        let paths: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        assert!(paths.contains(&"pagefind/pagefind.js"), "{paths:?}");
        assert!(paths.contains(&"pagefind/pagefind-entry.json"), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/wasm.")), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/pagefind.zh-hans_")), "indexed as Chinese: {paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/fragment/")), "{paths:?}");
        assert!(!paths.iter().any(|p| p.contains("-ui")), "{paths:?}");
    }

    #[test]
    fn a_site_over_the_shard_size_is_indexed_in_shards_dealt_in_turn() {
        let page = |n: usize, lang: &str| {
            Document {
            path: format!("/{lang}/p{n}/"),
            html: format!(
                "<html lang=\"{lang}\"><body><main data-pagefind-body><h1>Page {n}</h1><p>word{n}</p></main></body></html>"
            )
            .into(),
            lang: lang.into(),
        }
        };
        let bytes = |outputs: &[Output], path: &str| -> Vec<u8> {
            match &outputs.iter().find(|o| o.path == path).unwrap_or_else(|| panic!("no {path}")).body {
                Body::Bytes(bytes) => bytes.to_vec(),
                _ => panic!("{path} is not in memory"),
            }
        };
        // One shard: no others to list.
        let outputs = index((0..3).map(|n| page(n, "en")).collect(), 3).unwrap();
        assert_eq!(bytes(&outputs, "pagefind/shards.json"), b"{}");
        assert!(!outputs.iter().any(|o| o.path.starts_with("pagefind/shard-")));
        // Five English pages, at most two a shard: three shards, pages 0 and 3, 1 and 4, 2; the
        // one German page in the first only.
        let documents = (0..5).map(|n| page(n, "en")).chain([page(0, "de-CH")]).collect();
        let outputs = index(documents, 2).unwrap();
        assert_eq!(bytes(&outputs, "pagefind/shards.json"), br#"{"en":["shard-1/","shard-2/"]}"#);
        let urls = |prefix: &str| -> Vec<String> {
            let fragment = format!("{prefix}fragment/");
            let in_shard: Vec<Output> = outputs
                .iter()
                .filter(|o| o.path.starts_with(&fragment))
                .map(|o| Output { path: format!("pagefind/fragment/{}", &o.path[fragment.len()..]), ..o.clone() })
                .collect();
            let mut urls: Vec<String> =
                fragments(&in_shard).iter().map(|f| f["url"].as_str().unwrap().to_string()).collect();
            urls.sort();
            urls
        };
        assert_eq!(urls("pagefind/"), ["/de-CH/p0/", "/en/p0/", "/en/p3/"]);
        assert_eq!(urls("pagefind/shard-1/"), ["/en/p1/", "/en/p4/"]);
        assert_eq!(urls("pagefind/shard-2/"), ["/en/p2/"]);
        // The first shard has the script and the WebAssembly that search them all; the others
        // only their index.
        let paths: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        assert!(paths.contains(&"pagefind/pagefind.js") && paths.iter().any(|p| p.starts_with("pagefind/wasm.")));
        for k in 1..=2 {
            let shard: Vec<&str> =
                paths.iter().filter_map(|p| p.strip_prefix(&format!("pagefind/shard-{k}/"))).collect();
            assert!(shard.contains(&"pagefind-entry.json"), "{shard:?}");
            assert!(shard.iter().any(|p| p.ends_with(".pf_meta")), "{shard:?}");
            assert!(!shard.iter().any(|p| p.starts_with("wasm.") || p.starts_with("pagefind.js")), "{shard:?}");
        }
    }

    /// A page as the theme lays it out: chrome around a `data-pagefind-body` element holding
    /// the article, with parts of it the index leaves out.
    const PAGE: &str = "<!doctype html><html lang=\"zh-Hans\"><head><meta charset=\"utf-8\">\
        <title>会晤 · 档案</title><script>var nav = 1;</script></head><body><header><nav>导航菜单</nav></header>\
        <main id=\"main\" data-pagefind-body><article><h1>斐洛里会晤</h1>\
        <p class=\"meta\" data-pagefind-ignore>阅读时间</p><nav class=\"toc\" data-pagefind-ignore>目录</nav>\
        <h2 id=\"climate\">气候</h2><p>两国元首同意加强气候变化合作。</p>\
        <section data-pagefind-ignore><h2>反向链接</h2><p>引用本页的页面</p></section></article></main>\
        <footer>页脚版权</footer></body></html>";

    /// The text pagefind keeps of each page (its fragments, gzip of `pagefind_dcd` and JSON).
    fn fragments(outputs: &[Output]) -> Vec<serde_json::Value> {
        use std::io::Read;
        outputs
            .iter()
            .filter(|o| o.path.starts_with("pagefind/fragment/"))
            .map(|o| {
                let Body::Bytes(bytes) = &o.body else { panic!("{} is not in memory", o.path) };
                let mut text = String::new();
                flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).unwrap();
                serde_json::from_str(text.strip_prefix("pagefind_dcd").unwrap()).unwrap()
            })
            .collect()
    }

    #[test]
    fn the_index_holds_the_article_and_not_the_chrome_or_the_ignored_parts() {
        let english = PAGE
            .replace("zh-Hans", "en")
            .replace("两国元首同意加强气候变化合作。", "The leaders agreed to work on climate change.");
        let documents = vec![
            Document { path: "/meeting/".into(), html: PAGE.to_string().into(), lang: "zh-Hans".into() },
            Document { path: "/en/meeting/".into(), html: english.into(), lang: "en".into() },
        ];
        let outputs = index(documents, crate::config::SHARD_SIZE).unwrap();
        let paths: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        assert!(paths.iter().any(|p| p.starts_with("pagefind/pagefind.zh-hans_")), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/pagefind.en_")), "{paths:?}");
        let fragments = fragments(&outputs);
        assert_eq!(fragments.len(), 2);
        for fragment in &fragments {
            let content = fragment["content"].as_str().unwrap().replace('\u{200B}', "");
            assert!(
                content.contains("climate change") || content.contains("两国元首同意加强气候变化合作"),
                "{content}"
            );
            for chrome in ["导航", "菜单", "页脚", "阅读时间", "目录", "反向链接", "引用本页", "var nav"]
            {
                assert!(!content.contains(chrome), "{chrome} in {content}");
            }
            assert_eq!(fragment["meta"]["title"], "斐洛里会晤");
            // The heading a sub-result links to, with its text.
            let anchors = fragment["anchors"].as_array().unwrap();
            assert!(anchors.iter().any(|a| a["id"] == "climate" && a["text"] == "气候"), "{anchors:?}");
            assert!(!anchors.iter().any(|a| a["text"] == "反向链接"), "{anchors:?}");
        }
    }

    /// What each part holds of the bulk: the part minus what is around it in every part.
    fn runs<'a>(parts: &'a [Part<'_>], before: &str, after: &str) -> Vec<&'a str> {
        parts
            .iter()
            .map(|part| &part.html)
            .map(|part| {
                assert!(part.starts_with(before) && part.ends_with(after), "{part}");
                &part[before.len()..part.len() - after.len()]
            })
            .collect()
    }

    #[test]
    fn small_pages_are_indexed_whole() {
        let html = "<html><body><main data-pagefind-body><h1>标题</h1><p>正文。</p></main></body></html>";
        let parts = parts(html, 1000);
        assert_eq!(parts.len(), 1);
        assert!(matches!(parts[0].html, std::borrow::Cow::Borrowed(_)), "the page itself, not a copy");
        assert_eq!(parts[0].html, html);
    }

    #[test]
    fn a_huge_page_is_handed_over_in_bounded_parts() {
        // Regression: a 20 MB page went to pagefind whole and took minutes (its time grows with
        // the square of one page's length).
        let mut prose = String::from("\n");
        for i in 0..400 {
            if i % 50 == 0 {
                prose.push_str(&format!("<h2 id=\"part-{i}\">第{i}部分</h2>\n"));
            }
            prose.push_str(&format!("<p>两国元首同意加强气候变化合作，第{i}段 &amp; 更多。</p>\n"));
        }
        let before = "<!doctype html><html lang=\"zh-Hans\"><body><nav>站点</nav><main data-pagefind-body>\
                      <article><h1>大页面</h1><nav class=\"toc\">目录</nav><div class=\"prose\">";
        let after = "</div><section data-pagefind-ignore>反向链接</section></article></main><footer>页脚</footer></body></html>";
        let html = format!("{before}{prose}{after}");
        let limit = 2000;
        let parts = parts(&html, limit);
        assert!(parts.len() >= prose.len() / limit, "{} parts", parts.len());
        for part in parts.iter().map(|part| &part.html) {
            // The page around the bulk is in every part: its language, body, title and the end.
            assert!(part.starts_with(before), "{part}");
            assert!(part.ends_with(after), "{part}");
            assert!(part.len() <= before.len() + limit + after.len(), "{} bytes", part.len());
        }
        // Each part names the heading it starts at or falls under: pagefind keeps one page a URL.
        for part in &parts {
            assert!(part.anchor.as_deref().is_some_and(|id| id.starts_with("part-")), "{:?}", part.anchor);
        }
        // Together the parts hold the content once, cut only between its elements.
        let runs = runs(&parts, before, after);
        assert_eq!(runs.concat(), prose);
        for run in runs {
            assert!(run.trim_start().starts_with('<') && run.trim_end().ends_with('>'), "{run}");
        }
    }

    #[test]
    fn one_huge_paragraph_is_cut_between_words_not_inside_references() {
        let text = "会晤取得成果。APEC&amp;合作 &#x4E2D;美".repeat(500);
        let (before, after) = ("<html><body><main data-pagefind-body><p>", "</p></main></body></html>");
        let html = format!("{before}{text}{after}");
        let limit = 1000;
        let parts = parts(&html, limit);
        assert!(parts.len() >= text.len() / limit, "{} parts", parts.len());
        let runs = runs(&parts, before, after);
        assert_eq!(runs.concat(), text);
        for run in &runs[..runs.len() - 1] {
            assert!(run.len() <= limit);
            let last = run.chars().last().unwrap();
            assert!(!last.is_alphanumeric() && !matches!(last, '&' | '#'), "cut after {last:?}: {run}");
        }
    }

    #[test]
    fn pages_whose_elements_do_not_nest_are_indexed_whole_or_in_parts_that_keep_all_text() {
        // An end tag missing: the element ends with its start tag, and what follows is its parent's.
        let body: String = (0..300).map(|i| format!("<div><p>第{i}段内容，足够长的一句话。\n")).collect();
        let (before, after) = ("<html><body><main data-pagefind-body>", "</main></body></html>");
        let html = format!("{before}{body}{after}");
        let parts = parts(&html, 1000);
        if parts.len() == 1 {
            assert_eq!(parts[0].html, html);
        } else {
            assert_eq!(runs(&parts, before, after).concat(), body);
        }
    }
}
