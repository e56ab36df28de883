//! One site written as Zola documents it, with everything issue 18 names at once: shortcodes
//! inline and with bodies (HTML and Markdown), their escapes, images resized in each operation
//! from a shortcode, Sass, `load_data`, a paginated section, and a taxonomy with Zola's own
//! `list.html` and `single.html`. It builds with no error, and the HTML says each part worked.

use crate::util::Site;

/// The `zola` fixture (a Zola `config.toml`, a blog with dated pages and tags) with the rest of a
/// Zola writer's everyday tools added to it.
fn site() -> Site {
    let site = Site::fixture("zola");
    let config = std::fs::read_to_string(site.root().join("config.toml"))
        .unwrap()
        .replace("compile_sass = false", "compile_sass = true")
        .replace(
            "taxonomies = [{ name = \"tags\", feed = true }]",
            "taxonomies = [{ name = \"tags\", feed = true, paginate_by = 1 }]",
        );
    site.write("config.toml", &config);
    // Sass: a partial imported by the stylesheet, nesting and a variable.
    site.write("sass/_colours.scss", "$ink: #123456;\n");
    site.write("sass/style.scss", "@use \"colours\";\narticle {\n  h1 { color: colours.$ink; }\n}\n");
    // Data, read by a shortcode.
    site.write("data/team.toml", "[[people]]\nname = \"Ada\"\n[[people]]\nname = \"Grace\"\n");
    // Shortcodes: inline HTML, with a body (rendered as Markdown by the template), a Markdown one,
    // one reading data, and one resizing an image in the operation it is given.
    site.write(
        "templates/shortcodes/youtube.html",
        "<iframe class=\"youtube\" title=\"{{ title }}\" src=\"https://www.youtube-nocookie.com/embed/{{ id }}\"></iframe>",
    );
    site.write(
        "templates/shortcodes/note.html",
        "<aside class=\"note\" data-nth=\"{{ nth }}\">{{ body | markdown | safe }}</aside>",
    );
    site.write("templates/shortcodes/details.md", "**{{ summary }}**: {{ body }}");
    site.write(
        "templates/shortcodes/team.html",
        "{% set data = load_data(path=\"data/team.toml\") %}<ul class=\"team\">{% for p in data.people %}<li>{{ p.name }}</li>{% endfor %}</ul>",
    );
    site.write(
        "templates/shortcodes/resized.html",
        "{% set r = resize_image(path=path, width=width, height=height, op=op) %}<img class=\"resized\" data-op=\"{{ op }}\" src=\"{{ r.url }}\" width=\"{{ r.width }}\" height=\"{{ r.height }}\" alt=\"\">",
    );
    let file = site.root().join("content/blog/photos/photo.png");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    image::RgbImage::from_fn(400, 300, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])).save(file).unwrap();
    let mut shots = String::new();
    for (op, w, h) in
        [("fill", 100, 100), ("fit", 100, 100), ("scale", 90, 10), ("fit_width", 80, 0), ("fit_height", 0, 60)]
    {
        shots.push_str(&format!(
            "{{{{ resized(path=\"blog/photos/photo.png\", op=\"{op}\", width={w}, height={h}) }}}}\n\n"
        ));
    }
    site.write(
        "content/blog/photos/index.md",
        &format!(
            "+++\ntitle = \"Photos\"\ndate = 2024-03-01\n[taxonomies]\ntags = [\"media\"]\n+++\n\n\
             A video: {{{{ youtube(id=\"dQw4w9WgXcQ\", title=\"A talk\") }}}}\n\n\
             {{% note() %}}\nRead *this* first.\n{{% end %}}\n\n\
             {{% note() %}}\nAnd this.\n{{% end %}}\n\n\
             {{% details(summary=\"More\") %}}\nhidden text\n{{% end %}}\n\n\
             {{{{ team() }}}}\n\n\
             Write `{{{{/* youtube(id=\"x\") */}}}}` to embed a video; {{%/* note() */%}} opens a note.\n\n\
             {shots}![A photo](photo.png)\n"
        ),
    );
    // The blog in pages of two, listed by Zola's paginator.
    site.write(
        "content/blog/_index.md",
        "+++\ntitle = \"Blog\"\nsort_by = \"date\"\npaginate_by = 2\ninsert_anchor_links = \"heading\"\n+++\n",
    );
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1>\
         {% if paginator %}<p class=\"pager\">{{ paginator.current_index }}/{{ paginator.number_pagers }}</p>\
         <ul class=\"pages\">{% for p in paginator.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>\
         {% if paginator.next %}<a class=\"next\" href=\"{{ paginator.next }}\">next</a>{% endif %}\
         {% if paginator.previous %}<a class=\"previous\" href=\"{{ paginator.previous }}\">previous</a>{% endif %}\
         {% else %}<ul class=\"pages\">{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>{% endif %}{% endblock main %}",
    );
    // Zola's taxonomy templates.
    site.write(
        "templates/tags/list.html",
        "{% extends \"base.html\" %}{% block main %}<ul class=\"zola-terms\">{% for t in terms %}<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a> {{ t.page_count }}</li>{% endfor %}</ul>{% endblock main %}",
    );
    site.write(
        "templates/tags/single.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"zola-term\">{{ term.name }}</h1><ul>{% for p in paginator.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>{% endblock main %}",
    );
    site
}

