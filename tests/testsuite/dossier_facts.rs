//! The shipped dossier against its article, on the built pages: every quotation is verbatim from
//! the paragraph it cites (block quotes, `quote` output, and “…” in our own sentences followed by a
//! citation); each core page opens with an explainer whose every sentence stating a fact carries a
//! citation; and the fact-check of issue 15 stays fixed.

use std::collections::BTreeMap;
use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};

use crate::shipped::{article_headings, article_paragraphs, build_shipped, pages, plain};

/// A piece of a block of text, in reading order.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Text(String),
    /// A citation link (`a.cite` to `/source/#pN`).
    Cite(usize),
    /// Any other link: its text, and whether it goes to another page of the site (not an entity
    /// mention, not the source, not this page).
    Link {
        text: String,
        other_page: bool,
    },
}

/// The tokens of one block (a `p` or `li`), leaving out what a reader does not read in the flow:
/// popovers of entity mentions, sidenotes and their reference numbers.
fn tokens(block: ElementRef, page: &str) -> Vec<Token> {
    let mut out = Vec::new();
    walk(block, page, &mut out);
    out
}

fn walk(element: ElementRef, page: &str, out: &mut Vec<Token>) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push(Token::Text(text.to_string())),
            Node::Element(e) => {
                let Some(child) = ElementRef::wrap(child) else { continue };
                let has = |class: &str| e.classes().any(|c| c == class);
                if has("popover") || has("sidenote") || has("footnote-reference") {
                    continue;
                }
                if e.name() == "a" {
                    let href = e.attr("href").unwrap_or("");
                    let text: String = child.text().collect();
                    if has("cite") {
                        if let Some(n) = href.rsplit_once("#p").and_then(|(_, n)| n.parse().ok()) {
                            out.push(Token::Cite(n));
                        }
                        continue;
                    }
                    if has("entity") {
                        out.push(Token::Text(text));
                        continue;
                    }
                    let path = href.split('#').next().unwrap_or("");
                    let other_page = path.starts_with("/dossier/")
                        && !path.starts_with("/dossier/source/")
                        && path.trim_start_matches("/dossier/").trim_end_matches('/')
                            != page.trim_end_matches("index.html").trim_end_matches('/');
                    out.push(Token::Link { text, other_page });
                    continue;
                }
                walk(child, page, out);
            }
            _ => {}
        }
    }
}

/// One sentence: its text, the citations in it, the other links in it, and each “…” quotation
/// with the citations that come after it in the sentence.
#[derive(Debug, Default)]
struct Sentence {
    text: String,
    cites: Vec<usize>,
    link_chars: usize,
    other_page_links: usize,
    other_links: usize,
    quotes: Vec<(String, Vec<usize>)>,
}

/// Sentences end at 。！？ outside quotation marks (and take the closing marks right after).
fn sentences(tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut current = Sentence::default();
    let mut depth = 0usize;
    let mut quote = String::new();
    let mut open_quotes: Vec<usize> = Vec::new(); // indexes in current.quotes awaiting citations
    let finish = |current: &mut Sentence, open_quotes: &mut Vec<usize>, out: &mut Vec<Sentence>| {
        if current.text.chars().any(|c| c.is_alphanumeric()) {
            out.push(std::mem::take(current));
        } else {
            *current = Sentence::default();
        }
        open_quotes.clear();
    };
    for token in tokens {
        match token {
            Token::Cite(n) => {
                current.cites.push(*n);
                for &q in &open_quotes {
                    current.quotes[q].1.push(*n);
                }
            }
            Token::Link { text, other_page } => {
                current.link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
                if *other_page {
                    current.other_page_links += 1;
                } else {
                    current.other_links += 1;
                }
                push_text(text, &mut current, &mut depth, &mut quote, &mut open_quotes);
            }
            Token::Text(text) => {
                for c in text.chars() {
                    let ends = depth == 0 && matches!(c, '。' | '！' | '？');
                    push_text(&c.to_string(), &mut current, &mut depth, &mut quote, &mut open_quotes);
                    if ends {
                        finish(&mut current, &mut open_quotes, &mut out);
                    }
                }
            }
        }
    }
    finish(&mut current, &mut open_quotes, &mut out);
    out
}

