use std::path::{Path, PathBuf};

use super::*;

/// An update as a full build would leave it, search index included.
fn update(built: &mut Built, options: &BuildOptions, changes: &[Change]) -> Result<Update, Diagnostics> {
    super::update(built, options, changes, Deferred::Now)
}

/// A copy of the `dossier` fixture with this repository's themes, in a temporary folder.
fn fixture() -> (tempfile::TempDir, BuildOptions) {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy(&repo.join("tests/testsuite/fixtures/dossier"), dir.path());
    copy(&repo.join("themes"), &dir.path().join("themes"));
    let options = BuildOptions { root: dir.path().to_path_buf(), ..Default::default() };
    (dir, options)
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every output as (path, bytes), sorted, copied files read.
fn bytes(outputs: &[Output]) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = outputs
        .iter()
        .map(|o| {
            let body = match &o.body {
                output::Body::Bytes(b) => b.to_vec(),
                output::Body::Copy(file) => std::fs::read(file).unwrap(),
                output::Body::Written | output::Body::Kept(_) => panic!("{}: a build in memory wrote it", o.path),
            };
            (o.path.clone(), body)
        })
        .collect();
    all.sort();
    all
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// What a change to the stylesheets re-lists once the site has a `sass/` folder: the theme's
/// static files and the compiled stylesheet.
const SUPPORT_WITH_SASS: [&str; 8] = [
    "apple-touch-icon.png",
    "dossier.js",
    "favicon.png",
    "favicon.svg",
    "main.css",
    "search.css",
    "search.js",
    "style.css",
];

enum Expect {
    Full,
    /// A partial update that re-rendered exactly these outputs.
    Partial(&'static [&'static str]),
}

