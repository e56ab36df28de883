//! Bad input: each case breaks one file of a good site and expects a diagnostic naming
//! `file:line:col`, a hint, exit code 1, no panic, and the last good `public/` untouched.

use crate::util::{Site, dossier, snapshot};

/// (what, file, new text, expected `path:line:col`, part of the message)
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "front matter never closed",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n甲文。\n",
        "content/notes/a.md:1:1",
        "never closed",
    ),
    ("no front matter", "content/notes/a.md", "甲文。\n", "content/notes/a.md:1:1", "does not start with front matter"),
    (
        "Sass that does not compile",
        "sass/main.scss",
        "a {\n  color: ;\n}\n",
        "sass/main.scss:2:9",
        "Expected expression",
    ),
    ("bad TOML", "content/notes/a.md", "+++\ntitle = \"甲\ndate = 1\n+++\n", "content/notes/a.md:2:", "string"),
    (
        "unknown key",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\ntitel = \"x\"\n+++\n",
        "content/notes/a.md:3:1",
        "unknown field `titel`",
    ),
    (
        "wrong type",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\nweight = \"heavy\"\n+++\n",
        "content/notes/a.md:3:10",
        "invalid type",
    ),
    ("missing title", "content/notes/a.md", "+++\nweight = 1\n+++\n", "content/notes/a.md:", "missing field `title`"),
    (
        "impossible date",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\ndate = \"2023-02-30\"\n+++\n",
        "content/notes/a.md:3:8",
        "has days 01 to 28",
    ),
    (
        "bad timeline date",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n[[timeline]]\ndate = \"明年\"\ntitle = \"x\"\n+++\n",
        "content/notes/a.md:4:8",
        "is not a date",
    ),
    (
        "timeline anchor missing",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n[[timeline]]\ndate = \"2023\"\ntitle = \"x\"\nanchor = \"nowhere\"\n+++\n",
        "content/notes/a.md:4:8",
        "#nowhere",
    ),
    (
        "timeline source paragraph missing",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n[[timeline]]\ndate = \"2023\"\ntitle = \"x\"\nsource = 99\n+++\n",
        "content/notes/a.md:4:8",
        "paragraph 99",
    ),
    (
        "broken internal link",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n见[这里](@/nope.md)。\n",
        "content/notes/a.md:5:2",
        "@/nope.md",
    ),
    (
        "broken anchor",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n第一行\n见[这里](@/overview.md#thre)。\n",
        "content/notes/a.md:6:2",
        "no anchor `#thre`",
    ),
    (
        "duplicate heading id",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n## a {#x}\n## b {#x}\n",
        "content/notes/a.md:5:1",
        "used twice",
    ),
    (
        "duplicate URL",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\nslug = \"b\"\n+++\n",
        "content/notes/",
        "already used",
    ),
    (
        "unknown taxonomy",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n[taxonomies]\nplaces = [\"旧金山\"]\n+++\n",
        "content/notes/a.md:4:1",
        "`places` is not a taxonomy",
    ),
    ("not UTF-8", "content/notes/a.md", "+++\ntitle = \"\u{fffd}\"\n+++\n", "content/notes/a.md:2:", "not valid UTF-8"),
    (
        "template syntax error",
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title }{% endblock main %}",
        "templates/page.html:2:31",
        "Found `}` but expected }}",
    ),
    (
        "unknown template function",
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ nope() }}{% endblock main %}",
        "templates/404.html:2:20",
        "Unknown function `nope`",
    ),
    (
        "template runtime error",
        "templates/section.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ section.nope }}{% endblock main %}",
        "templates/section.html:2:",
        "while rendering content/",
    ),
    (
        "unknown page in get_page",
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}{% set p = get_page(path=\"gone.md\") %}{{ p.title }}{% endblock main %}",
        "templates/404.html:2:",
        "no page `gone.md`",
    ),
    (
        "unknown site key",
        "site.toml",
        "title = \"t\"\nbase_url = \"https://e.org/\"\nlanguag = \"zh\"\n",
        "site.toml:3:1",
        "unknown field `languag`",
    ),
    ("bad base_url", "site.toml", "title = \"t\"\nbase_url = \"e.org\"\n", "site.toml:2:1", "not an absolute URL"),
    ("empty file", "content/notes/a.md", "", "content/notes/a.md:1:1", "the file is empty"),
    ("YAML front matter", "content/notes/a.md", "---\ntitle: 甲\n---\n", "content/notes/a.md:1:1", "is YAML"),
    ("empty title", "content/notes/a.md", "+++\ntitle = \" \"\n+++\n", "content/notes/a.md:2:1", "the title is empty"),
    (
        "flag not a boolean",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\ndraft = \"yes\"\n+++\n",
        "content/notes/a.md:3:9",
        "expected a boolean",
    ),
    (
        "terms not a list",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n[taxonomies]\nactors = \"习近平\"\n+++\n",
        "content/notes/a.md:4:10",
        "expected a sequence",
    ),
    (
        "unknown sort order",
        "content/notes/_index.md",
        "+++\ntitle = \"笔记\"\nsort_by = \"size\"\n+++\n",
        "content/notes/_index.md:3:11",
        "unknown variant `size`",
    ),
    (
        "page names a missing template",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\ntemplate = \"nope.html\"\n+++\n",
        "content/notes/a.md:3:1",
        "the template `nope.html` does not exist",
    ),
    (
        "section names a missing page template",
        "content/notes/_index.md",
        "+++\ntitle = \"笔记\"\npage_template = \"nope.html\"\n+++\n",
        "content/notes/_index.md:3:1",
        "the template `nope.html` does not exist",
    ),
    (
        "unknown shortcode",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n{{ nope(p=1) }}\n",
        "content/notes/a.md:5:1",
        "there is no shortcode `nope`",
    ),
    (
        "unknown shortcode with a body",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n甲文。\n\n{% nope(kind=\"x\") %}\n正文\n{% end %}\n",
        "content/notes/a.md:7:1",
        "there is no shortcode `nope`",
    ),
    (
        "shortcode body never closed",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n{% quote(p=1) %}\n正文\n",
        "content/notes/a.md:5:1",
        "the shortcode `quote` is not closed",
    ),
    (
        "stray end of a shortcode body",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n甲文。\n\n  {% end %}\n",
        "content/notes/a.md:7:3",
        "this `{% end %}` closes no shortcode",
    ),
    (
        "shortcode template that does not compile",
        "templates/shortcodes/note.html",
        "<aside>{{ body | markdown | safe }</aside>\n",
        "templates/shortcodes/note.html:1:34",
        "expected }}",
    ),
    (
        "a built-in shortcode's template in Markdown",
        "templates/shortcodes/cite.md",
        "[{{ label }}]({{ href }})\n",
        "templates/shortcodes/cite.md",
        "the built-in shortcode `cite` is given HTML, not Markdown",
    ),
    (
        "alias collides with a page",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"/overview/\"]\n+++\n",
        "content/notes/a.md",
        "writes overview/index.html, which content/overview.md writes too",
    ),
    (
        "included template missing",
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}{% include \"partials/nope.html\" %}{% endblock main %}",
        "templates/404.html:2:28",
        "Unknown template `partials/nope.html`",
    ),
    (
        "Markdown image not beside its page bundle",
        "content/bundle/index.md",
        "+++\ntitle = \"乙\"\n+++\n![图](none.png)\n",
        "content/bundle/index.md:4:1",
        "there is no file `none.png` beside content/bundle/index.md",
    ),
    (
        "resize_image of a missing file",
        "templates/404.html",
        "<p>{{ resize_image(path=\"none.jpg\", width=10, height=10) }}</p>",
        "templates/404.html:1:",
        "resize_image: there is no file `none.jpg`",
    ),
    (
        "resize_image of a file that is not an image",
        "templates/404.html",
        "<p>{{ resize_image(path=\"css/site.css\", width=10, op=\"fit_width\") }}</p>",
        "templates/404.html:1:",
        "`static/css/site.css` is not an image it can read",
    ),
    ("broken site.toml", "site.toml", "title = \"t\nbase_url = 1\n", "site.toml:1:11", "invalid basic string"),
    ("site.toml without base_url", "site.toml", "title = \"t\"\n", "site.toml:1:1", "missing field `base_url`"),
];

#[test]
fn each_bad_input_is_reported_at_its_place_and_public_is_untouched() {
    for (what, file, text, locus, message) in CASES {
        assert_reported(what, locus, message, |site| {
            if text.contains('\u{fffd}') {
                // A file that is not UTF-8: Latin-1 bytes where UTF-8 is expected.
                std::fs::write(site.root().join(file), b"+++\ntitle = \"\xe9\"\n+++\n").unwrap();
            } else {
                site.write(file, text);
            }
        });
    }
}

/// Output paths a user can write that must not leave `public/` or name another file than they seem
/// (issue 12: `aliases = ["../site.toml"]` overwrote the source; `slug = ".."` wrote outside).
/// (what, file, new text, expected `path:line:col`, part of the message)
const PATH_CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "alias over a content file",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"../content/overview.md\"]\n+++\n",
        "content/notes/a.md:3:12",
        "the alias `../content/overview.md` cannot be a path of this site: it has a `..` segment",
    ),
    (
        "alias over site.toml",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"/old/\", \"../site.toml\"]\n+++\n",
        "content/notes/a.md:3:21",
        "`../site.toml`",
    ),
    (
        "alias outside the site",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"../../escape/\"]\n+++\n",
        "content/notes/a.md:3:12",
        "`..` segment",
    ),
    (
        "alias climbing back down",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"a/../../b\"]\n+++\n",
        "content/notes/a.md:3:12",
        "`..` segment",
    ),
    (
        "alias with a . segment",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"/./old/\"]\n+++\n",
        "content/notes/a.md:3:12",
        "a `.` segment",
    ),
    (
        "alias as a network path",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"//etc/passwd\"]\n+++\n",
        "content/notes/a.md:3:12",
        "empty segment",
    ),
    (
        "alias with an empty segment",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"/old//page/\"]\n+++\n",
        "content/notes/a.md:3:12",
        "empty segment",
    ),
    (
        "empty alias",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"\"]\n+++\n",
        "content/notes/a.md:3:12",
        "it is empty",
    ),
    (
        "alias with percent-encoded dots",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"%2e%2e/%2E%2E/x\"]\n+++\n",
        "content/notes/a.md:3:12",
        "percent-encoded `..`",
    ),
    (
        "alias with a percent-encoded slash",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"/a%2f..%2fb/\"]\n+++\n",
        "content/notes/a.md:3:12",
        "percent-encoded `a/../b`",
    ),
    (
        "alias with backslashes",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"..\\\\..\\\\x\"]\n+++\n",
        "content/notes/a.md:3:12",
        "backslash",
    ),
    (
        "alias with a drive letter and backslash",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = ['C:\\x']\n+++\n",
        "content/notes/a.md:3:12",
        "a drive letter",
    ),
    (
        "alias with a drive letter",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"C:/x\"]\n+++\n",
        "content/notes/a.md:3:12",
        "a drive letter",
    ),
    (
        "alias as a full URL",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"https://example.org/old/\"]\n+++\n",
        "content/notes/a.md:3:12",
        "URL scheme",
    ),
    (
        "alias with NUL",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"old\\u0000.html\"]\n+++\n",
        "content/notes/a.md:3:12",
        "control character",
    ),
    (
        "alias with a query",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"old?page=2\"]\n+++\n",
        "content/notes/a.md:3:12",
        "`?` or `#`",
    ),
    (
        "section alias outside",
        "content/notes/_index.md",
        "+++\ntitle = \"笔记\"\naliases = [\"../x/\"]\n+++\n",
        "content/notes/_index.md:3:12",
        "`..` segment",
    ),
    (
        "slug ..",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\nslug = \"..\"\n+++\n",
        "content/notes/a.md:3:1",
        "the slug `..` cannot be used in a URL",
    ),
    (
        "slug .",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\nslug = \".\"\n+++\n",
        "content/notes/a.md:3:1",
        "the slug `.` cannot be used in a URL",
    ),
    (
        "slug with percent-encoded dots",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\nslug = \"%2e%2e\"\n+++\n",
        "content/notes/a.md:3:1",
        "percent-encoded `..`",
    ),
    (
        "slug with a backslash",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\nslug = \"..\\\\x\"\n+++\n",
        "content/notes/a.md:3:1",
        "backslash",
    ),
    (
        "slug with a drive letter",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\nslug = \"C:\"\n+++\n",
        "content/notes/a.md:3:1",
        "a drive letter",
    ),
    (
        "empty slug",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\nslug = \"\"\n+++\n",
        "content/notes/a.md:3:1",
        "it is empty",
    ),
    (
        "taxonomy name ..",
        "site.toml",
        "title = \"t\"\nbase_url = \"https://e.org/\"\ntaxonomies = [{ name = \"..\" }]\n",
        "site.toml:3:24",
        "the taxonomy name `..` cannot be part of a URL",
    ),
    (
        "taxonomy name with a slash",
        "site.toml",
        "title = \"t\"\nbase_url = \"https://e.org/\"\ntaxonomies = [{ name = \"/etc/x\" }]\n",
        "site.toml:3:24",
        "it has a `/`",
    ),
    // A backslash is part of a name on Linux, not a separator (README: an error, not a folder).
    (
        "content folder named with backslashes",
        "content/x\\..\\..\\evil/x.md",
        "+++\ntitle = \"恶\"\n+++\n",
        "content/x\\..\\..\\evil/x.md",
        "cannot be part of a URL: it has a backslash",
    ),
    (
        "static file named with backslashes",
        "static/..\\..\\evil.txt",
        "x",
        "static/..\\..\\evil.txt",
        "it has a backslash",
    ),
    ("page named with a backslash", "content/a\\b.md", "+++\ntitle = \"甲\"\n+++\n", "content/a\\b.md", "backslash"),
    ("static file named with a backslash", "static/a\\b.txt", "x", "static/a\\b.txt", "backslash"),
    ("bundle asset named with a backslash", "content/bundle/a\\b.txt", "x", "content/bundle/a\\b.txt", "backslash"),
    ("static file named with a drive letter", "static/C:evil.txt", "x", "static/C:evil.txt", "a drive letter"),
    ("page asset named %2e%2e", "content/notes/%2e%2e", "x", "content/notes/%2e%2e", "percent-encoded `..`"),
    (
        "page asset with a newline in its name",
        "content/notes/a\nb.txt",
        "x",
        "content/notes/a\nb.txt",
        "control character",
    ),
    (
        "slug naming the feed, which the page needs as a folder",
        "content/x.md",
        "+++\ntitle = \"甲\"\nslug = \"atom.xml\"\n+++\n",
        "content/x.md",
        "a generated page writes the file atom.xml, but content/x.md needs atom.xml as a folder",
    ),
    (
        "alias inside a static file",
        "content/x.md",
        "+++\ntitle = \"甲\"\naliases = [\"/bundle/photo.txt/\"]\n+++\n",
        "content/bundle/photo.txt",
        "content/bundle/photo.txt writes the file bundle/photo.txt, but content/x.md needs bundle/photo.txt as a folder",
    ),
    (
        "static file where a page needs its folder",
        "static/overview",
        "x",
        "static/overview",
        "static/overview writes the file overview, but content/overview.md needs overview as a folder",
    ),
];

