//! Feeds and metadata with the default theme: Atom, sitemap, robots.txt, CNAME, and per page the
//! canonical link, OpenGraph and Twitter tags and JSON-LD, all absolute under the base URL, with
//! hostile titles kept as text; the search index and box, and turning them off.

use crate::util::Site;

const HOSTILE: &str = "</script><script>alert(\"x\")</script> & 'q'";

fn site() -> Site {
    let site = Site::fixture_with_themes("dossier");
    let b = std::fs::read_to_string(site.root().join("content/b.md")).unwrap();
    let b = b.replacen(
        "title = \"乙\"",
        "title = \"</script><script>alert(\\\"x\\\")</script> & 'q'\"\ndate = 2023-11-15",
        1,
    );
    site.write("content/b.md", &b);
    site
}

fn json_ld(page: &crate::util::Page) -> Vec<serde_json::Value> {
    let s = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    page.0.select(&s).map(|e| serde_json::from_str(&e.inner_html()).unwrap()).collect()
}

#[test]
fn pages_carry_canonical_opengraph_twitter_and_json_ld_escaped() {
    let site = site();
    site.built();
    let page = site.page("b/index.html");
    assert_eq!(page.attrs("link[rel=canonical]", "href"), ["https://example.org/d/b/"]);
    assert_eq!(page.attrs("meta[property=\"og:url\"]", "content"), ["https://example.org/d/b/"]);
    assert_eq!(page.attrs("meta[property=\"og:title\"]", "content"), [HOSTILE]);
    // With its social card (tests/testsuite/cards.rs), shown large.
    assert_eq!(page.attrs("meta[name=\"twitter:card\"]", "content"), ["summary_large_image"]);
    assert_eq!(page.attrs("link[rel=alternate]", "href"), ["/d/atom.xml"]);
    let ld = json_ld(&page);
    assert_eq!(ld.len(), 1, "{ld:?}");
    assert_eq!(ld[0]["@type"], "Article");
    assert_eq!(ld[0]["headline"], HOSTILE, "the title survives as text");
    assert_eq!(ld[0]["datePublished"], "2023-11-15");
    assert_eq!(ld[0]["url"], "https://example.org/d/b/");
    let raw = site.read("b/index.html");
    assert_eq!(raw.matches("<script>alert").count(), 0, "no title becomes markup");
}

/// A page says what it is about in its description, its OpenGraph and Twitter tags and its JSON-LD
/// alike: its own `description`, an entity's `summary`, or else the site's description. (A page
/// with neither had `content=""`: tera's `default` keeps a key that is there but empty.)
#[test]
fn every_page_describes_itself_with_its_own_description_an_entity_summary_or_the_site_s() {
    let site = site();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &config.replacen("language = ", "description = \"一份小档案。\"\nlanguage = ", 1));
    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    site.write("content/a.md", &a.replacen("weight = 1", "weight = 1\ndescription = \"甲页。\"", 1));
    site.built();
    for (path, said) in [
        ("a/index.html", "甲页。"),
        ("b/index.html", "一份小档案。"),
        ("entities/biden/index.html", "美国总统。"),
        ("entities/index.html", "一份小档案。"),
        ("index.html", "一份小档案。"),
        ("404.html", "一份小档案。"),
    ] {
        let page = site.page(path);
        for (selector, attr) in [
            ("meta[name=description]", "content"),
            ("meta[property=\"og:description\"]", "content"),
            ("meta[name=\"twitter:description\"]", "content"),
        ] {
            // The 404 page is for nobody to share: a description and no card tags.
            let expected: &[&str] =
                if path == "404.html" && selector != "meta[name=description]" { &[] } else { &[said] };
            assert_eq!(page.attrs(selector, attr), expected, "{path}: {selector}");
        }
        if path != "404.html" {
            assert!(json_ld(&page).iter().any(|ld| ld["description"] == said), "{path}: {:?}", json_ld(&page));
        }
    }
}

