use super::*;

/// The engine's words as the Chinese table has them.
fn labels() -> Labels {
    Labels {
        cite: "出处 ¶{n}".into(),
        quote: "原文 ¶{n}".into(),
        quote_source: "——{link}".into(),
        label_colon: "：".into(),
        ..Labels::default()
    }
}

fn render_with(body: &str, number_paragraphs: bool) -> Rendered {
    let config = MarkdownConfig::default();
    let highlighter = Highlighter::default();
    let options = RenderOptions {
        config: &config,
        base_path: "/repo/",
        number_paragraphs,
        highlighter: &highlighter,
        sources: None,
        annotator: None,
        own_entity: None,
        labels: &labels(),
        anchor_links: Default::default(),
        images: None,
        shortcodes: None,
    };
    let resolve = |path: &str| match path {
        "consensus.md" => Ok("/repo/consensus/".to_string().into()),
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
fn a_link_into_another_language_carries_hreflang_in_chinese_and_english() {
    let config = MarkdownConfig::default();
    let highlighter = Highlighter::default();
    let options = RenderOptions {
        config: &config,
        base_path: "/",
        number_paragraphs: false,
        highlighter: &highlighter,
        sources: None,
        annotator: None,
        own_entity: None,
        labels: &labels(),
        anchor_links: Default::default(),
        images: None,
        shortcodes: None,
    };
    // As the build resolves: `a.en.md` is English, `a.md` Chinese; each seen from the other.
    let from_zh = |p: &str| Ok(Resolved { href: format!("/{p}/"), hreflang: p.contains(".en").then(|| "en".into()) });
    let from_en =
        |p: &str| Ok(Resolved { href: format!("/{p}/"), hreflang: (!p.contains(".en")).then(|| "zh-Hans".into()) });
    let zh = render("见[英文版](@/a.en.md#x \"题\")和[本文](@/b.md)。", &options, &from_zh).html;
    assert_eq!(
        zh,
        "<p>见<a hreflang=\"en\" href=\"/a.en.md/#x\" title=\"题\">英文版</a>和<a href=\"/b.md/\">本文</a>。</p>\n"
    );
    let en = render("See [the original](@/a.md) and [this](@/b.en.md).", &options, &from_en).html;
    assert_eq!(
        en,
        "<p>See <a hreflang=\"zh-Hans\" href=\"/a.md/\">the original</a> and <a href=\"/b.en.md/\">this</a>.</p>\n"
    );
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
            line_col: (0, 0),
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
fn used_by_lists_go_after_numbered_paragraphs() {
    let cases = [
        ("一。\n\n二。\n", "<p id=\"p1\">一。</p>\n[1]<p id=\"p2\">二。</p>\n[2]"),
        // A block after the list starts on a new line, as after any HTML without one.
        (
            "一。\n\n- 项\n\n> 引\n",
            "<p id=\"p1\">一。</p>\n[1]\n<ul>\n<li>项</li>\n</ul>\n<blockquote>\n<p>引</p>\n</blockquote>\n",
        ),
        ("## 题\n\n一。\n\n## 尾\n", "<h2 id=\"题\">题</h2>\n<p id=\"p1\">一。</p>\n[1]<h2 id=\"尾\">尾</h2>\n"),
        // Text of the body that looks like the old markers stays as written.
        ("一。\n\n<!-- dossier:uses p1 -->\n", "<p id=\"p1\">一。</p>\n[1]<!-- dossier:uses p1 -->\n"),
        ("一。\n\n<!-- dossier:uses p", "<p id=\"p1\">一。</p>\n[1]<!-- dossier:uses p"),
        ("<!-- dossier:uses p", "<!-- dossier:uses p"),
    ];
    for (body, expect) in cases {
        let r = render_with(body, true);
        assert_eq!(fill_uses(&r.html, &r.uses, |n| format!("[{n}]")), expect, "{body:?}");
    }
    assert!(render_with("一。\n", false).uses.is_empty());
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
    assert_eq!((r.count.characters, r.count.words), (7, 1));
}

fn render_dossier(body: &str, mentions: Mentions, own_entity: Option<usize>) -> Rendered {
    let target = |t: &str, s: &str| annotate::Target { href: format!("/e/{t}/"), title: t.into(), summary: s.into() };
    let annotator = Annotator::new(
        vec![
            ("斐洛里".into(), 0),
            ("斐洛里庄园".into(), 0),
            ("Filoli".into(), 0),
            ("拜登".into(), 1),
            ("拜登总统".into(), 1),
        ],
        vec![target("斐洛里庄园", "一座<庄园>"), target("拜登", "美国总统")],
        mentions,
    );
    let source = SourceText {
        href: "/s/".into(),
        paragraphs: vec!["第一段。".into(), "第一句。第二句！“第三句。”第四句".into()],
        ..SourceText::default()
    };
    render_against(body, &source, Some(&annotator), own_entity)
}

/// Render `body` citing `source`, with entity names from `annotator`.
fn render_against(
    body: &str,
    source: &SourceText,
    annotator: Option<&Annotator>,
    own_entity: Option<usize>,
) -> Rendered {
    render_config(body, source, annotator, own_entity, &MarkdownConfig::default())
}

fn render_config(
    body: &str,
    source: &SourceText,
    annotator: Option<&Annotator>,
    own_entity: Option<usize>,
    config: &MarkdownConfig,
) -> Rendered {
    let highlighter = Highlighter::default();
    let sources = Sources { list: vec![source.clone()], default: Some(0) };
    let options = RenderOptions {
        config,
        base_path: "/",
        number_paragraphs: false,
        highlighter: &highlighter,
        sources: Some(&sources),
        annotator,
        own_entity,
        labels: &labels(),
        anchor_links: Default::default(),
        images: None,
        shortcodes: None,
    };
    render(body, &options, &|p: &str| Ok(format!("/{}/", p.trim_end_matches(".md")).into()))
}

#[test]
fn first_mention_of_each_entity_links_to_it_with_a_popover() {
    let r = render_dossier("拜登总统到斐洛里庄园。斐洛里很美，拜登也说。\n", Mentions::First, None);
    let links: Vec<&str> = r.html.matches("class=\"entity\"").collect();
    assert_eq!(links.len(), 2, "{}", r.html);
    assert!(r.html.contains(">拜登总统</a><span class=\"popover\" role=\"tooltip\""), "{}", r.html);
    assert!(r.html.contains("<strong>斐洛里庄园</strong>：一座&lt;庄园&gt;"), "summary escaped: {}", r.html);
    assert!(r.html.contains("。斐洛里很美，拜登也说。"), "later mentions stay text: {}", r.html);
    let mentions: Vec<(usize, &str)> = r.mentions.iter().map(|m| (m.entity, m.context.as_str())).collect();
    assert_eq!(mentions, [(1, "拜登总统到斐洛里庄园。"), (0, "拜登总统到斐洛里庄园。")]);
    assert_eq!(r.count.characters, "拜登总统到斐洛里庄园斐洛里很美拜登也说".chars().count());
}

#[test]
fn every_mention_when_configured() {
    let r = render_dossier("拜登。拜登。\n", Mentions::All, None);
    assert_eq!(r.html.matches("class=\"entity\"").count(), 2, "{}", r.html);
    assert_eq!(r.mentions.len(), 1, "one mention record per entity and page");
}

#[test]
fn names_are_not_linked_in_links_headings_code_or_on_their_own_page() {
    let cases = [
        ("[斐洛里庄园](@/filoli.md)", "inside a link"),
        ("## 斐洛里庄园\n", "in a heading"),
        ("`斐洛里庄园`", "in a code span"),
        ("```\n斐洛里庄园\n```\n", "in a code block"),
        ("<span title=\"斐洛里庄园\">x</span>", "in an attribute"),
    ];
    for (body, what) in cases {
        let r = render_dossier(body, Mentions::First, None);
        assert!(!r.html.contains("class=\"entity\""), "{what}: {}", r.html);
    }
    let r = render_dossier("斐洛里庄园与拜登。", Mentions::First, Some(0));
    assert_eq!(r.html.matches("class=\"entity\"").count(), 1, "own page: {}", r.html);
    assert!(r.html.contains(">拜登</a>"), "{}", r.html);
}

#[test]
fn link_contexts_are_the_linking_sentence() {
    let r = render_dossier(
        "前一句。见[共识](@/consensus.md#x)的条目。后一句。\n\n- 列表里[另一处](@/a.md)\n",
        Mentions::First,
        None,
    );
    let contexts: Vec<&str> = r.links.iter().map(|l| l.context.as_str()).collect();
    assert_eq!(contexts, ["见共识的条目。", "列表里另一处"]);
}

#[test]
fn cite_and_quote_draw_on_the_source() {
    let r = render_dossier(
        "正文{{ cite(p=2) }}。\n\n{{ quote(p=2, s=\"2-3\") }}\n\n他说{{ quote(p=1) }}。\n",
        Mentions::First,
        None,
    );
    assert!(r.html.contains("<a class=\"cite\" href=\"/s/#p2\" data-pagefind-ignore>出处 ¶2</a>"), "{}", r.html);
    assert!(
        r.html.contains("<blockquote class=\"source-quote\" cite=\"/s/#p2\">\n<p>第二句！“第三句。”</p>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<p><blockquote"), "block quote replaces its paragraph: {}", r.html);
    assert!(r.html.contains("他说<q class=\"source-quote\" cite=\"/s/#p1\">第一段。</q>"), "{}", r.html);
    assert_eq!(r.citations, [(String::new(), 2), (String::new(), 2), (String::new(), 1)]);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let code = render_dossier("`{{ cite(p=2) }}`", Mentions::First, None);
    assert!(code.citations.is_empty() && code.html.contains("<code>{{ cite(p=2) }}</code>"));
}

#[test]
fn shortcode_mistakes_are_problems_at_their_offset() {
    let cases = [
        ("ab{{ cite(p=9) }}", 2, "paragraphs 1 to 2, not 9"),
        ("{{ cite() }}", 0, "needs the paragraph number"),
        ("{{ quote(p=2, s=\"3-9\") }}", 0, "sentences 1 to 4"),
        ("x{{ nope(p=1) }}", 1, "no shortcode `nope`"),
        ("{{ cite(p=) }}", 0, "do not parse"),
        ("见{{ cite(p=1 }}", 3, "`cite` is not closed"),
        ("{{ quote(p=1) }", 0, "`quote` is not closed"),
    ];
    for (body, offset, message) in cases {
        let r = render_dossier(body, Mentions::First, None);
        assert_eq!(r.problems.len(), 1, "{body}: {:?}", r.problems);
        assert_eq!(r.problems[0].offset, offset, "{body}");
        assert!(r.problems[0].message.contains(message), "{body}: {}", r.problems[0].message);
    }
}

#[test]
fn footnotes_become_sidenotes_and_stay_at_the_end() {
    let out = html("正文[^a]，再注[^b]。\n\n[^a]: 第一条*注*。\n[^b]: 第二条。\n");
    assert!(out.contains("<a href=\"#sn-a\">1</a></sup><span class=\"sidenote\" id=\"sn-a\" role=\"note\" data-pagefind-ignore><span class=\"sidenote__number\">1</span> 第一条<em>注</em>。</span>"), "{out}");
    assert!(out.contains("id=\"sn-b\""), "{out}");
    assert!(out.contains("class=\"footnote-definition\""), "the list at the end stays: {out}");
}

#[test]
fn pieces_of_body_text_borrow_the_body_and_pieces_of_merged_text_are_copies() {
    let body = "甲乙丙丁";
    let borrowed = part(&CowStr::Borrowed(body), 3..9);
    assert!(matches!(borrowed, CowStr::Borrowed(s) if s == "乙丙" && std::ptr::eq(s.as_ptr(), body[3..].as_ptr())));
    let merged: CowStr = String::from(body).into();
    assert!(matches!(part(&merged, 3..9), CowStr::Boxed(s) if &*s == "乙丙"));
}

#[test]
fn shortcodes_in_text_split_across_events_and_entities_keep_the_text_whole() {
    // Text pulldown-cmark gives in several pieces (merged into one owned text) and text it gives
    // whole (borrowed from the body) render alike around a shortcode and an entity name.
    for body in ["美方 [x] 斐洛里 {{ nope() }} 尾。", "美方斐洛里 {{ nope() }} 尾。"] {
        let r = render_dossier(body, Mentions::First, None);
        assert!(r.html.contains("{{ nope() }}"), "{}", r.html);
        assert!(r.html.contains("尾。"), "{}", r.html);
        assert!(r.html.contains("class=\"entity\""), "{}", r.html);
    }
}

#[test]
fn quote_picks_sentences_in_chinese_and_english() {
    let source = SourceText {
        href: "/s/".into(),
        paragraphs: vec![
            "第一句。第二句！“第三句。”第四句".into(),
            "Mr. Smith arrived. He spoke at length, e.g. about trade. “Enough,” she said.".into(),
            "One sentence only.".into(),
        ],
        ..SourceText::default()
    };
    let cases = [
        ("{{ quote(p=1, s=\"2-3\") }}", "第二句！“第三句。”"),
        ("{{ quote(p=1, s=4) }}", "第四句"),
        // UAX #29 has no list of abbreviations: a capital after "Mr. " starts a sentence.
        ("{{ quote(p=2, s=1) }}", "Mr."),
        ("{{ quote(p=2, s=\"2-3\") }}", "Smith arrived. He spoke at length, e.g. about trade."),
        ("{{ quote(p=2, s=4) }}", "“Enough,” she said."),
    ];
    for (body, want) in cases {
        let r = render_against(body, &source, None, None);
        assert!(r.problems.is_empty(), "{body}: {:?}", r.problems);
        assert!(r.html.contains(&format!("<p>{}</p>", escape(want))), "{body}: {}", r.html);
    }
}

#[test]
fn sentence_range_mistakes_name_only_sentences_the_paragraph_has() {
    let source = SourceText {
        href: "/s/".into(),
        paragraphs: vec!["只有一句。".into(), "One. Two. Three.".into()],
        ..SourceText::default()
    };
    let cases = [
        ("{{ quote(p=1, s=2) }}", "paragraph 1 is a single sentence; `s = 2` is not it", "without s"),
        ("{{ quote(p=2, s=\"2-5\") }}", "paragraph 2 has sentences 1 to 3; `s = 2-5`", "s=3"),
        ("{{ quote(p=2, s=0) }}", "sentences 1 to 3; `s = 0`", "s=\"1-3\""),
    ];
    for (body, message, hint) in cases {
        let r = render_against(body, &source, None, None);
        assert_eq!(r.problems.len(), 1, "{body}: {:?}", r.problems);
        assert!(r.problems[0].message.contains(message), "{body}: {}", r.problems[0].message);
        assert!(r.problems[0].hint.as_deref().unwrap_or("").contains(hint), "{body}: {:?}", r.problems[0].hint);
    }
}

#[test]
fn without_the_source_page_cite_and_quote_stay_as_written_without_a_problem_each() {
    // Its absence is reported once, at site.toml.
    let source = SourceText { missing: true, ..SourceText::default() };
    let r = render_against("见{{ cite(p=1) }}。\n\n{{ quote(p=2) }}\n", &source, None, None);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(r.citations.is_empty());
    assert!(r.html.contains("{{ cite(p=1) }}") && r.html.contains("{{ quote(p=2) }}"), "{}", r.html);
}

/// `body` with smart punctuation on or off, citing an English source (p1) and a Chinese one (p2).
fn render_smart(body: &str, smart_punctuation: bool) -> Rendered {
    let source = SourceText {
        href: "/s/".into(),
        paragraphs: vec!["It rained! Then it stopped? The end".into(), "第一句。第二句！第三句".into()],
        ..SourceText::default()
    };
    let config = MarkdownConfig { smart_punctuation, ..MarkdownConfig::default() };
    render_config(body, &source, None, None, &config)
}

#[test]
fn smart_punctuation_curls_the_text_and_leaves_shortcode_arguments_straight() {
    let english = "\"Quoted\" -- he said {{ quote(p=1, s=\"1-2\") }} and 'that' {{ cite(p=1) }}...\n\n\
                   {{ quote(p=1, s='2-3') }}\n";
    let chinese = "\"引文\" -- 他说{{ quote(p=2, s=\"1-2\") }}，见{{ cite(p=2) }}...\n\n{{ quote(p=2, s='2-3') }}\n";
    for (body, inline, block) in [
        (english, "It rained! Then it stopped?", "Then it stopped? The end"),
        (chinese, "第一句。第二句！", "第二句！第三句"),
    ] {
        let on = render_smart(body, true);
        assert!(on.problems.is_empty(), "{body}: {:?}", on.problems);
        assert!(on.html.contains("cite=\"/s/#p"), "{}", on.html);
        assert!(on.html.contains(inline), "{}", on.html);
        assert!(
            on.html.contains(&format!("{block}</p>\n<p class=\"quote-source\" data-pagefind-ignore>")),
            "{}",
            on.html
        );
        assert_eq!(on.citations.len(), 3, "{}", on.html);
        assert!(on.html.starts_with("<p>“") && on.html.contains("” – ") && on.html.contains("…"), "{}", on.html);
        assert!(!on.html.contains("{{"), "{}", on.html);
        let off = render_smart(body, false);
        assert!(off.problems.is_empty(), "{body}: {:?}", off.problems);
        assert!(off.html.starts_with("<p>\"") && off.html.contains(" -- "), "{}", off.html);
        assert_eq!(off.citations.len(), 3, "{}", off.html);
    }
    let english = render_smart(english, true);
    assert!(english.html.contains(" and ‘that’ "), "{}", english.html);
}

#[test]
fn with_smart_punctuation_shortcode_mistakes_are_still_reported() {
    let r = render_smart("a {{ quote(p=1, s=\"9\") }}", true);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert!(r.problems[0].message.contains("`s = 9`"), "{:?}", r.problems);
    assert_eq!(r.problems[0].offset, 2);
    // A call left open is not a call: its quotes curl, and it is reported at its `{{`.
    let r = render_smart("a {{ cite(p=1 \"x\"", true);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert!(r.problems[0].message.contains("not closed"), "{:?}", r.problems);
    assert_eq!(r.problems[0].offset, 2);
}

#[test]
fn the_words_around_citations_come_from_the_labels_of_the_page_language() {
    let source = SourceText {
        href: "/s/".into(),
        paragraphs: vec!["First. Second.".into(), "第一句。第二句。".into()],
        ..SourceText::default()
    };
    let english = Labels {
        cite: "Source ¶{n}".into(),
        quote: "Source ¶{n}".into(),
        quote_source: "— {link}".into(),
        ..Labels::default()
    };
    let highlighter = Highlighter::default();
    let config = MarkdownConfig::default();
    let sources = Sources { list: vec![source], default: Some(0) };
    for (labels, cite, under) in [
        (labels(), "出处 ¶1", "——<a class=\"cite\" href=\"/s/#p2\">原文 ¶2</a>"),
        (english, "Source ¶1", "— <a class=\"cite\" href=\"/s/#p2\">Source ¶2</a>"),
    ] {
        let options = RenderOptions {
            config: &config,
            base_path: "/",
            number_paragraphs: false,
            highlighter: &highlighter,
            sources: Some(&sources),
            annotator: None,
            own_entity: None,
            labels: &labels,
            anchor_links: Default::default(),
            images: None,
            shortcodes: None,
        };
        let r = render("x{{ cite(p=1) }}\n\n{{ quote(p=2, s=1) }}\n", &options, &|p: &str| Ok(p.to_string().into()));
        assert!(
            r.html.contains(&format!("<a class=\"cite\" href=\"/s/#p1\" data-pagefind-ignore>{cite}</a>")),
            "{}",
            r.html
        );
        assert!(r.html.contains(&format!("<p class=\"quote-source\" data-pagefind-ignore>{under}</p>")), "{}", r.html);
    }
}

/// Renders `body` with the site shortcodes `note` (HTML), `aside` (Markdown) and `fails`, whose
/// output shows what each was given, and a source for `cite` and `quote`; `cite_template` gives
/// `cite` a site template.
fn render_shortcodes(body: &str, cite_template: bool) -> Rendered {
    let highlighter = Highlighter::default();
    let source = SourceText {
        name: "source".into(),
        href: "/source/".into(),
        paragraphs: vec!["第一句。第二句。".into()],
        ..SourceText::default()
    };
    let sources = Sources { list: vec![source], default: Some(0) };
    let mut kinds = std::collections::BTreeMap::from([
        ("note".to_string(), Kind::Html),
        ("aside".to_string(), Kind::Markdown),
        ("fails".to_string(), Kind::Html),
    ]);
    if cite_template {
        kinds.insert("cite".into(), Kind::Html);
    }
    let render_one = |call: &Invocation| -> Result<String, String> {
        let args: Vec<String> = call.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
        match call.name {
            "fails" => Err("templates/shortcodes/fails.html:1:4: Variable `x` not found".into()),
            "aside" => Ok(format!("*{}* {}", call.nth, call.body.unwrap_or(""))),
            "cite" => Ok(format!("<sup data-n=\"{}\">{}</sup>", call.nth, args.join(";"))),
            name => {
                Ok(format!("<div class=\"{name}\" data-nth=\"{}\">{}|{:?}</div>", call.nth, args.join(";"), call.body))
            }
        }
    };
    let shortcodes = Shortcodes { kinds: &kinds, render: &render_one };
    let options = RenderOptions {
        config: &MarkdownConfig::default(),
        base_path: "/",
        number_paragraphs: false,
        highlighter: &highlighter,
        sources: Some(&sources),
        annotator: None,
        own_entity: None,
        labels: &labels(),
        anchor_links: Default::default(),
        images: None,
        shortcodes: Some(&shortcodes),
    };
    render(body, &options, &|p: &str| Ok(format!("/{}/", p.trim_end_matches(".md")).into()))
}

#[test]
fn site_shortcodes_inline_and_with_bodies_render_as_zola_documents() {
    let check = |body: &str, expect: &str| {
        let r = render_shortcodes(body, false);
        assert!(r.problems.is_empty(), "{body}: {:?}", r.problems);
        assert_eq!(r.html, expect, "{body}");
    };
    // HTML inline, in a paragraph; alone in its paragraph it is a block of its own.
    check(
        "见{{ note(id=\"a\", n=2, on=true, list=[1, 2], x=1.5) }}。",
        "<p>见<div class=\"note\" data-nth=\"1\">id=\"a\";list=[1, 2];n=2;on=true;x=1.5|None</div>。</p>\n",
    );
    check(
        "{{ note() }}\n\n{{ note(s=`a \"b\"`) }}\n",
        "<div class=\"note\" data-nth=\"1\">|None</div>\n<div class=\"note\" data-nth=\"2\">s='a \"b\"'|None</div>\n",
    );
    // A body: as written, without the newlines around it; a Markdown shortcode's output is Markdown.
    check(
        "{% note(k='v') %}\n**粗** 体\n\n第二段\n{% end %}\n\n{% aside() %}\n正文\n{% end %}\n",
        "<div class=\"note\" data-nth=\"1\">k=\"v\"|Some(\"**粗** 体\\n\\n第二段\")</div>\n<p><em>1</em> 正文</p>\n",
    );
    // Escapes write the call; in code, calls stay as written and escapes are undone.
    check(
        "写 {{/* note(a=1) */}} 或 {%/* note() */%}。\n\n`{{ note() }}` `{{/* cite(p=1) */}}`\n\n```\n{{ nope() }}\n{%/* note() */%}\n```\n",
        "<p>写 {{ note(a=1) }} 或 {% note() %}。</p>\n<p><code>{{ note() }}</code> <code>{{ cite(p=1) }}</code></p>\n<pre><code>{{ nope() }}\n{% note() %}\n</code></pre>\n",
    );
}

#[test]
fn offsets_after_an_expanded_shortcode_are_the_bodys() {
    // The Markdown output is longer than the call; the broken link after it is reported where
    // it is written.
    let body = "{{ aside() }} [x](@/nope.md) {{ cite(p=9) }}";
    let r = render_shortcodes(body, false);
    let at: Vec<usize> = r.problems.iter().map(|p| p.offset).collect();
    assert_eq!(at, [body.find("{{ cite").unwrap()], "{:?}", r.problems);
    let r = render_shortcodes("{{ note() }}\n\n[a](@/a.md)", false);
    assert_eq!(r.links[0].offset, 14);
}

#[test]
fn shortcode_mistakes_are_problems_at_the_call_with_the_known_names() {
    let cases = [
        ("前{{ nope(a=1) }}后", 3, "there is no shortcode `nope`", "`aside`, `cite`, `fails`, `note`, `quote`"),
        ("{% nope() %}\nx\n{% end %}\n", 0, "there is no shortcode `nope`", "templates/shortcodes/nope.html"),
        ("a\n\n{% note() %}\nnever closed\n", 3, "the shortcode `note` is not closed", "{% end %}"),
        ("a {% end %}", 2, "closes no shortcode", "stray"),
        ("{{ note(a=) }}", 0, "the arguments of `note` do not parse", "quoted"),
        ("{{ note(a=1) b }}", 0, "the arguments of `note` do not parse", "quoted"),
        ("{% note(a=1 %}\nx\n{% end %}", 0, "the arguments of `note` do not parse", "quoted"),
        ("x {{ note(a=1) }", 2, "the shortcode `note` is not closed", "same line"),
        ("{% cite(p=1) %}\nx\n{% end %}", 0, "`cite` takes no body", "inline"),
        ("见{{ fails() }}", 3, "the shortcode `fails` failed: templates/shortcodes/fails.html:1:4", "template"),
    ];
    for (body, offset, message, hint) in cases {
        let r = render_shortcodes(body, false);
        assert_eq!(r.problems.len(), 1, "{body}: {:?}", r.problems);
        let p = &r.problems[0];
        assert_eq!(p.offset, offset, "{body}");
        assert!(p.message.contains(message), "{body}: {}", p.message);
        assert!(p.hint.as_deref().unwrap_or("").contains(hint), "{body}: {:?}", p.hint);
    }
}

#[test]
fn a_site_template_of_cite_gets_what_the_engine_resolved() {
    let plain = render_shortcodes("见{{ cite(p=1) }}。", false).html;
    assert_eq!(plain, "<p>见<a class=\"cite\" href=\"/source/#p1\" data-pagefind-ignore>出处 ¶1</a>。</p>\n");
    let r = render_shortcodes("见{{ cite(p=1) }}与{{ cite(p=1) }}。", true);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let first = "<sup data-n=\"1\">href=\"/source/#p1\";html='<a class=\"cite\" href=\"/source/#p1\" data-pagefind-ignore>出处 ¶1</a>';label=\"出处 ¶1\";p=1;source_title=\"source\";src=\"source\"</sup>";
    assert!(r.html.starts_with(&format!("<p>见{first}与<sup data-n=\"2\">")), "{}", r.html);
    assert_eq!(r.citations, [("source".to_string(), 1), ("source".to_string(), 1)]);
}

#[test]
fn any_mix_of_shortcode_pieces_renders_without_panic_and_places_problems_in_the_body() {
    let pieces = [
        "{{ note(a=1) }}",
        "{{ aside() }}",
        "{% note() %}",
        "{% aside(x=\"y\") %}",
        "{% end %}",
        "{{/* note() */}}",
        "{%/* end */%}",
        "{{ cite(p=1) }}",
        "{{ nope(",
        "`",
        "\n\n",
        "\n```\n",
        "文字",
        "\u{FDD0}0\u{FDD1}",
    ];
    let n = pieces.len();
    // Every sequence of three, and a fourth piece varying with them.
    for i in 0..n * n * n {
        let body: String = [i % n, i / n % n, i / n / n, i * 7 % n].iter().map(|&k| pieces[k]).collect();
        for template in [false, true] {
            let r = render_shortcodes(&body, template);
            for p in &r.problems {
                assert!(p.offset <= body.len() && body.is_char_boundary(p.offset), "{body:?}: {p:?}");
            }
        }
    }
}
