//! Social cards (issue 19): every page's `og:image` is a 1200×630 PNG the build wrote, drawn once
//! and then taken from the site's cache; `[cards]` turns them off or names one fixed image; text no
//! installed font covers stops the build at the page.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::Site;

/// `og:image` of a built page.
fn og_image(site: &Site, path: &str) -> Option<String> {
    site.page(path).attrs(r#"meta[property="og:image"]"#, "content").into_iter().next()
}

/// The PNG files of a folder, by name.
fn pngs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return BTreeMap::new() };
    entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .filter(|(name, _)| name.ends_with(".png"))
        .collect()
}

/// Width and height from a PNG's header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let at = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    (at(16), at(20))
}

#[test]
fn every_page_shows_a_card_the_build_wrote() {
    let site = Site::fixture_with_themes("dossier");
    site.built();
    for path in ["index.html", "a/index.html", "b/index.html", "entities/index.html"] {
        let image = og_image(&site, path).unwrap_or_else(|| panic!("{path} has no og:image"));
        let file = image.strip_prefix("https://example.org/d/").unwrap_or_else(|| panic!("{image} is absolute"));
        assert!(file.starts_with("cards/") && file.ends_with(".png"), "{file}");
        let png = std::fs::read(site.public().join(file)).unwrap();
        assert_eq!(png_size(&png), (1200, 630), "{file}");
        let page = site.page(path);
        assert_eq!(page.attrs(r#"meta[name="twitter:card"]"#, "content"), ["summary_large_image"], "{path}");
        assert_eq!(page.attrs(r#"meta[name="twitter:image"]"#, "content"), std::slice::from_ref(&image), "{path}");
        assert_eq!(page.attrs(r#"meta[property="og:image:width"]"#, "content"), ["1200"], "{path}");
        assert_eq!(page.attrs(r#"meta[property="og:image:height"]"#, "content"), ["630"], "{path}");
        let alt = page.attrs(r#"meta[property="og:image:alt"]"#, "content");
        assert!(alt.len() == 1 && !alt[0].is_empty(), "{path}: {alt:?}");
    }
    // A page's card is its own; the 404 page, not for sharing, has none.
    assert_ne!(og_image(&site, "a/index.html"), og_image(&site, "b/index.html"));
    assert_eq!(og_image(&site, "404.html"), None);
    assert_eq!(site.page("a/index.html").attrs(r#"meta[property="og:image:alt"]"#, "content"), ["甲（小档案）"]);
}

/// A rebuild takes every card from the cache and draws only the card whose page changed.
#[test]
fn a_rebuild_draws_only_the_cards_that_changed() {
    let site = Site::fixture_with_themes("dossier");
    site.built();
    let cache = site.root().join(".dossier-cache/cards");
    let first = pngs(&cache);
    assert!(first.len() >= 3, "cards kept in the cache: {:?}", first.keys());
    assert_eq!(first, pngs(&site.public().join("cards")), "the cache holds what was published");
    // Mark every kept card: a card drawn again would lose the mark.
    for name in first.keys() {
        let mut marked = first[name].clone();
        marked.extend_from_slice(b"kept");
        std::fs::write(cache.join(name), marked).unwrap();
    }
    let a = og_image(&site, "a/index.html").unwrap();
    site.write(
        "content/a.md",
        &std::fs::read_to_string(site.root().join("content/a.md"))
            .unwrap()
            .replace("title = \"甲\"", "title = \"甲方\""),
    );
    site.built();
    let published = pngs(&site.public().join("cards"));
    let a_now = og_image(&site, "a/index.html").unwrap();
    assert_ne!(a, a_now, "a new title, a new card");
    let drawn: Vec<&String> = published.iter().filter(|(_, png)| !png.ends_with(b"kept")).map(|(n, _)| n).collect();
    assert_eq!(drawn.len(), 1, "only the changed page's card is drawn: {drawn:?}");
    assert!(a_now.ends_with(drawn[0].as_str()), "{a_now} {drawn:?}");
    assert_eq!(published.len(), first.len(), "the old card of a.md is not published");
}

#[test]
fn cards_can_be_turned_off_or_replaced_by_one_image() {
    let site = Site::fixture_with_themes("dossier");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{config}\n[cards]\nenabled = false\n")).built();
    assert_eq!(og_image(&site, "a/index.html"), None);
    assert!(!site.public().join("cards").exists());
    assert_eq!(site.page("a/index.html").attrs(r#"meta[name="twitter:card"]"#, "content"), ["summary"]);

    site.write("static/card.png", "not really a PNG");
    site.write("site.toml", &format!("{config}\n[cards]\nimage = \"static/card.png\"\n")).built();
    assert_eq!(og_image(&site, "a/index.html").as_deref(), Some("https://example.org/d/card.png"));
    assert!(!site.public().join("cards").exists());
    assert!(site.page("a/index.html").attrs(r#"meta[property="og:image:width"]"#, "content").is_empty());

    site.write("site.toml", &format!("{config}\n[cards]\nimage = \"static/none.png\"\n"));
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("site.toml:10:1: error: [cards] image = \"static/none.png\" is not a file in static/"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
}

/// Text no installed font has would be empty boxes on the card: an error at the page's title that
/// names the characters and the fonts to install.
#[test]
fn a_title_no_font_covers_stops_the_build_at_the_page() {
    let site = Site::fixture_with_themes("dossier");
    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    site.write("content/a.md", &a.replace("title = \"甲\"", "title = \"甲 𓀀\""));
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/a.md:2:1: error: no installed font has the characters \"𓀀\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fonts-noto-cjk"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}
