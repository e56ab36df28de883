//! The theme's strings come from its i18n tables: an English site reads as an English site (no
//! Han character anywhere, dates and the search index's files included), a site overrides one key,
//! and a missing key is an error naming the language and the key.

use crate::util::{Site, copy_dir};
use std::path::Path;

/// A small English dossier on the default theme: a source page, a page that cites and quotes it
/// (with a table and a footnote), an entity, a timeline event and a taxonomy term.
fn english() -> Site {
    let site = Site { dir: tempfile::tempdir().unwrap() };
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &site.root().join("themes"));
    site.write(
        "site.toml",
        "title = \"Little Dossier\"\ndescription = \"An English fixture\"\nbase_url = \"https://example.org/d/\"\n\
         language = \"en\"\ntheme = \"longform\"\ntaxonomies = [{ name = \"topics\", title = \"Topics\" }]\n\n\
         [dossier]\nsource = \"source.md\"\n",
    )
    .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nStart with [Alpha](@/a.md).\n")
    .write(
        "content/a.md",
        "+++\ntitle = \"Alpha\"\nweight = 1\ndate = 2023-11-15\n\n[taxonomies]\ntopics = [\"Trade\"]\n\n\
         [[timeline]]\ndate = \"1917\"\ntitle = \"The estate is built\"\nsource = 1\n+++\n\n\
         ## First part\n\nFiloli is lovely{{ cite(p=1) }}. See [Beta](@/b.md#sec).\n\n{{ quote(p=2, s=1) }}\n\n\
         ## Second part\n\nA note[^1].\n\n| Year | Event |\n|------|-------|\n| 1917 | Built |\n\n[^1]: The note.\n",
    )
    .write("content/b.md", "+++\ntitle = \"Beta\"\nweight = 2\n+++\n\n## Section {#sec}\n\nBack to [Alpha](@/a.md).\n")
    .write("content/timeline.md", "+++\ntitle = \"Timeline\"\nweight = 3\ntemplate = \"timeline.html\"\n+++\n")
    .write("content/entities/_index.md", "+++\ntitle = \"Entities\"\ntemplate = \"entities.html\"\n+++\n")
    .write(
        "content/entities/filoli.md",
        "+++\ntitle = \"Filoli\"\nkind = \"place\"\naliases = [\"Filoli estate\"]\nsummary = \"An estate.\"\n+++\n\nAn estate south of San Francisco.\n",
    )
    .write(
        "content/source.md",
        "+++\ntitle = \"Source\"\nweight = 90\n+++\n\nFiloli was built in 1917. It is an estate.\n\n\
         President Biden visited. A second sentence!\n\nThird paragraph.\n",
    );
    site
}

#[test]
fn an_english_site_has_no_han_character_anywhere() {
    let site = english();
    site.built();
    let (checked, han) = crate::util::han_in_outputs(&site.public());
    assert!(han.is_empty(), "Han characters in an English site: {han:?}");
    assert!(checked > 10, "only {checked} files checked");

    let alpha = site.page("a/index.html");
    assert_eq!(alpha.texts(".skip-link"), ["Skip to content"]);
    assert_eq!(alpha.texts(".toc--sidebar .toc__title"), ["On this page"]);
    assert!(alpha.texts(".prose a.cite").contains(&"Source ¶1".to_string()), "{:?}", alpha.texts(".prose a.cite"));
    assert_eq!(alpha.texts(".quote-source"), ["— Source ¶2"]);
    assert_eq!(alpha.texts(".pager__next span"), ["Next"]);
    assert!(
        alpha.texts(".meta").iter().any(|m| m.contains("min read") && m.contains("words")),
        "{:?}",
        alpha.texts(".meta")
    );
    assert_eq!(alpha.texts(".terms__label"), ["Topics:"]);
    assert_eq!(alpha.texts(".prose .popover"), ["Filoli: An estate."]);
    assert_eq!(alpha.attrs(".site-search", "data-i18n-none"), ["Nothing found for “{query}”"]);
    assert_eq!(site.page("b/index.html").texts("#backlinks-title"), ["Cited by"]);
    assert_eq!(site.page("entities/filoli/index.html").texts(".entity-kind .kind"), ["Place"]);
    assert_eq!(site.page("source/index.html").texts(".used-by__label"), ["Cited on", "Cited on"]);
    assert_eq!(site.page("topics/index.html").texts(".count"), ["1 page"]);
    assert!(site.read("timeline.json").contains(">Source ¶1</a>"));
}