#[test]
fn each_bad_output_path_is_reported_at_its_place_by_build_and_check() {
    for (what, file, text, locus, message) in PATH_CASES {
        assert_path_reported(what, file, text, locus, message);
    }
}

/// Thirty segments of 200 bytes, each a fine name: the whole is longer than a path may be.
#[test]
fn an_alias_too_long_for_the_disk_is_reported_by_build_and_check() {
    let alias = vec!["a".repeat(200); 30].join("/");
    let text = format!("+++\ntitle = \"甲\"\naliases = [\"/{alias}/\"]\n+++\n");
    assert_path_reported(
        "long alias",
        "content/notes/a.md",
        &text,
        "content/notes/a.md:3:12",
        "longer than 1024 bytes",
    );
}

/// `file` given `text`: `build` and `check` both exit 1 with a diagnostic at `locus` holding
/// `message`; neither writes anything.
fn assert_path_reported(what: &str, file: &str, text: &str, locus: &str, message: &str) {
    assert_reported(what, locus, message, |site| {
        site.write(file, text);
    });
    let site = Site::fixture("basic");
    site.write(file, text);
    let run = site.run("check", &[]);
    assert_eq!(run.code(), Some(1), "{what}: check's exit code; stderr:\n{}", run.stderr);
    assert!(run.stderr.contains(locus) && run.stderr.contains(message), "{what}: check said\n{}", run.stderr);
    assert!(!site.public().exists(), "{what}: check wrote public/");
}

