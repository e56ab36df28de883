//! The typography rule of `dossier check`: the autocorrect linter over the site's own text, in the
//! languages it knows (CJK: the likely script of a page's `lang` is one its rules are written for).
//!
//! The Markdown source is linted, so a finding's position is where to edit. Left out, because
//! they are not our words or not prose: block quotes, code, HTML, shortcode calls (`quote` prints
//! the source's words) and inline quotations (from an opening quotation mark, Unicode's initial
//! punctuation, to its closing one). Each text event's lines are handed to autocorrect as they are
//! written; what it would change is a finding, named by the rule that changes it. The body of
//! the source page is the source's text: only its front matter, ours, is checked; so are the other
//! files' front matter strings (titles, descriptions, facts).
//!
//! `spacing = "none"` reverses autocorrect's `space-word` (its maintainers keep it one way): a
//! space is flagged where that rule, given the text without it, would put it back.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::config::{Spacing, TYPOGRAPHY_RULES, TypographyConfig};
use crate::content::{Content, Source};
use crate::diag::Diagnostic;
use crate::markdown::shortcode;

/// The scripts autocorrect's rules are written for (its `\p{CJK}`: Han, Hangul, Hiragana,
/// Katakana, Bopomofo), as ISO 15924 codes, the combined ones (`Jpan`, `Kore`, `Hans`) included.
const SCRIPTS: &[&str] = &["Hani", "Hans", "Hant", "Hanb", "Jpan", "Kore", "Hang", "Hira", "Kana", "Bopo"];

/// Whether the rule applies to text in `lang`: CLDR's likely script of the language is one that
/// autocorrect knows.
pub(crate) fn applies(lang: &str) -> bool {
    let Ok(mut id) = icu_locale_core::LanguageIdentifier::try_from_str(lang) else { return false };
    icu_locale::LocaleExpander::new_common().maximize(&mut id);
    id.script.is_some_and(|s| SCRIPTS.contains(&s.as_str()))
}

/// The findings in every page and section of `content` whose language the rule applies to.
/// The bodies of the source pages (`sources`, indexes of pages) are the sources' text, not ours:
/// only their front matter is checked.
pub(crate) fn check(content: &Content, config: &TypographyConfig, sources: &[usize]) -> Vec<Diagnostic> {
    if !config.enabled {
        return Vec::new();
    }
    let linter = Linter::new(config);
    let pages = content.pages.iter().enumerate().map(|(i, p)| (&p.source, &p.lang, sources.contains(&i)));
    let sources = pages.chain(content.sections.iter().map(|s| (&s.source, &s.lang, false)));
    let mut found = Vec::new();
    for (file, lang, is_source) in sources {
        if file.display.as_os_str().is_empty() || !applies(lang) {
            continue;
        }
        match file.with_body() {
            Ok(file) => found.extend(lint_source(&file, &linter, !is_source)),
            Err(e) => found.push(e),
        }
    }
    found
}

fn lint_source(source: &Source, linter: &Linter, with_body: bool) -> Vec<Diagnostic> {
    let body = if with_body { source.body() } else { "" };
    let front = front_matter_text(source);
    let mut found = Vec::new();
    let ranges = own_strings(&source.text[source.toml_start..source.toml_start + front])
        .into_iter()
        .map(|r| source.toml_start + r.start..source.toml_start + r.end)
        .chain(own_text(body).into_iter().map(|r| source.body_start + r.start..source.body_start + r.end));
    for range in ranges {
        for (at, finding) in linter.lint(&source.text[range.clone()]) {
            let offset = range.start + at;
            found.push(
                Diagnostic::at(&source.display, &source.text, offset, finding.message)
                    .with_hint(format!("write {}", finding.fix)),
            );
        }
    }
    found
}

/// The length of the front matter's TOML (without its closing `+++`).
fn front_matter_text(source: &Source) -> usize {
    let toml = source.text.get(source.toml_start..source.body_start).unwrap_or("");
    toml.rfind("+++").unwrap_or(toml.len())
}

