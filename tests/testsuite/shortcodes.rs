//! Shortcodes as Zola documents them, in a site written for Zola (`fixtures/shortcodes`:
//! `config.toml`, a theme with shortcodes of its own): inline and with a body, HTML and Markdown
//! ones, arguments of every type, `nth`, `page`, `config` and `lang`, the escapes, nothing
//! expanded in code; and a dossier's site templates of the built-in `cite` and `quote`.

use crate::util::Site;

#[test]
fn a_zola_sites_shortcodes_render_as_its_documentation_shows() {
    let site = Site::fixture("shortcodes");
    site.built();
    let guide = site.page("guide/index.html");
    // Strings in three quotes, an integer, a float, a boolean; the output joins the sentence.
    assert_eq!(guide.texts(".content > p:first-child"), ["Arguments of every type: abc 4 3.0 on."]);
    // An HTML shortcode alone in a paragraph is a block; `nth` counts its calls, `page` and
    // `config` are there, and the site's `youtube` replaces the theme's.
    assert_eq!(guide.attrs(".content > div.video", "id"), ["video-1", "video-2"]);
    assert_eq!(
        guide.attrs(".video.wide iframe", "src"),
        ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"]
    );
    assert_eq!(guide.attrs(".video iframe", "title"), ["Guide", "Guide"]);
    assert!(!site.read("guide/index.html").contains("the theme's youtube"));
    // A body, rendered as Markdown by the template's `markdown` filter, `@/` links resolved.
    assert_eq!(guide.attrs("aside.note-warn", "lang"), ["en"]);
    assert_eq!(guide.texts("aside.note-warn strong"), ["careful"]);
    assert_eq!(guide.attrs("aside.note-warn a", "href"), ["/docs/"]);
    // A Markdown shortcode's output is Markdown: with a body, and inline (a link to a page).
    assert_eq!(guide.texts(".content > p > strong"), ["More"]);
    assert_eq!(guide.texts(".content > p > em"), ["Markdown"]);
    assert_eq!(guide.attrs(".content > p > a", "href"), ["/docs/"]);
    // A shortcode of the theme.
    assert_eq!(guide.texts(".content .badge"), ["beta"]);
    assert_eq!(site.page("index.html").texts(".badge"), ["new"]);
    // Escapes write the call, in text and in code; calls in code stay as written.
    let html = site.read("guide/index.html");
    assert!(html.contains("<p>To embed a video write {{ youtube(id=\"x\") }}, and a note {% note() %}…{% end %}.</p>"));
    assert!(
        html.contains("{{ youtube(id=&quot;dQw4w9WgXcQ&quot;) }}\n{{ youtube(id=&quot;in-code&quot;) }}"),
        "{html}"
    );
    assert!(html.contains("<code>{{ youtube(id=\"in-span\") }}</code>"));
    assert!(!html.contains("/*"), "{html}");
}

#[test]
fn a_shortcode_template_error_names_the_template_and_the_page() {
    let site = Site::fixture("shortcodes");
    site.write("templates/shortcodes/types.html", "<span>{{ list | length }} {{ missing.field }}</span>\n");
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    let line = run.stderr.lines().find(|l| l.contains("error")).unwrap_or_default();
    assert!(line.starts_with("content/guide.md:5:26: error: the shortcode `types` failed: "), "{}", run.stderr);
    assert!(line.contains("templates/shortcodes/types.html:1:"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    // A call with arguments that do not parse is reported at the call too.
    let site = Site::fixture("shortcodes");
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelcome. {{ badge(text=new) }}\n");
    let run = site.build();
    assert!(
        run.stderr.contains("content/_index.md:5:10: error: the arguments of `badge` do not parse"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_shortcode_lists_the_sites_and_the_built_in_ones() {
    let site = Site::fixture("shortcodes");
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\n{{ gallery() }}\n");
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr.contains("content/_index.md:5:1: error: there is no shortcode `gallery`"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the shortcodes are `badge`, `cite`, `details`, `note`, `quote`, `ref`, `types`, `youtube`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_dossiers_templates_of_cite_and_quote_get_what_the_engine_resolved() {
    let site = Site::fixture("dossier");
    site.built();
    let default = site.read("a/index.html");
    assert!(default.contains("<a class=\"cite\" href=\"/d/source/#p1\">"), "{default}");
    site.write(
        "templates/shortcodes/cite.html",
        "<sup class=\"my-cite\" data-p=\"{{ p }}\" data-nth=\"{{ nth }}\" data-src=\"{{ src }}\"><a href=\"{{ href }}\">{{ label }}</a></sup>\n",
    );
    site.write(
        "templates/shortcodes/quote.html",
        "{% if block %}<figure class=\"my-quote\"><blockquote cite=\"{{ href }}\">{{ text }}</blockquote><figcaption>{{ label }}</figcaption></figure>{% else %}{{ html | safe }}{% endif %}\n",
    );
    site.built();
    let a = site.page("a/index.html");
    assert_eq!(a.attrs("sup.my-cite", "data-p"), ["1"]);
    assert_eq!(a.attrs("sup.my-cite", "data-nth"), ["1"]);
    assert_eq!(a.attrs("sup.my-cite", "data-src"), ["source"]);
    assert_eq!(a.attrs("sup.my-cite a", "href"), ["/d/source/#p1"]);
    assert_eq!(a.texts("sup.my-cite a"), ["出处 ¶1"]);
    // The quoted sentence is the engine's, verbatim from the source.
    assert_eq!(a.attrs("figure.my-quote blockquote", "cite"), ["/d/source/#p2"]);
    assert_eq!(a.texts("figure.my-quote figcaption"), ["原文 ¶2"]);
    let quoted = a.texts("figure.my-quote blockquote");
    let source = site.page("source/index.html");
    let p2 = source.texts("#p2");
    assert!(p2[0].starts_with(&quoted[0]), "{quoted:?} is not the start of {p2:?}");
    // What the engine keeps track of stays: the source page lists the page among its citers.
    assert_eq!(source.attrs("#p1 + .used-by a, #p1 ~ .used-by a", "href").first().map(String::as_str), Some("/d/a/"));
}

#[test]
fn a_shortcode_calling_what_needs_the_pages_is_told_what_it_may_call() {
    let site = Site::fixture("shortcodes");
    site.write(
        "templates/shortcodes/badge.html",
        "{% set p = get_page(path=\"guide.md\") %}<span>{{ p.title }}</span>\n",
    );
    let run = site.build();
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr.contains("templates/shortcodes/badge.html:1:12: error: Unknown function `get_page`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("it may call get_url, trans"), "{}", run.stderr);
}

#[test]
fn check_reads_the_trans_keys_of_shortcodes_no_page_calls() {
    let site = Site::fixture("shortcodes");
    site.write("templates/shortcodes/label.html", "<b>{{ trans(key=\"nowhere\") }}</b>\n");
    let run = site.run("check", &[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("templates/shortcodes/label.html:1:18: error: trans(key=\"nowhere\") names a key"),
        "{}",
        run.stderr
    );
}
