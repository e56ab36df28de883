//! Sentences and word edges by the Unicode text segmentation rules (UAX #29), for every script
//! alike: `quote(s=…)` and the sentence around a link or mention use [`sentences`]; entity names
//! are checked with [`word_edges`].
//!
//! Sentences follow UAX #29 with two adjustments, both from Unicode data rather than a list:
//! - a soft line break inside a paragraph is a space, not the end of a paragraph;
//! - an opening mark (general category Ps or Pi: `“ 「 （ ‘`) that the rules hang on the end of a
//!   sentence starts the next one. UAX #29 counts every quotation mark and bracket as "Close", so
//!   `必答题。“庄园会晤”` would otherwise split after the `“`.
//!
//! Spaces after a sentence's end belong to the next sentence (trimmed where a sentence is shown).
//! UAX #29 keeps no list of abbreviations: a full stop followed by a space and a lower-case word
//! does not end a sentence (`etc. and`), but one followed by a capital does (`Mr. Smith` is two
//! sentences, `Mr.` and `Smith …`); a full stop between letters or before a digit never does
//! (`U.S.`, `3.5`).

use std::ops::Range;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

/// The byte ranges of the sentences of `text`, in order, each from its first non-space character
/// (or the end of the sentence before) to its terminator and closing marks. Whitespace-only
/// stretches are no sentence.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let spaced;
    let scan = if text.contains('\n') {
        spaced = text.replace('\n', " ");
        spaced.as_str()
    } else {
        text
    };
    let mut out = Vec::new();
    let mut start = 0;
    for (at, piece) in scan.split_sentence_bound_indices() {
        let kept = text[start..at + piece.len()].trim_end().trim_end_matches(opens);
        if kept.trim_start().is_empty() {
            continue;
        }
        out.push(start..start + kept.len());
        start += kept.len();
    }
    if !text[start..].trim().is_empty() {
        out.push(start..text.len());
    }
    out
}

/// An opening bracket or quotation mark.
fn opens(c: char) -> bool {
    matches!(c.general_category(), GeneralCategory::OpenPunctuation | GeneralCategory::InitialPunctuation)
}

/// `text` on one line, with each line break inside it joined as CSS Text 3 joins a segment break: dropped
/// between two East Asian wide characters (East Asian Width F or W) unless one is Hangul, since
/// Chinese and Japanese put no space between words; a space everywhere else.
pub(crate) fn join_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '\n' {
            out.push(c);
            continue;
        }
        let before = out.chars().next_back();
        let after = chars.peek().map(|(_, c)| *c);
        let joins = |c: Option<char>| c.is_some_and(|c| wide(c) && c.script() != Script::Hangul);
        if !(joins(before) && joins(after)) {
            out.push(' ');
        }
    }
    out
}

/// East Asian Width F or W: the characters a terminal gives two columns.
fn wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// The word boundaries of `text` by UAX #29, ascending, both ends included. Between two Han (or
/// Thai, Hiragana…) characters there is always one; inside a run of Latin letters or digits there
/// is none. An apostrophe inside a word (UAX #29 keeps `Biden’s` and `d’Obama` whole) also has one
/// on each side, so that a name ends before a clitic and starts after an elided article.
pub(crate) fn word_edges(text: &str) -> Vec<usize> {
    let mut edges = Vec::new();
    for (at, word) in text.split_word_bound_indices() {
        edges.push(at);
        for (i, c) in
            word.char_indices().filter(|&(i, c)| i > 0 && APOSTROPHES.contains(&c) && i + c.len_utf8() < word.len())
        {
            edges.extend([at + i, at + i + c.len_utf8()]);
        }
    }
    edges.push(text.len());
    edges
}

/// The apostrophes UAX #29 lets into a word (MidLetter and MidNumLet): the typewriter one and the
/// right single quotation mark.
const APOSTROPHES: [char; 2] = ['\'', '\u{2019}'];

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| text[r].trim_start()).collect()
    }

    /// One rule, two scripts side by side.
    #[test]
    fn sentences_in_chinese_and_english() {
        let cases: [(&str, &[&str]); 12] = [
            ("第一句。第二句！第三句？", &["第一句。", "第二句！", "第三句？"]),
            ("He came. She left! Why?", &["He came.", "She left!", "Why?"]),
            // Closing quotes stay with the sentence they close.
            ("“大国竞争不是底色。”正如所说，世界瞩目！", &["“大国竞争不是底色。”", "正如所说，世界瞩目！"]),
            ("\"It is late.\" She left.", &["\"It is late.\"", "She left."]),
            // Opening quotes start the next sentence (UAX #29 alone would hang them on this one).
            ("必答题。“庄园会晤”是缩影。", &["必答题。", "“庄园会晤”是缩影。"]),
            ("It ended.“Next,” he said.", &["It ended.", "“Next,” he said."]),
            ("一。（注）二。", &["一。", "（注）二。"]),
            // Several terminators are one end.
            ("真的？！好。", &["真的？！", "好。"]),
            ("Really?! Yes.", &["Really?!", "Yes."]),
            // A soft line break is a space.
            ("第一句\n还是第一句。第二句。", &["第一句\n还是第一句。", "第二句。"]),
            ("one\nsentence. Two.", &["one\nsentence.", "Two."]),
            ("没有句号", &["没有句号"]),
        ];
        for (text, want) in cases {
            assert_eq!(split(text), want, "{text}");
        }
        assert!(sentences("").is_empty() && sentences("  \n ").is_empty());
    }

    /// What UAX #29 does with abbreviations: no list, only the letters around the full stop.
    #[test]
    fn abbreviations_follow_the_letters_around_the_stop() {
        assert_eq!(split("Mr. Smith arrived. He spoke."), ["Mr.", "Smith arrived.", "He spoke."]);
        assert_eq!(split("Apples, pears etc. are fruit. Yes."), ["Apples, pears etc. are fruit.", "Yes."]);
        assert_eq!(split("The U.S. economy grew 3.5 percent. Fine."), ["The U.S. economy grew 3.5 percent.", "Fine."]);
        assert_eq!(split("增长3.5个百分点。好。"), ["增长3.5个百分点。", "好。"]);
    }

    #[test]
    fn ranges_cover_the_text_between_sentences() {
        let text = "  A b. C d.  ";
        let ranges = sentences(text);
        assert_eq!(ranges, [0..6, 6..11]);
        assert_eq!(&text[ranges[1].clone()], " C d.");
    }

    #[test]
    fn word_edges_in_chinese_and_english() {
        assert_eq!(word_edges("斐洛里"), [0, 3, 6, 9]);
        assert_eq!(word_edges("Accordingly, LA"), [0, 11, 12, 13, 15]);
        // An apostrophe inside a word is an edge on both sides: `Biden’s`, `d’Obama`, `it's`.
        assert_eq!(word_edges("Biden’s"), [0, 5, 8, 9]);
        assert_eq!(word_edges("d’Obama"), [0, 1, 4, 9]);
        assert_eq!(word_edges("'tis"), [0, 1, 4]);
        assert_eq!(word_edges(""), [0]);
    }

    #[test]
    fn line_breaks_join_as_css_joins_them() {
        for (text, joined) in [
            ("第一行\n第二行", "第一行第二行"),
            ("the dates in\norder", "the dates in order"),
            ("Filoli\n庄园", "Filoli 庄园"),
            ("庄园\nFiloli", "庄园 Filoli"),
            ("한국\n사람", "한국 사람"),
            ("没有换行", "没有换行"),
        ] {
            assert_eq!(join_lines(text), joined, "{text:?}");
        }
    }
}
