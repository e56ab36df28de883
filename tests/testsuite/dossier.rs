//! Dossier semantics on a small fixture with the default theme: entities linked where they are
//! named, backlinks and related pages, the timeline and its JSON export, provenance to the source,
//! sidenotes, and the errors each of these can raise.

use crate::util::Site;

fn built() -> Site {
    let site = Site::fixture_with_themes("dossier");
    site.built();
    site
}

#[test]
fn first_mentions_link_to_entities_with_a_summary() {
    let site = built();
    let a = site.page("a/index.html");
    assert_eq!(a.attrs(".prose a.entity", "href"), ["/d/entities/filoli/"]);
    assert_eq!(a.texts(".prose a.entity"), ["斐洛里庄园"]);
    assert_eq!(a.texts(".prose .popover"), ["斐洛里庄园：一座庄园。"]);
    let described = a.attrs(".prose a.entity", "aria-describedby");
    assert_eq!(a.attrs(".popover", "id"), described, "the popover describes its link");
    // b names both, each linked once; the entity's own page does not link itself.
    let b = site.page("b/index.html");
    assert_eq!(b.texts(".prose a.entity"), ["拜登", "斐洛里"]);
    assert!(site.page("entities/filoli/index.html").attrs(".prose a.entity", "href").is_empty());
}

#[test]
fn entity_pages_list_the_pages_naming_them_with_the_sentence() {
    let site = built();
    let page = site.page("entities/filoli/index.html");
    // The source page is not annotated: it shows the article exactly as it is.
    assert_eq!(page.texts(".mentioned-in li > a"), ["甲", "乙"]);
    assert_eq!(page.texts(".mentioned-in .context"), ["斐洛里庄园很美。", "拜登说了话，斐洛里也提到了。"]);
    assert_eq!(page.texts(".entity-kind .kind"), ["地点"]);
    let index = site.page("entities/index.html");
    assert_eq!(index.texts("h2[id^=kind-]"), ["人物", "地点"], "grouped by kind, in kind order");
    assert_eq!(index.texts(".entity-list dt"), ["拜登", "斐洛里庄园"]);
}

#[test]
fn backlinks_carry_the_linking_sentence_and_related_pages_show() {
    let site = built();
    let b = site.page("b/index.html");
    assert_eq!(b.texts(".backlinks li > a"), ["甲"], "one entry per linking page");
    assert_eq!(b.texts(".backlinks .context"), ["见乙的说明。"]);
    let a = site.page("a/index.html");
    assert_eq!(a.attrs("#related-title + ul a", "href"), ["/d/b/#sec"]);
}

#[test]
fn cite_and_quote_link_to_the_source_paragraphs() {
    let site = built();
    let a = site.page("a/index.html");
    assert_eq!(a.texts(".prose a.cite"), ["出处 ¶1", "原文 ¶2"]);
    assert_eq!(a.texts("blockquote.source-quote p:first-child"), ["拜登总统到访。"]);
    assert_eq!(a.texts(".cite-list a"), ["¶1", "¶2"], "cited in text, and by the timeline event");
}

#[test]
fn source_paragraphs_show_the_pages_using_them() {
    let site = built();
    let source = site.page("source/index.html");
    assert_eq!(source.texts(".used-by"), ["见于 甲", "见于 甲、乙", "见于 乙"]);
    assert_eq!(source.attrs("#p1 + .used-by a", "href"), ["/d/a/"]);
}

