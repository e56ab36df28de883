use super::*;

/// Build a content folder from (path, text) pairs and load it.
fn load_files(files: &[(&str, &str)], include_drafts: bool) -> (Content, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let target = dir.path().join("content").join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    load(dir.path(), &LoadOptions { include_drafts, forget_bodies: false, ..Default::default() })
}

fn page(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n正文。\n")
}

#[test]
fn urls_follow_the_folder_layout() {
    let p = page("x");
    let (content, problems) = load_files(
        &[
            ("_index.md", "+++\ntitle = \"首页\"\n+++\n"),
            ("overview.md", &p),
            ("timeline/index.md", &p),
            ("timeline/photo.jpg", "jpg"),
            ("timeline/img/map.png", "png"),
            ("entities/_index.md", "+++\ntitle = \"实体\"\n+++\n"),
            ("entities/filoli.md", &p),
            ("entities/people/xi.md", &p),
            ("slugged.md", "+++\ntitle = \"x\"\nslug = \"other\"\n+++\n"),
        ],
        false,
    );
    assert!(problems.is_empty(), "{problems:?}");
    let mut paths: Vec<(&str, &str)> = content.pages.iter().map(|p| (p.rel.as_str(), p.path.as_str())).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            ("entities/filoli.md", "/entities/filoli/"),
            ("entities/people/xi.md", "/entities/people/xi/"),
            ("overview.md", "/overview/"),
            ("slugged.md", "/other/"),
            ("timeline/index.md", "/timeline/"),
        ]
    );
    let bundle = &content.pages[match content.by_rel["timeline/index.md"] {
        Item::Page(i) => i,
        Item::Section(_) => unreachable!(),
    }];
    let assets: Vec<&str> = bundle.assets.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(assets, ["img/map.png", "photo.jpg"]);
    let entities = &content.sections[1];
    assert_eq!((entities.path.as_str(), entities.parent), ("/entities/", Some(0)));
    assert_eq!(content.sections[0].subsections, [1]);
}

#[test]
fn a_missing_root_section_is_made_up() {
    let (content, problems) = load_files(&[("a.md", &page("a"))], false);
    assert!(problems.is_empty());
    assert_eq!(content.sections.len(), 1);
    assert_eq!(content.sections[0].path, "/");
    assert_eq!(content.sections[0].pages, [0]);
}

