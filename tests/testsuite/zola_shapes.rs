//! A site written as Zola documents it: `config.toml` (no `site.toml`), front matter after blank
//! lines, the page keys `path`, `redirect_to`, `render`, `authors`, `in_search_index` and
//! `insert_anchor_links`, `page.lower`/`page.higher`, `<!-- more -->` and Zola's heading ids.

use crate::util::Site;

fn built() -> Site {
    let site = Site::fixture("zola");
    site.built();
    site
}

#[test]
fn config_toml_is_read_and_its_unknown_keys_are_one_warning() {
    let site = Site::fixture("zola");
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr);
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].starts_with("config.toml:6:1: warning: 4 Zola settings"), "{}", run.stderr);
    for key in ["link_checker", "markdown.render_emoji", "minify_html", "taxonomies.feed"] {
        assert!(warnings[0].contains(key), "{key}: {}", run.stderr);
    }
    let page = site.page("blog/first/index.html");
    assert_eq!(page.texts("footer"), ["Someone"], "[extra] reaches the templates");
    assert!(site.read("index.html").contains("<html lang=\"en\">"));
    // `build_search_index = true` makes the index.
    assert!(site.public().join("pagefind/pagefind.js").exists());
}

#[test]
fn front_matter_after_blank_lines_and_zola_page_keys() {
    let site = built();
    let first = site.page("blog/first/index.html");
    assert_eq!(first.texts("h1"), ["First post"], "front matter after a blank line");
    assert_eq!(first.texts(".authors span"), ["Ada", "Grace"]);
    // `path`: the page's whole URL.
    assert!(site.public().join("news/third/index.html").exists());
    assert!(!site.public().join("blog/third").exists());
    // `render = false`: no file, and not in the sitemap.
    assert!(!site.public().join("hidden").exists());
    assert!(!site.read("sitemap.xml").contains("/hidden/"));
    // `redirect_to`: a page that sends readers on.
    let moved = site.read("moved/index.html");
    assert!(moved.contains("http-equiv=\"refresh\" content=\"0; url=/docs/blog/first/\""), "{moved}");
    assert!(!site.read("sitemap.xml").contains("/moved/"));
}

#[test]
fn pages_left_out_of_the_search_index() {
    let site = built();
    let entry: serde_json::Value = serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    // Home, blog, first, second: not `third` (in_search_index = false), `hidden` or `moved`.
    assert_eq!(entry["languages"]["en"]["page_count"], 4, "{entry}");
}

#[test]
fn anchor_links_heading_ids_and_the_more_marker() {
    let site = built();
    let first = site.read("blog/first/index.html");
    assert!(
        first.contains("<h2 id=\"use-load-data\">Use load_data <a class=\"anchor-link\" href=\"#use-load-data\""),
        "Zola's ids and an anchor on the right: {first}"
    );
    assert!(!first.contains("<!-- more -->"), "{first}");
    assert!(first.contains("<span id=\"continue-reading\"></span>"), "{first}");
    let page = site.page("blog/first/index.html");
    assert_eq!(page.texts(".summary p"), ["The summary."]);
    let second = site.read("blog/second/index.html");
    assert!(
        second.contains("<h2 id=\"load-data-again\"><a class=\"anchor-link\" href=\"#load-data-again\""),
        "{second}"
    );
}

#[test]
fn lower_and_higher_follow_the_sections_sort() {
    let site = built();
    // By date, newest first: third (03), second (02), first (01). `lower` is the older.
    let second = site.page("blog/second/index.html");
    assert_eq!(second.texts("a.lower"), ["First post"]);
    assert_eq!(second.texts("a.higher"), ["Third post"]);
    let first = site.page("blog/first/index.html");
    assert!(first.texts("a.lower").is_empty());
    assert_eq!(first.texts("a.higher"), ["Second post"]);
}

#[test]
fn the_dossier_heading_ids_stay_by_default() {
    let site = Site::fixture("zola");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", &format!("{config}\n[slugify]\nanchors = \"safe\"\n"));
    site.built();
    assert!(site.read("blog/first/index.html").contains("<h2 id=\"use-load_data\">"));
}

#[test]
fn every_config_problem_in_one_run() {
    let site = Site::fixture("zola");
    site.write(
        "config.toml",
        "base_url = \"example.org\"\ntitle = \"t\"\ntaxonomies = [{ name = \"a/b\" }]\n[languages.fr]\ntitle = 1\n",
    );
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr.contains("not an absolute URL"), "{}", run.stderr);
    assert!(run.stderr.contains("cannot be part of a URL"), "{}", run.stderr);
}

#[test]
fn a_template_error_is_reported_once_with_how_many_pages_it_hit() {
    let site = Site::fixture("zola");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page | round }}{% endblock main %}",
    );
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": error:")).collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].starts_with("templates/page.html:1:"), "{}", run.stderr);
    assert!(errors[0].contains("on 3 pages, the first content/blog/first.md"), "{}", run.stderr);
    assert!(run.stderr.len() < 2000, "no dump of the page value: {}", run.stderr);
}

#[test]
fn a_base_template_error_on_every_output_the_404_page_included_is_reported_once() {
    let site = Site::fixture("zola");
    let base = std::fs::read_to_string(site.root().join("templates/base.html")).unwrap();
    site.write("templates/base.html", &base.replacen("<body>", "<body>{{ 1 + \"x\" }}", 1));
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": error:")).collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("templates/base.html:") && errors[0].contains(" pages, the first content/"),
        "{}",
        run.stderr
    );
}
