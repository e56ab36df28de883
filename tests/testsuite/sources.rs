//! Sources. Translated sources: `source.en.md` beside `source.md`, its paragraphs lined up with
//! the original's, `cite` and `quote` drawing on it from English pages, its own provenance, and the
//! side-by-side view of each paragraph and its original. Several sources: a folder of them beside
//! the `source` page, `src` naming one, coverage per source, the parts of a source.

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
    // The Chinese is there only as the original at hand under the translated quote.
    let page = site.page("en/a/index.html");
    assert_eq!(page.texts("blockquote > p:first-child"), ["Second sentence!"]);
    assert_eq!(en.matches("第二句").count(), page.texts(".quote-original").len(), "{en}");
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
    assert!(
        translation[1].contains("Our translation") && translation[1].contains("President Biden"),
        "{translation:?}"
    );
    // The original source page is as before: one column.
    assert!(site.page("source/index.html").texts(".parallel__row").is_empty());
}

const XINHUA: &str = "+++\ntitle = \"新华社稿\"\npublisher = \"新华社\"\n+++\n\n两国元首会晤。会晤持续4个小时。\n\n双方同意恢复两军高层沟通。\n";

/// A page citing the second source in every way, and the first by an old link.
const CITES_XINHUA: &str = "+++\ntitle = \"丙\"\nweight = 3\ncites = [\"xinhua#p2\"]\n\n[[timeline]]\ndate = \"2023-11-15\"\ntitle = \"会晤四小时\"\nsource = \"xinhua#p1\"\n+++\n\n会晤很长{{ cite(src=\"xinhua\", p=1) }}。\n\n{{ quote(src=\"xinhua\", p=1, s=2) }}\n\n旧链接：[原文第二段](/source/#p2)，[同一段](@/source.md#p2)。\n";

/// The small dossier (`source.md`, the default source) with a second source in `content/sources/`
/// and the page `c.md` citing it.
fn two_sources() -> Site {
    let site = Site::fixture_with_themes("dossier");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &config.replace("source = \"source.md\"", "source = \"source.md\"\nsources = \"sources\""));
    site.write("content/sources/xinhua.md", XINHUA);
    site.write("content/c.md", CITES_XINHUA);
    site
}

fn stdout(run: &crate::util::Run) -> String {
    String::from_utf8_lossy(&run.output.stdout).into_owned()
}

#[test]
fn two_sources_each_numbered_on_its_own_page_cited_by_name() {
    let site = two_sources();
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr);
    let out = stdout(&run) + &run.stderr;
    assert!(
        out.contains(
            "source coverage: `source` 3 of 3 paragraphs cited (100%); `xinhua` 2 of 2 paragraphs cited (100%)"
        ),
        "{out}"
    );
    let xinhua = site.page("sources/xinhua/index.html");
    assert_eq!(xinhua.texts(".source-publisher"), ["新华社"]);
    assert_eq!(xinhua.attrs(".prose p[id]", "id"), ["p1", "p2"]);
    let used = xinhua.texts(".used-by");
    assert!(used.len() == 2 && used.iter().all(|u| u.contains('丙')), "{used:?}");
    // cite and quote with src link the second source and say which source it is.
    let c = site.page("c/index.html");
    let links: Vec<(String, String)> =
        c.attrs(".prose a.cite", "href").into_iter().zip(c.texts(".prose a.cite")).collect();
    assert_eq!(
        links,
        [
            ("/d/sources/xinhua/#p1".to_string(), "出处：新华社稿 ¶1".to_string()),
            ("/d/sources/xinhua/#p1".to_string(), "原文：新华社稿 ¶1".to_string()),
        ]
    );
    assert_eq!(c.attrs(".prose a.cite", "title"), ["新华社稿", "新华社稿"]);
    assert_eq!(c.texts("blockquote.source-quote > p:first-child"), ["会晤持续4个小时。"]);
    // The page's own list of what it rests on names each source's paragraphs.
    assert_eq!(c.attrs(".cite-list a", "href"), ["/d/source/#p2", "/d/sources/xinhua/#p1", "/d/sources/xinhua/#p2"]);
    // The event rests on the second source and says so, on its page and in timeline.json.
    let events: Vec<(String, String)> =
        c.attrs(".event__links a.cite", "href").into_iter().zip(c.texts(".event__links a.cite")).collect();
    assert_eq!(events, [("/d/sources/xinhua/#p1".to_string(), "出处：新华社稿 ¶1".to_string())]);
    assert!(site.read("timeline.json").contains("出处：新华社稿 ¶1"));
    // Plain numbers still cite the default source, now named.
    let a = site.page("a/index.html");
    assert_eq!(a.texts(".prose a.cite").first().map(String::as_str), Some("出处：原文 ¶1"));
}

