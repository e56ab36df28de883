//! The default theme built into the binary: `theme = "longform"` builds without `themes/longform/`,
//! a site's own files there replace the built-in ones file by file, and `dossier init
//! --eject-theme` writes the built-in theme out; and what the theme lays out for phones.

use std::path::Path;

use crate::util::{Site, dossier, snapshot};

fn repository_theme(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/longform").join(path)).unwrap()
}

#[test]
fn a_site_naming_longform_builds_the_same_without_a_copy() {
    let without = Site::fixture("dossier");
    assert!(!without.root().join("themes").exists());
    without.built();
    let page = without.page("index.html");
    assert_eq!(page.attrs("link[rel=stylesheet]", "href")[0], format!("/d/{}", without.asset("style.css").unwrap()));
    let css = without.read_asset("style.css");
    assert!(css.contains(".site-header{") && css.len() < repository_theme("static/style.css").len(), "minified");
    let with = Site::fixture_with_themes("dossier");
    with.built();
    assert_eq!(snapshot(&without.public()), snapshot(&with.public()));
}

#[test]
fn a_site_overrides_the_built_in_theme_file_by_file() {
    let site = Site::fixture("dossier");
    let strings = repository_theme("i18n/zh.toml").replace("skip_link = \"跳到正文\"", "skip_link = \"直达正文\"");
    site.write(
        "themes/longform/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p id=\"mine\">找不到</p>{% endblock main %}",
    )
    .write("themes/longform/static/style.css", "body { color: red }\n")
    .write("themes/longform/i18n/zh.toml", &strings)
    .built();
    assert_eq!(site.page("404.html").texts("#mine"), ["找不到"]);
    assert_eq!(site.read_asset("style.css"), "body{color:red}");
    assert!(site.read_asset("search.css").contains(".site-search__results{"));
    assert!(site.read("index.html").contains("直达正文"));
}

#[test]
fn an_error_in_an_overriding_template_is_reported_at_the_site_s_file() {
    let site = Site::fixture("dossier");
    site.write(
        "themes/longform/templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ nope( }}{% endblock main %}",
    );
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("themes/longform/templates/404.html:2:"), "{}", run.stderr);
}

