//! Length and reading time, per script.
//!
//! Words are UAX #29's (`unicode_words`). In scripts written without spaces between words (Han,
//! kana) UAX #29 cannot find words and yields each character, or each run of kana, on its own; such
//! scripts are counted and read by the character. Every other script is counted by the word. What
//! a script is read at comes from [`SPEEDS`], keyed by Unicode script, never by language: a page
//! that mixes Chinese and English is read at both speeds, each on its own text.

use serde::Serialize;
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

/// How a script is counted and how many of that unit a reader takes in a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Character,
    Word,
}

/// How each script is counted and read; a script not listed is read by the word at
/// [`WORDS_PER_MINUTE`]. Chinese readers take in about 400 characters a minute, Japanese about as
/// many characters of kana and kanji; prose in Latin, Cyrillic or Greek letters reads at about 200
/// words a minute.
const SPEEDS: [(Script, Unit, u32); 6] = [
    (Script::Han, Unit::Character, HAN_PER_MINUTE),
    (Script::Hiragana, Unit::Character, 400),
    (Script::Katakana, Unit::Character, 400),
    (Script::Latin, Unit::Word, 200),
    (Script::Cyrillic, Unit::Word, 200),
    (Script::Greek, Unit::Word, 200),
];

/// Han characters a minute.
const HAN_PER_MINUTE: u32 = 400;

/// Words a minute in any script not in [`SPEEDS`].
const WORDS_PER_MINUTE: u32 = 200;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Count {
    /// Characters of the scripts read by the character (Han, kana).
    pub(crate) characters: usize,
    /// Words of the scripts read by the word.
    pub(crate) words: usize,
    /// Reading time, in 1/`SCALE` minutes (an exact sum of each script's share).
    #[serde(skip)]
    time: u64,
}

/// Reading time is kept as a whole multiple of this part of a minute: every speed divides it.
const SCALE: u64 = 400 * 200;

/// The reading time of one unit read at `speed` a minute, in 1/`SCALE` minutes.
const fn ticks(speed: u32) -> u64 {
    SCALE / speed as u64
}

/// The reading time of one Han character.
const HAN_TICKS: u64 = ticks(HAN_PER_MINUTE);

impl Count {
    pub(crate) fn add(&mut self, text: &str) {
        // Characters of the scripts read by the character are counted one by one; UAX #29 breaks
        // on both sides of each of them (and keeps kana runs whole), so what lies between them is
        // segmented on its own, and only when it holds a letter or digit.
        let mut run = 0..0;
        let mut run_has_letter = false;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Read on the bytes: ASCII and the CJK Unified Ideographs block (U+4E00..=U+9FFF, UTF-8
            // E4 B8 80..=E9 BF BF), nearly all of any text, are told from their first bytes.
            let lead = bytes[i];
            let (unit, len) = if lead < 0x80 {
                run_has_letter |= lead.is_ascii_alphanumeric();
                (None, 1)
            } else if matches!(lead, 0xE5..=0xE9) || (lead == 0xE4 && bytes[i + 1] >= 0xB8) {
                (Some((Unit::Character, HAN_TICKS)), 3)
            } else {
                let c = text[i..].chars().next().unwrap_or_default();
                let unit = if is_punctuation(c) {
                    None
                } else if let Some(found @ (Unit::Character, _)) = unit_of(c) {
                    Some(found)
                } else {
                    run_has_letter |= c.is_alphanumeric();
                    None
                };
                (unit, c.len_utf8())
            };
            match unit {
                Some((_, ticks)) => {
                    if run_has_letter {
                        self.add_words(&text[run.clone()]);
                    }
                    run = i + len..i + len;
                    run_has_letter = false;
                    self.characters += 1;
                    self.time += ticks;
                }
                None => run.end = i + len,
            }
            i += len;
        }
        if run_has_letter {
            self.add_words(&text[run]);
        }
    }

    /// UAX #29 words of text that holds no character read by the character.
    fn add_words(&mut self, text: &str) {
        for word in text.unicode_words() {
            // A word's script is its first letter's (a word that starts with a digit, its first
            // letter's, if any).
            let letter = word.chars().find(|c| c.is_alphabetic()).unwrap_or(' ');
            self.words += 1;
            self.time += unit_of(letter).map_or(ticks(WORDS_PER_MINUTE), |(_, t)| t);
        }
    }

    /// Characters and words together: what a Chinese reader calls 字数, an English one a word count.
    pub(crate) fn total(&self) -> usize {
        self.characters + self.words
    }

    /// Whole minutes, at least one.
    pub(crate) fn reading_minutes(&self) -> usize {
        (self.time.div_ceil(SCALE) as usize).max(1)
    }
}