/// Build the basic fixture, break it with `breaker`, build again: exit 1 with a diagnostic at
/// `locus` holding `message` and a hint, no panic, `public/` as the good build left it.
fn assert_reported(what: &str, locus: &str, message: &str, breaker: impl FnOnce(&Site)) {
    let site = Site::fixture("basic");
    site.built();
    let before = snapshot(&site.public());
    breaker(&site);
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{what}: exit code; stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{what}: panic\n{}", run.stderr);
    assert!(run.stderr.contains(locus), "{what}: expected {locus} in\n{}", run.stderr);
    assert!(run.stderr.contains(message), "{what}: expected {message:?} in\n{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{what}: no hint in\n{}", run.stderr);
    assert_eq!(before, snapshot(&site.public()), "{what}: public/ changed");
}

/// Files the walk cannot use: a symbolic link into its own folder, a link to a file that is gone (as
/// when a file vanishes while the site builds), a file too large to be a page.
#[test]
fn files_that_cannot_be_read_are_named() {
    type Breaker = fn(&std::path::Path);
    let cases: [(&str, Breaker, &str, &str); 3] = [
        (
            "symlink loop",
            |root| std::os::unix::fs::symlink("..", root.join("content/notes/loop")).unwrap(),
            "content/notes/loop",
            "points back to content",
        ),
        (
            "vanished file",
            |root| std::os::unix::fs::symlink("/nowhere/gone.md", root.join("content/notes/c.md")).unwrap(),
            "content/notes/c.md",
            "No such file",
        ),
        (
            "huge file",
            |root| {
                let file = std::fs::File::create(root.join("content/notes/big.md")).unwrap();
                file.set_len(40 << 20).unwrap();
            },
            "content/notes/big.md:1:1",
            "the file is 40 MiB",
        ),
    ];
    for (what, breaker, locus, message) in cases {
        assert_reported(what, locus, message, |site| breaker(site.root()));
    }
}

