//! Publishing: the shipped dossier built for a GitHub Pages project subpath and served from a
//! folder under `/repo/`, crawled by a real link checker (Debian's `linkchecker`, with anchor
//! checking) and searched in headless Chromium with the index it ships. Both tools are installed
//! by .ci/run; elsewhere a missing tool skips its test with the reason printed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{StaticServer, dossier, listener, tool_ready};

/// The shipped dossier built for `http://127.0.0.1:PORT/repo/` into `TMP/repo/` and served.
struct Published {
    _dir: tempfile::TempDir,
    public: PathBuf,
    base: String,
    _server: StaticServer,
}

fn publish() -> Published {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("repo");
    let listener = listener();
    let base = format!("http://127.0.0.1:{}/repo/", listener.local_addr().unwrap().port());
    let root = env!("CARGO_MANIFEST_DIR");
    let run = dossier(&["build", "--root", root, "--base-url", &base, "-o", public.to_str().unwrap()]);
    assert!(run.ok(), "the shipped dossier does not build:\n{}", run.stderr);
    let server = StaticServer::start(listener, dir.path().to_path_buf(), public.join("404.html"));
    Published { _dir: dir, public, base, _server: server }
}

fn get(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response = agent.get(url).call().unwrap();
    (response.status().as_u16(), response.body_mut().read_to_string().unwrap_or_default())
}

/// Why `program` cannot run here (it does not answer `--version`), with how to install it.
fn program_missing(program: &str, install: &str) -> Option<String> {
    match Command::new(program).arg("--version").output() {
        Ok(o) if o.status.success() => None,
        _ => Some(format!("no {program} ({install})")),
    }
}

#[test]
fn a_link_checker_finds_no_broken_link_or_anchor_under_a_subpath() {
    if !tool_ready("the link checker test", program_missing("linkchecker", "apt-get install linkchecker")) {
        return;
    }
    let site = publish();
    let config = site.public.parent().unwrap().join("linkcheckerrc");
    std::fs::write(&config, "[checking]\nthreads=4\n[filtering]\ncheckextern=0\n[AnchorCheck]\n").unwrap();
    let output = Command::new("linkchecker")
        .args(["-f", config.to_str().unwrap(), "--no-status", "--no-robots"])
        .arg(&site.base)
        .arg(format!("{}404.html", site.base))
        .arg(format!("{}sitemap.xml", site.base))
        .env("HOME", site.public.parent().unwrap())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stdout.lines().find(|l| l.starts_with("That's it.")).unwrap_or_else(|| panic!("{stdout}\n{stderr}"));
    println!("linkchecker: {summary}");
    let count = |what: &str| -> usize {
        let words: Vec<&str> = summary.split_whitespace().collect();
        let at = words.iter().position(|w| w.trim_end_matches('.').starts_with(what)).unwrap();
        words[at - 1].parse().unwrap()
    };
    let checked = summary.split(" in ").nth(1).and_then(|s| s.split_whitespace().next()).and_then(|n| n.parse().ok());
    assert_eq!((count("warning"), count("error")), (0, 0), "{stdout}\n{stderr}");
    assert!(checked.unwrap_or(0) > 100, "only {checked:?} URLs checked:\n{stdout}");
}

#[test]
fn the_404_page_works_at_any_depth_and_feeds_are_absolute() {
    let site = publish();
    for deep in ["nope", "a/b/c/d/", "overview/nope/"] {
        let (status, body) = get(&format!("{}{deep}", site.base));
        assert_eq!(status, 404, "{deep}");
        let page = scraper::Html::parse_document(&body);
        let s = scraper::Selector::parse("a[href], link[href], script[src]").unwrap();
        for e in page.select(&s) {
            let url = e.value().attr("href").or_else(|| e.value().attr("src")).unwrap();
            let fixed = url.starts_with("/repo/") || url.starts_with(&site.base) || url.starts_with('#');
            assert!(fixed, "{deep}: {url} depends on the folder");
        }
    }
    let atom = std::fs::read_to_string(site.public.join("atom.xml")).unwrap();
    assert!(
        atom.contains(&format!("<link rel=\"self\" type=\"application/atom+xml\" href=\"{}atom.xml\"/>", site.base))
    );
    assert!(
        atom.contains(&format!("<link rel=\"alternate\" type=\"text/html\" href=\"{}overview/\"/>", site.base)),
        "{atom}"
    );
    let sitemap = std::fs::read_to_string(site.public.join("sitemap.xml")).unwrap();
    for loc in sitemap.split("<loc>").skip(1) {
        assert!(loc.starts_with(&site.base), "{loc}");
    }
    assert!(sitemap.contains(&format!("<loc>{}entities/filoli/</loc>", site.base)));
    let robots = std::fs::read_to_string(site.public.join("robots.txt")).unwrap();
    assert!(robots.contains(&format!("Sitemap: {}sitemap.xml", site.base)), "{robots}");
    let no_dot_folders = walkdir::WalkDir::new(&site.public)
        .into_iter()
        .filter_map(Result::ok)
        .all(|e| !e.file_name().to_string_lossy().starts_with('.'));
    assert!(no_dot_folders, "GitHub Pages leaves out dot files");
}

