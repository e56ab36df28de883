use super::*;

fn render_with(body: &str, number_paragraphs: bool) -> Rendered {
    let config = MarkdownConfig::default();
    let highlighter = Highlighter::default();
    let options = RenderOptions {
        config: &config,
        base_path: "/repo/",
        number_paragraphs,
        highlighter: &highlighter,
        source: None,
        annotator: None,
        own_entity: None,
    };
    let resolve = |path: &str| match path {
        "consensus.md" => Ok("/repo/consensus/".to_string()),
        other => Err(format!("no page {other}")),
    };
    render(body, &options, &resolve)
}

fn html(body: &str) -> String {
    render_with(body, false).html
}

#[test]
fn headings_get_readable_unique_ids_and_nest_into_a_toc() {
    let r = render_with("## 指导原则\n\n### 七条共识\n\n## 对话合作 {#dialogue}\n\n## 指导原则\n", false);
    assert!(r.html.contains("<h2 id=\"指导原则\">指导原则</h2>"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"dialogue\">对话合作</h2>"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"指导原则-1\">"), "{}", r.html);
    let outline: Vec<(&str, usize)> = r.toc.iter().map(|h| (h.id.as_str(), h.children.len())).collect();
    assert_eq!(outline, [("指导原则", 1), ("dialogue", 0), ("指导原则-1", 0)]);
    assert_eq!(r.toc[0].children[0].title, "七条共识");
    assert_eq!(r.anchors, ["指导原则", "七条共识", "dialogue", "指导原则-1"]);
}

#[test]
fn duplicate_explicit_id_is_a_problem() {
    let r = render_with("## a {#x}\n\n## b {#x}\n", false);
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].offset, 11);
}

#[test]
fn chinese_punctuation_passes_through_untouched() {
    let out = html("中方要求美方恪守一个中国原则，反对“台湾独立”。'单引号' \"双引号\" -- ...");
    assert!(out.contains("反对“台湾独立”。'单引号' \"双引号\" -- ..."), "{out}");
}

#[test]
fn internal_links_resolve_and_are_recorded() {
    let r = render_with("见[共识](@/consensus.md#climate)与[缺失](@/nope.md)。", false);
    assert!(r.html.contains("href=\"/repo/consensus/#climate\""), "{}", r.html);
    assert_eq!(
        r.links,
        [InternalLink {
            target: "consensus.md".into(),
            anchor: Some("climate".into()),
            offset: "见".len(),
            context: "见共识与缺失。".into()
        }]
    );
    assert_eq!(r.problems.len(), 1);
    assert!(r.problems[0].message.contains("no page nope.md"));
    assert_eq!(r.problems[0].offset, "见[共识](@/consensus.md#climate)与".len());
}

#[test]
fn root_relative_links_get_the_base_path() {
    let cases = [
        ("[a](/consensus/)", "href=\"/repo/consensus/\""),
        ("[a](/repo/consensus/)", "href=\"/repo/consensus/\""),
        ("[a](//example.org/x)", "href=\"//example.org/x\""),
        ("[a](https://example.org/)", "href=\"https://example.org/\""),
        ("[a](#p3)", "href=\"#p3\""),
        ("![图](/img/a.png)", "src=\"/repo/img/a.png\""),
    ];
    for (input, expect) in cases {
        assert!(html(input).contains(expect), "{input}: {}", html(input));
    }
}

#[test]
fn source_paragraphs_are_numbered_at_top_level_only() {
    let r = render_with("## 标题\n\n第一段。\n\n> 引文\n\n- 列表\n\n第二段。\n", true);
    assert!(r.html.contains("<p id=\"p1\">第一段。</p>"), "{}", r.html);
    assert!(r.html.contains("<p id=\"p2\">第二段。</p>"), "{}", r.html);
    assert!(!r.html.contains("p3"), "{}", r.html);
    assert_eq!(r.anchors, ["标题", "p1", "p2"]);
}

#[test]
fn summary_ends_at_more_marker() {
    let r = render_with("摘要。\n\n<!-- more -->\n\n正文。\n", false);
    assert_eq!(r.summary.as_deref(), Some("<p>摘要。</p>\n"));
    assert!(render_with("无摘要。", false).summary.is_none());
}

#[test]
fn code_blocks_use_css_classes() {
    let r = render_with("```rust\nfn main() {}\n```\n\n```\nplain <b>\n```\n", false);
    assert!(r.highlighted);
    assert!(r.html.contains("<pre class=\"hl-code\"><code class=\"language-rust\">"), "{}", r.html);
    assert!(r.html.contains("<span class=\"hl-"), "{}", r.html);
    assert!(!r.html.contains("style="), "{}", r.html);
    assert!(r.html.contains("<pre><code>plain &lt;b&gt;\n</code></pre>"), "{}", r.html);
    assert!(!render_with("no code", false).highlighted);
}

#[test]
fn extensions_are_on() {
    let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~删~~\n\n- [x] 完成\n\n注[^1]\n\n[^1]: 脚注。\n");
    for expect in ["<table>", "<del>删</del>", "type=\"checkbox\"", "footnote-definition"] {
        assert!(out.contains(expect), "{expect}: {out}");
    }
}

#[test]
fn word_count_ignores_code() {
    let r = render_with("会晤持续4个小时。\n\n```\n不算这些\n```\n", false);
    assert_eq!((r.count.han, r.count.words), (7, 1));
}
