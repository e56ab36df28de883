//! Sass and SCSS from `sass/` (the site's and its theme's), compiled as Zola does: each file whose
//! name does not start with `_` becomes a `.css` at the same path; partials are only used.

use crate::util::Site;

/// The `dossier` fixture (built-in theme) with a `sass/` using partials, `@use` across folders and
/// the indented syntax.
fn with_sass() -> Site {
    let site = Site::fixture("dossier");
    site.write(
        "sass/main.scss",
        "@use \"base\";\n@use \"parts/colors\";\nbody { color: colors.$text; .a { margin: 0 } }\n",
    )
    .write("sass/_base.scss", "html { font-size: 1px }\n")
    .write("sass/parts/_colors.scss", "$text: #123456;\n")
    .write("sass/parts/print.sass", "p\n  color: red\n");
    site
}

#[test]
fn each_stylesheet_but_partials_becomes_css_at_its_path() {
    let site = with_sass();
    site.built();
    assert_eq!(site.read_asset("main.css"), "html{font-size:1px}body{color:#123456}body .a{margin:0}");
    assert_eq!(site.read_asset("parts/print.css"), "p{color:red}");
    for partial in ["_base.css", "base.css", "parts/_colors.css", "parts/colors.css", "main.scss"] {
        assert!(!site.public().join(partial).exists(), "{partial}");
    }
}

#[test]
fn an_error_in_a_partial_is_reported_at_its_place() {
    let site = with_sass();
    site.write("sass/parts/_colors.scss", "$text: #123456;\na {\n  color: ;\n}\n");
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("sass/parts/_colors.scss:3:9: error: Expected expression"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:") && !run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn warn_and_debug_are_warnings_at_their_place() {
    let site = with_sass();
    site.write("sass/parts/_colors.scss", "$text: #123456;\n@warn \"old colours\";\n@debug 1 + 1;\n");
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr);
    assert!(run.stderr.contains("sass/parts/_colors.scss:2:7: warning: @warn: \"old colours\""), "{}", run.stderr);
    assert!(run.stderr.contains("sass/parts/_colors.scss:3:8: warning: @debug: 2"), "{}", run.stderr);
}

#[test]
fn a_file_outside_the_site_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.scss"), "a { b: secret-value }\n").unwrap();
    let site = with_sass();
    site.write("sass/leak.scss", &format!("@import \"{}/secret\";\n", outside.path().display()));
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("sass/leak.scss:1:9: error: Can't find stylesheet to import"), "{}", run.stderr);
    assert!(!run.stderr.contains("secret-value"), "{}", run.stderr);
}

#[test]
fn compile_sass_false_leaves_the_site_s_sass_out() {
    let site = with_sass();
    site.write("themes/longform/sass/theme.scss", "b { margin: 0 }\n");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("compile_sass = false\n{config}")).built();
    assert!(site.asset("main.css").is_none());
    // The theme's are compiled all the same, as in Zola.
    assert_eq!(site.read_asset("theme.css"), "b{margin:0}");
    // `true` without a sass/ folder is nothing to compile, not an error.
    let site = Site::fixture("dossier");
    site.write("site.toml", &format!("compile_sass = true\n{config}")).built();
}

#[test]
fn two_files_for_one_stylesheet_are_an_error() {
    let site = with_sass();
    site.write("sass/main.sass", "p\n  color: red\n");
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("sass/main.scss: error: becomes main.css, as sass/main.sass does"), "{}", run.stderr);
}

#[test]
fn the_theme_s_sass_is_compiled_and_the_site_s_file_wins() {
    let site = with_sass();
    site.write("themes/longform/sass/theme.scss", "$w: 2px;\nb { border: $w solid }\n")
        .write("themes/longform/sass/main.scss", "i { color: blue }\n")
        .built();
    assert_eq!(site.read_asset("theme.css"), "b{border:2px solid}");
    assert!(site.read_asset("main.css").contains("body{color:#123456}"));
}
