//! `/print/`: the whole dossier as one document, rendered with the default theme's `print.html`.

use std::collections::BTreeSet;

use crate::util::Site;

#[test]
fn print_holds_every_page_in_reading_order_with_links_inside_the_document() {
    let site = Site::fixture_with_themes("dossier");
    site.built();
    let print = site.page("print/index.html");
    // The root section, its pages by weight (甲 1, 乙 2, 原文 90), then the unweighted entities
    // section and its pages.
    assert_eq!(print.texts(".print-item > header h2"), ["甲", "乙", "原文", "条目", "拜登", "斐洛里庄园"]);
    assert_eq!(
        print.attrs(".print-item", "id"),
        ["home", "a", "b", "source", "entities", "entities-biden", "entities-filoli"]
    );
    assert_eq!(print.texts(".print-toc a"), ["甲", "乙", "原文", "条目", "拜登", "斐洛里庄园"]);

    // One document: no id twice, and every link inside it lands on an id it has.
    let ids = print.attrs("[id]", "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an id is used twice: {ids:?}");
    let inside: Vec<String> = print.attrs("main a[href^='#']", "href");
    for href in &inside {
        assert!(unique.contains(&href[1..].to_string()), "{href} leads nowhere in /print/");
    }
    // A link to another page's anchor, a citation of the source, an entity mention and a footnote
    // all stay inside the document.
    for expected in ["#b:sec", "#source:p1", "#entities-biden", "#a:1"] {
        assert!(inside.iter().any(|h| h == expected), "no link to {expected} in {inside:?}");
    }
    // The footnote is written out at the end of its page.
    assert_eq!(print.texts("#a\\:1"), ["1\n注的内容。"]);
    // Under the base URL's subpath: the site's links and each page's address on paper.
    assert!(print.attrs(".site-header a", "href").iter().all(|h| h.starts_with("/d/")));
    assert_eq!(print.attrs(".print-item__url a", "href")[0], "https://example.org/d/a/");
    // Every page links to the print version.
    assert!(site.page("a/index.html").attrs(".site-footer a", "href").contains(&"/d/print/".to_string()));
    // Print styles: page size and margins, a new sheet for each page of the dossier.
    let css = site.read_asset("style.css");
    assert!(css.contains("@page") && css.contains("break-before:page"), "print rules in style.css");
}

#[test]
fn a_site_without_a_print_template_has_no_print_version() {
    let site = Site::fixture("basic");
    site.built();
    assert!(!site.public().join("print").exists());
}

/// Issue 19 point 7: `/print/` holds every page again and called itself canonical. It asks not to be
/// indexed, in each language, names no canonical URL (a canonical to the home would tell search
/// engines the two are the same page, which they are not, and Google reads `noindex` beside a
/// canonical as contradicting signals), and is not in the sitemap.
#[test]
fn the_print_version_is_noindex_without_a_canonical_and_out_of_the_sitemap() {
    let site = Site::dossier_with_english("");
    site.write("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\n\nA small dossier.\n");
    site.write("content/a.en.md", "+++\ntitle = \"A\"\n+++\n\nText.\n");
    site.built();
    for path in ["print/index.html", "en/print/index.html"] {
        let print = site.page(path);
        assert_eq!(print.attrs("meta[name=robots]", "content"), ["noindex"], "{path}");
        assert!(print.attrs("link[rel=canonical]", "href").is_empty(), "{path} names a canonical URL");
    }
    for path in ["a/index.html", "en/a/index.html"] {
        let page = site.page(path);
        assert!(page.attrs("meta[name=robots]", "content").is_empty(), "{path}");
        assert_eq!(page.attrs("link[rel=canonical]", "href").len(), 1, "{path}");
    }
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("/d/en/a/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("print"), "{sitemap}");
}