/// How `c`'s script (or, for a character of no one script, the script it is used with) is counted
/// and the reading time of one unit of it ([`ticks`]), when [`SPEEDS`] lists it. The CJK Unified Ideographs
/// block, where most Han text lies, is answered without the lookup (a test checks it agrees).
fn unit_of(c: char) -> Option<(Unit, u64)> {
    let script = if ('\u{4E00}'..='\u{9FFF}').contains(&c) { Script::Han } else { c.script() };
    let found = if matches!(script, Script::Common | Script::Inherited) {
        // A letter shared by a few scripts (the kana length mark ー) counts as the script it is
        // used with; shared punctuation (、) is no letter and counts as nothing.
        let extension = c.script_extension();
        let shared = c.is_alphanumeric() && !(extension.is_common() || extension.is_inherited());
        SPEEDS.iter().find(|(s, _, _)| shared && extension.contains_script(*s))
    } else {
        SPEEDS.iter().find(|(s, _, _)| *s == script)
    };
    found.map(|&(_, unit, speed)| (unit, ticks(speed)))
}

/// General punctuation, CJK punctuation and brackets, fullwidth punctuation: no letter or digit,
/// of no script read by the character; answered at once, as Chinese prose is full of them.
fn is_punctuation(c: char) -> bool {
    PUNCTUATION.iter().any(|range| range.contains(&(c as u32)))
}

const PUNCTUATION: [std::ops::RangeInclusive<u32>; 5] =
    [0x2000..=0x206F, 0x3000..=0x3004, 0x3008..=0x3020, 0xFF01..=0xFF0F, 0xFF1A..=0xFF20];

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> Count {
        let mut count = Count::default();
        count.add(text);
        count
    }

    #[test]
    fn han_is_counted_by_the_character_and_other_scripts_by_the_word() {
        let cases = [
            ("会晤持续4个小时，全程使用同传。", 13, 1),
            ("The talks lasted 4 hours, all of them interpreted.", 0, 9),
            ("Fight、Love、Live共同构成了庄园的英文名——Filoli。", 11, 4),
            ("Fight, Love and Live make up the estate's English name: Filoli.", 0, 11),
            ("APEC", 0, 1),
            ("コンピュータを使う", 9, 0),
            ("Встреча длилась четыре часа", 0, 4),
            ("", 0, 0),
        ];
        for (text, characters, words) in cases {
            let c = count(text);
            assert_eq!((c.characters, c.words), (characters, words), "{text}");
        }
    }

    #[test]
    fn the_fast_paths_agree_with_the_unicode_data() {
        for c in PUNCTUATION.iter().cloned().flatten().filter_map(char::from_u32) {
            assert!(!c.is_alphanumeric() && unit_of(c).is_none(), "U+{:04X}", c as u32);
        }
        for c in ('\u{4E00}'..='\u{9FFF}').filter(|c| c.script() != Script::Unknown) {
            assert_eq!(c.script(), Script::Han, "U+{:04X}", c as u32);
        }
        // The byte test of the block holds for exactly its characters, and for no other.
        for c in ('\u{80}'..='\u{FFFF}').chain(['\u{10000}', '\u{20000}', '\u{10FFFF}']) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let by_bytes = matches!(bytes[0], 0xE5..=0xE9) || (bytes[0] == 0xE4 && bytes[1] >= 0xB8);
            assert_eq!(by_bytes, ('\u{4E00}'..='\u{9FFF}').contains(&c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn words_are_uax29_words() {
        let cases = [("don't stop at 3.5 km", 0, 5), ("他说“don't”就走了", 5, 1), ("、，。", 0, 0)];
        for (text, characters, words) in cases {
            let c = count(text);
            assert_eq!((c.characters, c.words), (characters, words), "{text}");
        }
    }

    #[test]
    fn each_script_is_read_at_its_own_speed() {
        let minutes = |text: &str, times: usize| count(&text.repeat(times)).reading_minutes();
        assert_eq!(minutes("", 1), 1);
        // Chinese: 400 characters a minute.
        assert_eq!(minutes("会", 400), 1);
        assert_eq!(minutes("会", 401), 2);
        assert_eq!(minutes("会", 4000), 10);
        // English: 200 words a minute.
        assert_eq!(minutes("word ", 200), 1);
        assert_eq!(minutes("word ", 201), 2);
        assert_eq!(minutes("word ", 400), 2);
        // Both on one page: each at its own speed, 1 + 1 minutes.
        assert_eq!(minutes("会晤会晤 word word ", 100), 2);
        assert_eq!(minutes("会晤会晤 word word ", 101), 3);
    }
}
