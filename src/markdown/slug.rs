//! Ids and URL segments that stay readable in Chinese.
//!
//! Han characters and other letters are kept as they are (no pinyin, no percent soup in the
//! source), ASCII is lower-cased, and every run of spaces and punctuation, Chinese or Western,
//! becomes one `-`. `“五个共同”为中美关系 浇筑起五根支柱` becomes `五个共同-为中美关系-浇筑起五根支柱`.

use std::collections::HashSet;

/// A readable id for `text`; `section` when nothing usable is left.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if slug.is_empty() { "section".to_string() } else { slug }
}

/// Hands out ids unique within one page, in document order, so they are stable across builds.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
}

impl UniqueIds {
    /// `base`, or `base-1`, `base-2`, … if taken.
    pub fn unique(&mut self, base: &str) -> String {
        let mut candidate = base.to_string();
        let mut n = 0;
        while !self.used.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        candidate
    }

    /// Take `id` as given; false if it was already used.
    pub fn claim(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_chinese_readable() {
        let cases = [
            ("此次会晤具有 战略性历史性引领性", "此次会晤具有-战略性历史性引领性"),
            ("“五个共同”为中美关系 浇筑起五根支柱", "五个共同-为中美关系-浇筑起五根支柱"),
            ("《中美科技合作协定》", "中美科技合作协定"),
            ("Fight, Love, Live", "fight-love-live"),
            ("COP28 与 APEC", "cop28-与-apec"),
            ("威廉·伯恩二世", "威廉-伯恩二世"),
            ("？！", "section"),
        ];
        for (input, expect) in cases {
            assert_eq!(slugify(input), expect, "{input}");
        }
    }

    #[test]
    fn ids_are_unique_in_document_order() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.unique("答"), "答");
        assert_eq!(ids.unique("答"), "答-1");
        assert_eq!(ids.unique("答"), "答-2");
        assert!(ids.claim("p1"));
        assert!(!ids.claim("p1"));
    }
}
