use super::*;

#[test]
fn line_col_counts_characters_not_bytes() {
    let cases = [
        ("abc", 0, (1, 1)),
        ("abc", 2, (1, 3)),
        ("a\nbc", 2, (2, 1)),
        ("斐洛里\n庄园", 9, (1, 4)),
        ("斐洛里\n庄园", 13, (2, 2)),
        ("斐洛里", 4, (1, 2)), // inside a character: clamped back
        ("ab", 99, (1, 3)),
    ];
    for (text, offset, expect) in cases {
        assert_eq!(line_col(text, offset), expect, "{text:?} @ {offset}");
    }
}

#[test]
fn line_cols_count_on_from_the_previous_offset() {
    // Counted from the start every time, as line_col once did for each link of a page.
    let naive = |text: &str, offset: usize| {
        let offset = (0..=offset.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, col)
    };
    let text = "斐洛里\n庄园 ab\n\nc\n会晤。";
    let offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
    // In order, with repeats, inside a character, backwards (it starts again) and past the end.
    let mut asked: Vec<usize> = offsets.clone();
    asked.extend([7, 7, 3, 0, 12]);
    asked.extend(offsets.iter().rev());
    let mut lines = LineCols::new(text);
    for offset in asked {
        assert_eq!(lines.line_col(offset), naive(text, offset), "@ {offset}");
    }
    assert_eq!(lines.line_col(99), naive(text, text.len()));
}

#[test]
fn display_is_path_line_col() {
    let d = Diagnostic::new("content/a.md", 3, 7, "bad").with_hint("fix it");
    assert_eq!(d.to_string(), "content/a.md:3:7: error: bad\n  hint: fix it");
    assert_eq!(Diagnostic::file("site.toml", "gone").to_string(), "site.toml: error: gone");
}

#[test]
fn unknown_field_suggests_closest_key() {
    let check = |msg: &str, expect: Option<&str>| {
        let hint = unknown_field_hint(msg);
        match expect {
            Some(e) => assert!(hint.as_deref().unwrap_or("").contains(e), "{hint:?} lacks {e}"),
            None => assert!(hint.is_none()),
        }
    };
    check("unknown field `titel`, expected one of `title`, `date`", Some("did you mean `title`?"));
    check("unknown field `zzz`, expected `title`", Some("known keys: title"));
    check("invalid type: integer", None);
}

#[test]
fn type_hints_say_what_to_write() {
    let cases = [
        ("invalid type: string \"40\", expected i64", "whole number without quotes"),
        ("invalid type: integer `3`, expected a string", "double quotes"),
        ("invalid type: string \"yes\", expected a boolean", "true or false"),
        ("invalid type: string \"a\", expected a sequence", "list in brackets"),
    ];
    for (message, expect) in cases {
        assert!(type_hint(message).contains(expect), "{message}: {}", type_hint(message));
    }
}

#[test]
fn a_duplicate_key_is_named() {
    let cases = [
        ("a = 1\na = 2\n", (2, 1), "duplicate key `a`"),
        ("[x]\nb = 1\n[x]\n", (3, 2), "duplicate key `x`"),
        ("x.y = 1\nx.y = 2\n", (2, 3), "duplicate key `y`"),
        ("\"q r\" = 1\n'q r' = 2\n", (2, 1), "duplicate key `q r`"),
        ("t = { a = 1, a = 2 }\n", (1, 14), "duplicate key `a`"),
    ];
    for (text, at, message) in cases {
        let err = toml::from_str::<toml::Table>(text).unwrap_err();
        let d = from_toml_error(Path::new("site.toml"), text, 0, &err);
        assert_eq!(((d.line, d.col), d.message.as_str()), (at, message), "{text:?}");
        assert!(d.hint.unwrap_or_default().contains("once"), "{text:?}");
    }
}

#[test]
fn control_characters_in_toml_strings_are_refused_at_their_string() {
    let refused = [
        ("title = \"a\\u0000b\"\n", (1, 9), "`title` holds the control character U+0000"),
        ("title = \"ok\"\n[extra]\nx = [\"\\u001b\"]\n", (3, 6), "`extra.x` holds the control character U+001B"),
        ("[[timeline]]\ntitle = \"\u{85}\"\n", (2, 9), "`timeline.title` holds the control character U+0085"),
        ("\"a\\u0007\" = 1\n", (1, 1), "U+0007"),
    ];
    for (toml, at, message) in refused {
        let d = refuse_control_characters(Path::new("a.md"), toml, 0, toml).unwrap_err();
        assert_eq!((d.line, d.col), at, "{toml:?}");
        assert!(d.message.contains(message), "{toml:?}: {}", d.message);
    }
    for fine in ["title = \"tab\\there\\nand a line\"\n", "x = '\\u0000 is literal here'\n", "title = \"斐洛里\"\n"]
    {
        assert!(refuse_control_characters(Path::new("a.md"), fine, 0, fine).is_ok(), "{fine:?}");
    }
}

#[test]
fn raw_control_characters_are_found_and_latin_text_is_not_one() {
    for fine in ["tab\there\r\nand a line", "Café, no\u{a0}break, 5°", "斐洛里庄园", ""] {
        assert_eq!(first_control_character(fine), None, "{fine:?}");
    }
    let found = [
        ("a\u{7}b", (1, '\u{7}')),
        ("é\u{85}", (2, '\u{85}')),
        ("x\u{7f}", (1, '\u{7f}')),
        ("\u{1b}[1m", (0, '\u{1b}')),
    ];
    for (text, at) in found {
        assert_eq!(first_control_character(text), Some(at), "{text:?}");
    }
}

#[test]
fn a_key_whose_value_is_left_open_is_not_also_reported_missing() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        weight: Option<i64>,
    }
    for text in ["title = \"概览\nweight = 1\n", "weight = 1\n\"title\" = '概览\n"] {
        let (_, found) = parse_toml_partial::<Front>(Path::new("a.md"), text, 0, text);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{text:?}: {messages:?}");
        assert!(!messages[0].starts_with("missing field"), "{text:?}: {messages:?}");
    }
    assert_eq!(line_key("a.b.title = \"x"), "title");
    assert_eq!(line_key("no key here"), "");
}