/// Chinese queries drawn from the article, each with the page that should answer it.
const QUERIES: &[(&str, &str)] = &[
    ("气候", "/consensus/"),
    ("台湾", "/disputes/"),
    ("斐洛里", "/filoli/"),
    ("人工智能", "/consensus/"),
    ("禁毒", "/consensus/"),
    ("直航航班", "/consensus/"),
    ("留学生", "/consensus/"),
    ("五个共同", "/overview/"),
    ("庄园外交", "/filoli/"),
    ("伯恩", "/entities/william-bourn/"),
    ("阳光之乡", "/entities/sunnylands/"),
    ("巴厘岛", "/entities/bali/"),
    ("单边制裁", "/disputes/"),
    ("两军高层沟通", "/consensus/"),
    ("农业联合会", "/entities/agriculture-commission/"),
    ("科技合作协定", "/entities/st-agreement/"),
    ("战略性", "/overview/"),
    ("旧金山愿景", "/overview/"),
    ("地球容得下", "/outlook/"),
    ("建交45周年", "/outlook/"),
    ("王毅", "/entities/wang-yi/"),
    ("亚太经合组织", "/entities/apec/"),
    ("海上军事安全", "/entities/mmca/"),
    ("同传", "/overview/"),
    ("乌克兰", "/overview/"),
    ("教育合作", "/consensus/"),
];

pub(crate) fn browser_missing() -> Option<String> {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    if !Path::new("/usr/bin/chromium").exists() {
        return Some("no /usr/bin/chromium (apt-get install chromium)".into());
    }
    if !e2e.join("node_modules/playwright-core").exists() {
        return Some("no playwright-core (npm ci --prefix tests/e2e)".into());
    }
    None
}

#[test]
fn chinese_queries_find_their_pages_in_the_built_index() {
    if !tool_ready("the search test", browser_missing()) {
        return;
    }
    let site = publish();
    let index_bytes: u64 = walkdir::WalkDir::new(site.public.join("pagefind"))
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok().filter(|m| m.is_file()).map(|m| m.len()))
        .sum();
    let queries: Vec<&str> = QUERIES.iter().map(|(q, _)| *q).collect();
    let file = site.public.parent().unwrap().join("queries.json");
    std::fs::write(&file, serde_json::to_string(&queries).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/search.mjs");
    let mut command = Command::new("node");
    command.arg(&script).arg(&site.base).arg(&file);
    if let Some(shots) = std::env::var_os("DOSSIER_SCREENSHOTS") {
        command.arg(shots);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let results: std::collections::HashMap<String, Vec<String>> =
        serde_json::from_str(stdout.lines().last().unwrap_or("{}")).unwrap();
    let mut at_1 = 0;
    let mut at_5 = 0;
    for (query, expected) in QUERIES {
        let urls: Vec<String> = results[*query].iter().map(|u| u.trim_start_matches("/repo").to_string()).collect();
        let rank = urls.iter().position(|u| u == expected);
        at_1 += usize::from(rank == Some(0));
        at_5 += usize::from(rank.is_some());
        println!("{query}\t{expected}\t{}\t{}", rank.map_or("-".into(), |r| (r + 1).to_string()), urls.join(" "));
    }
    let n = QUERIES.len();
    println!("recall@1 {at_1}/{n}, recall@5 {at_5}/{n}; index {index_bytes} bytes");
    assert!(n >= 20);
    assert!(at_5 * 10 >= n * 9, "recall@5 {at_5}/{n} is below 90%");
}

/// The recall suite of issue 16 (`tests/e2e/recall.json`): each query typed into the box of the
/// built dossier must return its pages first, not the pages it must not, and mark whole terms;
/// an absent word (`芬太尼`, reported matching 亚太) must say the box's "no results" words.
#[test]
fn the_search_box_answers_the_recall_suite_exactly() {
    if !tool_ready("the recall suite", browser_missing()) {
        return;
    }
    let site = publish();
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    let output = Command::new("node")
        .arg(e2e.join("search-recall.mjs"))
        .arg(&site.base)
        .arg(e2e.join("recall.json"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
}

/// The search box's matching rules, row by row in every script it treats as written without
/// spaces and in Latin (`tests/e2e/search-terms.mjs`); needs Node only.
#[test]
fn search_terms_match_as_written_in_each_script() {
    if !tool_ready("the search terms test", program_missing("node", "apt-get install nodejs")) {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/search-terms.mjs");
    let output = Command::new("node").arg(&script).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
}