#[test]
fn an_old_link_to_a_paragraph_of_the_source_page_keeps_working() {
    // Reported: issue 15 (links elsewhere point at /source/#pN; the source stays there).
    let site = two_sources();
    site.built();
    let c = site.read("c/index.html");
    assert!(c.contains("href=\"/d/source/#p2\""), "{c}");
    assert_eq!(site.page("source/index.html").attrs(".prose p[id]", "id"), ["p1", "p2", "p3"]);
    let run = site.run("check", &[]);
    assert!(run.ok(), "{}\n{}", stdout(&run), run.stderr);
    // The old link counts as a citation of ¶2 of the source page.
    let used = site.page("source/index.html").texts(".used-by");
    assert!(used[1].contains('丙'), "{used:?}");
}

#[test]
fn check_reports_the_coverage_of_each_source() {
    let site = two_sources();
    site.write("content/c.md", &CITES_XINHUA.replace("cites = [\"xinhua#p2\"]\n", ""));
    let run = site.run("check", &[]);
    let out = stdout(&run) + &run.stderr;
    assert!(out.contains("source coverage of `source` (content/source.md): 3 of 3 paragraphs cited (100%)"), "{out}");
    assert!(
        out.contains(
            "source coverage of `xinhua` (content/sources/xinhua.md): 1 of 2 paragraphs cited (50%); not cited: ¶2"
        ),
        "{out}"
    );
    assert!(out.contains("paragraph ¶2 of the source `xinhua` is cited by no page"), "{out}");
    assert!(out.contains("cite(src=\"xinhua\", p=2)"), "{out}");
    let run = site.run("check", &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&run.output.stdout).unwrap();
    let coverage = &report["coverage"];
    // The default source's figures first, as with one source; then every source's.
    assert_eq!((coverage["paragraphs"].as_u64(), coverage["cited"].as_u64()), (Some(3), Some(3)));
    let names: Vec<&str> =
        coverage["sources"].as_array().unwrap().iter().map(|s| s["source"].as_str().unwrap()).collect();
    assert_eq!(names, ["source", "xinhua"]);
    assert_eq!(coverage["sources"][1]["uncited"], serde_json::json!([2]));
}

#[test]
fn an_unknown_source_is_an_error_at_its_place_listing_the_sources() {
    let site = two_sources();
    site.write(
        "content/c.md",
        "+++\ntitle = \"丙\"\ncites = [\"nope#p1\", \"xinhua#p9\"]\n\n[[timeline]]\ndate = 2023\ntitle = \"事\"\nsource = \"nope#p1\"\n+++\n\nSee {{ cite(src=\"nope\", p=1) }}.\n\n{{ quote(src=\"xinhua\", p=3) }}\n",
    );
    fails_with(
        &site,
        &[
            "content/c.md:11:5: error: there is no source `nope`",
            "the sources are `source`, `xinhua`",
            "content/c.md:3:10: error: there is no source `nope`",
            "content/c.md:3:21: error: the source `xinhua` has paragraphs 1 to 2, not 9",
            "the event `事` cites a source paragraph, but there is no source `nope`",
            "content/c.md:13:1: error: the source `xinhua` has paragraphs 1 to 2, not 3",
        ],
    );
}

