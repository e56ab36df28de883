//! Images as Zola documents them: `resize_image` in each operation and format, `get_image_metadata`,
//! Markdown images given their size and a `srcset`, copies reused from the cache by a second
//! build, and the mistakes, each reported where it was made. The images are made by the test.

use std::path::Path;

use crate::util::Site;

/// A `width` × `height` picture at `path` in the site, in the format its extension names.
fn picture(site: &Site, path: &str, width: u32, height: u32) {
    let file = site.root().join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 90])).save(file).unwrap();
}

/// The `basic` fixture with a 400 × 300 JPEG in `static/` and a 200 × 100 PNG in the bundle.
fn site() -> Site {
    let site = Site::fixture("basic");
    picture(&site, "static/photo.jpg", 400, 300);
    picture(&site, "content/bundle/map.png", 200, 100);
    site
}

const TEMPLATE: &str = r#"<main>
{% set r = resize_image(path="photo.jpg", width=100, height=100) %}<p id="fill" data-path="{{ r.static_path }}">{{ r.url }} {{ r.width }}x{{ r.height }} {{ r.orig_width }}x{{ r.orig_height }}</p>
{% set r = resize_image(path="photo.jpg", width=100, height=100, op="fit") %}<p id="fit" data-path="{{ r.static_path }}">{{ r.width }}x{{ r.height }}</p>
{% set r = resize_image(path="photo.jpg", width=1000, height=1000, op="fit") %}<p id="fit-small" data-path="{{ r.static_path }}">{{ r.width }}x{{ r.height }}</p>
{% set r = resize_image(path="photo.jpg", width=90, height=10, op="scale") %}<p id="scale" data-path="{{ r.static_path }}">{{ r.width }}x{{ r.height }}</p>
{% set r = resize_image(path="photo.jpg", width=80, op="fit_width") %}<p id="fit_width" data-path="{{ r.static_path }}">{{ r.width }}x{{ r.height }}</p>
{% set r = resize_image(path="photo.jpg", height=60, op="fit_height", quality=40) %}<p id="fit_height" data-path="{{ r.static_path }}">{{ r.width }}x{{ r.height }}</p>
{% set r = resize_image(path="bundle/map.png", width=50, height=50, op="fit") %}<p id="png" data-path="{{ r.static_path }}">{{ r.width }}x{{ r.height }}</p>
{% set r = resize_image(path="@/bundle/map.png", width=40, height=40, format="webp") %}<p id="webp" data-path="{{ r.static_path }}">{{ r.width }}x{{ r.height }}</p>
{% set r = resize_image(path="photo.jpg", width=60, height=40, format="webp", quality=60) %}<p id="lossy-webp" data-path="{{ r.static_path }}">{{ r.width }}x{{ r.height }}</p>
{% set r = resize_image(path="static/photo.jpg", width=30, height=20, format="png") %}<p id="to-png" data-path="{{ r.static_path }}">{{ r.width }}x{{ r.height }}</p>
{% set m = get_image_metadata(path="photo.jpg") %}<p id="meta">{{ m.width }}x{{ m.height }} {{ m.format }} {{ m.mime }}</p>
{% set m = get_image_metadata(path="bundle/map.png") %}<p id="meta-png">{{ m.width }}x{{ m.height }} {{ m.format }} {{ m.mime }}</p>
<p id="missing">{{ get_image_metadata(path="none.png", allow_missing=true) is none }}</p>
</main>"#;

