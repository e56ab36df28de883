//! Timeline events that pages declare in front matter (`[[timeline]]`), merged site-wide.

use serde::Serialize;

use crate::content::date::{PartialDate, date_from_toml};
use crate::content::front_matter::EventFrontMatter;

/// An event ready for templates, with its links resolved.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Event {
    #[serde(skip)]
    pub(crate) sort_key: PartialDate,
    pub(crate) date: String,
    pub(crate) year: i32,
    pub(crate) approx: bool,
    pub(crate) title: String,
    pub(crate) body: Option<String>,
    pub(crate) anchor: Option<String>,
    pub(crate) source: Option<u32>,
    /// The name of the source `source` is a paragraph of.
    pub(crate) source_name: Option<String>,
    /// Its title in the page's language, when the site has several sources (links then name it).
    pub(crate) source_title: Option<String>,
    /// The declaring page's href, with `#anchor` when there is one.
    pub(crate) url: String,
    pub(crate) source_url: Option<String>,
    /// The language of the source `source_url` links, when it is not the page's (no translation).
    pub(crate) source_lang: Option<String>,
    pub(crate) page_title: String,
    /// Index of the declaring page.
    #[serde(skip)]
    pub(crate) page: usize,
}

/// Sort events by date, keeping the order of declaration for equal dates.
pub(crate) fn sort(events: &mut [Event]) {
    events.sort_by_key(|e| e.sort_key);
}

/// Gather the `[[timeline]]` events of every page, checking dates, anchors and source paragraphs.
/// `sources` are the site's sources, which events' `source` names.
pub(crate) fn collect(
    content: &crate::content::Content,
    sources: &super::sources::SourcePages,
    hrefs: &std::collections::HashMap<String, String>,
    anchors: &std::collections::HashMap<String, std::collections::HashSet<&str>>,
) -> (Vec<Event>, Vec<crate::diag::Diagnostic>) {
    let mut events = Vec::new();
    let mut diagnostics = Vec::new();
    for (i, page) in content.pages.iter().enumerate() {
        let href = &hrefs[&page.rel];
        for fm in &page.meta.timeline {
            let at = |message: String| page.source.error_in_toml(fm.date.span().start, message);
            let date = match date_from_toml(fm.date.get_ref()) {
                Ok(d) => d,
                Err(message) => {
                    diagnostics.push(at(message).with_hint(
                        "timeline dates look like 1917, \"2023-11\" or 2023-11-15; add approx = true for vague ones",
                    ));
                    continue;
                }
            };
            if let Some(anchor) = &fm.anchor
                && !anchors.get(&page.rel).is_some_and(|a| a.contains(anchor.as_str()))
            {
                let known = anchors.get(&page.rel).cloned().unwrap_or_default();
                diagnostics.push(
                    at(format!("the event `{}` points at `#{anchor}`, which is not on this page", fm.title))
                        .with_hint(crate::link::anchor_hint(anchor, &known)),
                );
            }
            let cited = match fm.source.as_ref().map(|c| c.split()) {
                None => None,
                Some(Ok((name, n))) => match sources.find(name) {
                    Ok(source) => Some((source, n)),
                    Err((message, hint)) => {
                        let message = format!("the event `{}` cites a source paragraph, but {message}", fm.title);
                        diagnostics.push(at(message).with_hint(hint));
                        None
                    }
                },
                Some(Err(message)) => {
                    diagnostics.push(at(message).with_hint(
                        "an event's `source` is a paragraph number (of the default source) or \"name#pN\" (of the source `name`)",
                    ));
                    None
                }
            };
            let source = cited.and_then(|(s, _)| s.page.map(|_| source_in(content, &s.rel, &page.lang)));
            let source_title = source.filter(|_| sources.several()).and_then(|rel| match content.by_rel.get(rel) {
                Some(crate::content::Item::Page(p)) => Some(content.pages[*p].meta.title.clone()),
                _ => None,
            });
            let source_lang = source
                .and_then(|rel| content.by_rel.get(rel))
                .map(|s| content.lang(*s))
                .filter(|l| *l != page.lang)
                .map(str::to_string);
            let source_url = cited.zip(source).and_then(|((_, n), rel)| {
                source_url(fm, n, rel, hrefs.get(rel), anchors, &mut |message, hint| {
                    diagnostics.push(at(message).with_hint(hint));
                })
            });
            events.push(Event {
                sort_key: date,
                date: date.to_string(),
                year: date.year,
                approx: fm.approx,
                title: fm.title.clone(),
                body: fm.body.clone(),
                anchor: fm.anchor.clone(),
                source: cited.map(|(_, n)| n),
                source_name: cited.map(|(s, _)| s.name.clone()),
                source_title,
                url: match &fm.anchor {
                    Some(a) => format!("{href}#{a}"),
                    None => href.clone(),
                },
                source_lang: source_lang.clone().filter(|_| source_url.is_some()),
                source_url,
                page_title: page.meta.title.clone(),
                page: i,
            });
        }
    }
    sort(&mut events);
    (events, diagnostics)
}