// Long as a table is: one row per edit, each applied to the state the rows above it left.
#[test]
fn sequences_of_edits_give_the_bytes_of_a_full_build() {
    let (dir, options) = fixture();
    let root = dir.path();
    let mut built = build_all(&options).unwrap();
    let content = |rel: &str| Change::Content(rel.into());
    // (what, the edit, the change the watcher reports, what the update should do)
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, Vec<Change>, Expect);
    let steps: Vec<Step> = vec![
        (
            "a body edit",
            Box::new(|| drop(edit(root, "content/a.md", "斐洛里庄园很美", "斐洛里庄园很美，也很大"))),
            vec![content("a.md")],
            // a; its neighbour b and the home page, which list it; the filoli entity page, which
            // shows the changed sentence naming it, and the pages showing filoli in turn.
            Expect::Partial(&[
                "a/index.html",
                "b/index.html",
                "entities/biden/index.html",
                "entities/filoli/index.html",
                "entities/index.html",
                "index.html",
                "print/index.html",
            ]),
        ),
        (
            "the linking sentence changes",
            Box::new(|| drop(edit(root, "content/a.md", "的说明。", "的详细说明。"))),
            vec![content("a.md")],
            // b shows the linking sentence as a backlink: b and the pages showing b follow.
            Expect::Partial(&[
                "a/index.html",
                "b/index.html",
                "entities/biden/index.html",
                "entities/filoli/index.html",
                "index.html",
                "print/index.html",
                "source/index.html",
            ]),
        ),
        (
            "the other page's body",
            Box::new(|| drop(edit(root, "content/b.md", "拜登说了话", "拜登说了很多话"))),
            vec![content("b.md")],
            Expect::Partial(&[
                "a/index.html",
                "b/index.html",
                "entities/biden/index.html",
                "entities/filoli/index.html",
                "entities/index.html",
                "index.html",
                "print/index.html",
                "source/index.html",
            ]),
        ),
        (
            "a heading added changes the anchors: full",
            Box::new(|| drop(edit(root, "content/b.md", "## 小节 {#sec}", "## 新小节\n\n## 小节 {#sec}"))),
            vec![content("b.md")],
            Expect::Full,
        ),
        (
            "a template",
            Box::new(|| {
                drop(edit(
                    root,
                    "themes/longform/templates/partials/toc.html",
                    "{{ i18n.toc_title }}</h2>",
                    "{{ i18n.toc_title }}（目录）</h2>",
                ))
            }),
            vec![Change::Template("themes/longform/templates/partials/toc.html".into())],
            // Only the pages that include the table of contents.
            Expect::Partial(&[
                "a/index.html",
                "b/index.html",
                "entities/biden/index.html",
                "entities/filoli/index.html",
                "source/index.html",
            ]),
        ),
        (
            "a stylesheet",
            Box::new(|| {
                let css = root.join("themes/longform/static/style.css");
                let mut text = std::fs::read_to_string(&css).unwrap();
                text.push_str("\nh1 { color: inherit; }\n");
                std::fs::write(css, text).unwrap();
            }),
            vec![Change::Static { path: "themes/longform/static/style.css".into(), css: true }],
            // Every page names the stylesheet by its hash (in the preview it is listed again
            // alone: see the test below).
            Expect::Full,
        ),
        (
            "a new Sass folder",
            Box::new(|| {
                std::fs::create_dir_all(root.join("sass")).unwrap();
                std::fs::write(root.join("sass/_colors.scss"), "$text: #123456;\n").unwrap();
                std::fs::write(root.join("sass/main.scss"), "@use \"colors\";\nbody { color: colors.$text }\n")
                    .unwrap();
            }),
            vec![Change::Static { path: "sass/main.scss".into(), css: true }],
            Expect::Full,
        ),
        (
            "a Sass partial",
            Box::new(|| drop(edit(root, "sass/_colors.scss", "#123456", "#654321"))),
            vec![Change::Static { path: "sass/_colors.scss".into(), css: true }],
            Expect::Full,
        ),
        (
            "front matter: full",
            Box::new(|| drop(edit(root, "content/a.md", "title = \"甲\"", "title = \"甲页\""))),
            vec![content("a.md")],
            Expect::Full,
        ),
        (
            "a new page: full",
            Box::new(|| {
                std::fs::write(root.join("content/c.md"), "+++\ntitle = \"丙\"\n+++\n丙文，提到斐洛里庄园。\n").unwrap()
            }),
            vec![content("c.md")],
            Expect::Full,
        ),
        (
            "the new page's body",
            Box::new(|| drop(edit(root, "content/c.md", "丙文", "丙文改过"))),
            vec![content("c.md")],
            Expect::Partial(&[
                "c/index.html",
                "entities/biden/index.html",
                "entities/filoli/index.html",
                "entities/index.html",
                "index.html",
                "print/index.html",
                "source/index.html",
            ]),
        ),
        (
            "a deleted page: full",
            Box::new(|| std::fs::remove_file(root.join("content/c.md")).unwrap()),
            vec![content("c.md")],
            Expect::Full,
        ),
    ];
    for (what, change_files, changes, expect) in steps {
        change_files();
        let update = update(&mut built, &options, &changes).unwrap_or_else(|e| panic!("{what}: {e}"));
        match (expect, &update) {
            (Expect::Full, Update::Full) => {}
            (Expect::Partial(paths), Update::Partial(done)) => {
                // The feed, sitemap and search index are made again after every update; the
                // byte comparison below checks them.
                let rendered: Vec<&String> = done.iter().filter(|p| !built.site_wide.contains(*p)).collect();
                assert_eq!(rendered, paths.to_vec(), "{what}");
                if what.contains("body") {
                    assert!(done.iter().any(|p| p.starts_with("pagefind/")), "{what}: the search index follows");
                }
            }
            (_, other) => panic!("{what}: unexpected {other:?}"),
        }
        let fresh = build_all(&options).unwrap();
        let (a, b) = (bytes(&built.outputs), bytes(&fresh.outputs));
        let differing: Vec<&str> = a.iter().zip(&b).filter(|(x, y)| x != y).map(|(x, _)| x.0.as_str()).collect();
        assert_eq!(a.len(), b.len(), "{what}: output count");
        assert!(differing.is_empty(), "{what}: differs from a full build in {differing:?}");
    }
}

