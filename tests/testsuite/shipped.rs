//! The dossier this repository ships: it builds, every internal link and anchor resolves, the
//! source page carries the whole article, and every paragraph of the article is used elsewhere.
//! That every quotation is verbatim is tested on the built pages in `dossier_facts`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

use crate::util::{dossier, percent_decode};

pub(crate) fn build_shipped() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let root = env!("CARGO_MANIFEST_DIR");
    let run = dossier(&["build", "--root", root, "-o", public.to_str().unwrap()]);
    assert!(run.ok(), "the shipped dossier does not build:\n{}", run.stderr);
    assert!(!run.stderr.contains("warning:"), "the shipped dossier builds with warnings:\n{}", run.stderr);
    (out, public)
}

/// Every HTML file of the built site, parsed, by path relative to the output.
pub(crate) fn pages(public: &Path) -> BTreeMap<String, Html> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(public).unwrap().to_string_lossy().replace('\\', "/");
            (rel, Html::parse_document(&std::fs::read_to_string(e.path()).unwrap()))
        })
        .collect()
}

fn ids(html: &Html) -> BTreeSet<String> {
    let s = Selector::parse("[id]").unwrap();
    html.select(&s).filter_map(|e| e.value().attr("id").map(str::to_string)).collect()
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let base = "/dossier/";
    let links = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (from, html) in &pages {
        for element in html.select(&links) {
            let value = element.value();
            let target = value.attr("href").or_else(|| value.attr("src")).unwrap();
            if target.contains("://") || target.starts_with("mailto:") || target.starts_with("//") {
                continue;
            }
            let target = percent_decode(target);
            let target = target.as_str();
            let (path, fragment) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f)));
            let file = if path.is_empty() {
                from.clone()
            } else if let Some(rest) = path.strip_prefix(base) {
                if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() }
            } else {
                broken.push(format!("{from}: {target} is not below {base}"));
                continue;
            };
            checked += 1;
            if !public.join(&file).is_file() {
                broken.push(format!("{from}: {target} -> {file} does not exist"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                && let Some(target_html) = pages.get(&file)
                && !ids(target_html).contains(fragment)
            {
                broken.push(format!("{from}: {target} -> no id {fragment} in {file}"));
            }
        }
    }
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn the_core_pages_exist() {
    let (_keep, public) = build_shipped();
    for page in ["", "overview/", "consensus/", "disputes/", "filoli/", "outlook/", "source/", "timeline/"] {
        assert!(public.join(page).join("index.html").is_file(), "/{page} missing");
    }
}

/// The article's paragraphs, as the source file has them (headings excluded).
pub(crate) fn article_paragraphs() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/source/000_614684585d060f15.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.split("\n\n").map(|p| p.trim().to_string()).filter(|p| !p.is_empty() && !p.starts_with('#')).collect()
}

pub(crate) fn plain(text: &str) -> String {
    text.replace("**", "").split_whitespace().collect()
}

#[test]
fn the_source_page_carries_every_paragraph_verbatim_and_in_order() {
    let (_keep, public) = build_shipped();
    let html = Html::parse_document(&std::fs::read_to_string(public.join("source/index.html")).unwrap());
    let numbered = Selector::parse("p[id^=p]").unwrap();
    let shown: Vec<String> = html.select(&numbered).map(|p| plain(&p.text().collect::<String>())).collect();
    let expected: Vec<String> = article_paragraphs().iter().map(|p| plain(p)).collect();
    assert_eq!(shown.len(), expected.len(), "paragraph count");
    for (i, (s, e)) in shown.iter().zip(&expected).enumerate() {
        assert!(s.contains(e.as_str()), "p{}: expected\n{e}\nshown\n{s}", i + 1);
    }
}

#[test]
fn every_source_paragraph_is_used_on_another_page() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let count = article_paragraphs().len();
    let links = Selector::parse("a[href*='/source/#p']").unwrap();
    let mut cited = BTreeSet::new();
    for (file, html) in &pages {
        if file.starts_with("source/") {
            continue;
        }
        for a in html.select(&links) {
            let href = a.value().attr("href").unwrap();
            if let Some(n) = href.rsplit("#p").next().and_then(|n| n.parse::<usize>().ok()) {
                cited.insert(n);
            }
        }
    }
    let missing: Vec<usize> = (1..=count).filter(|n| !cited.contains(n)).collect();
    assert!(missing.is_empty(), "source paragraphs never cited outside /source/: {missing:?}");
}

/// The lines of the article that are headings, `#` marks removed.
pub(crate) fn article_headings() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/source/000_614684585d060f15.txt");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().filter_map(|l| l.strip_prefix('#')).map(|l| plain(l.trim_start_matches('#'))).collect()
}