/// A folder of `content/` with the name of a configured language (codes ignore case) would put
/// pages of the default language among that language's URLs.
#[test]
fn a_folder_named_as_a_language_is_refused() {
    for folder in ["en", "EN"] {
        let locus = format!("content/{folder}/x.md");
        let message =
            format!("the folder `content/{folder}` has the name of the language `en`, whose URLs start with /en/");
        assert_reported("language folder", &locus, &message, |site| {
            let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
            site.write("site.toml", &format!("{config}\n[languages.en]\n"));
            let strings = std::fs::read_to_string(site.root().join("i18n/zh.toml")).unwrap();
            site.write("i18n/en.toml", &strings);
            site.write(&format!("content/{folder}/x.md"), "+++\ntitle = \"x\"\n+++\n");
        });
    }
}

#[test]
fn several_errors_are_reported_together() {
    let site = Site::fixture("basic");
    site.write("content/notes/a.md", "+++\ntitle = \"甲\"\n+++\n[x](@/nope.md)\n");
    site.write("content/notes/b.md", "+++\ntitel = \"乙\"\n+++\n");
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr.contains("content/notes/a.md:4:1"), "{}", run.stderr);
    assert!(run.stderr.contains("content/notes/b.md:2:1"), "{}", run.stderr);
    assert!(run.stderr.contains("2 errors"), "{}", run.stderr);
}

