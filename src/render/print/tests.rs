use std::path::Path;

use super::*;

fn check(html: &str, expect: &str) {
    let config = Config::parse(Path::new("site.toml"), "title = \"t\"\nbase_url = \"https://e.org/d/\"").unwrap();
    let anchors = HashMap::from([
        ("/d/consensus/".to_string(), "consensus".to_string()),
        ("/d/entities/biden/".to_string(), "entities-biden".to_string()),
    ]);
    let got = rewrite(html, &Rewrite { prefix: "overview", anchors: &anchors, config: &config });
    assert_eq!(got, expect, "{html}");
}

#[test]
fn ids_get_the_item_prefix() {
    check(r#"<h2 id="history">百年</h2>"#, r#"<h2 id="overview:history">百年</h2>"#);
    check(
        r#"<a class="entity" href="/d/entities/biden/" aria-describedby="m4-57">拜登</a><span class="popover" id="m4-57">x</span>"#,
        r##"<a class="entity" href="#entities-biden" aria-describedby="overview:m4-57">拜登</a><span class="popover" id="overview:m4-57">x</span>"##,
    );
}

#[test]
fn links_point_inside_the_document_or_to_the_site() {
    let cases = [
        // Same page.
        (r##"<a href="#history">x</a>"##, r##"<a href="#overview:history">x</a>"##),
        // Another page of the dossier, with and without an anchor.
        (r#"<a href="/d/consensus/#ai-dialogue">x</a>"#, r##"<a href="#consensus:ai-dialogue">x</a>"##),
        (r#"<a href="/d/consensus/">x</a>"#, r##"<a href="#consensus">x</a>"##),
        // Outside the document but on the site: an absolute URL.
        (r#"<a href="/d/actors/拜登/">x</a>"#, r#"<a href="https://e.org/d/actors/拜登/">x</a>"#),
        // Other hosts stay.
        (r#"<a href="https://apec.org/">x</a>"#, r#"<a href="https://apec.org/">x</a>"#),
        // A footnote reference points at the note, not its sidenote copy.
        (r##"<sup><a href="#sn-items">1</a></sup>"##, r##"<sup><a href="#overview:items">1</a></sup>"##),
    ];
    for (html, expect) in cases {
        check(html, expect);
    }
}

#[test]
fn text_comments_and_other_attributes_are_left_alone() {
    check(
        "<p class=\"x\" title='a>b'>id=\"no\" &lt;a href=\"#no\"&gt;</p><!-- more --><img alt=\"id\" src=\"/d/a.png\">",
        "<p class=\"x\" title='a>b'>id=\"no\" &lt;a href=\"#no\"&gt;</p><!-- more --><img alt=\"id\" src=\"/d/a.png\">",
    );
}

#[test]
fn only_double_quoted_values_of_the_attributes_named_change_and_every_other_byte_stays() {
    let cases = [
        // Attributes as written: spacing, order, other quotes, self-closing, entities in values.
        (
            "<img\n  src=\"/d/a.png\"   id=\"pic\" alt='x' />",
            "<img\n  src=\"/d/a.png\"   id=\"overview:pic\" alt='x' />",
        ),
        (r#"<a href="/d/consensus/#a&amp;b">x</a>"#, r##"<a href="#consensus:a&amp;b">x</a>"##),
        (
            r#"<label for="q">x</label><p aria-labelledby="a  b">y</p>"#,
            r#"<label for="overview:q">x</label><p aria-labelledby="overview:a overview:b">y</p>"#,
        ),
        (r#"<h2 id="">x</h2>"#, r#"<h2 id="overview:">x</h2>"#),
        // Written otherwise than `name="value"`: left as it is.
        (r#"<p id='a' ID="b" id=c>x</p>"#, r#"<p id='a' ID="b" id=c>x</p>"#),
        (r#"<p id = "a">x</p>"#, r#"<p id = "a">x</p>"#),
        // Not tags: comments, escaped text, a style's text without `<`.
        (
            r#"<style>a[id="y"]{}</style><!-- <b id="z"> -->&lt;i id="w"&gt;"#,
            r#"<style>a[id="y"]{}</style><!-- <b id="z"> -->&lt;i id="w"&gt;"#,
        ),
        // Unclosed at the end: nothing to rewrite, nothing lost.
        (r##"<p>x</p><a href="#y"##, r##"<p>x</p><a href="#y"##),
        ("", ""),
    ];
    for (html, expect) in cases {
        check(html, expect);
    }
}

#[test]
fn reading_order_interleaves_pages_and_subsections_by_weight() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures/basic");
    let (content, problems) = crate::content::load(&root, &Default::default());
    assert!(problems.is_empty());
    let order: Vec<String> = reading_order_from(&content, 0)
        .into_iter()
        .map(|(item, depth)| match item {
            Item::Page(i) => format!("{depth} {}", content.pages[i].rel),
            Item::Section(i) => format!("{depth} {}", content.sections[i].rel),
        })
        .collect();
    // Weighted items first by weight; the unweighted subsection after them, its pages in its own
    // order (by title: 乙 before 甲).
    let expect = [
        "0 _index.md",
        "1 overview.md",
        "1 bundle/index.md",
        "1 source.md",
        "1 notes/_index.md",
        "2 notes/b.md",
        "2 notes/a.md",
    ];
    assert_eq!(order, expect);
}
