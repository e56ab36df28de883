use super::*;

/// (op, width, height, source) -> the copy's size, or the start of the error.
type Row = (Op, Option<u32>, Option<u32>, (u32, u32), Result<(u32, u32), &'static str>);

#[test]
fn each_operation_gives_the_size_zola_documents() {
    let rows: &[Row] = &[
        (Op::Scale, Some(100), Some(50), (400, 300), Ok((100, 50))),
        (Op::FitWidth, Some(100), None, (400, 300), Ok((100, 75))),
        (Op::FitWidth, Some(3), None, (400, 1), Ok((3, 1))),
        (Op::FitHeight, None, Some(30), (400, 300), Ok((40, 30))),
        (Op::Fit, Some(100), Some(100), (400, 300), Ok((100, 75))),
        (Op::Fit, Some(100), Some(30), (400, 300), Ok((40, 30))),
        (Op::Fit, Some(1000), Some(1000), (400, 300), Ok((400, 300))),
        (Op::Fill, Some(100), Some(100), (400, 300), Ok((100, 100))),
        (Op::Fill, Some(50), None, (400, 300), Err("op=\"fill\" needs a height")),
        (Op::FitWidth, None, Some(10), (400, 300), Err("op=\"fit_width\" needs a width")),
        (Op::Scale, Some(0), Some(10), (400, 300), Err("width must be at least 1")),
        (Op::Scale, Some(100_000), Some(100_000), (400, 300), Err("a copy of 100000")),
    ];
    for (op, width, height, orig, expect) in rows {
        let got = target(*op, *width, *height, *orig);
        match (expect, &got) {
            (Ok(size), Ok(got)) => assert_eq!(got, size, "{op:?} {width:?} {height:?} {orig:?}"),
            (Err(start), Err(message)) => assert!(message.starts_with(start), "{op:?}: {message}"),
            _ => panic!("{op:?} {width:?} {height:?} {orig:?}: {got:?}"),
        }
    }
}

#[test]
fn names_of_operations_and_formats() {
    assert_eq!(Op::parse("fit_height"), Ok(Op::FitHeight));
    assert!(Op::parse("crop").unwrap_err().contains("`crop` is not an operation"));
    assert_eq!(Format::parse("auto"), Ok(None));
    assert_eq!(Format::parse("jpeg"), Ok(Some(Format::Jpg)));
    assert!(Format::parse("avif").unwrap_err().contains("`avif` is not a format"));
    assert_eq!(Format::auto(ImageFormat::Jpeg), Format::Jpg);
    assert_eq!(Format::auto(ImageFormat::Gif), Format::Png);
}

/// A site folder holding one `width` × `height` PNG at `static/pic.png`.
fn site_with_png(width: u32, height: u32) -> (tempfile::TempDir, Images, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    let file = dir.path().join("static/pic.png");
    image::RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 128])).save(&file).unwrap();
    let config = crate::config::Config::parse(
        Path::new("site.toml"),
        "title = \"t\"\nbase_url = \"https://example.org/sub/\"\n",
    )
    .unwrap();
    let images = Images::new(dir.path(), &config);
    let file = file.canonicalize().unwrap();
    (dir, images, file)
}

#[test]
fn a_copy_is_made_once_and_then_taken_from_the_cache() {
    let (_dir, images, file) = site_with_png(40, 30);
    let request = Request { op: Op::Fill, width: Some(10), height: Some(20), format: Some(Format::Jpg), quality: None };
    let resized = images.resize(&file, &request, true).unwrap();
    assert_eq!((resized.width, resized.height, resized.orig_width, resized.orig_height), (10, 20, 40, 30));
    assert!(resized.url.starts_with("https://example.org/sub/processed_images/"), "{}", resized.url);
    assert!(resized.static_path.ends_with(".jpg"), "{}", resized.static_path);
    let (first, errors) = images.process(&HashSet::new());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!((first.encoded, first.reused), (1, 0));
    let Body::Copy(entry) = &first.outputs[0].body else { panic!("a copy of the cache entry") };
    let made = image::open(entry).unwrap();
    assert_eq!((made.width(), made.height()), (10, 20));
    assert_eq!(ImageFormat::from_path(entry).unwrap(), ImageFormat::Jpeg);
    let (second, _) = images.process(&HashSet::new());
    assert_eq!((second.encoded, second.reused), (0, 1));
    // What the build already has is not made again.
    let (none, _) = images.process(&HashSet::from([first.outputs[0].path.clone()]));
    assert!(none.outputs.is_empty());
}

#[test]
fn markdown_images_are_found_beside_a_bundle_or_in_static() {
    let (dir, images, _) = site_with_png(40, 30);
    std::fs::create_dir_all(dir.path().join("content/trip")).unwrap();
    std::fs::copy(dir.path().join("static/pic.png"), dir.path().join("content/trip/map.png")).unwrap();
    std::fs::write(dir.path().join("content/trip/bad.png"), "not a picture").unwrap();
    let bundle = Path::new("content/trip/index.md");
    let page = Path::new("content/trip.md");
    let sized = |page: &Path, dest: &str| images.markdown_image(page, dest, &[20, 80]);
    let found = sized(bundle, "map.png").unwrap().unwrap();
    assert_eq!((found.width, found.height), (40, 30));
    assert_eq!(found.smaller.len(), 1, "only the widths narrower than the image");
    assert!(found.smaller[0].0.starts_with("/sub/processed_images/") && found.smaller[0].1 == 20, "{found:?}");
    assert_eq!(sized(page, "/pic.png").unwrap().map(|s| s.width), Some(40));
    for (page, dest) in [
        (page, "map.png"),
        (bundle, "https://example.org/a.png"),
        (bundle, "/none.png"),
        (bundle, "a.svg"),
        (bundle, "../x.png"),
    ] {
        assert_eq!(sized(page, dest), Ok(None), "{dest}");
    }
    assert!(
        sized(bundle, "gone.png").unwrap_err().contains("there is no file `gone.png` beside content/trip/index.md")
    );
    assert!(sized(bundle, "bad.png").unwrap_err().contains("is not an image it can read"));
}

#[test]
fn entries_unused_for_long_are_pruned() {
    let (_dir, images, file) = site_with_png(40, 30);
    let request = Request { op: Op::Scale, width: Some(4), height: Some(3), format: None, quality: None };
    let used = images.resize(&file, &request, false).unwrap();
    images.process(&HashSet::new());
    let entry = |name: &str| images.cache.join(name);
    let long_ago = SystemTime::now() - PRUNE_AFTER - Duration::from_secs(60);
    for (name, when) in [("old.jpg", long_ago), ("recent.jpg", SystemTime::now()), (".part-1-x.png", long_ago)] {
        std::fs::write(entry(name), "x").unwrap();
        std::fs::File::options().write(true).open(entry(name)).unwrap().set_modified(when).unwrap();
    }
    let used = used.static_path.trim_start_matches("processed_images/").to_string();
    std::fs::File::options().write(true).open(entry(&used)).unwrap().set_modified(long_ago).unwrap();
    images.prune();
    let mut left: Vec<String> =
        std::fs::read_dir(&images.cache).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    left.sort();
    assert_eq!(left, [used, "recent.jpg".to_string()], "the build's own entry stays, however old");
}
