//! Pagination as Zola documents it (`paginate_by`, `paginate_path`, `paginate_reversed`, the
//! `paginator` of sections and of taxonomy terms) and Zola's taxonomy templates
//! (`<taxonomy>/list.html`, `<taxonomy>/single.html`), in two languages; and the default theme's
//! pagers.

use crate::util::Site;

fn built() -> Site {
    let site = Site::fixture("zola_pagination");
    site.built();
    site
}

/// What the fixture's `pagination.html` shows: the paginator's numbers and links.
fn pager(site: &Site, path: &str) -> (Vec<String>, Vec<(String, String)>) {
    let page = site.page(path);
    let nav = "nav.pagination";
    let numbers = ["data-current", "data-pagers", "data-total", "data-by"]
        .iter()
        .flat_map(|attr| page.attrs(nav, attr))
        .collect();
    let links = ["first", "previous", "next", "last", "numbered"]
        .iter()
        .flat_map(|class| {
            page.attrs(&format!("{nav} a.{class}"), "href").into_iter().map(|href| (class.to_string(), href))
        })
        .collect();
    (numbers, links)
}

fn links(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(c, h)| (c.to_string(), format!("https://example.org/docs/{h}"))).collect()
}

#[test]
fn a_section_is_cut_into_pagers_with_zolas_paginator() {
    let site = built();
    // Five posts, newest first, two a pager.
    // (pager, its pages' titles, its numbers, its links)
    type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [(&'a str, &'a str)]);
    let cases: [Case; 3] = [
        (
            "blog/index.html",
            &["Post 5", "Post 4"],
            &["1", "3", "5", "2"],
            &[("first", "blog/"), ("next", "blog/page/2/"), ("last", "blog/page/3/"), ("numbered", "blog/page/3/")],
        ),
        (
            "blog/page/2/index.html",
            &["Post 3", "Post 2"],
            &["2", "3", "5", "2"],
            &[
                ("first", "blog/"),
                ("previous", "blog/"),
                ("next", "blog/page/3/"),
                ("last", "blog/page/3/"),
                ("numbered", "blog/page/3/"),
            ],
        ),
        (
            "blog/page/3/index.html",
            &["Post 1"],
            &["3", "3", "5", "2"],
            &[("first", "blog/"), ("previous", "blog/page/2/"), ("last", "blog/page/3/"), ("numbered", "blog/page/3/")],
        ),
    ];
    for (path, titles, numbers, expect) in cases {
        let page = site.page(path);
        assert_eq!(page.texts("ul.pages a"), *titles, "{path}");
        // As in Zola, the section's own `pages` are empty: they are the paginator's.
        assert_eq!(page.texts(".own-pages"), ["0"], "{path}");
        let (got_numbers, got_links) = pager(&site, path);
        assert_eq!(got_numbers, *numbers, "{path}");
        assert_eq!(got_links, links(expect), "{path}");
    }
    let current = site.page("blog/page/2/index.html").texts(".current");
    assert_eq!(current, ["/blog/page/2/ https://example.org/docs/blog/page/2/"]);
    assert!(!site.public().join("blog/page/4").exists());
}

#[test]
fn the_first_pager_by_number_sends_readers_to_the_section() {
    let site = built();
    for (file, to) in [
        ("blog/page/1/index.html", "/docs/blog/"),
        ("notes/seite/1/index.html", "/docs/notes/"),
        ("zh/blog/page/1/index.html", "/docs/zh/blog/"),
        ("tags/rust/page/1/index.html", "/docs/tags/rust/"),
    ] {
        let html = site.read(file);
        assert!(html.contains(&format!("http-equiv=\"refresh\" content=\"0; url={to}\"")), "{file}: {html}");
    }
    assert!(site.read("zh/blog/page/1/index.html").contains("<html lang=\"zh\">"));
}

