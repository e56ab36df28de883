//! Text from front matter is text: a title, an alias or a summary that looks like HTML shows as
//! those characters everywhere the site puts it (pages, listings, popovers, backlinks, the timeline
//! and its JSON), and never becomes markup.

use crate::util::{Site, snapshot};

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

fn hostile() -> Site {
    let site = Site::fixture_with_themes("dossier");
    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    let a = a
        .replace("title = \"甲\"", &format!("title = '甲{SCRIPT}&\"'"))
        .replace("title = \"庄园始建\"", &format!("title = \"庄园始建{}\"", SCRIPT.replace('"', "\\\"")))
        // The alias written as text in the body (entities escaped, so it is no HTML of the author's).
        .replace("有一条注", "他说&quot;&gt;&lt;img src=x onerror=alert(1)&gt;。有一条注");
    site.write("content/a.md", &a);
    site.write(
        "content/entities/biden.md",
        &format!(
            "+++\ntitle = \"拜登\"\nkind = \"person\"\naliases = [\"拜登总统\", '{IMG}']\nsummary = \"{SCRIPT}美国总统。\"\n+++\n"
        ),
    );
    site.built();
    site
}

#[test]
fn markup_in_front_matter_never_becomes_markup() {
    let site = hostile();
    for (path, bytes) in snapshot(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(SCRIPT), "{}: a raw <script> from front matter", path.display());
        assert!(!text.contains("<img src=x"), "{}: a raw <img> from front matter", path.display());
    }
}

#[test]
fn it_shows_as_the_same_characters() {
    let site = hostile();
    let a = site.page("a/index.html");
    let title = format!("甲{SCRIPT}&\"");
    assert_eq!(a.texts("h1"), std::slice::from_ref(&title));
    assert!(a.texts("title")[0].contains(&title));
    // The alias is linked as the entity's name, and its popover shows the summary as text.
    assert_eq!(a.texts(".prose a.entity[href$='/entities/biden/']"), [IMG.to_string()]);
    assert!(a.texts(".popover").contains(&format!("拜登：{SCRIPT}美国总统。")), "{:?}", a.texts(".popover"));
    // Where other pages list it: the backlink on b, the entity's "mentioned in" list.
    assert!(site.page("b/index.html").texts(".backlinks a").contains(&title));
    assert!(site.page("entities/filoli/index.html").texts(".mentioned-in li > a").contains(&title));
    // The event on its page, and in the timeline's JSON, whose strings TimelineJS shows as HTML:
    // escaped once.
    assert!(
        a.texts(".events li").iter().any(|e| e.contains(&format!("庄园始建{SCRIPT}"))),
        "{:?}",
        a.texts(".events li")
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("timeline.json")).unwrap();
    let event = &json["events"][0]["text"];
    assert_eq!(event["headline"], "庄园始建&lt;script&gt;alert(1)&lt;/script&gt;");
    assert!(event["text"].as_str().unwrap().contains("甲&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;"));
}
