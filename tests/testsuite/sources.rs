//! Translated sources: `source.en.md` beside `source.md`, its paragraphs lined up with the
//! original's, `cite` and `quote` drawing on it from English pages, its own provenance, and the
//! side-by-side view of each paragraph and its original.

use crate::util::Site;

const SOURCE_EN: &str = "+++\ntitle = \"Source\"\nweight = 90\n+++\n\nFiloli was built in 1917. It is called Filoli.\n\nPresident Biden visited. Second sentence!\n\nThird paragraph.\n";

/// The small dossier (zh-Hans, source.md of three paragraphs) with English and `source_en`.
fn bilingual(source_en: &str) -> Site {
    let site = Site::dossier_with_english("");
    site.write("content/source.en.md", source_en);
    site.write(
        "content/a.en.md",
        "+++\ntitle = \"A\"\nweight = 1\n+++\n\nFiloli is beautiful{{ cite(p=1) }}.\n\n{{ quote(p=2, s=2) }}\n",
    );
    site
}

fn fails_with(site: &Site, needles: &[&str]) {
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    for needle in needles {
        assert!(run.stderr.contains(needle), "`{needle}` not in:\n{}", run.stderr);
    }
}

#[test]
fn a_translation_with_an_extra_or_a_missing_paragraph_is_an_error_where_it_stops_lining_up() {
    // An extra paragraph at the start: the numbers (1917) show where.
    let extra = SOURCE_EN.replace("\n\nFiloli was built", "\n\nA preface of 2024.\n\nFiloli was built");
    fails_with(
        &bilingual(&extra),
        &[
            "source.en.md:6:1: error: ",
            "has 4 paragraphs; the original `source.md` has 3",
            "paragraph 1 here seems to have no original",
        ],
    );
    // A paragraph left out: the last ones have no translation.
    let missing = SOURCE_EN.replace("\n\nThird paragraph.", "");
    fails_with(
        &bilingual(&missing),
        &["source.en.md:8:1: error: ", "has 2 paragraphs; the original `source.md` has 3", "¶3"],
    );
    // Lined up, it builds.
    bilingual(SOURCE_EN).built();
}

#[test]
fn cite_and_quote_resolve_to_the_source_in_the_pages_language() {
    let site = bilingual(SOURCE_EN);
    site.built();
    let en = site.read("en/a/index.html");
    assert!(en.contains("en/source/#p1\""), "{en}");
    assert!(en.contains("Second sentence!"), "{en}");
    assert!(!en.contains("第二句"), "{en}");
    // The Chinese page still cites and quotes the original.
    let zh = site.read("a/index.html");
    assert!(zh.contains("拜登总统到访。"), "{zh}");
    assert!(!zh.contains("en/source/"), "{zh}");
    // Without an English source, English pages cite the original.
    let site = bilingual(SOURCE_EN);
    site.remove("content/source.en.md");
    site.built();
    let en = site.read("en/a/index.html");
    assert!(en.contains("第二句！"), "{en}");
    // A sentence the translation does not have is an error at the English page, with its count.
    let site = bilingual(SOURCE_EN);
    site.write("content/a.en.md", "+++\ntitle = \"A\"\n+++\n\n{{ quote(p=3, s=2) }}\n");
    fails_with(&site, &["a.en.md:5:1: error: ", "paragraph 3 is a single sentence"]);
    site.write("content/a.en.md", "+++\ntitle = \"A\"\n+++\n\nX{{ cite(p=4) }}\n");
    fails_with(&site, &["a.en.md:5:2: error: ", "the source has paragraphs 1 to 3, not 4"]);
}

#[test]
fn each_source_lists_the_pages_of_its_language_that_cite_it() {
    let site = bilingual(SOURCE_EN);
    site.built();
    let en = site.page("en/source/index.html");
    let used = en.texts(".used-by");
    assert!(used.iter().any(|u| u.contains("Cited on") && u.contains('A')), "{used:?}");
    let hrefs = en.attrs(".used-by a", "href");
    assert!(!hrefs.is_empty() && hrefs.iter().all(|h| h.contains("/en/")), "{hrefs:?}");
    let zh = site.page("source/index.html");
    let hrefs = zh.attrs(".used-by a", "href");
    assert!(!hrefs.is_empty() && hrefs.iter().all(|h| !h.contains("/en/")), "{hrefs:?}");
    // A page's own list of the paragraphs it rests on points at the source in its language.
    let cites = site.page("en/a/index.html").attrs(".cite-list a", "href");
    assert_eq!(cites, ["/d/en/source/#p1", "/d/en/source/#p2"]);
    let cites = site.page("a/index.html").attrs(".cite-list a", "href");
    assert!(!cites.is_empty() && cites.iter().all(|h| h.starts_with("/d/source/#p")), "{cites:?}");
}

#[test]
fn the_translated_source_shows_each_paragraph_beside_its_original() {
    let site = bilingual(SOURCE_EN);
    site.built();
    let en = site.page("en/source/index.html");
    assert_eq!(en.texts(".parallel__row").len(), 3);
    assert_eq!(en.attrs(".parallel__original", "lang"), ["zh-Hans"; 3]);
    assert_eq!(en.attrs(".parallel__translation p[id]", "id"), ["p1", "p2", "p3"]);
    assert!(en.attrs(".parallel__original [id]", "id").is_empty());
    let original = en.texts(".parallel__original");
    assert!(original[1].contains("原文") && original[1].contains("拜登总统到访。"), "{original:?}");
    let translation = en.texts(".parallel__translation");
    assert!(translation[1].contains("Translation") && translation[1].contains("President Biden"), "{translation:?}");
    // The original source page is as before: one column.
    assert!(site.page("source/index.html").texts(".parallel__row").is_empty());
}