#[test]
fn resize_image_makes_each_operation_s_size_and_format() {
    let site = site();
    site.write("templates/404.html", TEMPLATE).built();
    let page = site.page("404.html");
    let text = |id: &str| page.texts(&format!("#{id}")).join("");
    let made = |id: &str| {
        let path = page.attrs(&format!("#{id}"), "data-path").join("");
        assert!(path.starts_with("processed_images/"), "{id}: {path}");
        let file = site.public().join(&path);
        let format = image::ImageFormat::from_path(&file).unwrap();
        let reader = image::ImageReader::open(&file).unwrap().with_guessed_format().unwrap();
        assert_eq!(reader.format(), Some(format), "{id}: {path} is written in the format its name says");
        let decoded = reader.decode().unwrap();
        (format!("{}x{}", decoded.width(), decoded.height()), format)
    };
    use image::ImageFormat::{Jpeg, Png, WebP};
    let cases = [
        ("fill", "100x100", Jpeg),
        ("fit", "100x75", Jpeg),
        ("fit-small", "400x300", Jpeg),
        ("scale", "90x10", Jpeg),
        ("fit_width", "80x60", Jpeg),
        ("fit_height", "80x60", Jpeg),
        ("png", "50x25", Png),
        ("webp", "40x40", WebP),
        ("lossy-webp", "60x40", WebP),
        ("to-png", "30x20", Png),
    ];
    for (id, size, format) in cases {
        assert!(text(id).contains(size), "#{id}: {}", text(id));
        assert_eq!(made(id), (size.to_string(), format), "#{id}");
    }
    let fill = text("fill");
    assert!(fill.starts_with("https://example.org/sub/processed_images/"), "a permalink, as Zola gives: {fill}");
    assert!(fill.ends_with(".jpg 100x100 400x300"), "{fill}");
    assert_ne!(made("fit_width"), made("fill"), "another operation is another file");
    // WebP is lossless (a `VP8L` chunk) unless a quality is given (`VP8 `), as in Zola.
    let chunk = |id: &str| {
        let path = page.attrs(&format!("#{id}"), "data-path").join("");
        std::fs::read(site.public().join(path)).unwrap()[12..16].to_vec()
    };
    assert_eq!(chunk("webp"), b"VP8L");
    assert_eq!(chunk("lossy-webp"), b"VP8 ");
    assert_eq!(text("meta"), "400x300 jpg image/jpeg");
    assert_eq!(text("meta-png"), "200x100 png image/png");
    assert_eq!(text("missing"), "true");
}

#[test]
fn a_markdown_image_gets_its_size_and_with_image_srcset_smaller_copies() {
    let site = site();
    site.write(
        "content/bundle/index.md",
        "+++\ntitle = \"带附件的页\"\n+++\n![地图 *一*](map.png \"题\")\n\n![照片](/photo.jpg)\n\n![外](https://example.org/x.png) ![图](photo.txt)\n",
    )
    .built();
    let page = site.page("bundle/index.html");
    let attrs = |attr: &str| page.attrs("main img", attr);
    assert_eq!(attrs("src"), ["map.png", "/sub/photo.jpg", "https://example.org/x.png", "photo.txt"]);
    assert_eq!(attrs("alt"), ["地图 一", "照片", "外", "图"]);
    assert_eq!(attrs("width"), ["200", "400"], "local files only");
    assert_eq!(attrs("height"), ["100", "300"]);
    assert!(attrs("srcset").is_empty(), "no srcset unless the site asks");

    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!(
            "{config}\n[markdown]\nimage_srcset = [120, 300, 960]\nimage_sizes = \"(max-width: 40em) 100vw, 40em\"\n"
        ),
    )
    .built();
    let page = site.page("bundle/index.html");
    let srcset = page.attrs("main img", "srcset");
    assert_eq!(srcset.len(), 2, "{srcset:?}");
    let candidates: Vec<(&str, &str)> = srcset[1].split(", ").map(|c| c.split_once(' ').unwrap()).collect();
    let widths: Vec<&str> = candidates.iter().map(|c| c.1).collect();
    assert_eq!(widths, ["120w", "300w", "400w"], "the widths narrower than the photo, then the photo");
    assert_eq!(candidates[2].0, "/sub/photo.jpg");
    for (url, width) in &candidates[..2] {
        let file = site.public().join(url.strip_prefix("/sub/").unwrap());
        let copy = image::open(&file).unwrap();
        assert_eq!(format!("{}w", copy.width()), *width, "{url}");
    }
    assert_eq!(page.attrs("main img", "sizes")[0], "(max-width: 40em) 100vw, 40em");
    assert!(srcset[0].ends_with("map.png 200w"), "{}", srcset[0]);
}

/// Every cache entry's name and modification time.
fn cache(site: &Site) -> Vec<(String, std::time::SystemTime)> {
    let mut entries: Vec<_> = std::fs::read_dir(site.root().join(".dossier-cache/images"))
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().modified().unwrap()))
        .collect();
    entries.sort();
    entries
}

/// What a build printed.
fn said(run: &crate::util::Run) -> String {
    format!("{}{}", String::from_utf8_lossy(&run.output.stdout), run.stderr)
}

#[test]
fn a_second_build_takes_every_copy_from_the_cache() {
    let site = site();
    site.write("templates/404.html", TEMPLATE);
    let first = site.build();
    assert!(first.ok(), "{}", first.stderr);
    let printed = said(&first);
    assert!(printed.contains("10 resized images (10 made, 0 from the cache)"), "{printed}");
    let before = cache(&site);
    assert_eq!(before.len(), 10);
    let second = site.build();
    let printed = said(&second);
    assert!(printed.contains("10 resized images (0 made, 10 from the cache)"), "{printed}");
    assert_eq!(cache(&site), before, "no entry written again");
    // A changed source is another copy.
    picture(&site, "static/photo.jpg", 400, 301);
    let third = site.build();
    let printed = said(&third);
    assert!(printed.contains("(8 made, 2 from the cache)"), "{printed}");
    let page = site.page("404.html");
    assert!(page.texts("#fill").join("").ends_with("100x100 400x301"));
}

