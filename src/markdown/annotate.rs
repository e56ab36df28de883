//! Entity names found in running text, all at once.
//!
//! One aho-corasick automaton over every alias of the entities of one language (the build makes one
//! per language, for the bodies in it), leftmost-longest, so that `斐洛里庄园` wins over `斐洛里`
//! where both match. Each automaton is built once per build and shared by the pages of its language.
//!
//! A match counts only when it starts and ends on a word boundary (UAX #29, `segment::word_edges`):
//! in a script that separates words, `Accord` is not found in "Accordingly" nor `LA` in "LAGOS";
//! Chinese has a boundary between every two Han characters, so its names match anywhere, as
//! before. When the longest name at a place is rejected, a shorter one there is tried, then the
//! search goes on from the next character.

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::segment;
use crate::config::Mentions;

/// One entity as the Markdown stage needs it: where to link and what to show on hover.
#[derive(Debug, Clone)]
pub struct Target {
    pub href: String,
    pub title: String,
    pub summary: String,
}

/// Matches the names of all entities.
#[derive(Debug, Clone)]
pub struct Annotator {
    matcher: AhoCorasick,
    /// Pattern index -> the name and the index of its entity.
    pub(crate) names: Vec<(String, usize)>,
    pub(crate) targets: Vec<Target>,
    /// Which mentions of an entity on a page are linked: the first, or all.
    pub(crate) mentions: Mentions,
}

impl Annotator {
    /// `names` pairs each alias with the index of its entity in `targets`.
    pub fn new(names: Vec<(String, usize)>, targets: Vec<Target>, mentions: Mentions) -> Annotator {
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(names.iter().map(|(n, _)| n.as_str()))
            .expect("aliases are plain strings, which always build");
        Annotator { matcher, names, targets, mentions }
    }

    /// (start, end, entity, name) of every non-overlapping name in `text` that stands on word
    /// boundaries, leftmost-longest; `name` indexes [`Annotator::names`].
    pub(crate) fn find(&self, text: &str) -> Vec<(usize, usize, usize, usize)> {
        let mut found = Vec::new();
        let mut edges = None;
        let mut from = 0;
        while let Some(m) = self.matcher.find(Input::new(text).span(from..text.len())) {
            // Segmented once per text, and only when a name is there at all.
            let edges = edges.get_or_insert_with(|| segment::word_edges(text));
            let start = m.start();
            match self.on_edges(text, start, m.end(), m.pattern().as_usize(), edges) {
                Some((end, name)) => {
                    found.push((start, end, self.names[name].1, name));
                    from = end;
                }
                None => from = start + text[start..].chars().next().map_or(1, char::len_utf8),
            }
        }
        found
    }

    /// The longest name starting at `start` that ends on a word boundary, when `start` is one:
    /// `end` and `name` are the longest match there, tried first.
    fn on_edges(&self, text: &str, start: usize, end: usize, name: usize, edges: &[usize]) -> Option<(usize, usize)> {
        let is_edge = |at: usize| edges.binary_search(&at).is_ok();
        if !is_edge(start) {
            return None;
        }
        let (mut end, mut name) = (end, name);
        while !is_edge(end) {
            let shorter = Input::new(text).span(start..end - 1).anchored(Anchored::Yes);
            let m = self.matcher.find(shorter)?;
            (end, name) = (m.end(), m.pattern().as_usize());
        }
        Some((end, name)).filter(|&(end, _)| end > start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotator() -> Annotator {
        let target = |t: &str| Target { href: format!("/e/{t}/"), title: t.into(), summary: String::new() };
        Annotator::new(
            vec![
                ("斐洛里".into(), 0),
                ("斐洛里庄园".into(), 0),
                ("庄园".into(), 1),
                ("旧金山".into(), 2),
                ("Filoli".into(), 0),
            ],
            vec![target("斐洛里庄园"), target("庄园"), target("旧金山")],
            Mentions::First,
        )
    }

    #[test]
    fn leftmost_longest_on_chinese_text() {
        let a = annotator();
        let text = "旧金山斐洛里庄园的庄园外交，Filoli。";
        let found: Vec<(&str, usize)> = a.find(text).into_iter().map(|(s, e, who, _)| (&text[s..e], who)).collect();
        assert_eq!(found, [("旧金山", 2), ("斐洛里庄园", 0), ("庄园", 1), ("Filoli", 0)]);
    }

    /// Names and the texts they must (and must not) be found in, Chinese and English side by side.
    #[test]
    fn names_stand_on_word_boundaries_where_the_script_has_them() {
        let target = |t: &str| Target { href: format!("/e/{t}/"), title: t.into(), summary: String::new() };
        let names = [
            "斐洛里",
            "斐洛里庄园",
            "庄园",
            "Accord",
            "LA",
            "LA Lakers",
            "New York",
            "York Times",
            "Café",
            "Xi Jinping",
        ];
        let a = Annotator::new(
            names.iter().enumerate().map(|(i, n)| (n.to_string(), i)).collect(),
            names.iter().map(|n| target(n)).collect(),
            Mentions::First,
        );
        let cases: [(&str, &[&str]); 19] = [
            // Chinese: a boundary between every two Han characters, so names match inside words.
            ("斐洛里庄园很美", &["斐洛里庄园"]),
            ("在斐洛里的庄园里", &["斐洛里", "庄园"]),
            ("旧金山斐洛里", &["斐洛里"]),
            // English: only whole words.
            ("The Accord holds.", &["Accord"]),
            ("Accordingly, it holds.", &[]),
            ("Discord. Accord!", &["Accord"]),
            ("LA is big; LAGOS is bigger.", &["LA"]),
            ("ALA and LAX", &[]),
            ("Café au lait, Cafés", &["Café"]),
            // An apostrophe inside a word ends a name before a clitic and starts one after an elision.
            ("Xi Jinping’s visit", &["Xi Jinping"]),
            ("President Xi Jinping's", &["Xi Jinping"]),
            ("l’Accord de Paris", &["Accord"]),
            // The longest name is rejected, a shorter one at the same place still counts.
            ("LA Lakersville", &["LA"]),
            ("the LA Lakers won", &["LA Lakers"]),
            // The longest name is rejected, a later one overlapping it still counts.
            ("New Yorkshire", &[]),
            ("Old York Times", &["York Times"]),
            ("New York Timesless", &["New York"]),
            // Mixed scripts: a Han character next to a Latin name is a boundary.
            ("来自LA的消息", &["LA"]),
            ("斐洛里Accord协定", &["斐洛里", "Accord"]),
        ];
        for (text, want) in cases {
            let found: Vec<&str> = a.find(text).into_iter().map(|(s, e, _, _)| &text[s..e]).collect();
            assert_eq!(found, want, "{text}");
        }
    }
}
