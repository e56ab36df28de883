use super::*;

/// `expect`: `Ok(relative path)` or the error.
fn check(input: &str, expect: Result<&str, PathError>) {
    assert_eq!(normalise(input), expect.map(str::to_string), "{input:?}");
}

#[test]
fn site_paths_as_zola_aliases_write_them() {
    let longest = format!("/{}", "a/".repeat(MAX_LEN / 2));
    for (input, expect) in [
        ("/old/", "old/"),
        ("old/path/", "old/path/"),
        ("/old.html", "old.html"),
        ("/old", "old"),
        ("/", ""),
        ("/旧/地址/", "旧/地址/"),
        ("/a%20b/", "a%20b/"),
        ("/...", "..."),
        ("/a..b/.well-known/x", "a..b/.well-known/x"),
        (&longest, &longest[1..]),
    ] {
        check(input, Ok(expect));
    }
}

#[test]
fn paths_that_leave_the_output_folder_or_mislead_are_refused() {
    use PathError::*;
    let long = "a".repeat(256);
    // Thirty segments of 200 bytes: each a fine name, too long together.
    let deep = vec!["a".repeat(200); 30].join("/");
    let deep_folder = format!("/{}/", "b/".repeat(MAX_LEN / 2));
    let cases: Vec<(&str, PathError)> = vec![
        ("", Empty),
        ("../site.toml", Parent),
        ("/../content/overview.md", Parent),
        ("../../escape/", Parent),
        ("a/../../b", Parent),
        ("/a/./b", Current),
        ("./a", Current),
        ("//etc/passwd", EmptySegment),
        ("a//b", EmptySegment),
        ("//", EmptySegment),
        ("..\\..\\x", Backslash),
        ("a\\b", Backslash),
        ("C:\\x", Colon),
        ("C:/x", Colon),
        ("c:", Colon),
        ("https://example.org/old/", Colon),
        ("a\0b", Control),
        ("a\nb/", Control),
        ("old?page=2", QueryOrFragment),
        ("old#top", QueryOrFragment),
        ("%2e%2e/%2e%2e/x", Encoded("..".into())),
        ("/%2E%2E/", Encoded("..".into())),
        ("/%2e/", Encoded(".".into())),
        ("a%2fb", Encoded("a/b".into())),
        ("a%5cb", Encoded("a\\b".into())),
        ("a%00b", Encoded("a\0b".into())),
        ("%252e%252e", Encoded("%2e%2e".into())),
        (&long, TooLong),
        (&deep, PathTooLong),
        (&deep_folder, PathTooLong),
    ];
    for (input, expect) in cases {
        check(input, Err(expect));
    }
}

#[test]
fn a_segment_is_one_name() {
    assert_eq!(segment("notes"), Ok(()));
    assert_eq!(segment("中美关系"), Ok(()));
    assert_eq!(segment("a.b"), Ok(()));
    assert_eq!(segment("."), Err(PathError::Current));
    assert_eq!(segment(".."), Err(PathError::Parent));
    assert_eq!(segment("a/b"), Err(PathError::Slash));
    assert_eq!(segment(""), Err(PathError::Empty));
}

#[test]
fn writers_take_only_normal_relative_file_paths() {
    assert_eq!(output_file("overview/index.html"), Ok("overview/index.html"));
    assert_eq!(output_file("/overview/index.html"), Err(PathError::NotNormal));
    assert_eq!(output_file("overview/"), Err(PathError::NotNormal));
    assert_eq!(output_file("/"), Err(PathError::NotNormal));
    assert_eq!(output_file("../index.html"), Err(PathError::Parent));
    assert_eq!(output_file("/etc/passwd/../../x"), Err(PathError::Parent));
}

#[test]
fn an_optional_segment_is_empty_or_one_name() {
    for (text, ok) in [("page", true), ("", true), ("seite", true), ("a/b", false), ("..", false), ("p?x", false)] {
        assert_eq!(optional_segment(text).is_ok(), ok, "{text}");
    }
}
