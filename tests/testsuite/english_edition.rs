//! The English edition of the shipped dossier (issue 17), on the built site: every English page has
//! its Chinese twin and each names the other; every quote on an English page is our translation of
//! the paragraph it links to, with the original at hand and verbatim; the parallel source pairs all
//! 37 paragraphs in order; each English page cites the paragraphs its Chinese twin cites and states
//! the same numbers and dates, and the timeline's events are the same in both languages; no first
//! name the article does not print, and no Chinese in the English pages' own chrome but where it is
//! marked as Chinese.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};

use crate::shipped::{build_shipped, pages, plain};

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// The content files with an English translation, as (Chinese page, English page) output paths:
/// `consensus.md` + `consensus.en.md` is (`consensus/index.html`, `en/consensus/index.html`).
/// The print edition is generated, not written, and has its twin too.
fn twins() -> Vec<(String, String)> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&content).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(&content).unwrap().to_string_lossy().replace('\\', "/");
        let Some(stem) = rel.strip_suffix(".en.md") else {
            // Every page of the Chinese edition is in English too (issue 17, point 1).
            if let Some(stem) = rel.strip_suffix(".md").filter(|s| !s.contains('.')) {
                assert!(content.join(format!("{stem}.en.md")).is_file(), "content/{rel} has no English translation");
            }
            continue;
        };
        assert!(content.join(format!("{stem}.md")).is_file(), "content/{rel} translates no Chinese page");
        let dir = stem.trim_end_matches("_index").trim_end_matches("index").trim_end_matches('/');
        let zh = if dir.is_empty() { "index.html".to_string() } else { format!("{dir}/index.html") };
        out.push((zh.clone(), format!("en/{zh}")));
    }
    out.push(("print/index.html".into(), "en/print/index.html".into()));
    out.sort();
    out
}

/// The twins that are both built, with their pages (that none is missing is the hreflang test's).
fn built_twins(pages: &BTreeMap<String, Html>) -> Vec<(String, String, &Html, &Html)> {
    twins()
        .into_iter()
        .filter_map(|(zh, en)| Some((pages.get(&zh)?, pages.get(&en)?, zh, en)))
        .map(|(zh_html, en_html, zh, en)| (zh, en, zh_html, en_html))
        .collect()
}

/// The paragraphs of `content/source.md` (front matter, headings and markup left out), whitespace
/// removed: what a quote's original must be found in.
fn source_paragraphs() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/source.md");
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.splitn(3, "+++").nth(2).unwrap();
    body.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.starts_with('#'))
        .map(|p| plain(&strip_tags(p)))
        .collect()
}

fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in text.chars() {
        match c {
            '<' => inside = true,
            '>' if inside => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn text(e: ElementRef) -> String {
    plain(&e.text().collect::<String>())
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// `N` of a link or `cite` to `…/source/#pN` that must be the English source.
fn english_paragraph(target: &str) -> Result<usize, String> {
    // The print edition carries the English source too, and links to it inside itself.
    let (page, n) = target
        .rsplit_once("#p")
        .or_else(|| target.rsplit_once(":p"))
        .ok_or_else(|| format!("{target} names no paragraph"))?;
    if page != "/dossier/en/source/" && page != "#en-source" {
        return Err(format!("{target} is not the English source /dossier/en/source/"));
    }
    n.parse().map_err(|_| format!("{target} names no paragraph"))
}

#[test]
fn every_english_page_has_its_chinese_twin_and_hreflang_both_ways() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let twins = twins();
    let names: BTreeSet<&str> = twins.iter().map(|(zh, _)| zh.as_str()).collect();
    for page in
        ["index.html", "overview/index.html", "consensus/index.html", "glossary/index.html", "source/index.html"]
    {
        assert!(names.contains(page), "{page} has no English twin in content/");
    }
    assert!(twins.len() >= 30, "only {} English pages", twins.len());
    let mut problems = Vec::new();
    let alternate = |html: &Html, lang: &str| -> Option<String> {
        let s = sel(&format!("head link[rel=alternate][hreflang='{lang}']"));
        html.select(&s).next().and_then(|l| l.value().attr("href")).map(str::to_string)
    };
    for (zh, en) in &twins {
        let (Some(zh_html), Some(en_html)) = (pages.get(zh), pages.get(en)) else {
            problems.push(format!("{zh} ↔ {en}: not both built"));
            continue;
        };
        let url = |page: &str| format!("/dossier/{}", page.trim_end_matches("index.html"));
        // The print edition is built from all the pages, not translated from one, and names no
        // alternates: that it exists in both languages is checked above.
        if zh == "print/index.html" {
            continue;
        }
        for (page, html, lang) in [(en, en_html, "en"), (zh, zh_html, "zh-Hans")] {
            let root = html.root_element().value().attr("lang");
            if root != Some(lang) {
                problems.push(format!("{page}: <html lang> is {root:?}, not {lang}"));
            }
            for (other, other_lang) in [(zh, "zh-Hans"), (en, "en")] {
                match alternate(html, other_lang) {
                    Some(href) if href.ends_with(&url(other)) && href.contains("://") => {}
                    found => problems.push(format!(
                        "{page}: hreflang={other_lang} is {found:?}, not the absolute address of {}",
                        url(other)
                    )),
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_english_quote_is_our_translation_with_its_original_verbatim() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let paragraphs = source_paragraphs();
    assert_eq!(paragraphs.len(), 37, "paragraphs of content/source.md");
    let in_paragraph =
        |n: usize, original: &str| paragraphs.get(n.wrapping_sub(1)).is_some_and(|p| p.contains(original));
    let blockquotes = sel("blockquote");
    let originals = sel(".quote-original p[lang=zh-Hans]");
    let cites = sel(".quote-source a.cite");
    let source_links = sel("a[href*='/source/#']");
    let mut problems = Vec::new();
    let (mut blocks, mut inline) = (0, 0);
    for (page, html) in pages.iter().filter(|(p, _)| p.starts_with("en/") && !p.starts_with("en/source/")) {
        for quote in html.select(&blockquotes) {
            let classes: BTreeSet<&str> = quote.value().classes().collect();
            if classes.contains("context") {
                // What a page that links here says around the link: our words, never the article's.
                if quote.select(&source_links).next().is_some() {
                    problems.push(format!("{page}: a context cites the source: {}", text(quote)));
                }
                continue;
            }
            if !classes.contains("source-quote") {
                problems.push(format!("{page}: a block quote that is not a quote of the source: {}", text(quote)));
                continue;
            }
            blocks += 1;
            if !classes.contains("source-quote--translated") {
                problems.push(format!("{page}: a block quote not marked as our translation: {}", text(quote)));
            }
            let links: Vec<&str> = quote.select(&cites).filter_map(|a| a.value().attr("href")).collect();
            let n = match (quote.value().attr("cite").map(english_paragraph), links.as_slice()) {
                (Some(Ok(n)), [link]) if english_paragraph(link) == Ok(n) => n,
                (cite, _) => {
                    problems.push(format!("{page}: block quote cites {cite:?}, links {links:?}: {}", text(quote)));
                    continue;
                }
            };
            let original: Vec<String> = quote.select(&originals).map(text).collect();
            match original.as_slice() {
                [o] if !o.is_empty() && in_paragraph(n, o) => {}
                [o] => problems.push(format!("{page}: the original of a quote of ¶{n} is not in ¶{n}: {o}")),
                _ => problems.push(format!("{page}: a quote of ¶{n} without its original: {}", text(quote))),
            }
        }
        for q in html.select(&sel("q")) {
            inline += 1;
            let value = q.value();
            if !value.classes().any(|c| c == "source-quote")
                || !value.classes().any(|c| c == "source-quote--translated")
            {
                problems.push(format!("{page}: a <q> that is not our translation of the source: {}", text(q)));
                continue;
            }
            let n = match value.attr("cite").map(english_paragraph) {
                Some(Ok(n)) => n,
                other => {
                    problems.push(format!("{page}: <q> cites {other:?}: {}", text(q)));
                    continue;
                }
            };
            match value.attr("title").and_then(|t| t.split_once(": ")) {
                Some((label, original)) if label.contains("translation") && in_paragraph(n, &plain(original)) => {}
                _ => problems.push(format!(
                    "{page}: <q> of ¶{n} without “our translation: <original in ¶{n}>” as its title: {:?}",
                    value.attr("title")
                )),
            }
        }
    }
    // No typed `> …` block quote in the English content: every quote of the article comes from `quote`.
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&content).into_iter().filter_map(Result::ok) {
        let name = entry.path().to_string_lossy().to_string();
        if !name.ends_with(".en.md") || name.ends_with("source.en.md") {
            continue;
        }
        for (i, line) in std::fs::read_to_string(entry.path()).unwrap().lines().enumerate() {
            if line.trim_start().starts_with('>') {
                problems.push(format!("{name}:{}: a typed block quote: {line}", i + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(blocks >= 100 && inline >= 3, "too few quotes checked: {blocks} block quotes, {inline} inline");
}

#[test]
fn the_parallel_source_pairs_all_37_paragraphs_in_order() {
    let (_keep, public) = build_shipped();
    let html = Html::parse_document(&std::fs::read_to_string(public.join("en/source/index.html")).unwrap());
    let paragraphs = source_paragraphs();
    let rows: Vec<ElementRef> = html.select(&sel(".parallel__row:not(.parallel__headings)")).collect();
    assert_eq!(rows.len(), 37, "pairs on /en/source/");
    let label = sel(".parallel__label");
    let original_paragraphs = sel(".parallel__original[lang=zh-Hans] > p:not(.parallel__label)");
    let translation = sel(".parallel__translation > p[id]");
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        let translated: Vec<ElementRef> = row.select(&translation).collect();
        match translated.as_slice() {
            [p] if p.value().id() == Some(&format!("p{n}")) && !text(*p).is_empty() => {}
            _ => problems.push(format!("pair {n}: not one translated paragraph with id p{n}")),
        }
        let original: String = row.select(&original_paragraphs).map(text).collect();
        if original != paragraphs[n - 1] {
            problems.push(format!("pair {n}: the original is not ¶{n} of content/source.md:\n{original}"));
        }
        let labels: Vec<String> = row.select(&label).map(text).collect();
        if labels.len() != 2 {
            problems.push(format!("pair {n}: the original and the translation are not both labelled: {labels:?}"));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    // The page says whose translation it is, where the reader starts reading.
    let lead = html.select(&sel(".article__header .lead")).next().map(text).unwrap_or_default();
    assert!(lead.contains("translationisours") && lead.contains("notanofficialtext"), "the lead: {lead}");
}

// ---- numbers and dates ---------------------------------------------------------------------

/// What the numbers of a page are compared on: the text a reader reads in `main`, without what the
/// build writes in each language by itself (reading time, mention counts, the lists of pages that
/// link here, the pager, footnote numbers), without the links to the source (`Source ¶N`, `出处 ¶N`:
/// that the citations are the same is its own test) and without the Chinese original shown under an
/// English quote (it is the Chinese page's quote).
const GENERATED: [&str; 11] = [
    "popover",
    "meta",
    "count",
    "connections",
    "used-by",
    "pager",
    "footnote-reference",
    "sidenote__number",
    "quote-original",
    "quote-source",
    "source-part",
];

fn main_text(html: &Html) -> String {
    fn walk(e: ElementRef, out: &mut String) {
        for child in e.children() {
            match child.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(el) => {
                    let href = el.attr("href").unwrap_or("");
                    if el.name() == "script"
                        || el.name() == "style"
                        || el.classes().any(|c| GENERATED.contains(&c))
                        || (el.name() == "a" && (href.contains("/source/#") || href.contains("source:p")))
                    {
                        continue;
                    }
                    out.push(' ');
                    walk(ElementRef::wrap(child).unwrap(), out);
                    out.push(' ');
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for main in html.select(&sel("main")) {
        walk(main, &mut out);
    }
    out
}

/// Capitalised, as a date writes them (“may” is a verb).
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English words for the numbers above ten that are written out (“more than twenty”); the ones up
/// to ten are not compared: Chinese writes them as characters in counts and ordinals alike (三个特点
/// “three features”, 一是 “first”), which no list of digits can tell apart.
const WORDS: [(&str, u64); 14] = [
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("hundred", 100),
];

/// The numbers a text states: runs of digits (`4,000` is 4000, `45th` is 45), in English the months'
/// names (November is 11, as 11月) and numbers above ten written as words, in Chinese the numbers
/// above ten written in characters (二十 is 20; 十 alone is too often 十分 “very” to count).
fn numbers(text: &str, english: bool) -> BTreeSet<u64> {
    let mut out = BTreeSet::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let mut digits = String::new();
            while i < chars.len() {
                if chars[i].is_ascii_digit() {
                    digits.push(chars[i]);
                } else if chars[i] == ','
                    && chars.get(i + 1..i + 4).is_some_and(|d| d.iter().all(char::is_ascii_digit))
                    && chars.get(i + 4).is_none_or(|d| !d.is_ascii_digit())
                {
                    // a thousands separator, not a list's comma
                } else {
                    break;
                }
                i += 1;
            }
            out.insert(digits.parse().unwrap_or(u64::MAX));
            continue;
        }
        if !english && chinese_digit(c).is_some() {
            let start = i;
            while i < chars.len() && chinese_digit(chars[i]).is_some() {
                i += 1;
            }
            if let Some(n) = chinese_number(&chars[start..i]).filter(|n| *n > 10) {
                out.insert(n);
            }
            continue;
        }
        i += 1;
    }
    if english {
        for word in text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()) {
            if let Some(m) = MONTHS.iter().position(|m| *m == word) {
                out.insert(m as u64 + 1);
            }
        }
        for phrase in text.split(|c: char| !c.is_ascii_alphabetic() && c != '-').filter(|w| !w.is_empty()) {
            let mut value = 0;
            for part in phrase.to_ascii_lowercase().split('-') {
                if let Some((_, n)) = WORDS.iter().find(|(w, _)| *w == part) {
                    value += n;
                } else if let Some(unit) = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
                    .iter()
                    .position(|u| *u == part)
                    .filter(|_| value >= 20)
                {
                    value += unit as u64 + 1;
                }
            }
            if value > 0 {
                out.insert(value);
            }
        }
    }
    out
}

fn chinese_digit(c: char) -> Option<u64> {
    "〇一二三四五六七八九十百千".find(c).map(|at| "〇一二三四五六七八九十百千"[..at].chars().count() as u64)
}

/// 二十 → 20, 四十五 → 45, 一百 → 100; a run that is not one number (一一) is none.
fn chinese_number(run: &[char]) -> Option<u64> {
    let (mut total, mut unit) = (0u64, None::<u64>);
    for &c in run {
        let d = chinese_digit(c)?;
        match d {
            10..=12 => {
                let scale = [10, 100, 1000][(d - 10) as usize];
                total += unit.take().unwrap_or(1) * scale;
            }
            _ if unit.is_some() => return None,
            _ => unit = Some(d),
        }
    }
    Some(total + unit.unwrap_or(0))
}

const SMALL_EN: [&str; 10] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const SMALL_ZH: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// A number up to ten in digits on one side may be a character on the other (the table of the
/// “five joint efforts” numbers its rows 一…五 in Chinese, 1…5 in English; 4个小时 may be “four
/// hours”): these are not told from counts and ordinals, so a small number passes when the other
/// side writes it in its words anywhere.
fn small_in_chinese(n: u64, text: &str) -> bool {
    (1..=10).contains(&n) && text.contains(SMALL_ZH[n as usize - 1])
}

fn small_in_english(n: u64, text: &str) -> bool {
    (1..=10).contains(&n)
        && text.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.eq_ignore_ascii_case(SMALL_EN[n as usize - 1]))
}

#[test]
fn the_number_reader_reads_digits_words_months_and_chinese_numerals() {
    let set = |n: &[u64]| n.iter().copied().collect::<BTreeSet<u64>>();
    assert_eq!(
        numbers("On 15 November the meeting lasted 4 hours: 4,000 people, 654 acres, the 45th year, 1, 2 and 3.", true),
        set(&[1, 2, 3, 4, 11, 15, 45, 654, 4000])
    );
    assert_eq!(numbers("more than twenty points; forty-five years; three features", true), set(&[20, 45]));
    assert_eq!(
        numbers("11月15日，会晤持续4个小时，达成二十多项共识，十分重要，三个特点", false),
        set(&[4, 11, 15, 20])
    );
    assert_eq!(numbers("中美建交四十五周年，4000人", false), set(&[45, 4000]));
}

#[test]
fn each_english_page_states_the_numbers_and_dates_of_its_chinese_twin() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let mut problems = Vec::new();
    let mut compared = 0;
    for (zh, en, zh_html, en_html) in built_twins(&pages) {
        let (en_text, zh_text) = (main_text(en_html), main_text(zh_html));
        let english = numbers(&en_text, true);
        let chinese = numbers(&zh_text, false);
        compared += english.len();
        for n in english.difference(&chinese).filter(|n| !small_in_chinese(**n, &zh_text)) {
            problems.push(format!("{en}: {n} is not on the Chinese page {zh}"));
        }
        for n in chinese.difference(&english).filter(|n| !small_in_english(**n, &en_text)) {
            problems.push(format!("{en}: {n} of the Chinese page {zh} is missing"));
        }
    }
    assert!(problems.is_empty(), "{} numbers differ:\n{}", problems.len(), problems.join("\n"));
    assert!(compared >= 100, "only {compared} numbers compared");
}

/// The paragraphs a page cites in `main` (in the print edition, its own copy of the source), the
/// lists of pages that link here left out.
fn cited(html: &Html) -> BTreeSet<usize> {
    let links = sel("main a[href*='/source/#p'], main a[href*='source:p']");
    html.select(&links)
        .filter(|a| {
            !a.ancestors().filter_map(ElementRef::wrap).any(|e| e.value().classes().any(|c| c == "connections"))
        })
        .filter_map(|a| a.value().attr("href")?.rsplit_once('p')?.1.parse().ok())
        .collect()
}

#[test]
fn each_english_page_cites_the_paragraphs_its_chinese_twin_cites() {
    let (_keep, public) = build_shipped();
    let pages = pages(&public);
    let mut problems = Vec::new();
    let mut checked = 0;
    for (zh, en, zh_html, en_html) in built_twins(&pages).into_iter().filter(|t| t.0 != "source/index.html") {
        let (chinese, english) = (cited(zh_html), cited(en_html));
        checked += english.len();
        if chinese != english {
            let only_en: Vec<_> = english.difference(&chinese).collect();
            let only_zh: Vec<_> = chinese.difference(&english).collect();
            problems.push(format!("{en}: cites ¶{only_en:?} that {zh} does not; misses ¶{only_zh:?}"));
        }
    }
    assert!(problems.is_empty(), "{} pages:\n{}", problems.len(), problems.join("\n"));
    assert!(checked >= 100, "only {checked} citations compared");
}

fn events(path: &Path) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["events"].as_array().unwrap().clone()
}

#[test]
fn the_timeline_has_the_same_events_and_dates_in_both_languages() {
    let (_keep, public) = build_shipped();
    let chinese = events(&public.join("timeline.json"));
    let english = events(&public.join("en/timeline.json"));
    assert!(chinese.len() >= 9, "only {} events", chinese.len());
    assert_eq!(english.len(), chinese.len(), "events in en/timeline.json and timeline.json");
    let paragraphs = |text: &str| -> BTreeSet<String> {
        text.split("/source/#p").skip(1).map(|r| r.chars().take_while(char::is_ascii_digit).collect()).collect()
    };
    let mut problems = Vec::new();
    for (zh, en) in chinese.iter().zip(&english) {
        let id = zh["unique_id"].as_str().unwrap_or("?");
        if en["unique_id"] != zh["unique_id"] {
            problems.push(format!("{id}: in English, {} stands in its place", en["unique_id"]));
        }
        for field in ["start_date", "end_date"] {
            for part in ["year", "month", "day"] {
                if en[field][part] != zh[field][part] {
                    problems.push(format!(
                        "{id}: {field}.{part} {} in English, {} in Chinese",
                        en[field][part], zh[field][part]
                    ));
                }
            }
        }
        let approx_zh = zh["start_date"]["display_date"].as_str().is_some_and(|d| d.contains('约'));
        let approx_en = en["start_date"]["display_date"].as_str().is_some_and(|d| d.starts_with("c. "));
        if approx_zh != approx_en {
            problems.push(format!("{id}: approximate in Chinese {approx_zh}, in English {approx_en}"));
        }
        let (zh_text, en_text) = (zh["text"]["text"].as_str().unwrap(), en["text"]["text"].as_str().unwrap());
        if paragraphs(zh_text) != paragraphs(en_text) || !en_text.contains("/en/source/#p") {
            problems.push(format!(
                "{id}: cites {:?} in Chinese, {:?} in English",
                paragraphs(zh_text),
                paragraphs(en_text)
            ));
        }
        let words = |e: &serde_json::Value, english: bool| {
            let text = format!(
                "{} {}",
                e["text"]["headline"].as_str().unwrap(),
                strip_source_links(e["text"]["text"].as_str().unwrap())
            );
            numbers(&strip_tags(&text), english)
        };
        let (zh_numbers, en_numbers) = (words(zh, false), words(en, true));
        if zh_numbers != en_numbers {
            problems.push(format!("{id}: numbers {en_numbers:?} in English, {zh_numbers:?} in Chinese"));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// An event's text without its links to the source (`出处 ¶30`, `Source ¶30`).
fn strip_source_links(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut out = String::new();
    for node in fragment.root_element().descendants() {
        if let Node::Text(t) = node.value() {
            let in_source_link = node
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "a" && a.value().attr("href").is_some_and(|h| h.contains("/source/#")));
            if !in_source_link {
                out.push_str(t);
                out.push(' ');
            }
        }
    }
    out
}

// ---- names and chrome ----------------------------------------------------------------------

#[test]
fn no_first_name_the_article_does_not_print_and_no_unmarked_chinese_in_the_chrome() {
    let (_keep, public) = build_shipped();
    let mut problems = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(public.join("en")).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if !path.extension().is_some_and(|x| x == "html" || x == "xml" || x == "json" || x == "txt") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(path).unwrap();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if ["Joe", "Barack", "Donald"].contains(&word) {
                problems.push(format!("{}: {word}", path.strip_prefix(&public).unwrap().display()));
            }
        }
    }
    assert!(files >= 30, "only {files} English files read");
    // The chrome: the site's header and footer, every navigation (the site's, the breadcrumbs, the
    // table of contents, the pager), the window title and the skip link. Chinese in it is fine
    // where it says it is Chinese (`lang="zh-Hans"`: the language switch, the article's credit).
    let chrome = |e: &ElementRef| {
        let v = e.value();
        matches!(v.name(), "footer" | "nav" | "title") || v.classes().any(|c| c == "site-header" || c == "skip-link")
    };
    for (page, html) in pages(&public).iter().filter(|(p, _)| p.starts_with("en/")) {
        for node in html.root_element().descendants() {
            let Node::Text(t) = node.value() else { continue };
            if !t.chars().any(is_han) {
                continue;
            }
            let ancestors: Vec<ElementRef> = node.ancestors().filter_map(ElementRef::wrap).collect();
            let marked = ancestors.iter().any(|a| a.value().attr("lang").is_some_and(|l| l.starts_with("zh")));
            if let Some(part) = ancestors.iter().find(|a| chrome(a)).filter(|_| !marked) {
                problems.push(format!("{page}: Chinese in <{}>: {}", part.value().name(), t.trim()));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_english_twins_list_is_what_content_holds() {
    let twins: BTreeMap<String, String> = twins().into_iter().collect();
    assert_eq!(twins["index.html"], "en/index.html");
    assert_eq!(twins["entities/index.html"], "en/entities/index.html");
    assert_eq!(twins["timeline/index.html"], "en/timeline/index.html");
    assert_eq!(twins["entities/filoli/index.html"], "en/entities/filoli/index.html");
}