/// The byte ranges of the strings of a front matter (`toml`) that are our own prose: every string
/// written without escapes (so that its text is its source), less its quotations. A string of no
/// CJK text (a date, a path) has nothing for the linter.
pub(crate) fn own_strings(toml: &str) -> Vec<Range<usize>> {
    fn walk(toml: &str, value: &toml::Spanned<toml::de::DeValue<'_>>, ranges: &mut Vec<Range<usize>>) {
        match value.get_ref() {
            toml::de::DeValue::String(text) => {
                let span = value.span();
                let raw = toml.get(span.clone()).unwrap_or("");
                let inner = raw.len() >= 2 && raw[1..raw.len() - 1] == **text;
                if inner && raw.starts_with(['"', '\'']) {
                    split_own(toml, span.start + 1..span.end - 1, &[], &mut 0, ranges);
                }
            }
            toml::de::DeValue::Array(items) => items.iter().for_each(|v| walk(toml, v, ranges)),
            toml::de::DeValue::Table(table) => table.values().for_each(|v| walk(toml, v, ranges)),
            _ => {}
        }
    }
    let mut ranges = Vec::new();
    if let Ok(table) = toml::de::DeTable::parse(toml) {
        table.get_ref().values().for_each(|v| walk(toml, v, &mut ranges));
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// The byte ranges of `body` that are our own prose: text outside block quotes, code, HTML,
/// shortcode calls and quotations, each range within one line.
pub(crate) fn own_text(body: &str) -> Vec<Range<usize>> {
    let calls = if shortcode::may_hold_call(body) { shortcode::spans(body) } else { Vec::new() };
    let mut ranges = Vec::new();
    let mut quoted = 0usize;
    let mut code = 0usize;
    let mut quotation = 0usize;
    for (event, range) in Parser::new_ext(body, pulldown_cmark::Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::BlockQuote(_)) => quoted += 1,
            Event::End(TagEnd::BlockQuote(_)) => quoted = quoted.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                code = code.saturating_sub(1);
            }
            Event::Text(_) if quoted == 0 && code == 0 => {
                split_own(body, range, &calls, &mut quotation, &mut ranges);
            }
            // A paragraph ends every quotation left open in it.
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => quotation = 0,
            _ => {}
        }
    }
    ranges
}

/// The parts of `text[range]` outside shortcode `calls` and quotations (`quotation` is how deep
/// in quotations the text begins, and is left as deep as it ends), one line each, into `ranges`.
fn split_own(
    text: &str,
    range: Range<usize>,
    calls: &[Range<usize>],
    quotation: &mut usize,
    ranges: &mut Vec<Range<usize>>,
) {
    let mut segment: Option<usize> = None;
    let mut close = |segment: &mut Option<usize>, end: usize| {
        if let Some(start) = segment.take().filter(|s| *s < end) {
            ranges.push(start..end);
        }
    };
    let mut i = range.start;
    while let Some(c) = text[i..range.end].chars().next() {
        if let Some(call) = calls.iter().find(|call| call.start == i) {
            close(&mut segment, i);
            i = call.end.min(range.end);
            continue;
        }
        match c.general_category() {
            GeneralCategory::InitialPunctuation => {
                close(&mut segment, i);
                *quotation += 1;
            }
            GeneralCategory::FinalPunctuation if *quotation > 0 => *quotation -= 1,
            _ if c == '\n' => close(&mut segment, i),
            _ if *quotation == 0 && segment.is_none() => segment = Some(i),
            _ => {}
        }
        i += c.len_utf8();
    }
    close(&mut segment, range.end);
}

/// What autocorrect would change in a text: the rule, what is written and what to write.
#[derive(Debug, PartialEq)]
pub(crate) struct Finding {
    pub(crate) message: String,
    pub(crate) fix: String,
}

/// autocorrect with a site's settings.
pub(crate) struct Linter {
    /// The rules in force, in autocorrect's order.
    on: Vec<&'static str>,
    spacing: Spacing,
}

