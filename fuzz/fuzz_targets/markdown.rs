//! Any text as a page body through the whole Markdown stage: internal links, shortcodes (`cite`,
//! `quote` against a small source text), entity annotation with overlapping names, sidenotes,
//! highlighting. It must return, with every problem's offset inside the body.
#![no_main]

use std::sync::OnceLock;

use dossier::config::{MarkdownConfig, Mentions};
use dossier::markdown::annotate::{Annotator, Target};
use dossier::markdown::highlight::Highlighter;
use dossier::markdown::{Invocation, Kind, Labels, RenderOptions, Resolved, Shortcodes, SourceText, Sources, render};
use libfuzzer_sys::fuzz_target;

struct Fixed {
    config: MarkdownConfig,
    highlighter: Highlighter,
    labels: Labels,
    sources: Sources,
    annotator: Annotator,
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        let target = |n: &str| Target { href: format!("/d/entities/{n}/"), title: n.into(), summary: "<摘要>".into() };
        let names = [("斐洛里庄园", 0), ("斐洛里", 0), ("Filoli", 0), ("拜登", 1), ("拜登总统", 1), ("习近平", 2)];
        Fixed {
            config: MarkdownConfig::default(),
            highlighter: Highlighter::default(),
            labels: Labels {
                cite: "出处 ¶{n}".into(),
                quote: "原文 ¶{n}".into(),
                quote_source: "——{link}".into(),
                cite_in: "出处：{source} ¶{n}".into(),
                quote_in: "原文：{source} ¶{n}".into(),
                label_colon: "：".into(),
                quote_translated: "本档案译文".into(),
                source_original: "原文".into(),
            },
            // Two sources: `src="xinhua"` names the second, a plain `p=N` the first.
            sources: Sources { list: vec![source("source"), source("xinhua")], default: Some(0) },
            annotator: Annotator::new(
                names.iter().map(|(n, e)| (n.to_string(), *e)).collect(),
                vec![target("filoli"), target("biden"), target("xi")],
                Mentions::First,
            ),
        }
    })
}

fn source(name: &str) -> SourceText {
    SourceText {
                name: name.into(),
                title: format!("<{name}>"),
                href: format!("/d/{name}/"),
                paragraphs: vec![
                    "当地时间11月15日，两国元首举行会晤。会晤持续4个小时。".into(),
                    "斐洛里庄园始建于1917年！庄园位于旧金山南部？".into(),
                    "双方同意恢复两军高层沟通。".into(),
                ],
                missing: false,
                lang: None,
                // The second source reads as a translation, so quotes of it show an original.
                original: (name == "xinhua").then(|| ("en".into(), vec!["One. Two.".into(), "Three!".into(), "Four?".into()])),
            }
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let fixed = fixed();
    // Site shortcodes of both kinds, and a template of `cite`: what each writes shows its inputs.
    let kinds = std::collections::BTreeMap::from([
        ("note".to_string(), Kind::Html),
        ("md".to_string(), Kind::Markdown),
        ("cite".to_string(), Kind::Html),
    ]);
    let render_shortcode = |call: &Invocation| -> Result<String, String> {
        match call.args.get("fail") {
            Some(_) => Err("failed".into()),
            None => Ok(format!("<div>{} {} {:?}</div>", call.name, call.nth, call.body)),
        }
    };
    let shortcodes = Shortcodes { kinds: &kinds, render: &render_shortcode };
    for (numbered, own_entity, site) in [(false, None, None), (true, Some(0), None), (false, None, Some(&shortcodes))] {
        let options = RenderOptions {
            config: &fixed.config,
            base_path: "/d/",
            number_paragraphs: numbered,
            highlighter: &fixed.highlighter,
            sources: Some(&fixed.sources),
            annotator: Some(&fixed.annotator),
            own_entity,
            labels: &fixed.labels,
            anchor_links: Default::default(),
            images: None,
            shortcodes: site,
        };
        let resolve = |path: &str| match path {
            "consensus.md" | "source.md" => Ok(format!("/d/{}/", path.trim_end_matches(".md")).into()),
            // A translation: the link gets the target's language.
            "consensus.en.md" => Ok(Resolved { href: "/d/en/consensus/".into(), hreflang: Some("en".into()) }),
            other => Err(format!("no page {other}")),
        };
        let rendered = render(body, &options, &resolve);
        for problem in &rendered.problems {
            assert!(problem.offset <= body.len(), "{} > {}", problem.offset, body.len());
        }
    }
});