fn push_text(text: &str, current: &mut Sentence, depth: &mut usize, quote: &mut String, open: &mut Vec<usize>) {
    for c in text.chars() {
        current.text.push(c);
        match c {
            '“' => {
                if *depth > 0 {
                    quote.push(c);
                }
                *depth += 1;
            }
            '”' if *depth > 0 => {
                *depth -= 1;
                if *depth == 0 {
                    open.push(current.quotes.len());
                    current.quotes.push((std::mem::take(quote), Vec::new()));
                } else {
                    quote.push(c);
                }
            }
            _ if *depth > 0 => quote.push(c),
            _ => {}
        }
    }
}

/// A sentence that only sends the reader to another page: it has no citation, at least one link
/// to another page of the site (not an entity mention, not the source), no other link, no digit
/// and no quotation mark, and at most twice as much text outside its links as inside them.
fn is_pointer(s: &Sentence) -> bool {
    let text: String = s.text.chars().filter(|c| !c.is_whitespace()).collect();
    s.cites.is_empty()
        && s.other_page_links > 0
        && s.other_links == 0
        && !text.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && !text.chars().any(|c| matches!(c, '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』'))
        && text.chars().count() - s.link_chars <= 2 * s.link_chars
}

/// The sentences of an explainer that state something without a citation and are not pointers.
fn uncited(explainer: ElementRef, page: &str) -> Vec<String> {
    let blocks = Selector::parse("p, li").unwrap();
    explainer
        .select(&blocks)
        .flat_map(|b| sentences(&tokens(b, page)))
        .filter(|s| s.cites.is_empty() && !is_pointer(s))
        .map(|s| s.text.trim().to_string())
        .collect()
}

const CORE: [&str; 6] = [
    "index.html",
    "overview/index.html",
    "consensus/index.html",
    "disputes/index.html",
    "filoli/index.html",
    "outlook/index.html",
];

#[test]
fn each_core_page_opens_with_an_explainer_whose_every_fact_is_cited() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let explainer = Selector::parse(".prose > .explainer").unwrap();
    let first = Selector::parse(".prose > :first-child").unwrap();
    let blocks = Selector::parse("p").unwrap();
    let mut problems = Vec::new();
    for page in CORE {
        let html = &pages[page];
        let found: Vec<ElementRef> = html.select(&explainer).collect();
        assert_eq!(found.len(), 1, "{page}: one explainer");
        let opening = html.select(&first).next().unwrap();
        assert!(opening.value().classes().any(|c| c == "explainer"), "{page}: the explainer comes first");
        let e = found[0].value();
        assert!(e.name() == "div" || e.attr("aria-label").is_some(), "{page}: a landmark explainer needs a name");
        let count: usize = found[0].select(&blocks).map(|b| sentences(&tokens(b, page)).len()).sum();
        assert!((3..=7).contains(&count), "{page}: {count} sentences in the explainer");
        let cited: usize =
            found[0].select(&blocks).flat_map(|b| sentences(&tokens(b, page))).filter(|s| !s.cites.is_empty()).count();
        assert!(cited >= 3, "{page}: only {cited} cited sentences");
        problems.extend(uncited(found[0], page).into_iter().map(|s| format!("{page}: {s}")));
    }
    assert!(problems.is_empty(), "sentences without a citation:\n{}", problems.join("\n"));
    // The home page says where to start.
    let home = &pages["index.html"];
    let start = Selector::parse(".explainer a[href='/dossier/overview/']").unwrap();
    assert!(home.select(&start).next().is_some(), "the home page's explainer points to the overview");
}