#[test]
fn the_dossier_uses_entities_timeline_and_cross_links() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let entities = Selector::parse(".entity-list dt a").unwrap();
    let listed = pages["entities/index.html"].select(&entities).count();
    assert!(listed >= 15, "only {listed} entities");

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("timeline.json")).unwrap()).unwrap();
    let events = json["events"].as_array().unwrap();
    // Nine since the consensus's duplicate of the briefing event went: only what the article dates.
    assert!(events.len() >= 9, "only {} timeline events", events.len());
    for e in events {
        let text = e["text"]["text"].as_str().unwrap();
        assert!(text.contains("/source/#p"), "event without a source paragraph: {e}");
    }

    // Every core page links to another core page and is linked from one.
    let core = ["overview", "consensus", "disputes", "filoli", "outlook", "timeline"];
    let links = Selector::parse("main a[href]").unwrap();
    for page in core {
        let html = &pages[&format!("{page}/index.html")];
        let targets: BTreeSet<&str> = html.select(&links).filter_map(|a| a.value().attr("href")).collect();
        let others = core
            .iter()
            .filter(|o| **o != page && targets.iter().any(|t| t.starts_with(&format!("/dossier/{o}/"))))
            .count();
        assert!(others >= 1, "{page} links to no other core page");
        let backlinks = Selector::parse(".backlinks li > a").unwrap();
        assert!(html.select(&backlinks).count() >= 1, "{page} has no backlinks");
    }
    // Names are linked to their entities, and footnotes are sidenotes.
    let mentions = Selector::parse(".prose a.entity").unwrap();
    assert!(pages["consensus/index.html"].select(&mentions).count() >= 5);
    let sidenotes = Selector::parse(".sidenote").unwrap();
    assert!(pages["overview/index.html"].select(&sidenotes).count() >= 1);
}

/// The landing page's "at a glance" list (content/_index.md, before `<!-- more -->`): every piece
/// of text but its label and the parts marked editorial is verbatim from the paragraph cited
/// right after it; and the page shows the glance first, then the way into each part.
#[test]
fn the_landing_glance_is_verbatim_and_comes_before_the_parts() {
    let paragraphs = article_paragraphs();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/_index.md");
    let text = std::fs::read_to_string(path).unwrap();
    let glance = text.split("<!-- more -->").next().unwrap();
    let mut checked = 0;
    for line in glance.lines().filter(|l| l.starts_with("- <strong>")) {
        let body = line.split_once("</strong>").unwrap().1;
        let body = strip_between(body, "<span class=\"editorial-mark\">", "</span>");
        let body = strip_between(&body, "](", ")").replace('[', "");
        let mut rest = body.as_str();
        while let Some(at) = rest.find("{{ cite(p=") {
            let n: usize = rest[at + 10..].split(')').next().unwrap().parse().unwrap();
            for piece in rest[..at].split(['、', '；']).map(str::trim).filter(|p| !p.is_empty()) {
                checked += 1;
                assert!(paragraphs[n - 1].contains(piece), "glance: {piece:?} is not in ¶{n}");
            }
            rest = &rest[at..];
            rest = &rest[rest.find("}}").unwrap() + 2..];
        }
        assert!(rest.trim_matches(['、', '；', ' ']).is_empty(), "glance: {rest:?} cites no paragraph");
    }
    assert!(checked >= 10, "only {checked} pieces in the glance");

    let (_keep, public) = build_shipped();
    let html = Html::parse_document(&std::fs::read_to_string(public.join("index.html")).unwrap());
    let order: Vec<&str> = html
        .select(&Selector::parse(".glance, .landing__parts").unwrap())
        .filter_map(|e| e.value().attr("class"))
        .collect();
    assert_eq!(order, ["glance", "landing__parts"]);
    let outcomes = Selector::parse(".glance a[href^='/dossier/consensus/#']").unwrap();
    assert!(html.select(&outcomes).count() >= 5, "the glance links to the outcomes");
}

/// `text` without every `open…close` span (the markers included; a link's `](target)` too).
fn strip_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        rest = after.find(close).map_or("", |end| &after[end + close.len()..]);
    }
    out.push_str(rest);
    out
}

/// Issue 19 point 8: a search result's excerpt read "出处 ¶23" where a page cites the source. The
/// citation labels ("出处 ¶N", "Source ¶N", "——原文 ¶N" under a block quote) are left out of the
/// index; the words they cite stay in it.
#[test]
fn citation_labels_are_not_in_the_search_index_but_the_cited_words_are() {
    use std::io::Read;
    let (_out, public) = build_shipped();
    let mut contents = Vec::new();
    for entry in std::fs::read_dir(public.join("pagefind/fragment")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).unwrap();
        let fragment: serde_json::Value = serde_json::from_str(text.strip_prefix("pagefind_dcd").unwrap()).unwrap();
        contents.push((fragment["url"].to_string(), fragment["content"].as_str().unwrap().replace('\u{200B}', "")));
    }
    assert!(contents.len() > 50, "{} fragments", contents.len());
    // "出处 ¶N" is only ever the engine's label ("——原文 ¶N" is also written by hand under some
    // quotations, as a Markdown link, and stays).
    for (url, content) in &contents {
        assert!(!content.contains("出处 ¶"), "{url} has a citation label in the index: {content}");
    }
    // The English overview cites the source 20 times; only its footnote's own "see Source ¶11" is left.
    let en = &contents.iter().find(|(u, _)| u.ends_with("/en/overview/\"")).unwrap().1;
    assert_eq!(en.matches("Source ¶").count(), 1, "{en}");
    // The cited sentence of the overview is there (it is followed by "出处 ¶11" on the page).
    let overview = &contents.iter().find(|(u, _)| *u == "\"/overview/\"").unwrap().1;
    assert!(overview.contains("据王毅介绍，这次会晤是应拜登总统的单独邀请举行的"), "{overview}");
}
