//! Entity names found in running text, all at once.
//!
//! Chinese has no spaces between words, so names are matched as characters: one aho-corasick
//! automaton over every alias of every entity, leftmost-longest, so that `斐洛里庄园` wins over
//! `斐洛里` where both match. The automaton is built once per build and shared by every page.

use aho_corasick::{AhoCorasick, MatchKind};

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
            .build(names.iter().map(|(n, _)| n.as_str()))
            .expect("aliases are plain strings, which always build");
        Annotator { matcher, names, targets, mentions }
    }

    /// (start, end, entity, name) of every non-overlapping name in `text`, leftmost-longest; `name`
    /// indexes [`Annotator::names`].
    pub(crate) fn find(&self, text: &str) -> Vec<(usize, usize, usize, usize)> {
        self.matcher
            .find_iter(text)
            .map(|m| {
                let name = m.pattern().as_usize();
                (m.start(), m.end(), self.names[name].1, name)
            })
            .collect()
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
}
