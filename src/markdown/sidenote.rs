//! Footnotes as sidenotes: each reference is followed by a copy of its note, which the theme sets
//! in the margin on wide screens and shows in place when the reference is tapped (`:target`) on
//! narrow ones. No script is needed. The notes stay at the end too, for print and plain readers.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

/// Replace footnote references with a reference plus an inline copy of the note.
pub(crate) fn attach(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let notes = definitions(&events);
    if notes.is_empty() {
        return events;
    }
    events
        .into_iter()
        .map(|event| match event {
            Event::FootnoteReference(label) => match notes.get(label.as_ref()) {
                Some((number, html)) => {
                    let id = super::escape(&label);
                    Event::Html(
                        format!(
                            "<sup class=\"footnote-reference\"><a href=\"#sn-{id}\">{number}</a></sup>\
                             <span class=\"sidenote\" id=\"sn-{id}\" role=\"note\" data-pagefind-ignore><span class=\"sidenote__number\">{number}</span> {html}</span>"
                        )
                        .into(),
                    )
                }
                None => Event::FootnoteReference(label),
            },
            other => other,
        })
        .collect()
}

/// Label -> (number, the note's inline HTML), numbered in order of definition as pulldown-cmark
/// numbers the list at the end. Notes holding blocks other than paragraphs get no sidenote.
fn definitions(events: &[Event]) -> HashMap<String, (usize, String)> {
    let mut notes = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i] {
            let start = i + 1;
            let mut end = start;
            while end < events.len() && !matches!(events[end], Event::End(TagEnd::FootnoteDefinition)) {
                end += 1;
            }
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events[start..end].iter().cloned());
            let number = notes.len() + 1;
            let inline = html
                .trim()
                .strip_prefix("<p>")
                .and_then(|h| h.strip_suffix("</p>"))
                .map(|h| h.replace("</p>\n<p>", "<br>"));
            if let Some(inline) = inline.filter(|h| {
                !["<ul", "<ol", "<pre", "<blockquote", "<table", "<div", "<h"].iter().any(|b| h.contains(b))
            }) {
                notes.insert(label.to_string(), (number, inline));
            }
            i = end;
        }
        i += 1;
    }
    notes
}