#[test]
fn with_several_sources_and_no_default_a_plain_number_is_an_error() {
    let site = Site::fixture_with_themes("dossier");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &config.replace("source = \"source.md\"", "sources = \"sources\""));
    let source = std::fs::read_to_string(site.root().join("content/source.md")).unwrap();
    site.remove("content/source.md");
    site.write("content/sources/source.md", &source);
    site.write("content/sources/xinhua.md", XINHUA);
    fails_with(
        &site,
        &[
            "content/a.md:",
            "which source does this `cite` cite? The site has several and no default",
            "cite(src=\"source\", p=1)",
            "content/b.md:4:",
            "the site has several sources and no default",
        ],
    );
    // With one source in the folder, it is the default.
    site.remove("content/sources/xinhua.md");
    site.built();
    assert_eq!(site.page("sources/source/index.html").attrs(".prose p[id]", "id"), ["p1", "p2", "p3"]);
}

#[test]
fn a_translated_second_source_is_cited_in_the_pages_language() {
    let site = Site::dossier_with_english("");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &config.replace("source = \"source.md\"", "source = \"source.md\"\nsources = \"sources\""));
    site.write("content/sources/xinhua.md", XINHUA);
    site.write(
        "content/sources/xinhua.en.md",
        "+++\ntitle = \"Xinhua copy\"\n+++\n\nThe leaders met. The meeting lasted 4 hours.\n\nBoth sides agreed to resume military talks.\n",
    );
    site.write("content/c.md", CITES_XINHUA);
    site.write(
        "content/c.en.md",
        "+++\ntitle = \"C\"\nweight = 3\n+++\n\nA long meeting{{ cite(src=\"xinhua\", p=1) }}.\n\n{{ quote(src=\"xinhua\", p=1, s=2) }}\n",
    );
    site.built();
    let c = site.page("en/c/index.html");
    assert_eq!(c.attrs(".prose a.cite", "href"), ["/d/en/sources/xinhua/#p1", "/d/en/sources/xinhua/#p1"]);
    assert_eq!(c.texts(".prose a.cite").first().map(String::as_str), Some("Source: Xinhua copy ¶1"));
    assert_eq!(c.texts("blockquote.source-quote > p:first-child"), ["The meeting lasted 4 hours."]);
    let en = site.page("en/sources/xinhua/index.html");
    let hrefs = en.attrs(".used-by a", "href");
    assert_eq!(hrefs, ["/d/en/c/"]);
    // The Chinese page cites the original.
    assert!(site.read("c/index.html").contains("href=\"/d/sources/xinhua/#p1\""));
}