#[test]
fn editor_files_are_ignored() {
    let p = page("a");
    let (content, problems) = load_files(
        &[("a.md", &p), (".a.md.swp", "x"), ("a.md~", "x"), ("#a.md#", "x"), (".hidden/b.md", &p), ("a.md.tmp", "x")],
        false,
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(content.pages.len(), 1);
    assert!(content.sections[0].assets.is_empty(), "{:?}", content.sections[0].assets);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let files = [("a.md", page("a")), ("b.md", "+++\ntitle = \"b\"\ndraft = true\n+++\n".to_string())];
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(load_files(&files, false).0.pages.len(), 1);
    assert_eq!(load_files(&files, true).0.pages.len(), 2);
}

#[test]
fn sort_orders() {
    let files = [
        ("_index.md", "+++\nsort_by = \"weight\"\n+++\n".to_string()),
        ("a.md", "+++\ntitle = \"丙\"\nweight = 3\ndate = 2020-01-01\n+++\n".to_string()),
        ("b.md", "+++\ntitle = \"甲\"\nweight = 1\ndate = 2023-11-15\n+++\n".to_string()),
        ("c.md", "+++\ntitle = \"乙\"\n+++\n".to_string()),
        ("d/_index.md", "+++\nsort_by = \"date\"\n+++\n".to_string()),
        ("d/x.md", "+++\ntitle = \"x\"\ndate = \"1917\"\n+++\n".to_string()),
        ("d/y.md", "+++\ntitle = \"y\"\ndate = \"2023-11\"\n+++\n".to_string()),
        ("d/z.md", "+++\ntitle = \"z\"\n+++\n".to_string()),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let (content, problems) = load_files(&files, false);
    assert!(problems.is_empty(), "{problems:?}");
    let titles = |s: usize| -> Vec<&str> {
        content.sections[s].pages.iter().map(|p| content.pages[*p].meta.title.as_str()).collect()
    };
    assert_eq!(titles(0), ["甲", "丙", "乙"], "weight, no weight last");
    assert_eq!(titles(1), ["y", "x", "z"], "newest first, undated last");
}

#[test]
fn problems_name_the_file() {
    let (content, problems) = load_files(
        &[
            ("a.md", "+++\ntitle = \"a\"\nslug = \"same\"\n+++\n"),
            ("b.md", "+++\ntitle = \"b\"\nslug = \"same\"\n+++\n"),
            ("c.md", "+++\ntitle = \"c\"\ndate = \"2023-13-01\"\n+++\n"),
            ("d.md", "+++\ntitle = \"d\"\nslug = \"a/b\"\n+++\n"),
        ],
        false,
    );
    let shown: Vec<String> = problems.iter().map(|d| format!("{}:{}", d.path.display(), d.line)).collect();
    assert_eq!(shown, ["content/c.md:3", "content/d.md:3", "content/b.md:3"], "{problems:#?}");
    assert_eq!(content.pages.len(), 2);
}

#[test]
fn a_forgotten_body_is_read_again_and_a_changed_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("content/a.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::write(&page, "+++\ntitle = \"甲\"\n+++\n正文。\n").unwrap();
    let (content, diagnostics) =
        load(dir.path(), &LoadOptions { include_drafts: false, forget_bodies: true, ..Default::default() });
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let source = &content.pages[0].source;
    assert_eq!(source.body(), "", "only the front matter is kept");
    assert_eq!(source.with_body().unwrap().body(), "正文。\n");

    // The body may change between the two reads; the front matter may not.
    std::fs::write(&page, "+++\ntitle = \"甲\"\n+++\n改过的正文。\n").unwrap();
    assert_eq!(source.with_body().unwrap().body(), "改过的正文。\n");
    std::fs::write(&page, "+++\ntitle = \"乙\"\n+++\n正文。\n").unwrap();
    let d = source.with_body().unwrap_err();
    assert_eq!(d.path, std::path::Path::new("content/a.md"));
    assert!(d.message.contains("changed while the site was being built"), "{}", d.message);
    std::fs::remove_file(&page).unwrap();
    assert!(source.with_body().is_err());
}

#[test]
fn names_ending_in_a_language_code_look_like_translations() {
    let cases = [
        ("page.fr.md", Some("fr")),
        ("报告.zh.md", Some("zh")),
        ("overview.en.md", Some("en")),
        ("page.zh-Hans.md", Some("zh-Hans")),
        ("page.pt-BR.md", Some("pt-BR")),
        ("_index.fr.md", Some("fr")),
        ("page.md", None),
        ("报告.中文.md", None),
        ("v1.2.md", None),
        ("page.draft.md", None),
        ("a.b.c.md", None),
        ("page.fr-!!.md", None),
        ("page.fr.txt", None),
    ];
    for (name, code) in cases {
        assert_eq!(translation_code(name), code, "{name}");
    }
    let (content, diagnostics) =
        load_files(&[("blog/page.fr.md", &page("Bonjour")), ("报告.zh.md", &page("报告"))], false);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let warned: Vec<String> = content.warnings.iter().map(|w| w.as_warning().to_string()).collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(
        warned.iter().any(|w| w.contains("blog/page.fr.md: warning: `page.fr.md` looks like a translation into `fr`"))
    );
    assert!(warned.iter().any(|w| w.contains("if it is not one, name it without the language code, like 报告-zh.md")));
    assert!(warned.iter().any(|w| w.contains("hint: add a table `[languages.fr]` to site.toml")));
    assert!(content.pages.iter().any(|p| p.path == "/blog/page.fr/"), "still built as a page");
}

/// Load with `zh-Hans` the default language and `en` another.
fn load_bilingual(files: &[(&str, &str)]) -> (Content, Vec<Diagnostic>) {
    load_languages(&["en"], files)
}

#[test]
fn a_file_names_its_language_in_any_case_and_gets_the_configured_spelling() {
    let (content, problems) = load_languages(
        &["en-GB"],
        &[
            ("overview.md", &page("概览")),
            ("overview.en-gb.md", &page("Overview")),
            ("photo/index.md", &page("照片")),
            ("photo/index.EN-gb.md", &page("Photo")),
            ("photo/p.jpg", "jpg"),
            ("only/index.en-GB.md", &page("Only")),
        ],
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert!(content.warnings.is_empty(), "{:?}", content.warnings);
    let place = |rel: &str| match content.by_rel[rel] {
        Item::Page(i) => {
            (content.pages[i].path.as_str(), content.pages[i].lang.as_str(), content.pages[i].group.as_str())
        }
        Item::Section(i) => (content.sections[i].path.as_str(), content.sections[i].lang.as_str(), ""),
    };
    assert_eq!(place("overview.en-gb.md"), ("/en-GB/overview/", "en-GB", "overview.md"));
    assert_eq!(place("photo/index.EN-gb.md"), ("/en-GB/photo/", "en-GB", "photo/index.md"));
    // A bundle whose only file is a translation is a bundle all the same.
    assert_eq!(place("only/index.en-GB.md"), ("/en-GB/only/", "en-GB", "only/index.md"));
    let Item::Page(photo) = content.by_rel["photo/index.EN-gb.md"] else { panic!() };
    assert_eq!(content.pages[photo].assets.len(), 1);
    assert_eq!(content.translations(content.by_rel["overview.md"]).len(), 2);
}

#[test]
fn a_folder_named_as_a_language_is_an_error_at_its_first_file() {
    let (_, problems) = load_languages(
        &["en"],
        &[
            ("en/a.md", &page("A")),
            ("en/b.md", &page("B")),
            ("EN/c.md", &page("C")),
            ("docs/en/d.md", &page("D")),
            ("zh-Hans/e.md", &page("E")),
        ],
    );
    let shown: Vec<String> = problems.iter().map(|d| format!("{}: {}", d.path.display(), d.message)).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].starts_with("content/EN/c.md: the folder `content/EN` has the name of the language `en`"));
    assert!(shown[1].starts_with("content/en/a.md: the folder `content/en` has the name of the language `en`"));
    assert!(shown[1].contains("whose URLs start with /en/"), "{shown:?}");
    assert!(problems[1].hint.as_deref().unwrap_or_default().contains("write `page.en.md` beside `page.md`"));
}

