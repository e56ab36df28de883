//! The sentence around a link or a mention, for backlinks and "mentioned in" lists.
//!
//! Text is gathered block by block (paragraph, list item, table cell, heading); marks record where
//! in the block's text a link or mention stands; when the block ends each mark gets the sentence
//! around it. Sentences are Unicode's ([`segment::sentences`]).

use std::ops::Range;

use super::{Mention, Rendered, segment};

/// Longer contexts are cut around the mark.
const MAX_CHARS: usize = 120;

#[derive(Debug, Default)]
pub(crate) struct Tracker {
    text: String,
    marks: Vec<(Mark, usize)>,
}

#[derive(Debug)]
enum Mark {
    Link(usize),
    Mention(usize),
}

impl Tracker {
    pub(crate) fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// The link `out.links[index]` starts here.
    pub(crate) fn mark_link(&mut self, index: usize) {
        self.marks.push((Mark::Link(index), self.text.len()));
    }

    /// A first mention of `entity`, `ahead` bytes past the text pushed so far.
    pub(crate) fn mark_mention(&mut self, out: &mut Rendered, entity: usize, ahead: usize) {
        out.mentions.push(Mention { entity, context: String::new() });
        self.marks.push((Mark::Mention(out.mentions.len() - 1), self.text.len() + ahead));
    }

    /// The block ended: give every mark its sentence.
    pub(crate) fn block(&mut self, out: &mut Rendered) {
        let sentences = if self.marks.is_empty() { Vec::new() } else { segment::sentences(&self.text) };
        for (mark, at) in self.marks.drain(..) {
            let sentence = sentence_at(&self.text, &sentences, at);
            match mark {
                Mark::Link(i) => out.links[i].context = sentence,
                Mark::Mention(i) => out.mentions[i].context = sentence,
            }
        }
        self.text.clear();
    }
}

/// The sentence of `text` that holds byte `at`, trimmed and cut to about [`MAX_CHARS`]; `sentences`
/// are those of `text`.
fn sentence_at(text: &str, sentences: &[Range<usize>], at: usize) -> String {
    match sentences.iter().find(|s| at < s.end).or(sentences.last()) {
        Some(s) => shorten(&text[s.clone()], at.saturating_sub(s.start)),
        None => shorten(text, at),
    }
}

/// `sentence` trimmed and cut to [`MAX_CHARS`] around byte `at` (counted before trimming).
fn shorten(sentence: &str, at: usize) -> String {
    let trimmed = sentence.trim_start();
    let at = at.saturating_sub(sentence.len() - trimmed.len());
    let sentence = trimmed.trim_end();
    let count = sentence.chars().count();
    if count <= MAX_CHARS {
        return segment::join_lines(sentence);
    }
    let at_char = sentence.char_indices().take_while(|(i, _)| *i < at).count();
    let from = at_char.saturating_sub(MAX_CHARS / 2).min(count - MAX_CHARS);
    let cut: String = sentence.chars().skip(from).take(MAX_CHARS).collect();
    let lead = if from > 0 { "…" } else { "" };
    let tail = if from + MAX_CHARS < count { "…" } else { "" };
    format!("{lead}{}{tail}", segment::join_lines(&cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around(text: &str, at: usize) -> String {
        sentence_at(text, &segment::sentences(text), at)
    }

    #[test]
    fn the_sentence_around_a_position() {
        let cases = [
            ("第一句。第二句有链接。第三句。", "链接", "第二句有链接。"),
            ("One. The second has a link. Three.", "link", "The second has a link."),
        ];
        for (text, mark, want) in cases {
            assert_eq!(around(text, text.find(mark).unwrap()), want, "{text}");
        }
        assert_eq!(around("第一句。第二句。", 0), "第一句。");
        assert_eq!(around("第一句。第三句。", 24), "第三句。");
        assert_eq!(around("One. Two.", 4), "Two.", "a space between sentences goes with the next");
        assert_eq!(around("One. Two.", 9), "Two.");
        let long = "长".repeat(300);
        let cut = around(&long, 450);
        assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
        assert_eq!(cut.chars().count(), MAX_CHARS + 2);
        // Leading space moves every offset; an offset inside a character is fine (found by fuzzing).
        let spaced = format!("  {}", "原".repeat(200));
        for at in [0, 1, 2, 3, 4, 300, 301, 599, 601, 700] {
            let cut = around(&spaced, at);
            assert!(cut.chars().filter(|c| *c == '原').count() == MAX_CHARS, "{at}: {cut}");
        }
    }
}