#[test]
fn a_site_overrides_one_key_of_the_theme() {
    let site = english();
    site.write("i18n/en.toml", "skip_link = \"Jump to the text\"\n").built();
    let alpha = site.page("a/index.html");
    assert_eq!(alpha.texts(".skip-link"), ["Jump to the text"]);
    assert_eq!(alpha.texts(".toc--sidebar .toc__title"), ["On this page"], "the other keys stay the theme's");
}

#[test]
fn a_missing_key_is_an_error_naming_the_language_and_the_key() {
    // A key the engine writes, missing from the table: reported at the file.
    let site = english();
    let table = site.root().join("themes/longform/i18n/en.toml");
    let text = std::fs::read_to_string(&table).unwrap();
    std::fs::write(&table, text.replace("cite = \"Source ¶{n}\"\n", "")).unwrap();
    let run = site.build();
    assert!(!run.ok());
    assert!(
        run.stderr.contains("themes/longform/i18n/en.toml: error: the language `en` has no string `cite`"),
        "{}",
        run.stderr
    );

    // A key a template asks for: a render error naming both.
    let site = english();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}{{ trans(key=\"no_such_key\") }}{% endblock main %}",
    );
    let run = site.build();
    assert!(!run.ok());
    assert!(run.stderr.contains("the language `en` has no string `no_such_key`"), "{}", run.stderr);
    assert!(run.stderr.contains("i18n/en.toml"), "{}", run.stderr);

    // The same strings as a map, `i18n.key`: a key no table has is said as such, at the key, with
    // the key that is close (tera alone would list the table's keys).
    let site = english();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}\n<p>{{ i18n.toc_titel }}</p>{% endblock main %}",
    );
    let said = site.fails_saying(&[
        "templates/404.html:2:12: error: `i18n.toc_titel`: the language `en` has no string `toc_titel` in its i18n table",
        "hint: did you mean `i18n.toc_title`?",
    ]);
    assert!(!said.contains("Available fields"), "{said}");
}

#[test]
fn templates_and_shortcodes_read_the_language_s_strings_as_a_map_as_trans_gives_them() {
    let site = english();
    let both = "<p id=\"m\">{{ i18n.toc_title }}</p><p id=\"t\">{{ trans(key=\"toc_title\") }}</p>";
    site.write(
        "templates/404.html",
        &format!("{{% extends \"base.html\" %}}{{% block main %}}{both}{{% endblock main %}}"),
    );
    // A shortcode sees them too, in the language of the page it is on.
    site.write("templates/shortcodes/label.html", "<b class=\"label\">{{ i18n.toc_title }}</b>\n")
        .write("content/c.md", "+++\ntitle = \"Gamma\"\n+++\n\nSee {{ label() }}.\n")
        .built();
    let page = site.page("404.html");
    assert_eq!([page.texts("#m"), page.texts("#t"), site.page("c/index.html").texts(".label")], [["On this page"]; 3]);

    // A key the table lacks, in a shortcode: said as such, at the shortcode's line and column.
    site.write("templates/shortcodes/label.html", "<b>{{ i18n.toc_titel }}</b>\n");
    site.fails_saying(&[
        "templates/shortcodes/label.html:1:12: `i18n.toc_titel`: the language `en` has no string `toc_titel`",
    ]);
}

#[test]
fn the_chinese_table_keeps_the_chinese_interface() {
    let site = Site::fixture_with_themes("dossier");
    site.built();
    let a = site.page("a/index.html");
    assert_eq!(a.texts(".skip-link"), ["跳到正文"]);
    assert!(a.texts(".prose a.cite").contains(&"出处 ¶1".to_string()));
    assert_eq!(a.texts(".quote-source"), ["——原文 ¶2"]);
    assert_eq!(a.attrs(".site-search", "data-i18n-none"), ["没有找到“{query}”"]);
}
