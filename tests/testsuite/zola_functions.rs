//! The functions, filters and test Zola's documentation gives templates (`load_data`, `get_hash`,
//! `now`, `get_taxonomy_url`, `get_taxonomy`'s items, `section.subsections`; `markdown`, `slugify`,
//! `json_encode`, `striptags`, `urlencode`, `urlencode_strict`, `regex_replace`, `num_format`;
//! `matching`), used as its documentation shows, in the 404 template of the `basic` fixture; and
//! their mistakes, each reported at the template with what went wrong.

use std::io::{Read, Write};

use crate::util::Site;

/// A server on loopback that answers every request with `body` (as JSON), for `load_data(url=…)`;
/// no network is needed. Returns its port.
fn serve_json(body: &'static str) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

const TEMPLATE: &str = r#"<main>
<p id="toml">{% set d = load_data(path="data/facts.toml") %}{{ d.title }} {{ d.meeting.year }} {{ d.meeting.on }}</p>
<p id="json">{% set j = load_data(path="data/list.json") %}{{ j.items | join(sep=",") }}</p>
<p id="csv">{% set c = load_data(path="data/cities.csv") %}{{ c.headers | join(sep="|") }};{% for r in c.records %}{{ r[0] }}={{ r[1] }};{% endfor %}</p>
<p id="yaml">{% set y = load_data(path="data/people.yaml") %}{{ y.people[1].name }}</p>
<p id="plain">{{ load_data(path="data/note.txt") }}</p>
<p id="format">{% set f = load_data(path="data/facts.data", format="toml") %}{{ f.title }}</p>
<p id="content">{{ load_data(path="@/notes/a.md") | length > 0 }}</p>
<p id="optional">{{ load_data(path="data/none.toml", required=false) is none }}</p>
<p id="url">{% set u = load_data(url="http://127.0.0.1:PORT/api.json", format="json") %}{{ u.answer }}</p>
<p id="hash">{{ get_hash(literal="hello", sha_type=256, base64=false) }}</p>
<p id="sri">{{ get_hash(path="css/site.css", sha_type=384) }}</p>
<p id="now">{{ now(timestamp=true) }}</p>
<p id="now-date">{{ now(utc=true) | date(format="%Y") }}</p>
<p id="term-url">{{ get_taxonomy_url(kind="actors", name="拜登") }}</p>
<p id="no-term">{{ get_taxonomy_url(kind="actors", name="nobody", required=false) is none }}</p>
<p id="items">{% set t = get_taxonomy(kind="actors") %}{% for i in t.items %}{{ i.name }}/{{ i.slug }}:{{ i.pages | length }}:{{ i.permalink }};{% endfor %}</p>
<p id="subsections">{% set home = get_section(path="_index.md") %}{% for s in home.subsections %}{% set sub = get_section(path=s) %}{{ s }}={{ sub.title }};{% endfor %}</p>
<div id="md">{{ "*hi* [over](@/overview.md)" | markdown }}</div>
<span id="md-inline">{{ "*hi*" | markdown(inline=true) }}</span>
<p id="slug">{{ "Hello, World 你好" | slugify }}</p>
<p id="json-encode">{{ j | json_encode | safe }}</p>
<pre id="json-pretty">{{ j | json_encode(pretty=true) | safe }}</pre>
<p id="strip">{{ "<b>bold</b> <i>text</i>" | striptags }}</p>
<p id="urlencode">{{ "/a b?c=d" | urlencode }}</p>
<p id="urlencode-strict">{{ "/a b" | urlencode_strict }}</p>
<p id="regex">{{ "2024-01-02" | regex_replace(pattern="([0-9]+)-([0-9]+)-([0-9]+)", rep="$3/$2/$1") }}</p>
<p id="num">{{ 1234567 | num_format }} {{ 1234567 | num_format(locale="de") }}</p>
<p id="matching">{% if "2024" is matching(pat="^[0-9]+$") %}digits{% endif %}{% if "x2" is matching(pat="^[0-9]+$") %}not{% endif %}</p>
</main>"#;

fn site() -> Site {
    let site = Site::fixture("basic");
    site.write("data/facts.toml", "title = \"Woodside\"\n[meeting]\nyear = 2023\non = 2023-11-15\n")
        .write("data/facts.data", "title = \"by format\"\n")
        .write("data/list.json", r#"{"items": ["a", "b", "c"]}"#)
        .write("data/cities.csv", "city,n\nWoodside,1\n\"San Francisco, CA\",2\n")
        .write("data/people.yaml", "people:\n  - name: Xi\n  - name: Biden\n")
        .write("data/note.txt", "<b>as text</b>\n");
    site
}

#[test]
fn zola_functions_filters_and_test_render_as_zola_documents_them() {
    let port = serve_json(r#"{"answer": 42}"#);
    let site = site();
    site.write("templates/404.html", &TEMPLATE.replace("PORT", &port.to_string())).built();
    let page = site.page("404.html");
    let text = |id: &str| page.texts(&format!("#{id}")).join("");
    let cases = [
        ("toml", "Woodside 2023 2023-11-15"),
        ("json", "a,b,c"),
        ("csv", "city|n;Woodside=1;San Francisco, CA=2;"),
        ("yaml", "Biden"),
        ("plain", "<b>as text</b>"),
        ("format", "by format"),
        ("content", "true"),
        ("optional", "true"),
        ("url", "42"),
        ("hash", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
        ("term-url", "https://example.org/sub/actors/拜登/"),
        ("no-term", "true"),
        ("subsections", "notes/_index.md=笔记;"),
        ("md-inline", "hi"),
        ("slug", "hello-world-你好"),
        ("json-encode", r#"{"items":["a","b","c"]}"#),
        ("strip", "bold text"),
        ("urlencode", "/a%20b%3Fc%3Dd"),
        ("urlencode-strict", "%2Fa%20b"),
        ("regex", "02/01/2024"),
        ("num", "1,234,567 1.234.567"),
        ("matching", "digits"),
    ];
    for (id, expect) in cases {
        assert_eq!(text(id), expect, "#{id}");
    }
    let css = std::fs::read(site.root().join("static/css/site.css")).unwrap();
    let sri = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(&css))
    };
    assert_eq!(text("sri"), sri);
    let now: i64 = text("now").parse().unwrap();
    assert!(now > 1_700_000_000, "{now}");
    assert!(text("now-date").starts_with("20"), "{}", text("now-date"));
    assert!(text("items").contains("拜登/拜登:2:https://example.org/sub/actors/拜登/;"), "{}", text("items"));
    assert!(text("json-pretty").contains("\n  \"items\": ["), "{}", text("json-pretty"));
    let html = site.read("404.html");
    assert!(html.contains(r#"<div id="md"><p><em>hi</em> <a href="/sub/overview/">over</a></p>"#), "{html}");
    assert!(html.contains(r#"<span id="md-inline"><em>hi</em></span>"#), "{html}");
    assert!(html.contains("&lt;b&gt;as text&lt;/b&gt;"), "load_data's text is escaped like any other");
}

#[test]
fn a_mistake_in_a_data_function_is_reported_at_the_template() {
    let cases = [
        ("missing file", r#"{{ load_data(path="data/none.toml") }}"#, "there is no file `data/none.toml`"),
        ("outside the site", r#"{{ load_data(path="../secret.toml") }}"#, "not a path inside the site's folder"),
        (
            "absolute path",
            r#"{{ get_hash(path="/etc/passwd") }}"#,
            "there is no file `/etc/passwd` in the site's folder",
        ),
        ("unknown format", r#"{{ load_data(path="data/facts.toml", format="xml") }}"#, "`xml` is not a format"),
        ("bad data", r#"{{ load_data(path="data/bad.json") }}"#, "data/bad.json:2:"),
        ("bad regex", r#"{{ "x" | regex_replace(pattern="(", rep="") }}"#, "`(` is not a regular expression"),
        ("bad regex in a test", r#"{{ "x" is matching(pat="[") }}"#, "`[` is not a regular expression"),
        ("bad sha", r#"{{ get_hash(literal="x", sha_type=1) }}"#, "sha_type is 256, 384 or 512"),
        ("no such term", r#"{{ get_taxonomy_url(kind="actors", name="nobody") }}"#, "no term `nobody`"),
        ("no server", r#"{{ load_data(url="http://127.0.0.1:9/x") }}"#, "load_data: http://127.0.0.1:9/x"),
    ];
    for (what, template, message) in cases {
        let site = site();
        site.write("data/bad.json", "{\n  \"a\": }\n").write("templates/404.html", template);
        let run = site.build();
        assert_eq!(run.code(), Some(1), "{what}: {}", run.stderr);
        assert!(run.stderr.contains("templates/404.html:1:"), "{what}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{what}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_cannot_take_load_data_out_of_the_site() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.toml"), "secret = 1\n").unwrap();
    let site = site();
    std::os::unix::fs::symlink(outside.path().join("secret.toml"), site.root().join("data/secret.toml")).unwrap();
    site.write("templates/404.html", r#"{% set s = load_data(path="data/secret.toml") %}{{ s.secret }}"#);
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("leads outside the site's folder"), "{}", run.stderr);
}