#[test]
fn a_broken_page_does_not_break_the_links_to_it() {
    let site = Site::fixture("basic");
    site.write("content/overview.md", "+++\ntitle = \"概览\"\nweight = \"10\"\n+++\n");
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr.contains("content/overview.md:3:10"), "{}", run.stderr);
    assert!(run.stderr.contains("whole number without quotes"), "{}", run.stderr);
    assert!(run.stderr.contains("1 error"), "links to overview.md reported too:\n{}", run.stderr);
}

#[test]
fn check_reports_the_same_and_exits_non_zero() {
    let site = Site::fixture("basic");
    site.write("content/notes/a.md", "+++\ntitle = \"甲\"\n+++\n[x](@/overview.md#nope)\n");
    let run = site.run("check", &[]);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr.contains("content/notes/a.md:4:1: error: `overview.md` has no anchor `#nope`"),
        "{}",
        run.stderr
    );
    assert!(!site.public().exists());
}

/// Issue 18, point 7: every problem of one front matter and of site.toml in one run, not one per
/// build.
#[test]
fn every_problem_of_a_front_matter_and_of_site_toml_in_one_run() {
    let site = Site::fixture("basic");
    site.write(
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\ntitel = \"x\"\nweight = \"heavy\"\nredirect_to = \"@/nowhere.md\"\ninsert_anchor_links = \"top\"\n+++\n",
    );
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    for locus in ["content/notes/a.md:3:1", "content/notes/a.md:4:10", "content/notes/a.md:6:23"] {
        assert!(run.stderr.contains(locus), "{locus}: {}", run.stderr);
    }
    // site.toml is read first: its problems, all of them, stop the build before content.
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("build_search_index = true\n{config}\n[publish]\ncname = \"https://x.org\"\n"));
    let run = site.build();
    assert!(run.stderr.contains("site.toml:1:1: error: unknown field `build_search_index`"), "{}", run.stderr);
    assert!(run.stderr.contains("is not a bare domain"), "{}", run.stderr);
    site.write("site.toml", &config);
    site.write("content/notes/a.md", "+++\ntitle = \"甲\"\nredirect_to = \"@/nowhere.md\"\n+++\n");
    let run = site.build();
    assert!(
        run.stderr.contains("content/notes/a.md:3:1: error: `redirect_to` points at `@/nowhere.md`"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_template_and_theme() {
    let site = Site::fixture("basic");
    site.remove("templates/taxonomy_term.html");
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr.contains("the template `taxonomy_term.html` is missing"), "{}", run.stderr);
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &config.replace("language =", "theme = \"nowhere\"\nlanguage ="));
    let run = site.build();
    assert!(run.stderr.contains("the theme `nowhere` is not in themes/nowhere/"), "{}", run.stderr);
}