/// The counter can fail: a fact without a citation, a pointer that carries a number or a quote,
/// or a link to the source or the same page do not pass for pointers.
#[test]
fn the_explainer_counter_finds_uncited_sentences() {
    fn count(body: &str) -> Vec<String> {
        let html = Html::parse_fragment(&format!("<section class=\"explainer\">{body}</section>"));
        let e = html.select(&Selector::parse(".explainer").unwrap()).next().unwrap();
        uncited(e, "overview/index.html")
    }
    let cite =
        |n: usize| format!("<a class=\"cite\" href=\"/dossier/source/#p{n}\" data-pagefind-ignore>出处 ¶{n}</a>");
    let good = format!(
        "<p>两国元首会晤{}。“旧金山愿景”见于原文{}。详见<a href=\"/dossier/consensus/\">二十多项共识</a>。</p>",
        cite(11),
        cite(5)
    );
    assert_eq!(count(&good), Vec::<String>::new());
    let rows = [
        "<p>会晤持续4个小时。</p>",
        "<p>两国元首在旧金山会晤。</p>",
        "<p>会晤达成了20多项共识，见<a href=\"/dossier/consensus/\">二十多项共识</a>。</p>",
        "<p>王毅说会晤形成了“旧金山愿景”，见<a href=\"/dossier/overview/\">会晤概览</a>。</p>",
        "<p>原文见<a href=\"/dossier/source/#p5\">原文 ¶5</a>。</p>",
        "<p>双方同意恢复两军高层沟通，见<a href=\"/dossier/consensus/\">共识</a>。</p>",
        "<p>这是一次具有战略意义和深远影响的元首峰会，中美两国和国际社会高度关注，详见<a href=\"/dossier/consensus/\">共识</a>。</p>",
        "<p>其中一项是<a class=\"entity\" href=\"/dossier/entities/cop28/\">COP28</a>。</p>",
    ];
    for row in rows {
        assert_eq!(count(row).len(), 1, "not caught: {row}");
    }
    // A citation after the full stop belongs to the next sentence, not to the one before.
    assert_eq!(count(&format!("<p>会晤持续4个小时。{}</p>", cite(5))).len(), 1);
}

/// The paragraphs a block quote's attribution links to (`/source/#pN`); the article's closing
/// heading for `#closing-heading`.
fn cited_texts(quote: ElementRef, paragraphs: &[String], headings: &[String]) -> Vec<String> {
    let links = Selector::parse("a[href*='/source/#']").unwrap();
    let mut texts = Vec::new();
    for a in quote.select(&links) {
        let fragment = a.value().attr("href").unwrap().rsplit('#').next().unwrap();
        if let Some(n) = fragment.strip_prefix('p').and_then(|n| n.parse::<usize>().ok()) {
            texts.push(paragraphs.get(n - 1).cloned().unwrap_or_default());
        } else {
            texts.extend(headings.iter().cloned());
        }
    }
    texts
}

fn text_of(block: ElementRef, page: &str) -> String {
    tokens(block, page)
        .into_iter()
        .map(|t| match t {
            Token::Text(s) | Token::Link { text: s, .. } => s,
            Token::Cite(_) => String::new(),
        })
        .collect()
}

/// Every block quote, every `quote` output and every “…” in our sentences that a citation follows,
/// on every built page but the source itself, is verbatim (whitespace aside) in a paragraph cited.
#[test]
fn every_quotation_on_the_built_site_is_verbatim_from_the_cited_paragraph() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let paragraphs: Vec<String> = article_paragraphs().iter().map(|p| plain(p)).collect();
    let headings = article_headings();
    let blockquotes = Selector::parse("main blockquote:not(.context)").unwrap();
    let inline = Selector::parse("main q.source-quote").unwrap();
    let blocks = Selector::parse("main p, main li, main td, main dd").unwrap();
    let inside_quote =
        |e: ElementRef| e.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() == "blockquote");
    let mut problems = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (page, html) in &pages {
        // The English edition quotes our translation; english_edition.rs checks it and its originals.
        if page.starts_with("source/") || page == "print/index.html" || page.starts_with("en/") {
            continue;
        }
        for quote in html.select(&blockquotes) {
            let cited = cited_texts(quote, &paragraphs, &headings);
            let kind = if quote.value().classes().any(|c| c == "source-quote") { "quote" } else { "block" };
            for p in quote.select(&Selector::parse("p").unwrap()) {
                let text = plain(&text_of(p, page));
                if text.is_empty() || text.starts_with("——") {
                    continue;
                }
                *counts.entry(kind).or_default() += 1;
                if !cited.iter().any(|c| c.contains(&text)) {
                    problems.push(format!("{page}: block quote not verbatim in its cited paragraphs: {text}"));
                }
            }
        }
        for q in html.select(&inline) {
            let n: usize = q.value().attr("cite").and_then(|c| c.rsplit_once("#p")?.1.parse().ok()).unwrap_or(0);
            let text = plain(&text_of(q, page));
            *counts.entry("quote").or_default() += 1;
            if !paragraphs.get(n.wrapping_sub(1)).is_some_and(|p| p.contains(&text)) {
                problems.push(format!("{page}: quote not verbatim in ¶{n}: {text}"));
            }
        }
        for block in html.select(&blocks) {
            if inside_quote(block) || block.select(&Selector::parse("p, li").unwrap()).next().is_some() {
                continue;
            }
            for sentence in sentences(&tokens(block, page)) {
                for (quote, cites) in sentence.quotes.iter().filter(|(_, c)| !c.is_empty()) {
                    *counts.entry("inline").or_default() += 1;
                    let text = plain(quote);
                    if !cites.iter().any(|n| paragraphs.get(n - 1).is_some_and(|p| p.contains(&text))) {
                        problems.push(format!("{page}: “{quote}” is not in ¶{cites:?}"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} quotations not verbatim:\n{}", problems.len(), problems.join("\n"));
    assert!(counts["block"] > 50 && counts["quote"] > 20 && counts["inline"] > 15, "too few checked: {counts:?}");
}

// ---- the fact-check of issue 15 --------------------------------------------------------------

fn timeline(public: &Path) -> Vec<serde_json::Value> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("timeline.json")).unwrap()).unwrap();
    json["events"].as_array().unwrap().clone()
}

fn event<'a>(events: &'a [serde_json::Value], headline: &str) -> &'a serde_json::Value {
    events
        .iter()
        .find(|e| e["text"]["headline"].as_str().unwrap().contains(headline))
        .unwrap_or_else(|| panic!("no timeline event {headline:?}"))
}