#[test]
fn reversed_order_and_another_paginate_path() {
    let site = built();
    // Notes by weight (1, 2, 3), cut from the end, under `seite/`.
    assert_eq!(site.page("notes/index.html").texts("ul.pages a"), ["Note 3", "Note 2"]);
    assert_eq!(site.page("notes/seite/2/index.html").texts("ul.pages a"), ["Note 1"]);
    let (_, got) = pager(&site, "notes/seite/2/index.html");
    assert_eq!(
        got,
        links(&[
            ("first", "notes/"),
            ("previous", "notes/"),
            ("last", "notes/seite/2/"),
            ("numbered", "notes/seite/2/")
        ])
    );
    assert!(!site.public().join("notes/page").exists());
}

#[test]
fn each_language_paginates_its_own_pages() {
    let site = built();
    // Three Chinese posts in the Chinese section made without a file, which copies the settings.
    assert_eq!(site.page("zh/blog/index.html").texts("ul.pages a"), ["文章3", "文章2"]);
    assert_eq!(site.page("zh/blog/page/2/index.html").texts("ul.pages a"), ["文章1"]);
    assert!(!site.public().join("zh/blog/page/3").exists());
    let (numbers, _) = pager(&site, "zh/blog/page/2/index.html");
    assert_eq!(numbers, ["2", "2", "3", "2"]);
}

#[test]
fn taxonomies_use_zolas_templates_and_paginate_terms() {
    let site = built();
    let list = site.page("tags/index.html");
    assert_eq!(list.texts("h1"), ["tags"]);
    assert_eq!(list.texts("ul.terms li"), ["intro 1", "rust 5"]);
    assert_eq!(
        list.attrs("ul.terms a", "href"),
        ["https://example.org/docs/tags/intro/", "https://example.org/docs/tags/rust/"]
    );
    // Terms in the order their pages come (by date, oldest first here), two a pager.
    let term = site.page("tags/rust/index.html");
    assert_eq!(term.texts("h1"), ["tags: rust"]);
    assert_eq!(term.texts(".term-pages"), ["5"], "the term keeps all its pages, as in Zola");
    let pages = |path: &str| site.page(path).texts("ul.pages a");
    let all: Vec<String> = ["tags/rust/index.html", "tags/rust/page/2/index.html", "tags/rust/page/3/index.html"]
        .iter()
        .flat_map(|p| pages(p))
        .collect();
    assert_eq!(all.len(), 5, "{all:?}");
    assert_eq!(pager(&site, "tags/rust/page/3/index.html").0, ["3", "3", "5", "2"]);
    assert_eq!(pager(&site, "tags/intro/index.html").0, ["1", "1", "1", "2"]);
    // The Chinese taxonomy, under its prefix, with a Chinese term.
    assert_eq!(site.page("zh/tags/入门/page/2/index.html").texts("h1"), ["tags: 入门"]);
    assert_eq!(site.page("zh/tags/index.html").texts("ul.terms li"), ["入门 3"]);
}

#[test]
fn the_sitemap_lists_the_later_pagers() {
    let site = built();
    let sitemap = site.read("sitemap.xml");
    for listed in [
        "blog/page/2/",
        "blog/page/3/",
        "notes/seite/2/",
        "zh/blog/page/2/",
        "tags/rust/page/2/",
        "tags/rust/page/3/",
        "zh/tags/%E5%85%A5%E9%97%A8/page/2/",
    ] {
        assert!(sitemap.contains(&format!("<loc>https://example.org/docs/{listed}</loc>")), "{listed}: {sitemap}");
    }
    // Not the first pager by number: it only redirects to the list, which is listed.
    assert!(!sitemap.contains("/page/1/") && !sitemap.contains("/seite/1/"), "{sitemap}");
}

/// Zola's `exclude_paginated_pages_in_sitemap = "all"`: the later pagers are built but not listed.
#[test]
fn the_sitemap_can_leave_the_later_pagers_out() {
    let site = Site::fixture("zola_pagination");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", &format!("exclude_paginated_pages_in_sitemap = \"all\"\n{config}"));
    let run = site.build();
    assert!(run.ok() && !run.stderr.contains("warning"), "{}", run.stderr);
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains("/page/") && !sitemap.contains("/seite/"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/docs/blog/</loc>"), "the lists stay: {sitemap}");
    assert!(site.public().join("blog/page/2/index.html").is_file(), "the pagers are still built");
    // A value Zola does not have is an error at its place.
    site.write("config.toml", &format!("exclude_paginated_pages_in_sitemap = \"some\"\n{config}"));
    let run = site.build();
    assert!(!run.ok() && run.stderr.contains("config.toml:1:"), "{}", run.stderr);
}