/// Issue 13: the "used by" lists went where the HTML had a `<!-- dossier:uses pN -->` comment, so
/// a source page holding such a comment itself got a wrong list, and one ending in the unclosed
/// `<!-- dossier:uses p` made the build panic.
#[test]
fn a_source_page_may_hold_the_text_of_the_used_by_markers() {
    let cases = [
        ("ends in an unclosed marker", "\n<!-- dossier:uses p"),
        ("ends in an unclosed marker and a number", "\n<!-- dossier:uses p2"),
        ("holds a whole marker", "\n<!-- dossier:uses p2 -->\n\n末段。\n"),
    ];
    for (case, tail) in cases {
        let site = Site::fixture_with_themes("dossier");
        let source = std::fs::read_to_string(site.root().join("content/source.md")).unwrap();
        site.write("content/source.md", &format!("{source}{tail}"));
        let run = site.build();
        assert!(run.ok(), "{case}: {}", run.stderr);
        let page = site.page("source/index.html");
        assert_eq!(page.texts(".used-by"), ["见于 甲", "见于 甲、乙", "见于 乙"], "{case}");
        let raw = tail.trim().lines().next().unwrap();
        assert!(site.read("source/index.html").contains(raw), "{case}: the raw HTML stays as written");
    }
}

#[test]
fn check_reports_source_coverage() {
    let site = Site::fixture_with_themes("dossier");
    let run = site.run("check", &[]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(run.stderr.contains("source coverage: 3 of 3 paragraphs cited (100%)"), "{}", run.stderr);
    let b = std::fs::read_to_string(site.root().join("content/b.md")).unwrap();
    site.write("content/b.md", &b.replace("cites = [3]\n", ""));
    let run = site.run("check", &[]);
    assert!(run.stderr.contains("source coverage: 2 of 3 paragraphs cited (66%); not cited: ¶3"), "{}", run.stderr);
}

#[test]
fn timeline_merges_sorts_and_exports_timelinejs() {
    let site = built();
    let page = site.page("b/index.html");
    assert_eq!(page.texts(".event__title"), ["约在此月", "会晤"], "a page lists its own events, sorted");
    let json: serde_json::Value = serde_json::from_str(&site.read("timeline.json")).unwrap();
    let events = json["events"].as_array().unwrap();
    let dates: Vec<String> = events.iter().map(|e| e["start_date"].to_string()).collect();
    assert_eq!(
        dates,
        [
            r#"{"year":1917}"#,
            r#"{"display_date":"约2023年11月","month":11,"year":2023}"#,
            r#"{"day":15,"month":11,"year":2023}"#
        ]
    );
    let headlines: Vec<&str> = events.iter().map(|e| e["text"]["headline"].as_str().unwrap()).collect();
    assert_eq!(headlines, ["庄园始建", "约在此月", "会晤"]);
    let ids: std::collections::BTreeSet<&str> = events.iter().map(|e| e["unique_id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3);
    assert!(events[2]["text"]["text"].as_str().unwrap().contains("https://example.org/d/source/#p2"));
}

#[test]
fn footnotes_are_sidenotes_reachable_without_script() {
    let site = built();
    let a = site.page("a/index.html");
    assert_eq!(a.attrs("sup.footnote-reference a", "href"), ["#sn-1"]);
    assert_eq!(a.texts(".sidenote"), ["1 注的内容。"]);
    assert_eq!(a.attrs(".sidenote", "id"), ["sn-1"]);
}

/// (what, file, text, expected locus, message)
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "alias claimed twice",
        "content/entities/biden.md",
        "+++\ntitle = \"拜登\"\nkind = \"person\"\naliases = [\"斐洛里\"]\nsummary = \"x\"\n+++\n",
        "content/entities/",
        "is claimed by",
    ),
    (
        "unknown kind",
        "content/entities/biden.md",
        "+++\ntitle = \"拜登\"\nkind = \"people\"\nsummary = \"x\"\n+++\n",
        "content/entities/biden.md:3:8",
        "not a kind of entity",
    ),
    (
        "missing summary",
        "content/entities/biden.md",
        "+++\ntitle = \"拜登\"\nkind = \"person\"\n+++\n",
        "content/entities/biden.md:1:1",
        "needs a one-line `summary`",
    ),
    (
        "missing kind",
        "content/entities/biden.md",
        "+++\ntitle = \"拜登\"\nsummary = \"x\"\n+++\n",
        "content/entities/biden.md:1:1",
        "needs a `kind`",
    ),
    (
        "related page missing",
        "content/a.md",
        "+++\ntitle = \"甲\"\nrelated = [\"@/nope.md\"]\n+++\n",
        "content/a.md:3:12",
        "`@/nope.md` is not a file",
    ),
    (
        "related anchor missing",
        "content/a.md",
        "+++\ntitle = \"甲\"\nrelated = [\"@/b.md#nope\"]\n+++\n",
        "content/a.md:3:12",
        "has no anchor `#nope`",
    ),
    (
        "related not a link",
        "content/a.md",
        "+++\ntitle = \"甲\"\nrelated = [\"b.md\"]\n+++\n",
        "content/a.md:3:12",
        "not an internal link",
    ),
    (
        "cites out of range",
        "content/a.md",
        "+++\ntitle = \"甲\"\ncites = [1, 9]\n+++\n",
        "content/a.md:3:13",
        "paragraphs 1 to 3, not 9",
    ),
    (
        "cite out of range",
        "content/a.md",
        "+++\ntitle = \"甲\"\n+++\n见{{ cite(p=4) }}。\n",
        "content/a.md:4:2",
        "not 4",
    ),
    (
        "bad sentence range",
        "content/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n{{ quote(p=2, s=\"2-5\") }}\n",
        "content/a.md:5:1",
        "sentences 1 to 2",
    ),
    (
        "unknown shortcode",
        "content/a.md",
        "+++\ntitle = \"甲\"\n+++\n{{ youtube(id=1) }}\n",
        "content/a.md:4:1",
        "no shortcode `youtube`",
    ),
];

#[test]
fn dossier_mistakes_are_reported_at_their_place() {
    for (what, file, text, locus, message) in CASES {
        let site = Site::fixture_with_themes("dossier");
        site.write(file, text);
        let run = site.build();
        assert_eq!(run.code(), Some(1), "{what}: {}", run.stderr);
        assert!(run.stderr.contains(locus), "{what}: expected {locus} in\n{}", run.stderr);
        assert!(run.stderr.contains(message), "{what}: expected {message:?} in\n{}", run.stderr);
        assert!(run.stderr.contains("hint:"), "{what}: no hint\n{}", run.stderr);
        assert!(!site.public().exists(), "{what}: wrote output");
    }
}

#[test]
fn the_header_lists_twelve_parts_and_links_to_the_rest() {
    let site = Site::fixture_with_themes("dossier");
    let few = site.built().page("a/index.html").texts(".site-nav li");
    assert!(few.len() < 12 && !few.iter().any(|t| t.starts_with("全部")), "{few:?}");
    for n in 0..15 {
        site.write(&format!("content/part{n:02}/_index.md"), &format!("+++\ntitle = \"部分{n}\"\n+++\n"));
    }
    let many = site.built().page("a/index.html").texts(".site-nav li");
    let parts = few.len() + 15;
    assert_eq!(many.len(), 13, "{many:?}");
    assert_eq!(many[12], format!("全部 {parts} 个栏目"));
}

/// Issue 12: a one-character alias such as `的` linked on every page without a word. A name of
/// one character, and a name found on more than `max_name_share` of the pages, are warnings:
/// `build` and `check` print them and still succeed.
#[test]
fn names_too_common_to_link_are_warned_about() {
    let site = Site::fixture_with_themes("dossier");
    site.write(
        "content/entities/meeting.md",
        "+++\ntitle = \"旧金山会晤\"\nkind = \"event\"\naliases = [\"会晤\", \"的\"]\nsummary = \"两国元首的会晤。\"\n+++\n",
    );
    for n in 0..10 {
        site.write(&format!("content/n{n}.md"), &format!("+++\ntitle = \"第{n}篇\"\n+++\n会晤的地点。\n"));
    }
    let one_character = "content/entities/meeting.md:4:18: warning: the entity name `的` is a single character";
    let common = "content/entities/meeting.md:4:12: warning: the entity name `会晤` is found on 10 of";
    for command in ["build", "check"] {
        let run = site.run(command, &[]);
        assert_eq!(run.code(), Some(0), "{command}: {}", run.stderr);
        assert!(run.stderr.contains(one_character), "{command}: {}", run.stderr);
        assert!(run.stderr.contains(common), "{command}: {}", run.stderr);
        assert!(run.stderr.contains("hint: use a more specific name, or raise max_name_share"), "{command}");
        assert_eq!(run.stderr.matches("warning: the entity name").count(), 2, "{command}: {}", run.stderr);
    }
    // The share is a setting: 1 lets a name be found everywhere (the single character stays).
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &config.replace("[dossier]\n", "[dossier]\nmax_name_share = 1\n"));
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr);
    assert!(run.stderr.contains(one_character) && !run.stderr.contains("`会晤` is found"), "{}", run.stderr);
}