#[test]
fn eject_theme_writes_the_built_in_theme_and_keeps_the_site_s_files() {
    let site = Site::fixture("dossier");
    site.write("themes/longform/static/style.css", "body { color: red }\n").built();
    let before = snapshot(&site.public());
    let run = dossier(&["init", site.root().to_str().unwrap(), "--eject-theme"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(run.stderr.contains("kept the site's own 1: themes/longform/static/style.css"), "{}", run.stderr);
    let theme = site.root().join("themes/longform");
    assert_eq!(std::fs::read_to_string(theme.join("static/style.css")).unwrap(), "body { color: red }\n");
    for file in ["templates/page.html", "templates/partials/toc.html", "i18n/en.toml", "static/search.js", "theme.toml"]
    {
        assert_eq!(std::fs::read_to_string(theme.join(file)).unwrap(), repository_theme(file), "{file}");
    }
    site.built();
    assert_eq!(snapshot(&site.public()), before);

    let run = dossier(&["init", site.root().join("missing").to_str().unwrap(), "--eject-theme"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
}

/// Issue 19, point 5 (phones): the contents list came before the text in full on a narrow screen.
/// It is now written twice, folded in a closed `<details>` and as the sidebar, the stylesheet showing
/// one; both list the same headings and neither carries an id, so nothing is duplicated.
#[test]
fn the_contents_are_folded_for_phones_and_open_as_the_sidebar() {
    let site = Site::fixture_with_themes("dossier");
    let page = "+++\ntitle = \"目录\"\n+++\n\n## 三个特点\n\n正文。\n\n### 一是战略性\n\n正文。\n";
    site.write("content/toc.md", page).built();
    let page = site.page("toc/index.html");
    let headings = ["三个特点", "一是战略性"];
    assert_eq!(page.texts("details.toc--folded > nav a"), headings);
    assert_eq!(page.texts("nav.toc--sidebar a"), headings);
    assert_eq!(page.attrs("details.toc--folded[open]", "class"), Vec::<String>::new(), "open on a phone");
    assert_eq!(page.texts("details.toc--folded > summary"), page.texts("nav.toc--sidebar > h2"));
    assert_eq!(page.attrs(".toc [id]", "id"), Vec::<String>::new());
    let labels = page.attrs(".toc--folded > nav, nav.toc--sidebar", "aria-label");
    assert_eq!(labels.len(), 2);
}

/// Issue 19, point 5 (phones): the home's sections were a second grid under its pages, so its last
/// card sat alone. Pages and sections are now one list, which style.css lays out evenly.
#[test]
fn the_home_lists_its_pages_and_sections_as_one_grid() {
    let site = Site::fixture_with_themes("dossier");
    site.built();
    let home = site.page("index.html");
    assert_eq!(home.attrs("ul.cards", "class").len(), 1);
    let cards = home.attrs("ul.cards > li.card > a", "href");
    let all = home.attrs(".card a", "href");
    assert_eq!(cards, all);
    assert!(cards.iter().any(|h| h.ends_with("/entities/")), "{cards:?}");
    assert!(cards.iter().any(|h| h.ends_with("/a/")), "{cards:?}");
}

/// Issue 19 point 8: a deploy left readers' browsers holding the old `style.css`. Every stylesheet
/// and script is written under a name carrying its content's hash, minified in the case of a
/// stylesheet; templates reach it through `get_url` (Zola's `cachebust=true` is taken and
/// changes nothing); what a stylesheet refers to (a font) is renamed too and the reference follows.
#[test]
fn assets_carry_their_content_hash_and_templates_reach_them_through_get_url() {
    let site = Site::fixture("dossier");
    site.write("static/fonts/serif.woff2", "not really a font")
        .write("static/css/extra.css", "@font-face {\n  font-family: S;\n  src: url(\"../fonts/serif.woff2?v=1\") format(\"woff2\");\n}\nbody  {  font-family: S, serif;  }\n")
        .write("content/assets.md", "+++\ntitle = \"资源\"\ntemplate = \"assets.html\"\n+++\n")
        .write(
            "templates/assets.html",
            "{% extends \"base.html\" %}{% block main %}<p id=\"extra\">{{ get_url(path=\"css/extra.css\", cachebust=true) }}</p>\
             <p id=\"plain\">{{ get_url(path=\"/favicon.svg\") }}</p>{% endblock main %}",
        )
        .built();
    let page = site.page("assets/index.html");
    for href in page.attrs("link[rel=stylesheet]", "href").iter().chain(&page.attrs("script[src]", "src")) {
        let file = href.strip_prefix("/d/").unwrap_or_else(|| panic!("{href} not under the base path"));
        assert!(site.public().join(file).is_file(), "{href} is not in the site");
        let (stem, _) = file.rsplit_once('.').unwrap();
        let hash = stem.rsplit_once('.').unwrap().1;
        assert!(hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{href} carries no hash");
    }
    // Each is also under its own name, for a link written by hand, with the same bytes.
    for plain in ["style.css", "search.css", "search.js", "dossier.js", "css/extra.css", "fonts/serif.woff2"] {
        let hashed = site.asset(plain).unwrap_or_else(|| panic!("{plain} has no hashed name"));
        assert_eq!(
            std::fs::read(site.public().join(plain)).ok(),
            std::fs::read(site.public().join(&hashed)).ok(),
            "{plain}"
        );
    }
    let extra = site.asset("css/extra.css").unwrap();
    assert_eq!(page.texts("#extra"), [format!("/d/{extra}")]);
    // Icons and other files no stylesheet uses keep their names.
    assert_eq!(page.texts("#plain"), ["/d/favicon.svg"]);
    let font = site.asset("fonts/serif.woff2").unwrap();
    let css = site.read(&extra);
    assert_eq!(
        css,
        format!("@font-face{{font-family:S;src:url(../{font}?v=1)format(\"woff2\")}}body{{font-family:S,serif}}")
    );

    // Another font, another name for it and for the stylesheet that uses it; the same bytes, the same name.
    let style = site.asset("style.css").unwrap();
    site.write("static/fonts/serif.woff2", "another font").built();
    assert_ne!(site.asset("fonts/serif.woff2").unwrap(), font);
    assert_ne!(site.asset("css/extra.css").unwrap(), extra);
    assert_eq!(site.asset("style.css").unwrap(), style);
}