/// Load with `zh-Hans` the default language and `languages` the others.
fn load_languages(languages: &[&str], files: &[(&str, &str)]) -> (Content, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let target = dir.path().join("content").join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    let languages = languages.iter().map(|l| l.to_string()).collect();
    let options = LoadOptions { default_language: "zh-Hans".into(), languages, ..Default::default() };
    load(dir.path(), &options)
}

#[test]
fn translations_live_below_their_language_and_know_each_other() {
    let sorted = "+++\ntitle = \"报告\"\nsort_by = \"title\"\n+++\n";
    let (content, problems) = load_bilingual(&[
        ("overview.md", &page("概览")),
        ("overview.en.md", &page("Overview")),
        ("reports/_index.md", sorted),
        ("reports/a.md", &page("甲")),
        ("reports/a.en.md", &page("A")),
        ("reports/b.en.md", &page("B only")),
        ("notes/_index.md", "+++\ntitle = \"笔记\"\n+++\n"),
        ("notes/n.md", &page("笔记一")),
        ("photo/index.md", &page("照片")),
        ("photo/index.en.md", &page("Photo")),
        ("photo/p.jpg", "jpg"),
        ("fr.md", &page("未配置")),
        ("page.fr.md", &page("Bonjour")),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    let place = |rel: &str| match content.by_rel[rel] {
        Item::Page(i) => (content.pages[i].path.as_str(), content.pages[i].lang.as_str()),
        Item::Section(i) => (content.sections[i].path.as_str(), content.sections[i].lang.as_str()),
    };
    assert_eq!(place("overview.md"), ("/overview/", "zh-Hans"));
    assert_eq!(place("overview.en.md"), ("/en/overview/", "en"));
    assert_eq!(place("reports/a.en.md"), ("/en/reports/a/", "en"));
    assert_eq!(place("photo/index.en.md"), ("/en/photo/", "en"));
    assert_eq!(place("page.fr.md"), ("/page.fr/", "zh-Hans"), "fr is not a language of the site");
    // Every language has its root; a folder gets an `en` section only where `en` pages live.
    assert_eq!(place("_index.en.md"), ("/en/", "en"));
    let en_reports = content.by_rel["reports/_index.en.md"];
    let Item::Section(s) = en_reports else { panic!() };
    let section = &content.sections[s];
    assert_eq!((section.path.as_str(), section.meta.title.as_str()), ("/en/reports/", ""));
    assert_eq!(section.meta.sort_by, SortBy::Title, "it sorts as the default language's section does");
    let listed: Vec<&str> = section.pages.iter().map(|p| content.pages[*p].meta.title.as_str()).collect();
    assert_eq!(listed, ["A", "B only"]);
    assert_eq!(content.sections[section.parent.unwrap()].path, "/en/");
    assert!(!content.by_rel.contains_key("notes/_index.en.md"), "no en pages in notes/");
    assert_eq!(content.sections[0].path, "/");
    // The bundle's translation has its files too.
    let Item::Page(photo) = content.by_rel["photo/index.en.md"] else { panic!() };
    assert_eq!(content.pages[photo].assets.len(), 1);
    // Translations: the group, default language first; an orphan is built and recorded.
    let rels = |item| -> Vec<String> {
        content
            .translations(item)
            .iter()
            .map(|i| match *i {
                Item::Page(p) => content.pages[p].rel.clone(),
                Item::Section(s) => content.sections[s].rel.clone(),
            })
            .collect()
    };
    assert_eq!(rels(content.by_rel["overview.en.md"]), ["overview.md", "overview.en.md"]);
    assert_eq!(rels(content.by_rel["overview.md"]), ["overview.md", "overview.en.md"]);
    assert_eq!(rels(content.by_rel["notes/n.md"]), ["notes/n.md"]);
    assert_eq!(rels(Item::Section(0)), ["_index.md", "_index.en.md"]);
    assert_eq!(content.missing_originals(), [content.by_rel["reports/b.en.md"]]);
}

#[test]
fn a_folder_named_like_a_language_is_refused_even_without_a_clash() {
    for files in
        [&[("en/_index.md", "+++\ntitle = \"x\"\n+++\n")][..], &[("en/x.md", &page("x")), ("x.en.md", &page("x"))]]
    {
        let (_, problems) = load_bilingual(files);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("has the name of the language `en`"), "{}", problems[0]);
    }
}

#[test]
fn a_file_named_with_the_default_language_is_told_to_drop_the_code() {
    let (content, diagnostics) = load_languages(&["en"], &[("x.zh-hans.md", &page("你好")), ("y.en.md", &page("Hi"))]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let warned: Vec<String> = content.warnings.iter().map(|w| w.as_warning().to_string()).collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("`x.zh-hans.md` is named with `zh-hans`, the site's default language"), "{warned:?}");
    assert!(warned[0].contains("hint: name it `x.md`"), "{warned:?}");
    assert!(!warned[0].contains("[languages."), "no advice to configure the default language again");
}
