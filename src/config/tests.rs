use super::*;

fn parse(text: &str) -> Result<Config, Diagnostic> {
    Config::parse(Path::new("site.toml"), text)
}

#[test]
fn base_url_path_is_derived() {
    let cases = [
        ("https://example.org", "/", "https://example.org/"),
        ("https://example.org/", "/", "https://example.org/"),
        ("https://user.github.io/repo", "/repo/", "https://user.github.io/repo/"),
        ("http://127.0.0.1:1111/a/b/", "/a/b/", "http://127.0.0.1:1111/a/b/"),
    ];
    for (url, path, normalised) in cases {
        let c = parse(&format!("title = \"t\"\nbase_url = \"{url}\"")).unwrap();
        assert_eq!((c.base_path.as_str(), c.base_url.as_str()), (path, normalised), "{url}");
        assert_eq!(c.href("/overview/"), format!("{path}overview/"));
    }
}

#[test]
fn bad_base_url_is_an_error_at_its_line() {
    let err = parse("title = \"t\"\nbase_url = \"example.org\"").unwrap_err();
    assert_eq!((err.line, err.col), (2, 1));
    assert!(err.message.contains("not an absolute URL"), "{err}");
}

#[test]
fn unknown_key_names_line_and_closest_key() {
    let err = parse("title = \"t\"\nbase_url = \"https://e.org/\"\ndescriptoin = \"x\"\n").unwrap_err();
    assert_eq!(err.line, 3);
    assert!(err.message.contains("descriptoin"), "{err}");
    assert!(err.hint.unwrap().contains("did you mean `description`"));
}

#[test]
fn unknown_key_in_nested_table() {
    let err = parse("title = \"t\"\nbase_url = \"https://e.org/\"\n[markdown]\nsmart_punctuaton = true\n").unwrap_err();
    assert_eq!(err.line, 4);
    assert!(err.hint.unwrap().contains("smart_punctuation"));
}

#[test]
fn wrong_type_and_missing_key() {
    let err = parse("title = 3\nbase_url = \"https://e.org/\"").unwrap_err();
    assert_eq!(err.line, 1);
    assert!(err.message.contains("invalid type"), "{err}");
    let err = parse("title = \"t\"").unwrap_err();
    assert!(err.message.contains("base_url"), "{err}");
}

#[test]
fn duplicate_taxonomy() {
    let err = parse("title = \"t\"\nbase_url = \"https://e.org/\"\ntaxonomies = [{ name = \"a\" }, { name = \"a\" }]")
        .unwrap_err();
    assert!(err.message.contains("declared twice"), "{err}");
}

#[test]
fn search_is_on_unless_turned_off() {
    let c = parse("title = \"t\"\nbase_url = \"https://e.org/\"").unwrap();
    assert!(c.search.enabled);
    let c = parse("title = \"t\"\nbase_url = \"https://e.org/\"\n[search]\nenabled = false\n").unwrap();
    assert!(!c.search.enabled);
}

#[test]
fn search_shards_hold_a_set_number_of_pages_at_least_one() {
    let c = parse("title = \"t\"\nbase_url = \"https://e.org/\"").unwrap();
    assert_eq!(c.search.shard_size, super::SHARD_SIZE);
    let c = parse("title = \"t\"\nbase_url = \"https://e.org/\"\n[search]\nshard_size = 500\n").unwrap();
    assert_eq!(c.search.shard_size, 500);
    let err = parse("title = \"t\"\nbase_url = \"https://e.org/\"\n[search]\nshard_size = 0\n").unwrap_err();
    assert_eq!((err.line, err.col), (4, 1));
    assert!(err.message.contains("at least 1") && err.hint.as_deref().is_some_and(|h| h.contains("4000")), "{err}");
}

#[test]
fn cname_is_a_bare_domain() {
    let with =
        |cname: &str| parse(&format!("title = \"t\"\nbase_url = \"https://e.org/\"\n[publish]\ncname = \"{cname}\"\n"));
    assert_eq!(with("dossier.example.org").unwrap().publish.cname.as_deref(), Some("dossier.example.org"));
    for bad in ["https://dossier.example.org", "example.org/repo", "localhost", "a..b", "-a.org", "a.org:80"] {
        let err = with(bad).unwrap_err();
        assert_eq!(err.line, 4, "{bad}");
        assert!(err.hint.is_some(), "{bad}");
    }
}

#[test]
fn the_source_key_is_placed_and_the_name_share_checked() {
    let c = parse("title = \"t\"\nbase_url = \"https://e.org/\"\n[dossier]\nmentions = \"all\"\n  source = \"s.md\"\n")
        .unwrap();
    assert_eq!((c.dossier.source_at, c.dossier.max_name_share), ((5, 3), 0.5));
    let err = parse("title = \"t\"\nbase_url = \"https://e.org/\"\n[dossier]\nmax_name_share = 2.0\n").unwrap_err();
    assert_eq!((err.line, err.col), (4, 1));
    assert!(err.message.contains("from 0 to 1"), "{err}");
}