#[test]
fn a_mistake_with_an_image_is_reported_where_it_was_made() {
    let cases = [
        ("missing file", r#"{{ resize_image(path="none.jpg", width=10, height=10) }}"#, "there is no file `none.jpg`"),
        ("missing for metadata", r#"{{ get_image_metadata(path="none.jpg") }}"#, "there is no file `none.jpg`"),
        ("not an image", r#"{{ resize_image(path="css/site.css", width=10, height=10) }}"#, "not an image it can read"),
        ("corrupt", r#"{{ resize_image(path="broken.png", width=10, height=10) }}"#, "not an image it can read"),
        (
            "bad op",
            r#"{{ resize_image(path="photo.jpg", width=10, height=10, op="crop") }}"#,
            "`crop` is not an operation",
        ),
        (
            "bad format",
            r#"{{ resize_image(path="photo.jpg", width=10, height=10, format="tiff") }}"#,
            "`tiff` is not a format",
        ),
        ("no height", r#"{{ resize_image(path="photo.jpg", width=10) }}"#, "op=\"fill\" needs a height"),
        (
            "no width",
            r#"{{ resize_image(path="photo.jpg", height=10, op="fit_width") }}"#,
            "op=\"fit_width\" needs a width",
        ),
        (
            "negative",
            r#"{{ resize_image(path="photo.jpg", width=-1, height=10) }}"#,
            "width is a number of pixels, not -1",
        ),
        (
            "JPEG quality",
            r#"{{ resize_image(path="photo.jpg", width=10, height=10, quality=0) }}"#,
            "a JPEG's quality is 1 to 100, not 0",
        ),
        (
            "quality",
            r#"{{ resize_image(path="photo.jpg", width=10, height=10, format="webp", quality=101) }}"#,
            "quality is 0 to 100, not 101",
        ),
        (
            "outside",
            r#"{{ resize_image(path="../photo.jpg", width=10, height=10) }}"#,
            "not a path inside the site's folder",
        ),
        ("absolute", r#"{{ get_image_metadata(path="/etc/hostname") }}"#, "there is no file `/etc/hostname`"),
    ];
    for (what, template, message) in cases {
        let site = site();
        site.write("static/broken.png", "\u{89}PNG not really").write("templates/404.html", template);
        let run = site.build();
        assert_eq!(run.code(), Some(1), "{what}: {}", run.stderr);
        assert!(run.stderr.contains("templates/404.html:1:"), "{what}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{what}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
    }
}

#[test]
fn a_markdown_image_that_is_not_there_or_not_an_image_is_an_error_at_the_page() {
    for (what, body, message) in [
        ("missing", "text\n\n![gone](gone.png)\n", "there is no file `gone.png` beside content/bundle/index.md"),
        ("corrupt", "text\n\n![bad](bad.png)\n", "`content/bundle/bad.png` is not an image it can read"),
    ] {
        let site = site();
        site.write("content/bundle/bad.png", "not a picture")
            .write("content/bundle/index.md", &format!("+++\ntitle = \"带附件的页\"\n+++\n{body}"));
        let run = site.build();
        assert_eq!(run.code(), Some(1), "{what}: {}", run.stderr);
        assert!(run.stderr.contains("content/bundle/index.md:6:1"), "{what}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{what}: {}", run.stderr);
        assert!(run.stderr.contains("page bundle"), "{what}: the hint says where images go: {}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_cannot_take_an_image_out_of_the_site() {
    let outside = tempfile::tempdir().unwrap();
    image::RgbImage::new(8, 8).save(outside.path().join("secret.png")).unwrap();
    let site = site();
    let link = |to: &Path| std::os::unix::fs::symlink(outside.path().join("secret.png"), to).unwrap();
    link(&site.root().join("static/secret.png"));
    site.write("templates/404.html", r#"{% set m = get_image_metadata(path="secret.png") %}{{ m.width }}"#);
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("leads outside the site's folder"), "{}", run.stderr);

    let site = self::site();
    link(&site.root().join("content/bundle/secret.png"));
    site.write("content/bundle/index.md", "+++\ntitle = \"带附件的页\"\n+++\n![s](secret.png)\n");
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("content/bundle/index.md:4:1"), "{}", run.stderr);
    assert!(run.stderr.contains("leads outside the site's folder"), "{}", run.stderr);
}