#[test]
fn missing_site_toml_and_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let run = dossier(&["build", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr.contains("site.toml: error: cannot read the site configuration"), "{}", run.stderr);
    let run = dossier(&["build", "--no-such-flag"]);
    assert_eq!(run.code(), Some(2));
}

/// Issue 12, point 1: `aliases = ["../content/overview.md", "../site.toml", "../../escape/"]` built
/// with exit 0, replaced both files with redirect HTML and wrote outside the site.
#[test]
fn aliases_cannot_overwrite_the_sources_or_write_outside_the_site() {
    let outer = tempfile::tempdir().unwrap();
    let site = Site { dir: tempfile::tempdir_in(outer.path()).unwrap() };
    crate::util::copy_dir(&crate::util::fixtures().join("basic"), site.root());
    site.write(
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\naliases = [\"../content/overview.md\", \"../site.toml\", \"../../escape/\"]\n+++\n",
    );
    // Everything around the site but the site's own cache folder, where a build keeps its lock.
    let sources = || -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let cache = std::ffi::OsStr::new(".dossier-cache");
        snapshot(outer.path()).into_iter().filter(|(path, _)| !path.iter().any(|part| part == cache)).collect()
    };
    let before = sources();
    for command in ["build", "check"] {
        let run = site.run(command, &[]);
        assert_eq!(run.code(), Some(1), "{command}:\n{}", run.stderr);
        for (col, alias) in [(12, "../content/overview.md"), (38, "../site.toml"), (54, "../../escape/")] {
            let expected =
                format!("content/notes/a.md:3:{col}: error: the alias `{alias}` cannot be a path of this site");
            assert!(run.stderr.contains(&expected), "{command}: expected {expected} in\n{}", run.stderr);
        }
        let after = sources();
        let names = |files: &[(std::path::PathBuf, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&before), names(&after), "{command} added or removed a file");
        assert!(before == after, "{command} changed a file");
    }
}

/// Issue 12, point 7: `ln -s /etc/passwd content/leak.txt` published the file. A link out of the
/// site, under content/, static/ or templates/, to a file or a folder, is left out with a warning
/// naming it; the build succeeds and `dossier check` shows the same warning.
#[test]
fn symlinks_out_of_the_site_are_left_out_with_a_warning() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
    std::fs::write(outside.path().join("page.md"), "+++\ntitle = \"SECRET\"\n+++\nSECRET\n").unwrap();
    std::fs::write(outside.path().join("page.html"), "SECRET").unwrap();
    let secret = outside.path().join("secret.txt");
    let cases: [(&str, &str, std::path::PathBuf); 6] = [
        ("file link in content", "content/leak.txt", secret.clone()),
        ("folder link in content", "content/notes/outside", outside.path().to_path_buf()),
        ("file link in static", "static/leak.txt", secret.clone()),
        ("folder link in static", "static/outside", outside.path().to_path_buf()),
        ("file link in templates", "templates/leak.html", outside.path().join("page.html")),
        // Relative, climbing out of the root through `..`.
        ("relative link climbing out", "content/notes/up.txt", {
            let depth = 3 + outside.path().components().count();
            let up = "../".repeat(depth);
            std::path::PathBuf::from(format!("{up}{}", secret.display().to_string().trim_start_matches('/')))
        }),
    ];
    for (what, link, target) in cases {
        let site = Site::fixture("basic");
        std::os::unix::fs::symlink(&target, site.root().join(link)).unwrap();
        let warning = format!("{link}: warning: left out: this symbolic link points outside the site");
        let run = site.build();
        assert!(run.ok(), "{what}: build failed\n{}", run.stderr);
        assert!(run.stderr.contains(&warning), "{what}: expected {warning:?} in\n{}", run.stderr);
        let leaked =
            snapshot(&site.public()).into_iter().any(|(_, bytes)| String::from_utf8_lossy(&bytes).contains("SECRET"));
        assert!(!leaked, "{what}: the target was published");
        let run = site.run("check", &[]);
        assert_eq!(run.code(), Some(0), "{what}: check\n{}", run.stderr);
        assert!(run.stderr.contains(&warning), "{what}: check: expected {warning:?} in\n{}", run.stderr);
    }
}

