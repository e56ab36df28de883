//! The sentence around a link or a mention, for backlinks and "mentioned in" lists.
//!
//! Text is gathered block by block (paragraph, list item, table cell, heading); marks record where
//! in the block's text a link or mention stands; when the block ends each mark gets the sentence
//! around it. Sentences end at 。！？!? and any closing quotes right after them.

use super::{Mention, Rendered};

const ENDS: [char; 5] = ['。', '！', '？', '!', '?'];
const CLOSERS: [char; 7] = ['”', '’', '」', '』', '）', ')', '"'];
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
        for (mark, at) in self.marks.drain(..) {
            let sentence = sentence_at(&self.text, at);
            match mark {
                Mark::Link(i) => out.links[i].context = sentence,
                Mark::Mention(i) => out.mentions[i].context = sentence,
            }
        }
        self.text.clear();
    }
}

/// The sentences of `text`, each with its end punctuation and closing quotes.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if ENDS.contains(&c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, next)) = chars.peek() {
                if CLOSERS.contains(&next) || ENDS.contains(&next) {
                    end = j + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if !text[start..end].trim().is_empty() {
                out.push(&text[start..end]);
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

/// The sentence of `text` that holds byte `at`, trimmed and cut to about [`MAX_CHARS`].
fn sentence_at(text: &str, at: usize) -> String {
    let mut start = 0;
    for sentence in sentences(text) {
        let end = start + sentence.len();
        // `sentences` drops whitespace-only tails; offsets still line up with `text`.
        let offset = text[start..].find(sentence).map_or(start, |i| start + i);
        if at < offset + sentence.len() || end >= text.len() {
            return shorten(sentence, at.saturating_sub(offset));
        }
        start = offset + sentence.len();
    }
    shorten(text, at)
}

/// `sentence` trimmed and cut to [`MAX_CHARS`] around byte `at` (counted before trimming).
fn shorten(sentence: &str, at: usize) -> String {
    let trimmed = sentence.trim_start();
    let at = at.saturating_sub(sentence.len() - trimmed.len());
    let sentence = trimmed.trim_end();
    let count = sentence.chars().count();
    if count <= MAX_CHARS {
        return sentence.replace('\n', "");
    }
    let at_char = sentence.char_indices().take_while(|(i, _)| *i < at).count();
    let from = at_char.saturating_sub(MAX_CHARS / 2).min(count - MAX_CHARS);
    let cut: String = sentence.chars().skip(from).take(MAX_CHARS).collect();
    let lead = if from > 0 { "…" } else { "" };
    let tail = if from + MAX_CHARS < count { "…" } else { "" };
    format!("{lead}{}{tail}", cut.replace('\n', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_chinese_sentences_with_closing_quotes() {
        let text = "“大国竞争不是这个时代的底色。”正如习近平主席所说，50多年来……世界瞩目！还有呢？";
        assert_eq!(
            sentences(text),
            ["“大国竞争不是这个时代的底色。”", "正如习近平主席所说，50多年来……世界瞩目！", "还有呢？"]
        );
        assert_eq!(sentences("没有句号"), ["没有句号"]);
    }

    #[test]
    fn the_sentence_around_a_position() {
        let text = "第一句。第二句有链接。第三句。";
        let at = text.find("链接").unwrap();
        assert_eq!(sentence_at(text, at), "第二句有链接。");
        assert_eq!(sentence_at(text, 0), "第一句。");
        assert_eq!(sentence_at(text, text.len()), "第三句。");
        let long = "长".repeat(300);
        let cut = sentence_at(&long, 450);
        assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
        assert_eq!(cut.chars().count(), MAX_CHARS + 2);
        // Leading space moves every offset; an offset inside a character is fine (found by fuzzing).
        let spaced = format!("  {}", "原".repeat(200));
        for at in [0, 1, 2, 3, 4, 300, 301, 599, 601, 700] {
            let cut = sentence_at(&spaced, at);
            assert!(cut.chars().filter(|c| *c == '原').count() == MAX_CHARS, "{at}: {cut}");
        }
    }
}
