//! The files that tell the outside world about the site: an Atom feed of dated pages
//! (`atom.xml`), `sitemap.xml`, `robots.txt` pointing at it, and `CNAME` for a custom domain on
//! GitHub Pages. Every URL in them is absolute under `base_url`; every text is escaped for XML.
//! A feed's and its entries' ids are `tag:` URIs (RFC 4151) that name no address: a feed reader
//! keeps knowing the entries it has shown when the site moves to another domain or path.
//!
//! Takes plain values (no `Site`), so the pipeline decides what goes in.

use std::fmt::Write;

use crate::config::{Config, Language};
use crate::content::date::PartialDate;

/// One entry of the Atom feed.
pub(crate) struct Entry<'a> {
    pub(crate) title: &'a str,
    /// The site path, `/overview/`.
    pub(crate) path: &'a str,
    pub(crate) date: PartialDate,
    pub(crate) updated: Option<PartialDate>,
    /// Plain text shown by feed readers under the title.
    pub(crate) summary: Option<&'a str>,
}

/// `atom.xml` of one language (`/atom.xml`, `/en/atom.xml`): its dated pages, newest first, under
/// its title and description, in its `xml:lang`.
pub(crate) fn atom(config: &Config, language: &Language, entries: &mut [Entry]) -> String {
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(b.title)));
    let newest = entries.iter().map(|e| e.updated.unwrap_or(e.date).max(e.date)).max();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(xml, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", xml_escape(language.code));
    let _ = writeln!(xml, "  <title>{}</title>", xml_escape(language.title));
    if !language.description.is_empty() {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", xml_escape(language.description));
    }
    let self_url = url_escape(&config.permalink(&feed_path(language)));
    let home = url_escape(&config.permalink(&format!("{}/", language.prefix)));
    let _ = writeln!(xml, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>");
    let _ = writeln!(xml, "  <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>");
    // Named by the oldest entry's date, which outlives any one address; with no entry, by the home.
    let id = entries
        .iter()
        .map(|e| e.date)
        .min()
        .map_or(home.clone(), |date| tag(config, date, &format!("{}/", language.prefix)));
    let _ = writeln!(xml, "  <id>{id}</id>");
    // The date of the newest entry, not the time of the build: two builds give the same bytes.
    let _ = writeln!(xml, "  <updated>{}</updated>", newest.map_or_else(|| "1970-01-01T00:00:00Z".into(), timestamp));
    let _ = writeln!(xml, "  <author><name>{}</name></author>", xml_escape(language.title));
    let _ = writeln!(xml, "  <generator>dossier</generator>");
    for entry in entries.iter() {
        let url = url_escape(&config.permalink(entry.path));
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <title>{}</title>", xml_escape(entry.title));
        let _ = writeln!(xml, "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>");
        let _ = writeln!(xml, "    <id>{}</id>", tag(config, entry.date, entry.path));
        let _ = writeln!(xml, "    <published>{}</published>", timestamp(entry.date));
        let _ =
            writeln!(xml, "    <updated>{}</updated>", timestamp(entry.updated.unwrap_or(entry.date).max(entry.date)));
        if let Some(summary) = entry.summary.filter(|s| !s.trim().is_empty()) {
            let _ = writeln!(xml, "    <summary type=\"text\">{}</summary>", xml_escape(summary.trim()));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// A `tag:` URI (RFC 4151) for what the site published at `path` on `date`:
/// `tag:example.org,2026-11-30:/overview/`. The authority is the site's (`[feed] id_authority`,
/// else its configured host), the date the page's own publication date (the authority was the
/// site's that day, as the RFC asks), the path the site path without the base path: none of them
/// changes with `--base-url` or a move under another path.
fn tag(config: &Config, date: PartialDate, path: &str) -> String {
    // The specific part allows the URI characters; anything else is percent-encoded.
    url_escape(&format!("tag:{},{date}:{path}", config.feed.authority))
}

/// Where a language's feed is: `atom.xml`, `en/atom.xml`.
pub(crate) fn feed_path(language: &Language) -> String {
    format!("{}/atom.xml", language.prefix).trim_start_matches('/').to_string()
}

/// One URL of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SitemapUrl {
    /// The site path, `/overview/`.
    pub(crate) path: String,
    pub(crate) date: Option<PartialDate>,
    /// Its translations as (language code, site path), itself included; empty for one language.
    pub(crate) alternates: Vec<(String, String)>,
}

/// `sitemap.xml`: every page, section and listing, by site path, with its date where it has one,
/// and each translation as an `xhtml:link` (Google's way of listing the languages of a page).
pub(crate) fn sitemap(config: &Config, urls: &[SitemapUrl]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if urls.iter().any(|u| !u.alternates.is_empty()) {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for url in urls {
        let _ = write!(xml, "  <url><loc>{}</loc>", url_escape(&config.permalink(&url.path)));
        // W3C datetime allows a year or a year and month alone, as our dates do.
        if let Some(date) = url.date {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        for (lang, path) in &url.alternates {
            let _ = write!(
                xml,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                xml_escape(lang),
                url_escape(&config.permalink(path))
            );
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap is named. Crawlers read it only at the
/// root of a host, so under a project subpath it is inert (and harmless).
pub(crate) fn robots(config: &Config) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", url_escape(&config.permalink("sitemap.xml")))
}

/// `CNAME`: the custom domain GitHub Pages serves the site at.
pub(crate) fn cname(domain: &str) -> String {
    format!("{domain}\n")
}

/// A partial date as an RFC 3339 timestamp: the first moment of its period, in UTC.
fn timestamp(date: PartialDate) -> String {
    format!("{:04}-{:02}-{:02}T00:00:00Z", date.year, date.month.unwrap_or(1), date.day.unwrap_or(1))
}

/// The text of an HTML fragment, for a feed's plain-text summary: tags and comments dropped,
/// every character reference decoded (`&amp;`, `&nbsp;`, `&#x4E2D;`), runs of white space as one
/// space.
pub(crate) fn plain_text(html: &str) -> String {
    use lol_html::{HtmlRewriter, Settings, doc_text};
    let mut text = String::with_capacity(html.len());
    // One text node may come in several chunks; a reference is decoded within its node only.
    let mut node = String::new();
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_document_content_handler(doc_text!(|chunk| {
                node.push_str(chunk.as_str());
                if chunk.last_in_text_node() {
                    text.push_str(&html_escape::decode_html_entities(&node));
                    node.clear();
                }
                Ok(())
            })),
            |_: &[u8]| {},
        );
        // Only reading: a malformed fragment yields the text read before the problem.
        let _ = rewriter.write(html.as_bytes());
        let _ = rewriter.end();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text for XML content and attribute values; characters XML 1.0 forbids are dropped.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An absolute URL with its non-ASCII characters percent-encoded (sitemaps want URIs), then
/// escaped for XML.
fn url_escape(url: &str) -> String {
    let mut encoded = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii() && !c.is_ascii_control() && c != ' ' {
            encoded.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(encoded, "%{b:02X}");
            }
        }
    }
    xml_escape(&encoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let text =
            "title = \"档案 <b> & \\\"引号\\\"\"\nbase_url = \"https://user.github.io/repo/\"\nlanguage = \"zh-Hans\"";
        Config::parse(std::path::Path::new("site.toml"), text).unwrap()
    }

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    #[test]
    fn atom_lists_dated_pages_newest_first_with_absolute_escaped_urls() {
        let config = config();
        let mut entries = [
            Entry { title: "旧", path: "/old/", date: date("1917"), updated: None, summary: None },
            Entry {
                title: "<script>alert(1)</script>",
                path: "/actors/习近平/",
                date: date("2023-11-15"),
                updated: None,
                summary: Some("“五个共同” & more"),
            },
        ];
        let xml = atom(&config, &config.languages()[0], &mut entries);
        assert!(xml.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"), "{xml}");
        assert!(xml.contains("<title>档案 &lt;b&gt; &amp; &quot;引号&quot;</title>"), "{xml}");
        assert!(xml.contains("href=\"https://user.github.io/repo/actors/%E4%B9%A0%E8%BF%91%E5%B9%B3/\""), "{xml}");
        assert!(xml.contains("<updated>2023-11-15T00:00:00Z</updated>\n  <author>"), "{xml}");
        assert!(xml.contains("<summary type=\"text\">“五个共同” &amp; more</summary>"), "{xml}");
        assert!(xml.find("alert").unwrap() < xml.find("旧").unwrap(), "newest first");
        assert!(xml.contains("<published>1917-01-01T00:00:00Z</published>"));
        assert!(xml.contains("href=\"https://user.github.io/repo/atom.xml\""));
    }

    #[test]
    fn sitemap_and_robots_are_absolute_under_the_base_url() {
        let config = config();
        let url = |path: &str, date| SitemapUrl { path: path.into(), date, alternates: Vec::new() };
        let xml = sitemap(&config, &[url("/", None), url("/overview/", Some(date("2023-11")))]);
        assert!(!xml.contains("xhtml"), "one language, no alternates: {xml}");
        assert!(xml.contains("<url><loc>https://user.github.io/repo/</loc></url>"), "{xml}");
        assert!(xml.contains("<loc>https://user.github.io/repo/overview/</loc><lastmod>2023-11</lastmod>"), "{xml}");
        assert_eq!(robots(&config), "User-agent: *\nAllow: /\n\nSitemap: https://user.github.io/repo/sitemap.xml\n");
    }

    #[test]
    fn sitemap_lists_each_translation_in_the_xhtml_namespace() {
        let config = config();
        let alternates = vec![("zh-Hans".to_string(), "/a/".to_string()), ("en".to_string(), "/en/a/".to_string())];
        let urls = [
            SitemapUrl { path: "/a/".into(), date: None, alternates: alternates.clone() },
            SitemapUrl { path: "/en/a/".into(), date: None, alternates },
        ];
        let xml = sitemap(&config, &urls);
        assert!(xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">"), "{xml}");
        let links = "<xhtml:link rel=\"alternate\" hreflang=\"zh-Hans\" href=\"https://user.github.io/repo/a/\"/>\
                     <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://user.github.io/repo/en/a/\"/>";
        assert!(xml.contains(&format!("<loc>https://user.github.io/repo/a/</loc>{links}</url>")), "{xml}");
        assert!(xml.contains(&format!("<loc>https://user.github.io/repo/en/a/</loc>{links}</url>")), "{xml}");
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_every_reference() {
        let cases = [
            ("<p>摘要。</p>\n", "摘要。"),
            ("<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;</p>", "a & b <c> \"d\" 'e'"),
            // Decoded once: an escaped entity stays an entity.
            ("<p>&amp;lt; &amp;amp;</p>", "&lt; &amp;"),
            ("<p>&nbsp;x&#x4E2D;&#20013;&hellip;</p>", "x中中…"),
            // A `>` in an attribute value does not end the tag; comments are not text.
            ("<p title='a>b'>甲</p><!-- more -->乙", "甲乙"),
            ("<h2 id=\"x\">标题</h2>\n<p>第一段\n第二行。</p>\n<ul>\n<li>项</li>\n</ul>\n", "标题 第一段 第二行。 项"),
            // Not a reference: no `;`, or an unknown name.
            ("AT&T &bogus; 5 &lt 6", "AT&T &bogus; 5 &lt 6"),
            ("", ""),
        ];
        for (html, expect) in cases {
            assert_eq!(plain_text(html), expect, "{html:?}");
        }
    }

    #[test]
    fn control_characters_are_dropped_from_xml() {
        assert_eq!(xml_escape("a\u{0}b\u{8}c\nd'"), "abc\nd&apos;");
    }
}