#[test]
fn without_zolas_taxonomy_templates_the_fallbacks_are_used_and_needed() {
    let site = Site::fixture("zola_pagination");
    site.remove("templates/tags/list.html");
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr.contains("templates/taxonomy_list.html: error: the template `taxonomy_list.html` is missing"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("templates/tags/list.html"), "the hint names Zola's template: {}", run.stderr);
    assert!(!run.stderr.contains("taxonomy_term.html"), "{}", run.stderr);
    site.write("templates/taxonomy_list.html", "{% extends \"base.html\" %}{% block main %}<h1>fallback {{ taxonomy.name }} {{ terms | length }}</h1>{% endblock main %}");
    site.built();
    assert_eq!(site.page("tags/index.html").texts("h1"), ["fallback tags 2"]);
    assert_eq!(site.page("tags/rust/index.html").texts("h1"), ["tags: rust"], "single.html stays in use");
}

#[test]
fn a_paginate_path_that_is_not_a_url_segment_is_an_error_at_its_key() {
    let site = Site::fixture("zola_pagination");
    site.write("content/notes/_index.md", "+++\ntitle = \"Notes\"\npaginate_by = 2\npaginate_path = \"a/b\"\n+++\n");
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr.contains("content/notes/_index.md:4:1: error: the paginate_path `a/b` cannot be part of a URL"),
        "{}",
        run.stderr
    );
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", &config.replacen("paginate_by = 2 }", "paginate_by = 2, paginate_path = \"..\" }", 1));
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr.contains("config.toml:4:65: error: the paginate_path `..` cannot be part of a URL"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: the pagers' URLs are the term's"), "{}", run.stderr);
}

#[test]
fn the_default_theme_shows_the_pagers_in_each_language() {
    let site = Site::dossier_with_english("");
    site.write("content/notes/_index.md", "+++\ntitle = \"笔记\"\npaginate_by = 2\nsort_by = \"weight\"\n+++\n");
    site.write("content/notes/_index.en.md", "+++\ntitle = \"Notes\"\n+++\n");
    for i in 1..=3 {
        site.write(
            &format!("content/notes/n{i}.md"),
            &format!("+++\ntitle = \"笔记{i}\"\nweight = {i}\n+++\n\n第{i}条。\n"),
        );
        site.write(
            &format!("content/notes/n{i}.en.md"),
            &format!("+++\ntitle = \"Note {i}\"\nweight = {i}\n+++\n\nNote {i}.\n"),
        );
    }
    site.built();
    let first = site.page("notes/index.html");
    assert_eq!(first.texts(".card__title"), ["笔记1", "笔记2"]);
    assert_eq!(first.texts("nav.pager[aria-label=\"列表分页\"] a"), ["下一页第 2 页，共 2 页"]);
    assert_eq!(
        first.attrs("nav.pager[aria-label=\"列表分页\"] a[rel=next]", "href"),
        ["https://example.org/d/notes/page/2/"]
    );
    let second = site.page("notes/page/2/index.html");
    assert_eq!(second.texts(".card__title"), ["笔记3"]);
    assert_eq!(second.texts("nav.pager[aria-label=\"列表分页\"] a"), ["上一页第 1 页，共 2 页"]);
    // The English section has its own front matter without `paginate_by`: one page, no pagers.
    let english = site.page("en/notes/index.html");
    assert_eq!(english.texts(".card__title"), ["Note 1", "Note 2", "Note 3"]);
    assert!(english.texts("nav.pager[aria-label=\"Pages of this list\"]").is_empty());
    assert!(!site.public().join("en/notes/page").exists());
}
