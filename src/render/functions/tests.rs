use super::*;

fn text(value: &Value) -> String {
    serde_json::to_string(value).unwrap()
}

#[test]
fn data_is_read_in_each_format_and_a_mistake_says_where() {
    let cases = [
        (
            "toml",
            "title = \"x\"\nwhen = 2024-01-02\n[a]\nb = [1, 2]\n",
            r#"{"a":{"b":[1,2]},"title":"x","when":"2024-01-02"}"#,
        ),
        ("json", r#"{"a": [1, "b"]}"#, r#"{"a":[1,"b"]}"#),
        ("yaml", "a:\n  - 1\n  - b\n", r#"{"a":[1,"b"]}"#),
        (
            "csv",
            "name,n\nTokyo,3\n\"Sai, Gon\",4\n",
            r#"{"headers":["name","n"],"records":[["Tokyo","3"],["Sai, Gon","4"]]}"#,
        ),
        ("plain", "<b>as is</b>", r#""<b>as is</b>""#),
    ];
    for (format, input, expect) in cases {
        assert_eq!(text(&parse_data(input, format).unwrap()), expect, "{format}");
    }
    let errors = [
        ("toml", "a = 1\nb = \n", ":2:"),
        ("json", "{\n  \"a\": }", ":2:"),
        ("yaml", "a: [1,\n", ":"),
        ("csv", "a,b\n1,2,3\n", ":2:"),
        ("xml", "<a/>", "`xml` is not a format"),
    ];
    for (format, input, expect) in errors {
        let e = parse_data(input, format).unwrap_err();
        assert!(e.contains(expect), "{format}: {e}");
    }
}

#[test]
fn striptags_keeps_the_text_and_its_references() {
    assert_eq!(striptags("<p>A <b>bold</b> &amp; <!-- no --><i>bright</i></p>").unwrap(), "A bold &amp; bright");
}

#[test]
fn urlencode_keeps_slashes_and_the_strict_one_does_not() {
    let encode = |text, set| percent_encoding::utf8_percent_encode(text, set).to_string();
    assert_eq!(encode("/a b?c=d&e~f", URLENCODE), "/a%20b%3Fc%3Dd%26e~f");
    assert_eq!(encode("/a b-c.d", URLENCODE_STRICT), "%2Fa%20b%2Dc%2Ed");
    assert_eq!(encode("中", URLENCODE), "%E4%B8%AD");
}

#[test]
fn num_format_groups_as_the_locale_does() {
    let cases = [
        (Value::from(1234567), "en", "1,234,567"),
        (Value::from(1234567), "de", "1.234.567"),
        (Value::from(1234567), "fr", "1\u{202f}234\u{202f}567"),
        (Value::from(1234567), "en-IN", "12,34,567"),
        (Value::from(-1234.5), "en", "-1,234.5"),
    ];
    for (value, locale, expect) in cases {
        assert_eq!(num_format(&value, locale).unwrap(), expect, "{locale}");
    }
    assert!(num_format(&Value::from("x"), "en").unwrap_err().to_string().contains("a number"));
}
