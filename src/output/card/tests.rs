use super::*;

fn words<'a>(title: &'a str, lang: &'a str, font: &'a str) -> Words<'a> {
    Words { title, site: "旧金山会晤档案", date: Some("2023年11月15日".into()), font, lang }
}

const ZH_FONT: &str = r#""Noto Sans CJK SC", "Source Han Sans SC", sans-serif"#;

/// Whether the machine has a font for Chinese: the drawing tests need one (the Pages workflow and
/// the CI image install fonts-noto-cjk); without, they say so and pass.
fn has_cjk_font(fonts: &Fonts) -> bool {
    let db = fonts.get();
    let found = db.faces().any(|f| f.families.iter().any(|(name, _)| name.contains("CJK")));
    if !found {
        eprintln!("no CJK font installed (fonts-noto-cjk): card drawing not tested");
    }
    found
}

/// Reported with the card test of issue 19: a card is 1200×630, not blank, and its Chinese text
/// is shaped with a CJK font (no empty boxes).
#[test]
fn a_chinese_card_is_drawn_with_a_cjk_font() {
    let fonts = Fonts::new();
    if !has_cjk_font(&fonts) {
        return;
    }
    let card = Card::new(&words("二十多项共识", "zh-Hans", ZH_FONT));
    let drawn = draw(&card, &fonts).unwrap();
    assert_eq!(&drawn.png[..8], b"\x89PNG\r\n\x1a\n");
    // The PNG's header: width and height, big-endian, at bytes 16..24.
    let size = |at: usize| u32::from_be_bytes(drawn.png[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (WIDTH, HEIGHT));
    for part in ["title", "site", "date"] {
        let runs: Vec<&Run> = drawn.runs.iter().filter(|r| r.part == part).collect();
        assert!(!runs.is_empty(), "{part}: {:?}", drawn.runs);
        for run in runs {
            assert!(run.family.contains("CJK"), "{part} {:?} shaped with {}", run.text, run.family);
        }
    }
    let title: String = drawn.runs.iter().filter(|r| r.part == "title").map(|r| r.text.as_str()).collect();
    assert_eq!(title, "二十多项共识");
    // Not blank: the pixels vary (text on the background).
    let pixmap = tiny_skia::Pixmap::decode_png(&drawn.png).unwrap();
    let lum: Vec<f64> =
        pixmap.pixels().iter().map(|p| (p.red() as f64 + p.green() as f64 + p.blue() as f64) / 3.0).collect();
    let mean = lum.iter().sum::<f64>() / lum.len() as f64;
    let variance = lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / lum.len() as f64;
    assert!(variance > 100.0, "a card with text has varied pixels: variance {variance}");
    let dark = lum.iter().filter(|l| **l < 80.0).count();
    assert!(dark > 2_000, "the title's strokes are dark pixels: {dark}");
}

#[test]
fn text_no_installed_font_has_is_an_error_naming_the_characters() {
    let fonts = Fonts::new();
    if !has_cjk_font(&fonts) {
        return;
    }
    // Egyptian hieroglyphs: in no font of a Debian or Ubuntu image with fonts-noto-cjk.
    let card = Card::new(&words("共识 𓀀𓀁", "zh-Hans", ZH_FONT));
    let error = draw(&card, &fonts).unwrap_err();
    assert!(error.contains("𓀀𓀁"), "{error}");
    assert!(!error.contains('共'), "{error}");
}

#[test]
fn a_card_is_named_by_what_it_shows() {
    let a = Card::new(&words("二十多项共识", "zh-Hans", ZH_FONT));
    let b = Card::new(&words("二十多项共识", "zh-Hans", ZH_FONT));
    let c = Card::new(&words("会晤概览", "zh-Hans", ZH_FONT));
    let undated = Card::new(&Words { date: None, ..words("二十多项共识", "zh-Hans", ZH_FONT) });
    assert_eq!(a.path, b.path);
    assert!(a.path.starts_with("cards/") && a.path.ends_with(".png"), "{}", a.path);
    assert_ne!(a.path, c.path);
    assert_ne!(a.path, undated.path);
    assert!(!undated.svg.contains("id=\"date\""));
}

#[test]
fn the_svg_escapes_text_and_drops_control_characters() {
    let card = Card::new(&words("A <b> & \"c\"\u{1}", "en", r#""Noto Sans", sans-serif"#));
    assert!(card.svg.contains("A &lt;b&gt; &amp; &quot;c&quot;"), "{}", card.svg);
    assert!(!card.svg.contains('\u{1}'));
    assert!(card.svg.contains(r#"font-family="&quot;Noto Sans&quot;, sans-serif""#), "{}", card.svg);
    usvg::Tree::from_str(&card.svg, &usvg::Options::default()).unwrap();
}

/// Titles fit: a short one large on one line, a long one smaller on more, a very long one cut.
#[test]
fn titles_take_as_few_lines_as_fit() {
    let check = |title: &str, size: u32, lines: usize| {
        let (got_size, got) = title_lines(title, 1008.0);
        assert_eq!((got_size, got.len()), (size, lines), "{title}: {got:?}");
        got
    };
    check("二十多项共识", 72, 1);
    check("More than twenty points of consensus", 72, 2);
    // 11 wide characters fill a line at 72 px, 17 at 48 px.
    check(&"共识".repeat(12), 72, 3);
    check(&"共识".repeat(17), 64, 3);
    check(&"共识".repeat(30), 48, 4);
    let cut = check(&"共识".repeat(100), 48, 5);
    assert!(cut[4].ends_with('…'), "{cut:?}");
    // Latin text breaks between words.
    let latin = check("The meeting of the Chinese and US heads of state at the Filoli estate", 64, 3);
    assert!(latin.iter().all(|l| !l.starts_with(' ') && !l.ends_with(' ')), "{latin:?}");
}
