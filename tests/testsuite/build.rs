//! Building a small site: URLs under the base path, sections, pages, bundles, taxonomies, the
//! table of contents, summaries, timeline, static files, aliases and the syntax stylesheets.

use crate::util::{Site, snapshot};

#[test]
fn pages_sections_and_bundles_land_at_their_urls() {
    let site = Site::fixture("basic");
    site.built();
    for file in [
        "index.html",
        "overview/index.html",
        "source/index.html",
        "notes/index.html",
        "notes/a/index.html",
        "notes/b/index.html",
        "bundle/index.html",
        "bundle/photo.txt",
        "404.html",
        "actors/index.html",
        "actors/习近平/index.html",
        "old-bundle/index.html",
    ] {
        assert!(site.public().join(file).is_file(), "{file} missing");
    }
    // Stylesheets under names that carry their content's hash, and under their own for links
    // written by hand, with the same bytes.
    for asset in ["css/site.css", "syntax-light.css", "syntax-dark.css"] {
        let hashed = site.asset(asset).unwrap_or_else(|| panic!("{asset} missing"));
        assert_eq!(site.read(&hashed), site.read(asset), "{asset}");
    }
}

#[test]
fn every_link_carries_the_base_path() {
    let site = Site::fixture("basic");
    site.built();
    let home = site.page("index.html");
    let hrefs = home.attrs("a", "href");
    assert!(hrefs.contains(&"/sub/overview/#three".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"/sub/overview/".to_string()), "hand-written /overview/ gets the base path: {hrefs:?}");
    assert!(hrefs.iter().all(|h| h.starts_with("/sub/")), "{hrefs:?}");
    let styles = home.attrs("link[rel=stylesheet]", "href");
    let hashed = |p: &str| format!("/sub/{}", site.asset(p).unwrap());
    assert_eq!(styles, [hashed("css/site.css"), hashed("syntax-light.css")]);
    let alias = site.read("old-bundle/index.html");
    assert!(alias.contains("url=/sub/bundle/"), "{alias}");
}

#[test]
fn base_url_flag_replaces_the_configured_one() {
    let site = Site::fixture("basic");
    let run = site.run("build", &["--base-url", "https://user.github.io/repo"]);
    assert!(run.ok(), "{}", run.stderr);
    let hrefs = site.page("overview/index.html").attrs("a", "href");
    assert!(hrefs.iter().all(|h| h.starts_with("/repo/") || h.starts_with('#')), "{hrefs:?}");
}

#[test]
fn page_has_toc_summary_count_dates_terms_and_neighbours() {
    let site = Site::fixture("basic");
    site.built();
    let page = site.page("overview/index.html");
    assert_eq!(page.texts(".toc a"), ["三个特点", "一是战略性"]);
    assert_eq!(page.attrs("h2", "id"), ["three"]);
    assert_eq!(page.attrs("h3", "id"), ["一是战略性"]);
    assert_eq!(page.texts(".summary p"), ["摘要段。"]);
    assert_eq!(page.texts(".meta"), ["18 字 · 1 分钟 · 2023年11月15日"]);
    assert_eq!(page.texts("a.term"), ["习近平", "拜登"]);
    assert_eq!(page.attrs("a.term", "href"), ["/sub/actors/习近平/", "/sub/actors/拜登/"]);
    // Neighbours in reading order: the first page of a section comes after the section itself.
    assert_eq!(page.texts("a[rel=next]"), ["带附件的页"]);
    assert_eq!(page.texts("a[rel=prev]"), ["首页"]);
    assert_eq!(page.texts(".crumbs a"), ["首页"]);
    assert_eq!(page.texts(".event"), ["2023-11-15 会晤 出处"]);
    assert_eq!(page.attrs(".event a", "href"), ["/sub/source/#p2"]);
}

#[test]
fn code_is_highlighted_with_classes() {
    let site = Site::fixture("basic");
    site.built();
    let page = site.page("overview/index.html");
    assert!(!page.attrs("pre.hl-code code span", "class").is_empty());
    assert!(page.attrs("pre [style]", "style").is_empty(), "no inline colours");
    assert!(site.read_asset("syntax-light.css").contains(".hl-"));
}

#[test]
fn stylesheets_for_code_only_when_there_is_code() {
    let site = Site::fixture("basic");
    site.write(
        "content/overview.md",
        &site_text(&site, "content/overview.md").replace("```rust\nfn main() {}\n```", ""),
    );
    site.built();
    assert!(site.asset("syntax-light.css").is_none() && site.asset("css/site.css").is_some());
    assert!(site.page("overview/index.html").attrs("link[rel=stylesheet]", "href").len() == 1);
}

#[test]
fn source_paragraphs_are_numbered() {
    let site = Site::fixture("basic");
    site.built();
    let page = site.page("source/index.html");
    assert_eq!(page.attrs("p[id]", "id"), ["p1", "p2"]);
    assert_eq!(page.texts("#p2"), ["第二段。"]);
}

#[test]
fn sections_sort_their_pages() {
    let site = Site::fixture("basic");
    site.built();
    // notes/ sorts by title; the root by weight.
    assert_eq!(site.page("notes/index.html").texts(".pages a"), ["乙", "甲"]);
    assert_eq!(site.page("index.html").texts("nav a"), ["概览", "带附件的页", "原文"]);
}

#[test]
fn taxonomy_pages_list_terms_and_pages() {
    let site = Site::fixture("basic");
    site.built();
    assert_eq!(site.page("actors/index.html").texts("a.term"), ["习近平 (1)", "拜登 (2)"]);
    assert_eq!(site.page("actors/拜登/index.html").texts("a.page"), ["乙", "概览"]);
}