/// Issue 14: with smart punctuation on (natural for English), the prose gets curly quotes and
/// dashes while the arguments of `cite` and `quote` keep the straight quotes they are written in.
#[test]
fn smart_punctuation_curls_english_prose_and_leaves_shortcodes_alone() {
    let site = Site::fixture_with_themes("dossier");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let config = config.replace("language = \"zh-Hans\"", "language = \"en\"");
    site.write("site.toml", &format!("{config}\n[markdown]\nsmart_punctuation = true\n"));
    site.write(
        "content/source.md",
        "+++\ntitle = \"Source\"\nweight = 90\n+++\n\nFiloli was built in 1917! It is a house?\n\nThe second paragraph.\n\nThe third.\n",
    );
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n\nThe \"estate\" -- so it's called {{ quote(p=1, s=\"1-2\") }} and {{ cite(p=2) }}...\n\n\
         {{ quote(p=1, s='2') }}\n",
    );
    site.built();
    let a = site.page("a/index.html");
    let prose = a.texts(".prose > p").join("\n");
    assert!(prose.starts_with("The “estate” – so it’s called Filoli was built in 1917! It is a house?"), "{prose}");
    assert!(prose.contains("…"), "{prose}");
    assert!(!prose.contains("{{"), "{prose}");
    assert_eq!(a.attrs(".prose q.source-quote", "cite"), ["/d/source/#p1"]);
    assert_eq!(a.texts(".prose blockquote.source-quote > p:first-child"), ["It is a house?"]);
    assert!(a.attrs(".prose a.cite", "href").contains(&"/d/source/#p2".to_string()));
}

