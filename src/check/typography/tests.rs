use super::*;

fn linter(spacing: Spacing, off: &[&str]) -> Linter {
    Linter::new(&TypographyConfig { enabled: true, off: off.iter().map(|s| s.to_string()).collect(), spacing })
}

/// The findings of the rule in a Markdown body, as (offset, message).
fn check(body: &str, spacing: Spacing, off: &[&str]) -> Vec<(usize, String)> {
    let linter = linter(spacing, off);
    own_text(body)
        .into_iter()
        .flat_map(|r| linter.lint(&body[r.clone()]).into_iter().map(move |(at, f)| (r.start + at, f.message)))
        .collect()
}

#[test]
fn a_space_between_han_and_digits_is_flagged_when_spacing_is_none() {
    let found = check("会晤在 2023 年举行。\n", Spacing::None, &[]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "会晤在".len());
    assert!(found[0].1.contains("`在` and `2`"), "{found:?}");
    assert_eq!(found[1].0, "会晤在 2023".len());
}

#[test]
fn han_and_digits_written_together_pass_when_spacing_is_none() {
    assert_eq!(check("会晤在2023年11月15日举行，APEC期间。\n", Spacing::None, &[]), vec![]);
}

#[test]
fn autocorrect_s_own_spacing_flags_the_other_way() {
    let found = check("APEC期间\n", Spacing::Space, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("space-word"), "{found:?}");
}

#[test]
fn half_width_punctuation_is_flagged() {
    let found = check("双方同意,继续对话.\n", Spacing::None, &[]);
    assert!(!found.is_empty() && found.iter().all(|f| f.1.contains("fullwidth")), "{found:?}");
}

#[test]
fn quotes_are_exempt() {
    // A block quote, a quotation in the text and a shortcode call.
    let body = "> 会晤在 2023 年举行\n\n他说“会晤在 2023 年举行”。{{ quote(p=3, s=\"1 - 2\") }}\n";
    assert_eq!(check(body, Spacing::None, &[]), vec![]);
}

#[test]
fn text_after_a_quotation_is_checked() {
    let body = "他说“2023 年”，在 2023 年。\n";
    let found = check(body, Spacing::None, &[]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, body.find("在 ").unwrap() + "在".len());
}

#[test]
fn code_is_exempt() {
    let body = "写作 `2023 年`。\n\n```\n2023 年\n```\n";
    assert_eq!(check(body, Spacing::None, &[]), vec![]);
}

#[test]
fn a_rule_turned_off_reports_nothing() {
    assert_eq!(check("会晤在 2023 年举行。\n", Spacing::None, &["space-word"]), vec![]);
    assert_eq!(check("双方同意,继续对话.\n", Spacing::None, &["fullwidth"]), vec![]);
}

#[test]
fn the_rule_applies_to_the_languages_autocorrect_knows() {
    for lang in ["zh-Hans", "zh", "zh-Hant", "ja", "ko", "yue"] {
        assert!(applies(lang), "{lang}");
    }
    for lang in ["en", "fr", "ru", "sr-Latn", "not a code"] {
        assert!(!applies(lang), "{lang}");
    }
}

#[test]
fn every_rule_name_is_one_autocorrect_acts_on() {
    // Each text breaks the rule of its row. Not here: `spellcheck` (it needs a word list) and
    // `space-backticks` and `space-dollar` (autocorrect's Markdown reads a backtick pair as code and
    // a dollar pair as math, and leaves them alone).
    let rows = [
        ("space-word", "APEC期间"),
        ("space-punctuation", "你好|世界"),
        ("space-bracket", "你好(世界)"),
        ("space-dash", "你好-世界"),
        ("fullwidth", "你好,世界."),
        ("halfwidth-word", "ＡＰＥＣ会议"),
        ("halfwidth-punctuation", "Hello World！"),
        ("no-space-fullwidth", "你好 ，世界"),
        ("no-space-fullwidth-quote", "他说 “你好”"),
    ];
    for (rule, text) in rows {
        assert_ne!(format(text, &[rule]), text, "{rule}");
        assert_eq!(format(text, &[]), text, "{rule}: nothing changes with every rule off");
    }
}

#[test]
fn front_matter_strings_are_checked_less_their_quotations_and_escapes() {
    let toml = "title = \"会晤 2023\"\ndate = 2023-11-15\n[extra]\nfacts = [{ fact = \"原文“11月 15日”\" }]\nesc = \"a\\u0020b 2023 年\"\n";
    let texts: Vec<&str> = own_strings(toml).into_iter().map(|r| &toml[r]).collect();
    assert_eq!(texts, ["会晤 2023", "原文"]);
}
