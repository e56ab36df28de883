use super::*;

fn parse_zola(text: &str) -> Result<Config, Vec<Diagnostic>> {
    parse(Path::new("config.toml"), text)
}

#[test]
fn zola_keys_are_mapped() {
    let config = parse_zola(
        "base_url = \"https://e.org/docs\"\ntitle = \"Docs\"\ndefault_language = \"fr\"\ncompile_sass = true\n\
         build_search_index = true\ntaxonomies = [{ name = \"tags\", feed = true, paginate_by = 5, paginate_path = \"p\" }]\n\
         [markdown]\nhighlight_code = true\nhighlight_theme = \"base16-ocean.dark\"\nimage_srcset = [480]\n\
         [markdown.highlighting]\nlight_theme = \"InspiredGitHub\"\n\
         [languages.en]\ntitle = \"Docs (en)\"\nbuild_search_index = false\n[extra]\nlogo = \"x.png\"\n",
    )
    .unwrap();
    assert_eq!((config.title.as_str(), config.language.as_str(), config.base_path.as_str()), ("Docs", "fr", "/docs/"));
    assert!(config.compile_sass == Some(true) && config.search.enabled && !config.languages["en"].search.unwrap());
    assert_eq!(config.taxonomies[0].name, "tags");
    assert_eq!((config.taxonomies[0].paginate_by, config.taxonomies[0].paginate_path.as_deref()), (Some(5), Some("p")));
    assert_eq!(config.markdown.highlight_theme_light, "InspiredGitHub");
    assert_eq!(config.markdown.highlight_theme_dark, "base16-ocean.dark");
    assert_eq!(config.markdown.heading_ids, crate::config::HeadingIds::Zola);
    assert_eq!(config.markdown.image_srcset, [480], "dossier's own setting, in a Zola config.toml");
    assert_eq!(config.extra["logo"].as_str(), Some("x.png"));
    assert_eq!(config.warnings.len(), 1);
    assert!(config.warnings[0].message.contains("taxonomies.feed"), "{:?}", config.warnings);
}

#[test]
fn keys_that_mean_nothing_here_are_one_warning() {
    let config = parse_zola(
        "base_url = \"https://e.org/\"\nminify_html = true\n[link_checker]\nskip_prefixes = []\n\
         [markdown]\nrender_emoji = true\n[search]\nindex_format = \"fuse_json\"\n",
    )
    .unwrap();
    assert!(!config.search.enabled, "Zola builds no index unless asked");
    let [warning] = config.warnings.as_slice() else { panic!("{:?}", config.warnings) };
    assert_eq!(warning.line, 2);
    for key in ["minify_html", "link_checker", "markdown.render_emoji", "search"] {
        assert!(warning.message.contains(key), "{key}: {warning}");
    }
}

#[test]
fn every_problem_is_reported() {
    let all = parse_zola("base_url = \"e.org\"\ntitle = 3\n").unwrap_err();
    assert!(!all.is_empty());
    let all = parse_zola("base_url = \"e.org\"\ntaxonomies = [{ name = \"a/b\" }]\n").unwrap_err();
    assert_eq!(all.len(), 2, "{all:?}");
}