/// The source page `rel` in the language `lang`: its translation when there is one (`cite` on a
/// page in that language links it too), else the original `rel`.
fn source_in<'a>(content: &'a crate::content::Content, rel: &'a str, lang: &str) -> &'a str {
    use crate::content::Item;
    let Some(original) = content.by_rel.get(rel) else { return rel };
    let translated = content.translations(*original).iter().find_map(|t| match *t {
        Item::Page(p) if content.pages[p].lang == lang => Some(content.pages[p].rel.as_str()),
        _ => None,
    });
    translated.unwrap_or(rel)
}

/// The link of an event to paragraph `n` of the source page `rel`, whose href is `href` when it
/// loaded. A problem goes to `problem` as its message and hint.
fn source_url(
    fm: &EventFrontMatter,
    n: u32,
    rel: &str,
    href: Option<&String>,
    anchors: &std::collections::HashMap<String, std::collections::HashSet<&str>>,
    problem: &mut dyn FnMut(String, &str),
) -> Option<String> {
    // The source page site.toml names did not load: reported there, or at the page.
    let href = href?;
    if !anchors.get(rel).is_some_and(|a| a.contains(format!("p{n}").as_str())) {
        problem(
            format!("the event `{}` cites source paragraph {n}, which {rel} does not have", fm.title),
            "paragraphs of the source page are numbered from 1 in order",
        );
    }
    Some(format!("{href}#p{n}"))
}

/// The events in TimelineJS's JSON format: `{ "title": …, "events": [ { "start_date": { "year",
/// "month", "day" }, "text": { "headline", "text" }, "unique_id" } ] }`, with absolute links.
pub(crate) fn timeline_js(config: &crate::config::Config, events: &[Event], table: &crate::i18n::Table) -> String {
    use serde_json::{Map, Value, json};
    let absolute = |href: &str| format!("{}{}", config.base_url.trim_end_matches(&config.base_path[..]), href);
    let list: Vec<Value> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut date = Map::new();
            date.insert("year".into(), json!(e.sort_key.year));
            if let Some(m) = e.sort_key.month {
                date.insert("month".into(), json!(m));
            }
            if let Some(d) = e.sort_key.day {
                date.insert("day".into(), json!(d));
            }
            if e.approx {
                // In the events' language (the table's); a code icu cannot read keeps the ISO date.
                let shown = crate::content::date::format(e.sort_key, &table.lang, None)
                    .unwrap_or_else(|_| e.sort_key.to_string());
                date.insert("display_date".into(), json!(table.fill("approx_date", &[("date", &shown)])));
            }
            let esc = crate::markdown::escape;
            let mut text = String::new();
            if let Some(body) = &e.body {
                text.push_str(&format!("<p>{}</p>", esc(body)));
            }
            text.push_str(&format!("<p><a href=\"{}\">{}</a>", esc(&absolute(&e.url)), esc(&e.page_title)));
            if let (Some(n), Some(url)) = (e.source, &e.source_url) {
                let label = match &e.source_title {
                    Some(title) => table.fill("cite_in", &[("source", title), ("n", &n.to_string())]),
                    None => table.fill("cite", &[("n", &n.to_string())]),
                };
                let hreflang = e.source_lang.as_deref().map_or(String::new(), |l| format!(" hreflang=\"{}\"", esc(l)));
                text.push_str(&format!(" · <a href=\"{}\"{hreflang}>{}</a>", esc(&absolute(url)), esc(&label)));
            }
            text.push_str("</p>");
            json!({
                "start_date": date,
                // TimelineJS shows these strings as HTML.
                "text": { "headline": esc(&e.title), "text": text },
                "unique_id": format!("event-{}-{}", e.date, i + 1),
            })
        })
        .collect();
    let esc = crate::markdown::escape;
    let title = json!({ "headline": esc(&config.title), "text": esc(&config.description) });
    let doc = json!({ "title": { "text": title }, "events": list });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_toml_dates_and_datetimes_or_strings_without_trailing_text() {
        let value = |toml: &str| toml::from_str::<toml::Table>(&format!("d = {toml}")).unwrap()["d"].clone();
        for (toml, shown) in [
            ("2023-11-15", "2023-11-15"),
            ("2023-11-15T10:00:00Z", "2023-11-15"),
            ("2023-11-15T10:00:00+08:00", "2023-11-15"),
            ("2023-11-15 10:00:00", "2023-11-15"),
            ("1917", "1917"),
            ("\"2023-11\"", "2023-11"),
            ("\"2023-11-15T10:00:00Z\"", "2023-11-15"),
        ] {
            assert_eq!(date_from_toml(&value(toml)).map(|d| d.to_string()), Ok(shown.to_string()), "{toml}");
        }
        for toml in ["\"2023-11-15 not really a date\"", "\"2023 年\"", "10:00:00", "1.5"] {
            assert!(date_from_toml(&value(toml)).is_err(), "{toml}");
        }
    }
}
