use super::*;
use crate::output::Deps;

fn output(path: &str, text: &str) -> Output {
    Output { path: path.into(), body: Body::Bytes(text.to_string().into()), deps: Deps::default() }
}

fn text(output: &Output) -> String {
    match &output.body {
        Body::Bytes(b) => String::from_utf8(b.to_vec()).unwrap(),
        _ => panic!("{} is not in memory", output.path),
    }
}

#[test]
fn names_carry_the_hash_before_the_extension() {
    let cases = [
        ("style.css", "style.h.css"),
        ("css/site.min.css", "css/site.min.h.css"),
        ("fonts/a.woff2", "fonts/a.h.woff2"),
        ("LICENSE", "LICENSE.h"),
        (".hidden", ".hidden.h"),
    ];
    for (path, expect) in cases {
        assert_eq!(hashed_name(path, "h"), expect, "{path}");
    }
}

#[test]
fn references_resolve_against_the_stylesheet_and_the_base_path() {
    let some = |p: &str, r: &str| Some((p.to_string(), r.to_string()));
    let cases = [
        ("css/site.css", "../fonts/a.woff2", some("fonts/a.woff2", "")),
        ("css/site.css", "img/i.svg#icon", some("css/img/i.svg", "#icon")),
        ("css/site.css", "./a%20b.png?v=1", some("css/a b.png", "?v=1")),
        ("style.css", "/d/fonts/a.woff2", some("fonts/a.woff2", "")),
        // Outside the base path, another host, a data: URL, a fragment alone, above the root.
        ("style.css", "/elsewhere/a.png", None),
        ("style.css", "https://cdn.example/a.png", None),
        ("style.css", "//cdn.example/a.png", None),
        ("style.css", "data:image/svg+xml,<svg/>", None),
        ("style.css", "#filter", None),
        ("style.css", "../../a.png", None),
    ];
    for (from, reference, expect) in cases {
        assert_eq!(resolve(from, reference, "/d/"), expect, "{from} {reference}");
    }
    assert_eq!(rename_reference("../fonts/a.woff2?#iefix", "fonts/a.h.woff2"), "../fonts/a.h.woff2?#iefix");
    assert_eq!(rename_reference("a.png", "css/a.h.png"), "a.h.png");
}

#[test]
fn stylesheets_are_minified_and_point_at_the_hashed_names_of_what_they_use() {
    let outputs = vec![
        output(
            "css/site.css",
            "@import \"parts.css\";\nbody {\n  color: red;\n  background: url(\"../img/bg.png\");\n}\n.x { background: url(data:image/png;base64,AAAA) }\n",
        ),
        output("css/parts.css", "p { margin: 0px 0px 0px 0px }\n"),
        output("img/bg.png", "png"),
        output("img/other.png", "not referenced"),
        output("search.js", "console.log(1)"),
        output("index.html", "<p>"),
    ];
    let (renamed, names, errors) = fingerprint(outputs, "/d/");
    assert!(errors.is_empty(), "{errors:?}");
    let paths: Vec<&str> = renamed.iter().map(|o| o.path.as_str()).collect();
    let hashed = |p: &str| names[p].clone();
    assert_eq!(
        paths,
        [
            hashed("css/site.css").as_str(),
            "css/site.css",
            &hashed("css/parts.css"),
            "css/parts.css",
            &hashed("img/bg.png"),
            "img/bg.png",
            "img/other.png",
            &hashed("search.js"),
            "search.js",
            "index.html"
        ]
    );
    // Under its own name too, with the same bytes: a page that names it by hand still finds it.
    assert_eq!(text(&renamed[0]), text(&renamed[1]));
    assert!(hashed("search.js").starts_with("search.") && hashed("search.js").len() == "search..js".len() + HASH_LEN);
    let site = text(&renamed[0]);
    let bg = hashed("img/bg.png").replace("img/", "");
    let parts = hashed("css/parts.css").replace("css/", "");
    assert!(site.contains(&format!("@import \"{parts}\"")), "{site}");
    assert!(site.contains(&format!("url(../img/{bg})")), "{site}");
    assert!(site.contains("data:image/png;base64,AAAA"), "{site}");
    assert!(!site.contains('\n') && site.contains("color:red"), "minified: {site}");
    assert_eq!(text(&renamed[2]), "p{margin:0}");
    // The same bytes give the same names; other bytes other names.
    let again = fingerprint(vec![output("search.js", "console.log(1)")], "/d/").1;
    assert_eq!(again["search.js"], hashed("search.js"));
    let changed = fingerprint(vec![output("search.js", "console.log(2)")], "/d/").1;
    assert_ne!(changed["search.js"], hashed("search.js"));
}

#[test]
fn stylesheets_that_import_each_other_are_an_error() {
    let outputs = vec![output("a.css", "@import \"b.css\";"), output("b.css", "@import \"a.css\";")];
    let (_, _, errors) = fingerprint(outputs, "/");
    assert!(!errors.is_empty());
    assert!(errors[0].message.contains("imports itself"), "{errors:?}");
}