/// An image added to a body: the update makes its copies as a full build would; a change to the
/// image itself renames them, which only a full build follows.
#[test]
fn an_image_added_to_a_body_is_resized_by_the_update() {
    let (dir, options) = fixture();
    let root = dir.path();
    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(root.join("site.toml"), format!("{config}\n[markdown]\nimage_srcset = [8]\n")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    image::RgbImage::new(20, 10).save(root.join("static/pic.png")).unwrap();
    let mut built = build_all(&options).unwrap();
    edit(root, "content/a.md", "斐洛里庄园很美", "斐洛里庄园很美![图](/pic.png)");
    let Update::Partial(paths) = update(&mut built, &options, &[Change::Content("a.md".into())]).unwrap() else {
        panic!("a body edit that stays local")
    };
    assert!(paths.iter().any(|p| p.starts_with("processed_images/")), "{paths:?}");
    assert_eq!(bytes(&built.outputs), bytes(&build_all(&options).unwrap().outputs));

    image::RgbImage::new(30, 10).save(root.join("static/pic.png")).unwrap();
    let change = Change::Static { path: "static/pic.png".into(), css: false };
    assert_eq!(update(&mut built, &options, &[change]).unwrap(), Update::Full);
    let a = built.output("a/index.html").map(|o| bytes(std::slice::from_ref(o))).unwrap();
    assert!(String::from_utf8_lossy(&a[0].1).contains("width=\"30\""));
}

#[test]
fn a_broken_edit_is_an_error_and_leaves_the_state() {
    let (dir, options) = fixture();
    let mut built = build_all(&options).unwrap();
    let before = bytes(&built.outputs);
    edit(dir.path(), "content/a.md", "见[乙](@/b.md#sec)", "见[乙](@/b.md#nope)");
    let err = update(&mut built, &options, &[Change::Content("a.md".into())]).unwrap_err();
    assert!(err.to_string().contains("content/a.md:"), "{err}");
    assert!(err.to_string().contains("no anchor `#nope`"), "{err}");
    assert_eq!(before, bytes(&built.outputs));
}

#[test]
fn a_broken_stylesheet_is_an_error_and_leaves_the_state() {
    let (dir, options) = fixture();
    std::fs::create_dir_all(dir.path().join("sass")).unwrap();
    std::fs::write(dir.path().join("sass/main.scss"), "a { color: red }\n").unwrap();
    let mut built = build_all(&options).unwrap();
    let before = bytes(&built.outputs);
    edit(dir.path(), "sass/main.scss", "red }", "red");
    let err = update(&mut built, &options, &[Change::Static { path: "sass/main.scss".into(), css: true }]).unwrap_err();
    assert!(err.to_string().contains("sass/main.scss:1:15: error: expected \"}\""), "{err}");
    assert_eq!(before, bytes(&built.outputs));
}

#[test]
fn plans_by_kind_of_change() {
    let cases: &[(&[Change], Plan)] = &[
        (&[Change::Content("a.md".into())], Plan::Page("a.md".into())),
        (&[Change::Content("s/_index.md".into())], Plan::Full),
        (&[Change::Content("a.md".into()), Change::Content("b.md".into())], Plan::Full),
        (&[Change::Content("img.png".into())], Plan::Full),
        (&[Change::Config], Plan::Full),
        (&[Change::Template("templates/page.html".into())], Plan::Templates(BTreeSet::from(["page.html".to_string()]))),
        // A shortcode changes the bodies calling it.
        (&[Change::Template("templates/shortcodes/note.html".into())], Plan::Full),
        (&[Change::Template("themes/t/templates/shortcodes/note.md".into())], Plan::Full),
        (&[Change::Static { path: "static/a.css".into(), css: true }], Plan::Static),
        (&[Change::Static { path: "static/a.css".into(), css: true }, Change::Config], Plan::Full),
    ];
    for (changes, expect) in cases {
        assert_eq!(&plan(changes), expect, "{changes:?}");
    }
}

/// The preview serves assets under their own names, so a saved stylesheet is swapped into the open
/// page without re-rendering a page: the static files and stylesheets are listed again, alone.
#[test]
fn in_the_preview_a_stylesheet_is_listed_again_without_a_page() {
    let (dir, options) = fixture();
    let preview = BuildOptions { preview: true, ..options };
    let mut built = build_all(&preview).unwrap();
    render_deferred(&mut built).unwrap();
    for path in ["themes/longform/static/style.css", "sass/main.scss"] {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        std::fs::write(file, text + "\nh1 { color: #123456 }\n").unwrap();
        let update = update(&mut built, &preview, &[Change::Static { path: path.into(), css: true }]).unwrap();
        let Update::Partial(done) = update else { panic!("{path}: {update:?}") };
        // The Sass stylesheet is there once the folder is.
        let expect: Vec<&str> =
            SUPPORT_WITH_SASS.into_iter().filter(|p| path.starts_with("sass") || *p != "main.css").collect();
        assert_eq!(done, expect, "{path}");
        let mut fresh = build_all(&preview).unwrap();
        render_deferred(&mut fresh).unwrap();
        assert!(bytes(&built.outputs) == bytes(&fresh.outputs), "{path}: differs from a full build of the preview");
    }
}

#[test]
fn a_deferred_update_leaves_print_and_feeds_until_they_are_rendered() {
    let (dir, options) = fixture();
    let preview = BuildOptions { preview: true, ..options.clone() };
    let mut built = build_all(&preview).unwrap();
    // The first build leaves print, and the cards never drawn before (the cache is new).
    let (cards, others): (Vec<String>, Vec<String>) =
        built.deferred.iter().cloned().partition(|p| p.starts_with("cards/"));
    assert_eq!(others, ["print/index.html"], "the first build leaves print");
    assert!(!cards.is_empty(), "and the cards to draw");
    let drawn = render_deferred(&mut built).unwrap();
    assert!(drawn.iter().filter(|p| p.starts_with("cards/")).count() == cards.len() && built.deferred.is_empty());
    assert!(built.output(&drawn[0]).is_some(), "the cards drawn are outputs");
    // Drawn once, a card is the cache's: the next preview leaves nothing of them for later.
    assert_eq!(build_all(&preview).unwrap().deferred.iter().collect::<Vec<_>>(), ["print/index.html"]);
    edit(dir.path(), "content/a.md", "斐洛里庄园很美", "斐洛里庄园很美，也很大");
    let update = super::update(&mut built, &preview, &[Change::Content("a.md".into())], Deferred::Later).unwrap();
    let Update::Partial(done) = update else { panic!("{update:?}") };
    assert!(done.contains(&"a/index.html".to_string()) && !done.contains(&"print/index.html".to_string()), "{done:?}");
    assert!(built.deferred.contains("print/index.html") && built.deferred.contains("atom.xml"), "{:?}", built.deferred);
    let done = render_deferred(&mut built).unwrap();
    assert!(done.contains(&"print/index.html".to_string()) && built.deferred.is_empty(), "{done:?}");
    // Then everything but the search index (the preview's indexer makes it) is what a full build
    // of the preview gives (whose assets keep their names).
    let mut fresh = build_all(&preview).unwrap();
    render_deferred(&mut fresh).unwrap();
    let without_search = |o: &[Output]| -> Vec<(String, Vec<u8>)> {
        bytes(o).into_iter().filter(|(p, _)| !output::search::in_bundle(p)).collect()
    };
    assert!(without_search(&built.outputs) == without_search(&fresh.outputs), "differs from a full build");
}

/// A page that calls a shortcode, edited in the preview, and the shortcode's template edited: each
/// update equals a full build.
#[test]
fn shortcode_calls_and_templates_updated_give_the_bytes_of_a_full_build() {
    let (dir, options) = fixture();
    let root = dir.path();
    std::fs::create_dir_all(root.join("templates/shortcodes")).unwrap();
    std::fs::write(root.join("templates/shortcodes/note.html"), "<aside data-nth=\"{{ nth }}\">{{ body }}</aside>\n")
        .unwrap();
    let mut built = build_all(&options).unwrap();
    edit(root, "content/b.md", "## 小节", "{% note() %}\n注\n{% end %}\n\n## 小节");
    let outcome = update(&mut built, &options, &[Change::Content("b.md".into())]).unwrap();
    assert!(matches!(outcome, Update::Partial(_)), "a body edit stays a page update");
    assert!(built.output("b/index.html").is_some_and(|o| matches!(&o.body, output::Body::Bytes(b) if String::from_utf8_lossy(b).contains("<aside data-nth=\"1\">注</aside>"))));
    assert_eq!(bytes(&built.outputs), bytes(&build_all(&options).unwrap().outputs));
    let template = edit(root, "templates/shortcodes/note.html", "<aside", "<aside class=\"note\"");
    let template = template.strip_prefix(root).unwrap().to_path_buf();
    let outcome = update(&mut built, &options, &[Change::Template(template)]).unwrap();
    assert!(matches!(outcome, Update::Full));
    assert_eq!(bytes(&built.outputs), bytes(&build_all(&options).unwrap().outputs));
}

#[test]
fn a_body_edit_renders_the_pager_that_lists_the_page_again() {
    let (dir, options) = fixture();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/notes")).unwrap();
    std::fs::write(
        root.join("content/notes/_index.md"),
        "+++\ntitle = \"笔记\"\nsort_by = \"weight\"\npaginate_by = 1\n+++\n",
    )
    .unwrap();
    for i in 1..=3 {
        let note = format!("+++\ntitle = \"笔记{i}\"\nweight = {i}\n+++\n\n第{i}条笔记。\n");
        std::fs::write(root.join(format!("content/notes/n{i}.md")), note).unwrap();
    }
    let mut built = build_all(&options).unwrap();
    edit(root, "content/notes/n2.md", "第2条笔记。", "第2条笔记，改过。");
    let update = update(&mut built, &options, &[Change::Content("notes/n2.md".into())]).unwrap();
    let Update::Partial(done) = update else { panic!("{update:?}") };
    let rendered: Vec<&String> = done.iter().filter(|p| !built.site_wide.contains(*p)).collect();
    // The page, its neighbours in the reading order, the home (which lists every section's pages)
    // and the second pager, which lists it; not the first or the third pager.
    assert_eq!(
        rendered,
        [
            "index.html",
            "notes/n1/index.html",
            "notes/n2/index.html",
            "notes/n3/index.html",
            "notes/page/2/index.html",
            "print/index.html"
        ]
    );
    let fresh = build_all(&options).unwrap();
    assert!(bytes(&built.outputs) == bytes(&fresh.outputs), "differs from a full build");
}