fn is_approx(e: &serde_json::Value) -> bool {
    e["start_date"]["display_date"].as_str().is_some_and(|d| d.contains('约'))
}

/// The text a reader reads in `main`, quotes left out (they are the article's, not ours).
fn our_text(html: &Html) -> String {
    fn walk(e: ElementRef, out: &mut String) {
        for child in e.children() {
            match child.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(el) if el.name() != "blockquote" && el.name() != "q" => {
                    walk(ElementRef::wrap(child).unwrap(), out)
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for main in html.select(&Selector::parse("main").unwrap()) {
        walk(main, &mut out);
    }
    out
}

/// The 20+ items are not dated to the day: the day is the briefing's, and the briefing event (after
/// the meeting, as on the day) carries ¶14's caveat that some were settled before the meeting.
#[test]
fn the_consensus_is_not_dated_as_if_all_of_it_was_agreed_on_the_day() {
    let (_keep, public) = build_shipped();
    let events = timeline(&public);
    for e in &events {
        let headline = e["text"]["headline"].as_str().unwrap();
        assert!(!headline.contains("共识"), "an event dates the consensus: {e}");
    }
    let briefing = event(&events, "王毅向媒体介绍");
    let text = briefing["text"]["text"].as_str().unwrap();
    assert!(
        text.contains("会晤前成熟落地") && text.contains("¶14") && text.contains("不是每项共识达成的日期"),
        "{briefing}"
    );
    assert!(is_approx(briefing), "the briefing's day is inferred: {briefing}");
    let at = |headline: &str| events.iter().position(|e| e["text"]["headline"].as_str().unwrap().contains(headline));
    assert!(at("在斐洛里庄园会晤") < at("王毅向媒体介绍"), "the briefing comes after the meeting");
}

#[test]
fn bali_has_a_year_only_and_is_an_inference() {
    let (_keep, public) = build_shipped();
    let events = timeline(&public);
    let bali = event(&events, "巴厘岛");
    assert_eq!(bali["start_date"]["year"], 2022);
    assert!(bali["start_date"].get("month").is_none(), "the article gives no month: {bali}");
    assert!(is_approx(bali) && bali["text"]["text"].as_str().unwrap().contains("推断"), "{bali}");
    for (page, html) in pages(&public) {
        let text: String = html.root_element().text().collect::<String>().split_whitespace().collect();
        assert!(!text.contains("2022年11月") && !text.contains("2022-11"), "{page} dates Bali to a month");
    }
    let entity = Html::parse_document(&std::fs::read_to_string(public.join("entities/bali/index.html")).unwrap());
    let lead: String = entity.select(&Selector::parse(".lead").unwrap()).next().unwrap().text().collect();
    assert!(lead.contains("推断"), "the Bali entity marks its inference: {lead}");
}

#[test]
fn cop28_and_the_climate_group_are_welcomed_not_agreed() {
    let (_keep, public) = build_shipped();
    for entity in ["cop28", "climate-working-group"] {
        let html = Html::parse_document(
            &std::fs::read_to_string(public.join(format!("entities/{entity}/index.html"))).unwrap(),
        );
        let lead: String = html.select(&Selector::parse(".lead").unwrap()).next().unwrap().text().collect();
        assert!(lead.contains("欢迎") && !lead.contains("同意"), "{entity}: {lead}");
    }
    // On the consensus page, the sentence with both stays whole, with its verb.
    let html = Html::parse_document(&std::fs::read_to_string(public.join("consensus/index.html")).unwrap());
    let quotes = Selector::parse("blockquote").unwrap();
    let whole =
        html.select(&quotes).map(|q| q.text().collect::<String>()).filter(|t| t.contains("COP28")).collect::<Vec<_>>();
    assert_eq!(whole.len(), 1, "{whole:?}");
    assert!(whole[0].contains("欢迎两国气候特使") && whole[0].contains("强化气候行动工作组"), "{}", whole[0]);
}

#[test]
fn the_meeting_rests_on_the_paragraph_with_its_date_and_place_and_the_briefing_day_is_inferred() {
    let (_keep, public) = build_shipped();
    let events = timeline(&public);
    let meeting = event(&events, "在斐洛里庄园会晤");
    assert!(meeting["text"]["text"].as_str().unwrap().contains("/source/#p11"), "{meeting}");
    let briefing = event(&events, "王毅向媒体介绍");
    assert!(is_approx(briefing) && briefing["text"]["text"].as_str().unwrap().contains("会晤结束后"), "{briefing}");
}

#[test]
fn derived_dates_are_marked() {
    let (_keep, public) = build_shipped();
    for e in timeline(&public) {
        let d = &e["start_date"];
        // Stated in the article: 1917 and the 15th of November; everything else is worked out.
        let stated =
            d["year"] == 1917 || d.get("day").is_some() && !e["text"]["headline"].as_str().unwrap().contains("王毅");
        assert!(stated || is_approx(&e), "a derived date not marked: {e}");
    }
}

#[test]
fn our_own_words_say_what_the_article_says() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let ours = |page: &str| our_text(&pages[page]);
    assert!(!ours("overview/index.html").contains("照片"), "the article has no photo, only “新华社发”");
    assert!(!ours("filoli/index.html").contains("两次"), "¶33 names Obama and Trump but gives no count");
    let outlook = ours("outlook/index.html");
    assert!(!outlook.contains("原文安排"), "the article arranges nothing");
    let flights = Selector::parse("main a[href='/dossier/consensus/#direct-flights']").unwrap();
    assert!(pages["outlook/index.html"].select(&flights).next().is_some(), "the flights are at #direct-flights");
    let actors = Selector::parse("a[href*='/actors/']").unwrap();
    assert!(
        pages["outlook/index.html"].select(&actors).any(|a| a.text().collect::<String>() == "王毅"),
        "¶27 is Wang Yi's"
    );
    let events = timeline(&public);
    let flights = event(&events, "直航航班");
    let headline = flights["text"]["headline"].as_str().unwrap();
    // Agreed at the meeting, planned for the year shown: it must not read “in 2024 the two sides agreed”.
    assert!(
        headline.contains("会晤时双方同意") && headline.contains("计划"),
        "a plan agreed at the meeting: {flights}"
    );
    assert!(!headline.starts_with("双方同意"), "reads as agreed in the year shown: {flights}");

    // Wang Yi's descriptions on the home page say who said them.
    let items = Selector::parse(".glance li").unwrap();
    for li in pages["index.html"].select(&items) {
        let text: String = li.text().collect();
        if ["旧金山愿景", "新的起点", "分歧和敏感问题"].iter().any(|w| text.contains(w)) {
            assert!(text.contains("王毅"), "not attributed: {text}");
        }
    }
    // The answers' leading “答：” is dropped everywhere but on the source page.
    for (page, html) in &pages {
        if page.starts_with("source/") || page == "print/index.html" {
            continue;
        }
        for q in html.select(&Selector::parse("blockquote, q").unwrap()) {
            let text: String = q.text().collect::<String>().split_whitespace().collect();
            assert!(!text.starts_with("答："), "{page}: {text}");
        }
    }
}

#[test]
fn reader_facing_text_has_no_build_jargon() {
    let (_keep, public) = build_shipped();
    for (page, html) in pages(&public) {
        if page.starts_with("source/") {
            continue;
        }
        let text = our_text(&html);
        for word in ["前言", "构建时", "渲染", "shortcode", "front matter"] {
            assert!(!text.contains(word), "{page}: {word}");
        }
        let repeats = text.matches("先引提问").count();
        assert!(repeats <= 1 || page == "print/index.html", "{page}: the question-then-answer note {repeats} times");
    }
}

/// The second fact-check: what our sentences attribute, to whom, and with which citation.
#[test]
fn the_second_fact_check_holds() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let ours = |page: &str| our_text(&pages[page]);
    let explainer = |page: &str| -> String {
        let html = &pages[page];
        let e = html.select(&Selector::parse(".explainer").unwrap()).next().unwrap();
        let blocks = Selector::parse("p").unwrap();
        e.select(&blocks).map(|b| text_of(b, page)).collect()
    };
    let sentences_of = |page: &str, selector: &str| -> Vec<Sentence> {
        let blocks = Selector::parse(selector).unwrap();
        pages[page].select(&blocks).flat_map(|b| sentences(&tokens(b, page))).collect()
    };

    // ¶18: the first climate sentence's verbs are 强调 then 欢迎; the second's is 发表.
    let consensus = ours("consensus/index.html");
    assert!(!consensus.contains("动词是“欢迎”"), "¶18 does not have one verb");
    for verb in ["“强调”", "“欢迎”", "“发表”"] {
        assert!(consensus.contains(verb), "the climate verbs, {verb} missing");
    }
    // ¶15: “七条共识” are the seven points stressed, in Wang Yi's words.
    assert!(!consensus.contains("原文称之为“七条共识”") && consensus.contains("王毅称之为“七条共识”"));

    // The home page cites what each part of the article is, then its closing note.
    let home = sentences_of("index.html", ".explainer p");
    let parts = home.iter().find(|s| s.text.contains("前半部分")).expect("the two parts");
    assert_eq!(parts.cites.first(), Some(&11), "the first part is Wang Yi's briefing: ¶11, not ¶28");
    assert!(parts.text.contains("据新华社") && parts.text.contains("据中新网"), "{}", parts.text);

    // ¶3's 战略性 rests on three things, not the arrangement alone.
    let strategic =
        sentences_of("overview/index.html", "main p").into_iter().find(|s| s.text.contains("“战略性”")).unwrap();
    for ground in ["独特性", "关注度", "重要性"] {
        assert!(strategic.text.contains(ground), "¶3's {ground}: {}", strategic.text);
    }
    // ¶10 and ¶24 are Wang Yi's account.
    assert!(explainer("overview/index.html").contains("据王毅介绍，习近平主席在会晤中指出"));
    assert!(explainer("disputes/index.html").contains("王毅说，台湾问题"));
    let actors = Selector::parse("a[href*='/actors/']").unwrap();
    for page in ["consensus/index.html", "disputes/index.html"] {
        assert!(pages[page].select(&actors).any(|a| a.text().collect::<String>() == "王毅"), "{page}: 王毅 as actor");
    }
    // The outlook says which sections are question and answer and which are not.
    assert!(!explainer("outlook/index.html").contains("原文是问答体"));

    // Our ellipses are never inside a quotation mark of the article's words.
    for entity in ["cop28", "climate-working-group"] {
        let html = Html::parse_document(
            &std::fs::read_to_string(public.join(format!("entities/{entity}/index.html"))).unwrap(),
        );
        let lead: String = html.select(&Selector::parse(".lead").unwrap()).next().unwrap().text().collect();
        assert!(!lead.contains('…'), "{entity}: {lead}");
    }
    // A popover-sized Bali summary that still marks its inference.
    let bali = Html::parse_document(&std::fs::read_to_string(public.join("entities/bali/index.html")).unwrap());
    let lead: String = bali.select(&Selector::parse(".lead").unwrap()).next().unwrap().text().collect();
    assert!(lead.chars().count() <= 50 && lead.contains("推断"), "{lead}");

    // The Filoli note reads without a stray space or “。，”.
    let filoli = pages["filoli/index.html"].root_element().html();
    assert!(
        !filoli.contains(" <q class=\"source-quote\"")
            && !filoli.contains("。</q><a class=\"cite\" href=\"/dossier/source/#p30\" data-pagefind-ignore>¶30</a>，")
    );

    // The meeting's year is not said to be in ¶11.
    let events = timeline(&public);
    let meeting = event(&events, "在斐洛里庄园会晤");
    let text = meeting["text"]["text"].as_str().unwrap();
    assert!(text.contains("原文以外") && !text.contains("第11段"), "{meeting}");
}
