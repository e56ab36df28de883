//! Pages far larger than usual: the output stays complete and correct (their speed is measured by
//! bench/large.py; the unit tests beside the code check that the work stays linear).

use crate::util::Site;

#[test]
fn many_equal_headings_get_numbered_ids_in_document_order() {
    // Regression: 20,000 `## Same` headings took 17 s, each trying every id before it.
    let n = 3000;
    let body: String = (0..n).map(|i| format!("## Same\n\n第 {i} 段。\n\n")).collect();
    let site = Site::fixture("basic");
    site.write("content/same.md", &format!("+++\ntitle = \"同名标题\"\n+++\n\n## Same-1\n\n{body}"));
    site.built();
    let page = site.page("same/index.html");
    let ids = page.attrs("h2", "id");
    // The heading written `Same-1` took `same-1` first, so the equal ones skip it.
    let mut expect = vec!["same-1".to_string(), "same".to_string()];
    expect.extend((2..=n).map(|i| format!("same-{i}")));
    assert_eq!(ids, expect);
    assert!(site.run("check", &[]).ok());
}

#[test]
fn a_page_larger_than_one_search_part_is_built_whole_and_indexed() {
    // Over the 512 KiB above which the search index takes a page in parts.
    let para = "两国元首同意加强气候变化合作，推动人工智能政府间对话，恢复两军高层沟通。";
    let mut body = String::new();
    for i in 0..6000 {
        if i % 500 == 0 {
            body.push_str(&format!("## 第{}部分\n\n", i / 500 + 1));
        }
        body.push_str(&format!("{para}第{i}段。\n\n"));
    }
    assert!(body.len() > 600 * 1024);
    let site = Site::fixture("basic");
    site.write("content/big.md", &format!("+++\ntitle = \"大页面\"\n+++\n\n{body}"));
    site.built();
    let page = site.page("big/index.html");
    assert_eq!(page.texts("p").iter().filter(|p| p.starts_with("两国元首")).count(), 6000);
    assert!(page.texts("p").iter().any(|p| p.ends_with("第5999段。")), "the last paragraph is there");
    let fragments = std::fs::read_dir(site.public().join("pagefind/fragment")).unwrap().count();
    let small = Site::fixture("basic");
    small.built();
    let before = std::fs::read_dir(small.public().join("pagefind/fragment")).unwrap().count();
    assert!(fragments > before + 1, "the big page is indexed in parts: {fragments} fragments, {before} without it");
}
