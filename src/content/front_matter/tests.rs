use super::*;

fn page(text: &str) -> Result<PageFrontMatter, Diagnostic> {
    let path = Path::new("content/a.md");
    let s = split(path, text)?;
    parse(path, text, &s).map_err(|mut all| all.remove(0))
}

#[test]
fn split_finds_toml_and_body() {
    let text = "+++\ntitle = \"t\"\n+++\nbody\n";
    let s = split(Path::new("a.md"), text).unwrap();
    assert_eq!((s.toml, s.body), ("title = \"t\"\n", "body\n"));
    assert_eq!(&text[s.body_start..], "body\n");
    let crlf = "+++\r\ntitle = \"t\"\r\n+++\r\nbody";
    assert_eq!(split(Path::new("a.md"), crlf).unwrap().body, "body");
    let bom = "\u{feff}+++\ntitle = \"t\"\n+++\n";
    assert_eq!(split(Path::new("a.md"), bom).unwrap().toml, "title = \"t\"\n");
}

#[test]
fn split_errors() {
    let cases = [
        ("no front matter", "starts with", "does not start with front matter"),
        ("+++\ntitle = \"t\"\nbody", "never closed", "never closed"),
        ("", "empty file", "the file is empty"),
        ("\n  \n", "blank file", "the file is empty"),
        ("---\ntitle: t\n---\n", "YAML", "is YAML"),
    ];
    for (text, what, expect) in cases {
        let err = split(Path::new("a.md"), text).unwrap_err();
        assert!(err.message.contains(expect), "{what}: {err}");
        assert_eq!((err.line, err.col), (1, 1), "{what}");
        assert!(err.hint.is_some(), "{what}");
    }
}

#[test]
fn page_errors_point_into_the_file() {
    // (front matter, line, col, message part, hint part)
    let cases = [
        ("titel = \"x\"\n", 2, 1, "unknown field `titel`", "did you mean `title`"),
        ("title = \"x\"\nweight = \"ten\"\n", 3, 10, "invalid type", "whole number"),
        ("title = \"x\"\ndraft = yes\n", 3, 9, "string values must be quoted", "strings in \"double quotes\""),
        ("description = \"x\"\n", 2, 1, "missing field `title`", "add the key"),
        ("title = \"x\"\n[extra]\na = 1\n[[timeline]]\ndate = \"2023\"\ntitel = \"y\"\n", 7, 1, "titel", "title"),
    ];
    for (fm, line, col, message, hint) in cases {
        let text = format!("+++\n{fm}+++\nbody\n");
        let err = page(&text).unwrap_err();
        assert_eq!((err.line, err.col), (line, col), "{fm:?}: {err}");
        assert!(err.message.contains(message), "{fm:?}: {err}");
        assert!(err.hint.unwrap_or_default().contains(hint), "{fm:?}");
    }
}

#[test]
fn page_front_matter_accepts_zola_keys() {
    let fm = page(
        "+++\ntitle = \"斐洛里\"\ndate = 2023-11-15\nweight = 3\nslug = \"filoli\"\naliases = [\"/old/\"]\n\
         [taxonomies]\nactors = [\"习近平\"]\n[extra]\nanything = { goes = true }\n+++\n",
    )
    .unwrap();
    assert_eq!(fm.title, "斐洛里");
    assert_eq!(fm.taxonomies["actors"], ["习近平"]);
    assert_eq!(fm.slug.as_deref(), Some("filoli"));
}

#[test]
fn a_cited_paragraph_is_a_number_or_a_source_and_a_number() {
    // `None`: not a paragraph (an error at the entry).
    let cases = [
        ("12", Some((None, 12))),
        ("\"xinhua#p3\"", Some((Some("xinhua"), 3))),
        ("\"a-b_2023#p10\"", Some((Some("a-b_2023"), 10))),
        ("\"xinhua#3\"", None),
        ("\"#p3\"", None),
        ("\"xinhua#px\"", None),
    ];
    for (toml_text, want) in cases {
        let fm = page(&format!("+++\ntitle = \"t\"\ncites = [{toml_text}]\n+++\n")).unwrap();
        assert_eq!(fm.cites[0].get_ref().split().ok(), want, "{toml_text}");
    }
    // Parts: each field but `from` optional, no other key.
    let fm =
        page("+++\ntitle = \"t\"\nparts = [{ from = 1, to = 2, credit = \"据甲\" }, { from = 3 }]\n+++\n").unwrap();
    assert_eq!((fm.parts[0].get_ref().to, fm.parts[1].get_ref().to), (Some(2), None));
    assert!(page("+++\ntitle = \"t\"\nparts = [{ from = 1, url = \"x\" }]\n+++\n").is_err());
}

#[test]
fn front_matter_may_follow_blank_lines_as_zola_allows() {
    let text = "\n  \n+++\ntitle = \"t\"\n+++\nbody\n";
    let s = split(Path::new("a.md"), text).unwrap();
    assert_eq!((s.toml, s.body), ("title = \"t\"\n", "body\n"));
    assert_eq!(&text[s.toml_start..s.toml_start + 5], "title");
    let err = split(Path::new("a.md"), "\n\n---\ntitle: t\n---\n").unwrap_err();
    assert_eq!(err.line, 3);
}

#[test]
fn every_problem_of_a_front_matter_is_reported_at_once() {
    let path = Path::new("content/a.md");
    let text = "+++\ntitle = 1\ntitel = \"x\"\nweight = \"heavy\"\n[[timeline]]\ndate = \"2023\"\ntitle = \"e\"\nwhen = 1\n[extra]\nok = 1\n+++\n";
    let s = split(path, text).unwrap();
    let all = parse::<PageFrontMatter>(path, text, &s).unwrap_err();
    let found: Vec<(usize, usize, bool)> = all.iter().map(|d| (d.line, d.col, d.hint.is_some())).collect();
    assert_eq!(found, [(2, 9, true), (3, 1, true), (4, 10, true), (8, 1, true)], "{all:?}");
    // A missing title is still reported when nothing blanked it.
    let text = "+++\nweight = \"x\"\n+++\n";
    let all = parse::<PageFrontMatter>(path, text, &split(path, text).unwrap()).unwrap_err();
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(all.iter().any(|d| d.message.contains("missing field `title`")), "{all:?}");
}

#[test]
fn zola_page_keys_are_read() {
    let fm = page(
        "+++\ntitle = \"t\"\npath = \"about/me\"\nredirect_to = \"https://e.org/\"\nrender = false\n\
         authors = [\"A\"]\nin_search_index = false\ninsert_anchor_links = \"right\"\n+++\n",
    )
    .unwrap();
    assert_eq!(fm.path.as_deref(), Some("about/me"));
    assert!(!fm.render && !fm.in_search_index);
    assert_eq!(fm.insert_anchor_links, Some(AnchorLinks::Right));
    assert_eq!(fm.authors, ["A"]);
    let fm = page("+++\ntitle = \"t\"\n+++\n").unwrap();
    assert!(fm.render && fm.in_search_index);
}