/// Links that stay inside the site still work: a file linked beside a page, a folder of static/
/// linked to a folder of content/.
#[test]
fn a_symlink_inside_the_site_still_works() {
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink("../bundle/photo.txt", site.root().join("content/notes/photo.txt")).unwrap();
    std::os::unix::fs::symlink("../content/bundle", site.root().join("static/bundle-copy")).unwrap();
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let photo = std::fs::read_to_string(site.root().join("content/bundle/photo.txt")).unwrap();
    assert_eq!(site.read("notes/photo.txt"), photo);
    assert_eq!(site.read("bundle-copy/photo.txt"), photo);
}

/// The basic fixture's `site.toml`, for rows that change one line of it.
const BASIC_SITE_TOML: &str = "title = \"测试档案\"\ndescription = \"fixture\"\nbase_url = \"https://example.org/sub/\"\nlanguage = \"zh-Hans\"\ntaxonomies = [{ name = \"actors\", title = \"人物\" }]\n\n[dossier]\nsource = \"source.md\"\n";

/// Input that used to be published silently or reported misleadingly (issue 12, points 8, 9
/// and 11): (what, file, new text, expected `path:line:col`, part of the message). A text
/// starting `{SITE}` is the basic fixture's `site.toml` with the rest added to its end (its
/// `[dossier]` table).
const DIAGNOSTIC_CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "shortcode with `}}` but no `)`",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n见{{ cite(p=1 }}。\n",
        "content/notes/a.md:5:2",
        "the shortcode `cite` is not closed",
    ),
    (
        "shortcode without `}}`",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n见{{ cite(p=1) 。\n",
        "content/notes/a.md:5:2",
        "the shortcode `cite` is not closed",
    ),
    (
        "shortcode closed by one brace",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n{{ quote(p=1) }\n",
        "content/notes/a.md:5:1",
        "the shortcode `quote` is not closed",
    ),
    (
        "source page missing",
        "site.toml",
        "title = \"测试档案\"\nbase_url = \"https://example.org/sub/\"\ntaxonomies = [{ name = \"actors\" }]\n\n[dossier]\nsource = \"nope.md\"\n",
        "site.toml:6:1",
        "[dossier] source names `nope.md`, which is not a page in content/",
    ),
    (
        "duplicate key in front matter",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\nweight = 1\ntitle = \"乙\"\n+++\n",
        "content/notes/a.md:4:1",
        "duplicate key `title`",
    ),
    ("duplicate table in site.toml", "site.toml", "{SITE}[dossier]\n", "site.toml:9:2", "duplicate key `dossier`"),
    (
        "page date with text after it",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\ndate = \"2023-11-15 not really a date\"\n+++\n",
        "content/notes/a.md:3:8",
        "only a time may follow the date",
    ),
    (
        "timeline date with text after it",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n[[timeline]]\ndate = \"2023-11 或更早\"\ntitle = \"x\"\n+++\n",
        "content/notes/a.md:4:8",
        "only a time may follow the date",
    ),
    (
        "NUL in the title of a page in the feed",
        "content/notes/a.md",
        "+++\ntitle = \"甲\\u0000乙\"\ndate = 2023-11-16\n+++\n",
        "content/notes/a.md:2:9",
        "`title` holds the control character U+0000",
    ),
    (
        "control character in the feed's summary of a page",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\ndescription = \"见\\u001b[1m\"\ndate = 2023-11-16\n+++\n",
        "content/notes/a.md:3:15",
        "`description` holds the control character U+001B",
    ),
    (
        "control character in a page's text",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n一个\u{7}铃。\n",
        "content/notes/a.md:4:3",
        "the file holds the control character U+0007",
    ),
    (
        "C1 control character in a page's text",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\nCafé \u{85}x\n",
        "content/notes/a.md:4:6",
        "the file holds the control character U+0085",
    ),
    (
        "control character in a taxonomy term",
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n[taxonomies]\nactors = [\"拜\\u0007登\"]\n+++\n",
        "content/notes/a.md:4:11",
        "`taxonomies.actors` holds the control character U+0007",
    ),
    (
        "NUL in the site's title",
        "site.toml",
        "title = \"测试\\u0000档案\"\nbase_url = \"https://example.org/sub/\"\ntaxonomies = [{ name = \"actors\" }]\n",
        "site.toml:1:9",
        "`title` holds the control character U+0000",
    ),
    (
        "name share out of range",
        "site.toml",
        "{SITE}max_name_share = 5\n",
        "site.toml:9:1",
        "max_name_share is a share of the pages, from 0 to 1",
    ),
];

#[test]
fn misleading_or_silent_input_is_reported_at_its_place() {
    let fixture = std::fs::read_to_string(crate::util::fixtures().join("basic/site.toml")).unwrap();
    assert_eq!(fixture, BASIC_SITE_TOML, "BASIC_SITE_TOML is the basic fixture's site.toml");
    for (what, file, text, locus, message) in DIAGNOSTIC_CASES {
        let text = match text.strip_prefix("{SITE}") {
            Some(added) => format!("{BASIC_SITE_TOML}{added}"),
            None => text.to_string(),
        };
        assert_reported(what, locus, message, |site| {
            site.write(file, &text);
        });
        // `check` runs the same pipeline: the same error, and nothing written.
        let site = Site::fixture("basic");
        site.write(file, &text);
        let run = site.run("check", &[]);
        assert_eq!(run.code(), Some(1), "{what}: check's exit code; stderr:\n{}", run.stderr);
        assert!(run.stderr.contains(locus), "{what}: check: expected {locus} in\n{}", run.stderr);
        assert!(run.stderr.contains(message), "{what}: check: expected {message:?} in\n{}", run.stderr);
    }
}

/// Issue 12: `[dossier] source = "nope.md"` gave an error for every `cite`, `quote`, timeline
/// `source` and `#pN` link, and the one that said why came last, without a line.
#[test]
fn a_missing_source_page_is_reported_once() {
    let site = Site::fixture("basic");
    site.write("site.toml", &BASIC_SITE_TOML.replace("source.md", "nope.md"));
    site.write(
        "content/notes/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n见{{ cite(p=1) }}。\n\n{{ quote(p=2) }}\n\n他说{{ quote(p=1, s=1) }}。\n",
    );
    assert_one_error(&site, "site.toml:8:1: error: [dossier] source names `nope.md`");
}

/// `build` and `check` both fail with the one error at `locus` and no other.
fn assert_one_error(site: &Site, locus: &str) {
    for command in ["build", "check"] {
        let run = site.run(command, &[]);
        assert_eq!(run.code(), Some(1), "{command}: {}", run.stderr);
        assert!(run.stderr.contains(locus), "{command}: expected {locus} in\n{}", run.stderr);
        assert!(run.stderr.contains("\n1 error"), "{command}: errors that follow from it:\n{}", run.stderr);
    }
}

/// Issue 12: an invalid date in one page gave "is not a file" errors for the links to it from
/// two others (the page was left out, but not counted among the pages that could not be read); a
/// page left out for its slug did the same.
#[test]
fn a_page_dropped_for_its_date_or_slug_does_not_break_the_links_to_it() {
    let cases = [
        (
            "date = 2023-11-15",
            "date = \"2023-02-30\"",
            "content/overview.md:5:8: error: `2023-02-30`: month 02 of 2023 has days 01 to 28",
        ),
        (
            "weight = 10",
            "weight = 10\nslug = \"..\"",
            "content/overview.md:5:1: error: the slug `..` cannot be used in a URL",
        ),
    ];
    for (line, broken, locus) in cases {
        let site = Site::fixture("basic");
        let overview = std::fs::read_to_string(site.root().join("content/overview.md")).unwrap();
        assert!(overview.contains(line), "{overview}");
        site.write("content/overview.md", &overview.replace(line, broken));
        site.write(
            "content/notes/a.md",
            "+++\ntitle = \"甲\"\nrelated = [\"@/overview.md\"]\n+++\n见[概览](@/overview.md)。\n",
        );
        assert_one_error(&site, locus);
    }
}
