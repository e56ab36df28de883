//! Ids and URL segments that stay readable in Chinese.
//!
//! Han characters and other letters are kept as they are (no pinyin, no percent soup in the
//! source), ASCII is lower-cased, and every run of spaces and punctuation, Chinese or Western,
//! becomes one `-`. `“五个共同”为中美关系 浇筑起五根支柱` becomes `五个共同-为中美关系-浇筑起五根支柱`.

use std::collections::{HashMap, HashSet};

/// A readable id for `text`; `section` when nothing usable is left.
pub(crate) fn slugify(text: &str) -> String {
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

/// A heading's id in the site's style (`[markdown] heading_ids`): dossier's keeps `_`, Zola's
/// makes it a `-` too (`load_data` -> `load-data`), as its default slugify does.
pub(crate) fn heading_id(text: &str, style: crate::config::HeadingIds) -> String {
    match style {
        crate::config::HeadingIds::Dossier => slugify(text),
        crate::config::HeadingIds::Zola => slugify(&text.replace('_', " ")),
    }
}

/// Hands out ids unique within one page, in document order, so they are stable across builds.
#[derive(Debug, Default)]
pub(crate) struct UniqueIds {
    used: HashSet<String>,
    /// For each base handed to `unique`, the first suffix not yet tried: `base`, `base-1` … up to
    /// it are all in `used` (which only grows), so the next call starts there. Without it, the
    /// n-th equal heading would try n candidates, and 20,000 equal headings 200 million.
    next: HashMap<String, usize>,
    /// Candidates tried, for the test that the work stays linear.
    #[cfg(test)]
    probes: usize,
}

impl UniqueIds {
    /// `base`, or `base-1`, `base-2`, … if taken.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        let mut n = self.next.get(base).copied().unwrap_or(0);
        loop {
            let candidate = if n == 0 { base.to_string() } else { format!("{base}-{n}") };
            #[cfg(test)]
            {
                self.probes += 1;
            }
            n += 1;
            if self.used.insert(candidate.clone()) {
                self.next.insert(base.to_string(), n);
                return candidate;
            }
        }
    }

    /// Take `id` as given; false if it was already used.
    pub(crate) fn claim(&mut self, id: &str) -> bool {
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

    /// The algorithm before suffixes were remembered: the ids it gives are the contract.
    #[derive(Default)]
    struct Scan(HashSet<String>);

    impl Scan {
        fn unique(&mut self, base: &str) -> String {
            let mut candidate = base.to_string();
            let mut n = 0;
            while !self.0.insert(candidate.clone()) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            candidate
        }
    }

    /// One step of a sequence: `Ok(base)` asks for a unique id, `Err(id)` claims one.
    type Step = Result<&'static str, &'static str>;

    /// Bases and explicit ids that collide with each other's suffixes in every way: `a-1` is both
    /// a base and the second `a`; `a-1-1` the second `a-1`; `a-11` the twelfth `a` and a base.
    const STEPS: [Step; 9] =
        [Ok("a"), Ok("a-1"), Ok("a-1-1"), Ok("a-11"), Ok("b"), Err("a"), Err("a-1"), Err("a-2"), Err("a-1-1")];

    fn same_ids_as_before(steps: &[Step]) {
        let (mut ids, mut scan) = (UniqueIds::default(), Scan::default());
        for (i, step) in steps.iter().enumerate() {
            match step {
                Ok(base) => assert_eq!(ids.unique(base), scan.unique(base), "step {i} of {steps:?}"),
                Err(id) => assert_eq!(ids.claim(id), scan.0.insert(id.to_string()), "step {i} of {steps:?}"),
            }
        }
    }

    #[test]
    fn ids_are_the_same_as_before_for_every_short_sequence() {
        // Every sequence of five steps (9^5 of them): all interleavings of equal bases, bases that
        // look like suffixed ids and explicit `{#id}` claims.
        let mut steps = [STEPS[0]; 5];
        for mut code in 0..STEPS.len().pow(5) {
            for step in steps.iter_mut() {
                *step = STEPS[code % STEPS.len()];
                code /= STEPS.len();
            }
            same_ids_as_before(&steps);
        }
    }

    #[test]
    fn ids_are_the_same_as_before_for_long_mixed_sequences() {
        // Long runs go past the two-digit suffixes (`a-11` as a base and as the twelfth `a`).
        let mut state = 0x2545_f491_u32;
        for _ in 0..50 {
            let steps: Vec<Step> = (0..300)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    STEPS[state as usize % STEPS.len()]
                })
                .collect();
            same_ids_as_before(&steps);
        }
    }

    #[test]
    fn many_equal_headings_take_linear_work() {
        // Regression: 20,000 `## Same` took 17 s, the n-th trying n candidates.
        let mut ids = UniqueIds::default();
        assert!(ids.claim("same-7"));
        for n in 0..20_000 {
            let id = ids.unique("same");
            if n == 0 {
                assert_eq!(id, "same");
            }
            if n == 19_999 {
                assert_eq!(id, "same-20000", "same-7 was claimed, so the suffixes run one further");
            }
        }
        assert!(ids.probes <= 20_001, "{} candidates tried for 20,000 ids", ids.probes);
    }
}
