//! Structured data (issue 19): every page's JSON-LD parses (serde_json) and says what Google's
//! Article documentation asks and nothing the page does not give: an `Article` per page with its
//! card as `image` and `datePublished`/`dateModified` only from its own front matter, entity pages
//! typed from their `kind`, listings as `CollectionPage`, each home as the `WebSite`.

use std::collections::BTreeMap;
use std::path::Path;

use scraper::Selector;
use serde_json::Value;

use crate::shipped::{build_shipped, pages};
use crate::util::Site;

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &scraper::Html) -> Vec<Value> {
    let s = Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
    html.select(&s)
        .map(|e| {
            let text: String = e.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|err| panic!("JSON-LD does not parse ({err}): {text}"))
        })
        .collect()
}

fn attr(html: &scraper::Html, selector: &str, name: &str) -> Option<String> {
    let s = Selector::parse(selector).unwrap();
    html.select(&s).next().and_then(|e| e.value().attr(name)).map(str::to_string)
}

/// The top-level front matter of a content file.
fn front_matter(file: &Path) -> toml::Table {
    let text = std::fs::read_to_string(file).unwrap();
    let inner = text.trim_start().strip_prefix("+++").and_then(|t| t.split_once("\n+++")).unwrap().0;
    inner.parse().unwrap()
}

fn date_of(table: &toml::Table, key: &str) -> Option<String> {
    table.get(key).map(|v| match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// The site path of a content file of the shipped dossier (no `slug` or `path` overrides there).
fn site_path(rel: &str) -> String {
    let (rel, lang) = match rel.rsplit_once(".en.md") {
        Some((stem, "")) => (format!("{stem}.md"), "en/"),
        _ => (rel.to_string(), ""),
    };
    let stem = rel.trim_end_matches(".md");
    let stem = stem.trim_end_matches("_index").trim_end_matches("index").trim_end_matches('/');
    if stem.is_empty() { lang.to_string() } else { format!("{lang}{stem}/") }
}

/// The schema.org types of the entity kinds (the theme's table in partials/meta.html).
fn kind_type(kind: &str) -> &'static str {
    match kind {
        "person" => "Person",
        "place" => "Place",
        "organization" => "Organization",
        "document" => "CreativeWork",
        "event" => "Event",
        _ => "Thing",
    }
}

/// What a content file says of its page's structured data.
struct Expected {
    /// An entity's kind.
    kind: Option<String>,
    /// Its own `date` and `updated`.
    date: Option<String>,
    updated: Option<String>,
    section: bool,
}

#[test]
fn every_page_of_the_shipped_dossier_has_json_ld_as_google_documents_it() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let base = "https://example.github.io/dossier/";
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut expected: BTreeMap<String, Expected> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&content).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(&content).unwrap().to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".md") {
            continue;
        }
        let fm = front_matter(entry.path());
        let kind = fm.get("kind").and_then(|k| k.as_str()).map(str::to_string);
        let section = rel.ends_with("_index.md") || rel.ends_with("_index.en.md");
        expected.insert(
            site_path(&rel),
            Expected { kind, date: date_of(&fm, "date"), updated: date_of(&fm, "updated"), section },
        );
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (path, html) in &pages {
        if path.ends_with("404.html") || path.contains("print/") {
            continue;
        }
        let blocks = json_ld(html);
        assert!(!blocks.is_empty(), "{path} has no JSON-LD");
        let main = &blocks[0];
        assert_eq!(main["@context"], "https://schema.org", "{path}");
        let ty = main["@type"].as_str().unwrap_or_else(|| panic!("{path}: no @type"));
        *counts.entry(ty.to_string()).or_default() += 1;
        let url = main["url"].as_str().unwrap_or_else(|| panic!("{path}: no url"));
        let canonical = attr(html, r#"link[rel="canonical"]"#, "href").unwrap();
        assert_eq!(url, canonical, "{path}");
        let site_path = url.strip_prefix(base).unwrap_or_else(|| panic!("{url} under {base}"));
        let site_path = crate::util::percent_decode(site_path);
        // No field is empty: what the page does not give is left out.
        for (key, value) in main.as_object().unwrap() {
            assert!(!(value.is_null() || value == "" || value == &Value::Array(vec![])), "{path}: {key} is empty");
        }
        match expected.get(&site_path) {
            Some(Expected { kind: Some(kind), .. }) => {
                assert_eq!(ty, kind_type(kind), "{path}: an entity of kind {kind}");
                assert!(main["name"].is_string() && main.get("datePublished").is_none(), "{path}: {main}");
            }
            Some(Expected { kind: None, date, updated, section: false }) => {
                assert_eq!(ty, "Article", "{path}");
                let title = attr(html, r#"meta[property="og:title"]"#, "content").unwrap();
                assert_eq!(main["headline"], Value::from(title), "{path}");
                // The card, a file the build wrote.
                let image = main["image"].as_str().unwrap_or_else(|| panic!("{path}: no image"));
                assert_eq!(Some(image.to_string()), attr(html, r#"meta[property="og:image"]"#, "content"));
                assert!(public.join(image.strip_prefix(base).unwrap()).is_file(), "{path}: {image}");
                // Dates only from the page's own front matter, never an event's.
                assert_eq!(main["datePublished"].as_str().map(str::to_string), *date, "{path}");
                assert_eq!(main["dateModified"].as_str().map(str::to_string), *updated, "{path}");
                assert_eq!(main["isPartOf"]["@type"], "WebSite", "{path}");
                assert!(main.get("author").is_none(), "{path}: the dossier names no author in site.toml");
            }
            Some(Expected { kind: None, section: true, .. }) if site_path.is_empty() || site_path == "en/" => {
                assert_eq!(ty, "WebSite", "{path}")
            }
            _ => assert_eq!(ty, "CollectionPage", "{path}"),
        }
    }
    for ty in ["Article", "Person", "Place", "Organization", "CreativeWork", "Thing", "CollectionPage", "WebSite"] {
        assert!(counts.get(ty).is_some_and(|n| *n > 0), "no page typed {ty}: {counts:?}");
    }
}

/// `[dossier] author` and `publisher` become the Article's, typed as written (Person and
/// Organization unless `type` says otherwise).
#[test]
fn author_and_publisher_come_from_site_toml() {
    let site = Site::fixture_with_themes("dossier");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let config = config.replace(
        "[dossier]\n",
        "[dossier]\nauthor = { name = \"编辑组\", url = \"https://example.org/team\", type = \"Organization\" }\npublisher = { name = \"小档案\" }\n",
    );
    site.write("site.toml", &config).built();
    let html = scraper::Html::parse_document(&site.read("a/index.html"));
    let main = &json_ld(&html)[0];
    assert_eq!(main["@type"], "Article");
    assert_eq!(
        main["author"],
        serde_json::json!({"@type": "Organization", "name": "编辑组", "url": "https://example.org/team"})
    );
    assert_eq!(main["publisher"], serde_json::json!({"@type": "Organization", "name": "小档案"}));
    // No date in a.md's front matter, so none here (its timeline has 1917).
    assert!(main.get("datePublished").is_none() && main.get("dateModified").is_none(), "{main}");

    site.write("site.toml", &config.replace("type = \"Organization\"", "type = \"Robot\""));
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("site.toml:"), "{}", run.stderr);
}