const TOP: &str = "title = \"档案\"\nbase_url = \"https://e.org/\"\nlanguage = \"zh-Hans\"\n";

#[test]
fn languages_resolve_with_the_default_first_and_fall_back_to_the_top_level() {
    let c = parse(&format!(
        "{TOP}taxonomies = [{{ name = \"actors\" }}]\n[languages.en]\ntitle = \"Dossier\"\nsearch = false\n[languages.fr]\n"
    ))
    .unwrap();
    let languages = c.languages();
    let codes: Vec<(&str, &str, &str, bool)> =
        languages.iter().map(|l| (l.code, l.prefix.as_str(), l.title, l.search)).collect();
    assert_eq!(codes, [("zh-Hans", "", "档案", true), ("en", "/en", "Dossier", false), ("fr", "/fr", "档案", true)]);
    assert_eq!(languages[2].taxonomies.len(), 1, "taxonomies fall back to the top-level list");
    assert_eq!(c.language("en").unwrap().prefix, "/en");
    // Codes ignore case; the language keeps the spelling of site.toml.
    assert_eq!((c.language("EN").unwrap().code, c.language("ZH-hans").unwrap().code), ("en", "zh-Hans"));
    assert!(c.language("de").is_none());
    // Without [languages], the site has its one language.
    let c = parse(TOP).unwrap();
    assert_eq!(c.languages().len(), 1);
    assert_eq!(c.languages()[0].prefix, "");
}

#[test]
fn language_errors_are_at_the_table_with_a_hint() {
    let cases = [
        ("[languages.\"e n\"]\n", "not a language code"),
        ("[languages.zh-hans]\n", "default language"),
        ("[languages.EN]\n[languages.en]\n", "declared twice"),
        ("[languages.en]\nname = \"x\"\n", "unknown field"),
    ];
    for (table, message) in cases {
        let err = parse(&format!("{TOP}{table}")).unwrap_err();
        assert!(err.message.contains(message), "{table}: {err}");
        assert_eq!(
            err.line,
            if message == "declared twice" || message == "unknown field" { 5 } else { 4 },
            "{table}: {err}"
        );
        assert!(err.hint.is_some(), "{table}: {err}");
    }
    let err = parse(&format!("{TOP}[languages.en]\ntaxonomies = [{{ name = \"a/b\" }}]\n")).unwrap_err();
    assert!(err.message.contains("cannot be part of a URL"), "{err}");
}

#[test]
fn every_problem_of_site_toml_is_reported_in_one_run() {
    let text = "title = \"t\"\nbase_url = \"example.org\"\nbuild_search_index = true\n[markdown]\nhighlight_cod = true\n\
                [publish]\ncname = \"https://x.org\"\n";
    let all = Config::parse_all(Path::new("site.toml"), text).unwrap_err();
    let lines: Vec<usize> = all.iter().map(|d| d.line).collect();
    // The unknown keys, and the checks made on the rest of the file.
    assert_eq!(lines, [2, 3, 5, 7], "{all:?}");
    let text = "title = \"t\"\nbase_url = \"example.org\"\n[publish]\ncname = \"https://x.org\"\n";
    let all = Config::parse_all(Path::new("site.toml"), text).unwrap_err();
    assert_eq!(all.iter().map(|d| d.line).collect::<Vec<_>>(), [2, 4], "{all:?}");
}

#[test]
fn feed_id_authority_defaults_to_the_configured_host_and_only_takes_a_domain_or_an_email() {
    let with = |url: &str, feed: &str| parse(&format!("title = \"t\"\nbase_url = \"{url}\"\n{feed}"));
    let authority = |url: &str, feed: &str| with(url, feed).unwrap().feed.authority;
    assert_eq!(authority("https://User.GitHub.io/repo/", ""), "user.github.io");
    assert_eq!(authority("http://127.0.0.1:1111/d/", ""), "127.0.0.1");
    assert_eq!(authority("https://x@e.org:8443", ""), "e.org");
    assert_eq!(authority("https://e.org/", "[feed]\nid_authority = \"Dossier.example.net\""), "dossier.example.net");
    assert_eq!(authority("https://e.org/", "[feed]\nid_authority = \"ed.it-or_1@e.net\""), "ed.it-or_1@e.net");
    // `--base-url` replaces the address, not the ids' authority.
    let mut config = with("https://e.org/", "").unwrap();
    config.set_base_url("https://moved.example/elsewhere/").unwrap();
    assert_eq!(config.feed.authority, "e.org");
    for bad in ["https://e.org/", "e.org/path", "e..org", "-e.org", "@e.org", "a b@e.org", "e.org:80", ""] {
        let err = with("https://e.org/", &format!("[feed]\nid_authority = \"{bad}\"")).unwrap_err();
        assert!(err.message.contains("is not a domain name or an email address"), "{bad}: {}", err.message);
    }
}
