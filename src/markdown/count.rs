//! Word count and reading time that are right for Chinese.
//!
//! Chinese has no spaces between words, so splitting on whitespace counts a whole paragraph as one
//! word. We count Han characters one by one (a reader takes in about 400 a minute) and runs of other
//! letters and digits as words (about 200 a minute).

use serde::Serialize;

const HAN_PER_MINUTE: usize = 400;
const WORDS_PER_MINUTE: usize = 200;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Count {
    pub(crate) han: usize,
    pub(crate) words: usize,
}

impl Count {
    pub(crate) fn add(&mut self, text: &str) {
        let mut in_word = false;
        for c in text.chars() {
            if is_han(c) {
                self.han += 1;
                in_word = false;
            } else if is_word_char(c) {
                if !in_word {
                    self.words += 1;
                }
                in_word = true;
            } else {
                in_word = false;
            }
        }
    }

    /// Han characters plus other words: what a Chinese reader calls 字数.
    pub(crate) fn total(&self) -> usize {
        self.han + self.words
    }

    /// Whole minutes, at least one.
    pub(crate) fn reading_minutes(&self) -> usize {
        let minutes = self.han as f64 / HAN_PER_MINUTE as f64 + self.words as f64 / WORDS_PER_MINUTE as f64;
        (minutes.ceil() as usize).max(1)
    }
}

/// `char::is_alphanumeric`, answered at once for ASCII and for the punctuation Chinese prose is full
/// of (the general lookup is slow, and it runs on every character of every page).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if PUNCTUATION.iter().any(|range| range.contains(&(c as u32))) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// General punctuation, CJK punctuation and brackets, fullwidth punctuation: no letter or digit.
const PUNCTUATION: [std::ops::RangeInclusive<u32>; 5] =
    [0x2000..=0x206F, 0x3000..=0x3004, 0x3008..=0x3020, 0xFF01..=0xFF0F, 0xFF1A..=0xFF20];

/// CJK Unified Ideographs and their extensions and compatibility blocks.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF
        | 0x30000..=0x3134F | 0x3007)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_han_characters_and_latin_words() {
        let cases = [
            ("会晤持续4个小时，全程使用同传。", 13, 1),
            ("Fight、Love、Live共同构成了庄园的英文名——Filoli。", 11, 4),
            ("APEC", 0, 1),
            ("", 0, 0),
        ];
        for (text, han, words) in cases {
            let mut count = Count::default();
            count.add(text);
            assert_eq!((count.han, count.words), (han, words), "{text}");
        }
    }

    #[test]
    fn the_fast_path_agrees_with_the_standard_library() {
        let ranges = PUNCTUATION.iter().cloned().chain([0..=0x7F, 0x2070..=0x2100, 0xFF10..=0xFF5A]);
        for c in ranges.flatten().filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn reading_time_is_about_400_han_a_minute() {
        let time = |han, words| Count { han, words }.reading_minutes();
        assert_eq!(time(0, 0), 1);
        assert_eq!(time(400, 0), 1);
        assert_eq!(time(401, 0), 2);
        assert_eq!(time(4000, 0), 10);
        assert_eq!(time(0, 400), 2);
    }
}