#[test]
fn each_part_of_a_source_shows_its_attribution_where_it_starts() {
    let site = Site::fixture_with_themes("dossier");
    let source = std::fs::read_to_string(site.root().join("content/source.md")).unwrap();
    let parts = "weight = 90\nparts = [{ from = 1, to = 2, credit = \"据甲\" }, { from = 3, title = \"第二篇\", credit = \"据乙\" }]\n";
    site.write("content/source.md", &source.replace("weight = 90\n", parts));
    site.built();
    let page = site.page("source/index.html");
    assert_eq!(page.texts(".source-part"), ["¶1–¶2 据甲", "¶3–¶3 第二篇 据乙"]);
    // Each stands right before its part's first paragraph; the text itself is as written.
    let html = site.read("source/index.html");
    let first = html.find("class=\"source-part\"").unwrap();
    assert!(first < html.find("id=\"p1\"").unwrap());
    assert_eq!(
        page.texts(".prose p[id]"),
        ["斐洛里庄园始建于1917年。庄园名叫Filoli。", "拜登总统到访。第二句！", "第三段。"]
    );
    // A translation beside its original marks the original's parts, row by row.
    let site = Site::dossier_with_english("");
    site.write("content/source.md", &source.replace("weight = 90\n", parts));
    site.write("content/source.en.md", SOURCE_EN);
    site.built();
    assert_eq!(site.page("en/source/index.html").texts(".source-part"), ["¶1–¶2 据甲", "¶3–¶3 第二篇 据乙"]);
    // Parts that overlap, or on a page that is not a source, are errors at their place.
    let site = Site::fixture_with_themes("dossier");
    let overlap = "weight = 90\nparts = [{ from = 1, to = 2 }, { from = 2 }]\n";
    site.write("content/source.md", &source.replace("weight = 90\n", overlap));
    fails_with(&site, &["content/source.md:4:", "this part starts at ¶2, inside the part before it (to ¶2)"]);
    site.write("content/source.md", &source);
    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    site.write("content/a.md", &a.replacen("weight = 1\n", "weight = 1\nparts = [{ from = 1 }]\n", 1));
    fails_with(&site, &["content/a.md:4:", "`parts` belongs on a source page"]);
}

#[test]
fn the_translated_source_keeps_its_headings_beside_the_paragraphs() {
    let with_heading = SOURCE_EN
        .replace("\n\nPresident Biden", "\n\n## The visit {#visit}\n\nPresident Biden")
        .replace("\n\nThird", "\n\n## The end {#end}\n\nThird");
    let site = bilingual(&with_heading);
    site.built();
    let en = site.page("en/source/index.html");
    assert_eq!(en.texts(".parallel__headings .parallel__translation h2"), ["The visit", "The end"]);
    assert_eq!(en.attrs(".parallel__headings h2", "id"), ["visit", "end"]);
    // The contents list points at the headings, which the page has.
    assert_eq!(en.attrs(".toc--sidebar a", "href"), ["#visit", "#end"]);
    // The heading sits right above the paragraph it heads.
    assert_eq!(en.attrs(".parallel__translation p[id]", "id"), ["p1", "p2", "p3"]);
}

#[test]
fn a_quote_of_a_translation_says_it_is_ours_and_has_the_original_at_hand() {
    let site = bilingual(SOURCE_EN);
    site.write(
        "content/c.en.md",
        "+++\ntitle = \"C\"\nweight = 2\n+++\n\nHe said {{ quote(p=1, s=2) }} and left.\n\n{{ quote(p=2, s=2) }}\n",
    );
    site.built();
    let en = site.page("en/c/index.html");
    // The block quote: our words, the original's same sentence under them in its language.
    assert_eq!(en.texts("blockquote.source-quote--translated > p:first-child"), ["Second sentence!"]);
    assert_eq!(en.texts("blockquote .quote-original p"), ["第二句！"]);
    assert_eq!(en.attrs("blockquote .quote-original p", "lang"), ["zh-Hans"]);
    assert_eq!(en.texts("blockquote .quote-translated"), ["our translation"]);
    assert_eq!(en.attrs("blockquote .cite", "href"), ["/d/en/source/#p2"]);
    // The inline quote: the original in its title.
    assert_eq!(en.texts("q.source-quote--translated"), ["It is called Filoli."]);
    assert_eq!(en.attrs("q.source-quote--translated", "title"), ["our translation: 庄园名叫Filoli。"]);
    // A Chinese page quotes the original, verbatim, and says nothing of a translation.
    site.write("content/c.md", "+++\ntitle = \"丙\"\nweight = 2\n+++\n\n{{ quote(p=2, s=2) }}\n").built();
    let zh = site.page("c/index.html");
    assert_eq!(zh.texts("blockquote.source-quote > p:first-child"), ["第二句！"]);
    assert!(zh.texts(".quote-original").is_empty() && zh.texts(".quote-translated").is_empty());
}