#[test]
fn an_event_in_front_matter_becomes_json_ld_and_the_home_page_a_website() {
    let site = site();
    let index = std::fs::read_to_string(site.root().join("content/_index.md")).unwrap();
    let event = "\n[extra.event]\nname = \"会晤\"\nstart_date = \"2023-11-15\"\nplace = \"斐洛里庄园\"\nlocality = \"旧金山\"\n";
    let (front, body) = index.split_once("\n+++\n").unwrap();
    site.write("content/_index.md", &format!("{front}{event}+++\n{body}"));
    site.built();
    let ld = json_ld(&site.page("index.html"));
    let types: Vec<&str> = ld.iter().map(|v| v["@type"].as_str().unwrap()).collect();
    assert_eq!(types, ["WebSite", "Event"]);
    assert_eq!(ld[1]["startDate"], "2023-11-15");
    assert_eq!(ld[1]["location"]["name"], "斐洛里庄园");
    assert_eq!(ld[1]["location"]["address"]["addressLocality"], "旧金山");
    assert!(ld[1].get("endDate").is_none(), "no invented facts: {}", ld[1]);
    let ld = json_ld(&site.page("a/index.html"));
    assert_eq!(ld.len(), 1, "the event only where the content says so");
}

#[test]
fn atom_sitemap_robots_and_cname() {
    let site = site();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{config}\n[publish]\ncname = \"dossier.example.org\"\n"));
    site.built();
    let atom = site.read("atom.xml");
    assert!(
        atom.contains(
            "<title>&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;q&apos;</title>"
        ),
        "{atom}"
    );
    assert!(atom.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/d/b/\"/>"), "{atom}");
    assert!(atom.contains("<id>tag:example.org,2023-11-15:/b/</id>"), "{atom}");
    let sitemap = site.read("sitemap.xml");
    for path in ["", "a/", "b/", "entities/", "entities/filoli/", "source/"] {
        assert!(sitemap.contains(&format!("<loc>https://example.org/d/{path}</loc>")), "{path}: {sitemap}");
    }
    assert!(site.read("robots.txt").contains("Sitemap: https://example.org/d/sitemap.xml"));
    assert_eq!(site.read("CNAME"), "dossier.example.org\n");
    // The 404 page says not to index it.
    assert_eq!(site.page("404.html").attrs("meta[name=robots]", "content"), ["noindex"]);
}

#[test]
fn a_bad_cname_is_an_error_at_its_line() {
    let site = Site::fixture_with_themes("dossier");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let lines = config.lines().count();
    site.write("site.toml", &format!("{config}\n[publish]\ncname = \"https://dossier.example.org/\"\n"));
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr.contains(&format!("site.toml:{}:1: error: cname", lines + 3)), "{}", run.stderr);
    assert!(run.stderr.contains("hint: write the bare domain"), "{}", run.stderr);
}

#[test]
fn search_index_and_box_by_default_and_off_in_site_toml() {
    let site = site();
    site.built();
    assert!(site.public().join("pagefind/pagefind.js").is_file());
    assert!(site.public().join("pagefind/pagefind-entry.json").is_file());
    let page = site.page("a/index.html");
    assert_eq!(page.attrs(".site-search", "data-bundle"), ["/d/pagefind/"]);
    assert_eq!(page.attrs(".site-search", "hidden"), [""], "hidden until the script runs");
    assert_eq!(page.attrs("script[type=module]", "src"), [format!("/d/{}", site.asset("search.js").unwrap())]);
    assert_eq!(page.attrs("main", "data-pagefind-body"), [""]);
    let entry: serde_json::Value = serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    assert!(entry["languages"]["zh-hans"]["page_count"].as_u64().unwrap() >= 6, "{entry}");

    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{config}\n[search]\nenabled = false\n"));
    site.built();
    assert!(!site.public().join("pagefind").exists());
    assert!(site.page("a/index.html").attrs(".site-search", "class").is_empty());
}