#[test]
fn a_site_written_as_zola_documents_it_builds_and_each_part_works() {
    let site = site();
    let run = site.build();
    assert!(run.ok(), "{}", run.stderr);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);

    let photos = site.page("blog/photos/index.html");
    // Shortcodes: inline, with a Markdown body (and nth counting each call), a Markdown shortcode,
    // load_data, and the escapes written as text.
    assert_eq!(photos.attrs("iframe.youtube", "src"), ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"]);
    assert_eq!(photos.attrs("aside.note", "data-nth"), ["1", "2"]);
    assert_eq!(photos.texts("aside.note em"), ["this"]);
    assert!(photos.texts("strong").iter().any(|t| t == "More"), "{:?}", photos.texts("strong"));
    assert_eq!(photos.texts("ul.team li"), ["Ada", "Grace"]);
    let html = site.read("blog/photos/index.html");
    assert!(html.contains("{{ youtube(id=\"x\") }}") || html.contains("{{ youtube(id=&quot;x&quot;) }}"), "{html}");
    assert!(html.contains("{% note() %}"), "{html}");
    assert!(!html.contains("{{ resized("), "{html}");

    // Images: each operation's size, and the copies written.
    let ops = photos.attrs("img.resized", "data-op");
    let sizes: Vec<String> = photos
        .attrs("img.resized", "width")
        .into_iter()
        .zip(photos.attrs("img.resized", "height"))
        .map(|(w, h)| format!("{w}x{h}"))
        .collect();
    assert_eq!(ops, ["fill", "fit", "scale", "fit_width", "fit_height"]);
    assert_eq!(sizes, ["100x100", "100x75", "90x10", "80x60", "80x60"]);
    for src in photos.attrs("img.resized", "src") {
        let path = src.split("/processed_images/").nth(1).unwrap_or_else(|| panic!("{src}"));
        assert!(site.public().join("processed_images").join(path).is_file(), "{src}");
    }
    // A Markdown image in the bundle gets its size.
    assert_eq!(photos.attrs("img[alt='A photo']", "width"), ["400"]);
    assert_eq!(photos.attrs("img[alt='A photo']", "height"), ["300"]);

    // Sass, compiled with its partial.
    let css = site.read("style.css");
    assert!(css.contains("article h1") && css.contains("#123456"), "{css}");

    // Pagination: four posts in pages of two, the first pager redirecting to the section.
    let first = site.page("blog/index.html");
    assert_eq!(first.texts("p.pager"), ["1/2"]);
    assert_eq!(first.texts("ul.pages li").len(), 2);
    assert_eq!(first.attrs("a.next", "href"), ["https://example.org/docs/blog/page/2/"]);
    let second = site.page("blog/page/2/index.html");
    assert_eq!(second.texts("p.pager"), ["2/2"]);
    assert_eq!(second.texts("ul.pages li").len(), 2);
    assert!(site.read("blog/page/1/index.html").contains("/docs/blog/\""), "{}", site.read("blog/page/1/index.html"));

    // The taxonomy through Zola's templates, its term pages paginated one a page.
    let tags = site.page("tags/index.html");
    let terms = tags.texts("ul.zola-terms li");
    assert!(terms.iter().any(|t| t.starts_with("intro")) && terms.iter().any(|t| t.starts_with("media")), "{terms:?}");
    assert_eq!(site.page("tags/media/index.html").texts("h1.zola-term"), ["media"]);
}