#[test]
fn drafts_only_with_the_flag() {
    let site = Site::fixture("basic");
    site.write("content/draft.md", "+++\ntitle = \"草稿\"\ndraft = true\n+++\n草稿。\n");
    site.built();
    assert!(!site.public().join("draft/index.html").exists());
    assert!(site.run("build", &["--drafts"]).ok());
    assert!(site.public().join("draft/index.html").exists());
}

#[test]
fn site_templates_override_the_theme() {
    let site = Site::fixture("basic");
    // Move every template into a theme, then override one.
    for name in ["base", "index", "section", "page", "taxonomy_list", "taxonomy_term", "404"] {
        let from = site.root().join(format!("templates/{name}.html"));
        let to = site.root().join(format!("themes/t/templates/{name}.html"));
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(from, to).unwrap();
    }
    site.write("themes/t/static/theme.css", "theme { color: red }");
    let config = site_text(&site, "site.toml").replace("language = ", "theme = \"t\"\nlanguage = ");
    site.write("site.toml", &config);
    site.write("templates/404.html", "<!doctype html><title>x</title><p>site 404</p>");
    site.built();
    assert!(site.read("404.html").contains("site 404"));
    assert!(site.read("overview/index.html").contains("<article>"));
    assert_eq!(site.read_asset("theme.css"), "theme{color:red}");
}

#[test]
fn output_is_the_same_across_builds() {
    let site = Site::fixture("basic");
    site.built();
    let first = snapshot(&site.public());
    site.built();
    assert_eq!(first, snapshot(&site.public()));
}

#[test]
fn output_dir_flag() {
    let site = Site::fixture("basic");
    let out = site.root().join("elsewhere");
    let run = site.run("build", &["-o", out.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(out.join("index.html").is_file());
    assert!(!site.public().exists());
}

#[test]
fn check_writes_nothing() {
    let site = Site::fixture("basic");
    let run = site.run("check", &[]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(!site.public().exists());
}

fn site_text(site: &Site, path: &str) -> String {
    std::fs::read_to_string(site.root().join(path)).unwrap()
}

/// The output folder starts as a temporary folder; it must not stay private to its maker (as a
/// temporary folder may be), or a web server running as another user could not read the site.
#[test]
fn the_output_folder_is_readable_by_a_web_server() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::fixture("basic");
    site.built();
    let mode = std::fs::metadata(site.public()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o755, "public/ has mode {mode:o}");
}

/// A file named like a Zola translation (`page.fr.md`) into a language site.toml does not have is
/// built as a page of its own, and `build` and `check` warn and say how to add the language.
#[test]
fn a_file_named_like_a_translation_is_a_page_with_a_warning() {
    let site = Site::fixture("basic");
    site.write("content/notes/a.fr.md", "+++\ntitle = \"Bonjour\"\n+++\nTexte.\n");
    site.write("content/notes/c.zh-Hans.md", "+++\ntitle = \"你好\"\n+++\n正文。\n");
    site.write("content/notes/v1.2.md", "+++\ntitle = \"Version\"\n+++\nText.\n");
    for command in ["build", "check"] {
        let run = site.run(command, &[]);
        assert_eq!(run.code(), Some(0), "{command}: {}", run.stderr);
        let warning = "content/notes/a.fr.md: warning: `a.fr.md` looks like a translation into `fr`, but site.toml \
                       has no [languages.fr]";
        assert!(run.stderr.contains(warning), "{command}: {}", run.stderr);
        assert_eq!(run.stderr.matches("looks like a translation").count(), 1, "{command}: {}", run.stderr);
        assert!(run.stderr.contains("hint: add a table `[languages.fr]` to site.toml"), "{}", run.stderr);
        // The default language's own code in a name: drop it, do not configure the language again.
        let warning = "content/notes/c.zh-Hans.md: warning: `c.zh-Hans.md` is named with `zh-Hans`, the site's \
                       default language";
        assert!(run.stderr.contains(warning), "{command}: {}", run.stderr);
        assert!(run.stderr.contains("hint: name it `c.md`"), "{}", run.stderr);
        assert!(!run.stderr.contains("[languages.zh-Hans]"), "{}", run.stderr);
    }
    assert!(site.read("notes/a.fr/index.html").contains("Bonjour"));
    assert!(site.read("notes/c.zh-Hans/index.html").contains("你好"));
}

/// `dossier build 2>&1 | true`, `dossier check | head -1`: a reader that goes away ends dossier
/// quietly (by SIGPIPE, as Unix tools end), never with a panic, and the site is built whole.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Seek;
    use std::process::{Command, Stdio};
    let good = Site::fixture("basic");
    good.built();
    let files = |site: &Site| snapshot(&site.public()).into_iter().map(|(path, _)| path).collect::<Vec<_>>();
    for command in ["build", "check"] {
        // stderr to the closed pipe too (`2>&1 | true`), or kept in a file to see that nothing panicked.
        for kept in [false, true] {
            let site = Site::fixture("basic");
            let mut log = tempfile::tempfile().unwrap();
            let stderr = if kept { Stdio::from(log.try_clone().unwrap()) } else { Stdio::piped() };
            let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args([command, "--root", site.root().to_str().unwrap()])
                .env("NO_COLOR", "1")
                .stdout(Stdio::piped())
                .stderr(stderr)
                .spawn()
                .unwrap();
            drop(child.stdout.take());
            drop(child.stderr.take());
            let status = child.wait().unwrap();
            log.rewind().unwrap();
            let said = std::io::read_to_string(&log).unwrap();
            assert_ne!(status.code(), Some(101), "{command}: {status}\n{said}");
            assert!(!said.contains("panicked"), "{command}: {said}");
            if command == "build" {
                assert_eq!(files(&site), files(&good), "build's output is not whole");
            }
        }
    }
}