impl Linter {
    pub(crate) fn new(config: &TypographyConfig) -> Linter {
        let off = |r: &&str| config.off.iter().any(|o| o == r);
        let reversed = |r: &&str| config.spacing == Spacing::None && *r == "space-word";
        let on = TYPOGRAPHY_RULES.iter().copied().filter(|r| !off(r) && !reversed(r)).collect();
        let spacing = if config.off.iter().any(|o| o == "space-word") { Spacing::Space } else { config.spacing };
        Linter { on, spacing }
    }

    /// The findings in `text` (one line or less), each at its byte offset.
    pub(crate) fn lint(&self, text: &str) -> Vec<(usize, Finding)> {
        let mut found = Vec::new();
        if self.spacing == Spacing::None {
            found.extend(self.spaces(text));
        }
        let trimmed = text.trim();
        if trimmed.is_empty() || format(trimmed, &self.on) == trimmed {
            return found;
        }
        let lead = text.len() - text.trim_start().len();
        for rule in &self.on {
            let fixed = format(trimmed, &[rule]);
            if fixed != trimmed {
                let (at, old, new) = difference(trimmed, &fixed);
                found.push((
                    lead + at,
                    Finding {
                        message: format!("typography (`{rule}`): `{old}` is written against the rule"),
                        fix: format!("`{new}`"),
                    },
                ));
            }
        }
        found.sort_by_key(|(at, _)| *at);
        found
    }

    /// Spaces where autocorrect's `space-word` would put one: each space between two words is
    /// taken out, and the two words are handed to the rule alone.
    fn spaces(&self, text: &str) -> Vec<(usize, Finding)> {
        let mut found = Vec::new();
        for (at, _) in text.match_indices(' ') {
            let before = text[..at].rsplit(' ').next().unwrap_or("");
            let after = text[at + 1..].split(' ').next().unwrap_or("");
            if before.is_empty() || after.is_empty() {
                continue;
            }
            let joined = format!("{before}{after}");
            if format(&joined, &["space-word"]) == format!("{before} {after}") {
                let (a, b) = (last_char(before), first_char(after));
                found.push((
                    at,
                    Finding {
                        message: format!("typography (`space-word`, reversed): a space between `{a}` and `{b}`"),
                        fix: format!("`{a}{b}` without the space"),
                    },
                ));
            }
        }
        found
    }
}

fn last_char(s: &str) -> char {
    s.chars().next_back().unwrap_or(' ')
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

/// `text` as autocorrect writes it with only the rules `on`: the others are turned off by its own
/// `autocorrect-disable` comment, in a Markdown document of the text's one line.
fn format(text: &str, on: &[&str]) -> String {
    let off: Vec<&str> = TYPOGRAPHY_RULES.iter().copied().filter(|r| !on.contains(r)).collect();
    let document = if off.is_empty() {
        text.to_string()
    } else {
        format!("<!-- autocorrect-disable {} -->\n{text}", off.join(", "))
    };
    let out = autocorrect::format_for(&document, "markdown").out;
    if off.is_empty() { out } else { out.split_once('\n').map_or(out.clone(), |(_, t)| t.to_string()) }
}

/// Where `old` and `new` first differ, and the changed part of each with a character of context.
fn difference(old: &str, new: &str) -> (usize, String, String) {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .take_while(|((_, a), b)| a == b)
        .map(|((i, a), _)| i + a.len_utf8())
        .last()
        .unwrap_or(0);
    let suffix = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let suffix = suffix.min(old.len() - prefix).min(new.len() - prefix);
    let from = old[..prefix].char_indices().next_back().map_or(0, |(i, _)| i);
    let to_old = old[old.len() - suffix..].chars().next().map_or(old.len(), |c| old.len() - suffix + c.len_utf8());
    let to_new = new[new.len() - suffix..].chars().next().map_or(new.len(), |c| new.len() - suffix + c.len_utf8());
    (from, old[from..to_old].to_string(), new[from..to_new].to_string())
}

#[cfg(test)]
mod tests;