#[test]
fn english_names_link_only_as_whole_words_and_chinese_ones_anywhere() {
    let site = Site::fixture_with_themes("dossier");
    site.write(
        "content/entities/accord.md",
        "+++\ntitle = \"Accord\"\nkind = \"document\"\nsummary = \"The agreement.\"\n+++\n",
    )
    .write("content/entities/la.md", "+++\ntitle = \"LA\"\nkind = \"place\"\nsummary = \"A city.\"\n+++\n")
    .write(
        "content/en.md",
        "+++\ntitle = \"English\"\n+++\n\nAccordingly, the delegates met in LAGOS. Mr. Smith said the Accord \
         was signed in LA. 斐洛里庄园 was far.\n",
    )
    .built();
    let page = site.page("en/index.html");
    assert_eq!(page.texts(".prose a.entity"), ["Accord", "LA", "斐洛里庄园"]);
    // The sentence around a mention is Unicode's: "Mr." ends one before the capital that follows.
    let accord = site.page("entities/accord/index.html");
    assert_eq!(accord.texts(".mentioned-in .context"), ["Smith said the Accord was signed in LA."]);
    let filoli = site.page("entities/filoli/index.html");
    assert!(filoli.texts(".mentioned-in .context").contains(&"斐洛里庄园 was far.".to_string()));
}

#[test]
fn every_page_names_its_icons_and_the_icons_are_published() {
    let site = built();
    for path in ["index.html", "a/index.html", "404.html"] {
        let page = site.page(path);
        let icons = page.attrs("link[rel=icon], link[rel=apple-touch-icon]", "href");
        assert_eq!(icons, ["/d/favicon.svg", "/d/favicon.png", "/d/apple-touch-icon.png"], "{path}");
    }
    for file in ["favicon.svg", "favicon.png", "apple-touch-icon.png"] {
        assert!(site.public().join(file).is_file(), "{file} is not published");
    }
}