/// The ids of a feed's entries out of `atom`, in order.
fn entry_ids(atom: &str) -> Vec<String> {
    atom.split("<entry>")
        .skip(1)
        .map(|e| e.split("<id>").nth(1).unwrap().split("</id>").next().unwrap().to_string())
        .collect()
}

/// Issue 19 point 6: the shipped dossier's feeds held 2 of its pages, and an entry's id was its
/// URL, so a move to another domain made every entry new to feed readers. Every page has its own
/// publication date now, every dated page is in its language's feed, and the ids are `tag:` URIs
/// that the address the site is built for (`--base-url`, host and path) leaves alone.
#[test]
fn every_dated_page_of_the_shipped_dossier_is_fed_under_an_id_that_outlives_its_address() {
    let root = env!("CARGO_MANIFEST_DIR");
    let build = |base: &str| {
        let out = tempfile::tempdir().unwrap();
        let run =
            crate::util::dossier(&["build", "--root", root, "--base-url", base, "-o", out.path().to_str().unwrap()]);
        assert!(run.ok(), "{}", run.stderr);
        let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
        (read("atom.xml"), read("en/atom.xml"))
    };
    let (zh, en) = build("https://user.github.io/dossier/");
    let (zh_moved, en_moved) = build("https://dossier.example.org/");
    // Every page (not `_index`) of the content folder has a date, and is an entry of its language.
    let mut pages = (0, 0);
    for entry in walkdir(&std::path::Path::new(root).join("content")) {
        let name = entry.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".md") || name.starts_with("_index") {
            continue;
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        let front = text.split("+++").nth(1).unwrap();
        assert!(front.lines().any(|l| l.starts_with("date = ")), "{} has no publication date", entry.display());
        if name.ends_with(".en.md") { pages.1 += 1 } else { pages.0 += 1 }
    }
    assert_eq!((entry_ids(&zh).len(), entry_ids(&en).len()), pages);
    for atom in [&zh, &en] {
        for id in entry_ids(atom) {
            assert!(id.starts_with("tag:example.github.io,2026-11-"), "{id}");
            assert!(!id.contains("user.github.io") && !id.contains("/dossier/"), "{id} names the address");
        }
    }
    assert!(entry_ids(&en).contains(&"tag:example.github.io,2026-11-30:/en/overview/".to_string()), "{en}");
    // The same ids wherever the site is published; the links follow the address.
    assert_eq!(entry_ids(&zh), entry_ids(&zh_moved));
    assert_eq!(entry_ids(&en), entry_ids(&en_moved));
    let feed_id = |atom: &str| atom.split("<id>").nth(1).unwrap().split("</id>").next().unwrap().to_string();
    assert_eq!(feed_id(&zh), feed_id(&zh_moved));
    assert_eq!(feed_id(&zh), "tag:example.github.io,2026-11-25:/");
    assert!(zh_moved.contains("href=\"https://dossier.example.org/overview/\""), "{zh_moved}");
}

fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { found.extend(walkdir(&path)) } else { found.push(path) }
    }
    found
}

/// `[feed] id_authority` names the entries when set; it must be a domain or an email address.
#[test]
fn feed_ids_take_the_configured_authority_and_a_bad_one_is_an_error_at_its_line() {
    let site = site();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{config}\n[feed]\nid_authority = \"Editor@Example.net\"\n"));
    site.built();
    assert!(site.read("atom.xml").contains("<id>tag:editor@example.net,2023-11-15:/b/</id>"));
    let lines = config.lines().count();
    site.write("site.toml", &format!("{config}\n[feed]\nid_authority = \"https://example.net/\"\n"));
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr.contains(&format!("site.toml:{}:1: error: id_authority", lines + 3)), "{}", run.stderr);
    assert!(run.stderr.contains("hint: a domain name or an email address"), "{}", run.stderr);
}
