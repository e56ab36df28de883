//! Processed images: `resize_image`, `get_image_metadata` and the sizes of Markdown images.
//!
//! [`Images`] is the build's register of images. Asked for a size or a resized copy, it reads only
//! the source's header (its size, format and EXIF orientation) and, for a copy, hashes the
//! source's bytes; it records the operation and answers at once with the copy's URL and size, so
//! rendering never waits for pixels. [`Images::process`] then makes every recorded copy in
//! parallel, each under `.dossier-cache/images/` named by a hash of the source's bytes and the
//! operation: a copy already there is not made again, and entries no build has used for
//! [`PRUNE_AFTER`] are removed. The copies are outputs under `processed_images/`.
//!
//! Reads only files inside the site's folder (the callers find them); writes only in the cache.
//! WebP goes through libwebp (the `webp` crate): lossless unless a quality is given, as in Zola.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, SystemTime};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, metadata::Orientation};
use rayon::prelude::*;

use super::{Body, Deps, Output};
use crate::diag::{Diagnostic, display_path};
use crate::markdown::ImageSize;

/// The output folder's folder of resized copies (Zola's name).
pub(crate) const FOLDER: &str = "processed_images";

/// A cache entry no build has used for this long is removed.
const PRUNE_AFTER: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// A copy larger than this many pixels is refused (an upscale by mistake would need gigabytes).
const MAX_PIXELS: u64 = 64 * 1024 * 1024;

/// Bumped when the resizing or encoding changes, so older cache entries are not reused.
const RECIPE: &str = "dossier-images-1";

/// How a copy is sized from `width` and `height` (Zola's operations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// Exactly `width` × `height`, the aspect ratio not kept.
    Scale,
    /// `width` wide, the height keeping the ratio.
    FitWidth,
    /// `height` high, the width keeping the ratio.
    FitHeight,
    /// Within `width` × `height`, keeping the ratio; never enlarged.
    Fit,
    /// Covering `width` × `height`, keeping the ratio, the overflow cut off equally on both sides.
    Fill,
}

impl Op {
    pub(crate) fn parse(name: &str) -> Result<Op, String> {
        Ok(match name {
            "scale" => Op::Scale,
            "fit_width" => Op::FitWidth,
            "fit_height" => Op::FitHeight,
            "fit" => Op::Fit,
            "fill" => Op::Fill,
            other => {
                return Err(format!(
                    "`{other}` is not an operation: use op=\"fill\", \"fit\", \"scale\", \"fit_width\" or \"fit_height\""
                ));
            }
        })
    }

    fn name(self) -> &'static str {
        match self {
            Op::Scale => "scale",
            Op::FitWidth => "fit_width",
            Op::FitHeight => "fit_height",
            Op::Fit => "fit",
            Op::Fill => "fill",
        }
    }
}

/// The format a copy is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jpg,
    Png,
    Webp,
}

impl Format {
    /// `auto` is `None`: the source's own kind, JPEG for a JPEG, PNG for the rest.
    pub(crate) fn parse(name: &str) -> Result<Option<Format>, String> {
        Ok(match name {
            "auto" => None,
            "jpg" | "jpeg" => Some(Format::Jpg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            other => {
                return Err(format!(
                    "`{other}` is not a format resize_image writes: use format=\"auto\", \"jpg\", \"png\" or \"webp\""
                ));
            }
        })
    }

    fn auto(source: ImageFormat) -> Format {
        match source {
            ImageFormat::Jpeg => Format::Jpg,
            ImageFormat::WebP => Format::Webp,
            _ => Format::Png,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Jpg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }
}

/// A resized copy asked for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request {
    pub(crate) op: Op,
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    /// `None`: chosen from the source's format.
    pub(crate) format: Option<Format>,
    /// JPEG quality, 1 to 100 (75 when not given); WebP's, 0 to 100 (lossless when not given).
    pub(crate) quality: Option<u8>,
}

/// A source image's header: its size as shown (EXIF orientation applied) and its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Meta {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: ImageFormat,
}

impl Meta {
    /// `jpg`, `png`, `gif`, `webp`.
    pub(crate) fn format_name(&self) -> &'static str {
        self.format.extensions_str().first().copied().unwrap_or("")
    }

    pub(crate) fn mime(&self) -> &'static str {
        self.format.to_mime_type()
    }
}

/// What `resize_image` answers: the copy's place and size, and the source's size.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Resized {
    /// The copy's URL: the site's base URL (or, for Markdown, base path) and `processed_images/…`.
    pub(crate) url: String,
    /// The copy's path in the output folder.
    pub(crate) static_path: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) orig_width: u32,
    pub(crate) orig_height: u32,
}

/// One copy to make.
#[derive(Debug, Clone)]
struct Job {
    source: PathBuf,
    width: u32,
    height: u32,
    op: Op,
    format: Format,
    /// JPEG's or lossy WebP's; `None` for lossless.
    quality: Option<u8>,
}

/// A source image read once per build (again when its file changes).
struct Source {
    stamp: Stamp,
    meta: Meta,
    /// The hash of its bytes, read when a copy is first asked for.
    hash: OnceLock<Result<String, String>>,
}

/// A file's modification time and size.
type Stamp = (Option<SystemTime>, u64);

/// The site's images: where to find them, what was asked of them, and the cache of copies.
pub(crate) struct Images {
    /// The site's folder, canonical.
    root: PathBuf,
    /// `.dossier-cache/images/`.
    cache: PathBuf,
    theme: Option<String>,
    /// The base URL and base path of the site, for the copies' URLs.
    base_url: String,
    base_path: String,
    sources: Mutex<HashMap<PathBuf, Arc<Source>>>,
    /// Copies asked for, by file name.
    wanted: Mutex<BTreeMap<String, Job>>,
}

/// What [`Images::process`] made.
#[derive(Debug, Default)]
pub(crate) struct Processed {
    pub(crate) outputs: Vec<Output>,
    /// Copies encoded by this call.
    pub(crate) encoded: usize,
    /// Copies found in the cache.
    pub(crate) reused: usize,
}

impl Images {
    /// The images of the site at `root` (its cache in `.dossier-cache/images/`).
    pub(crate) fn new(root: &Path, config: &crate::config::Config) -> Images {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Images {
            cache: root.join(super::claim::CACHE_DIR).join("images"),
            root,
            theme: config.theme.clone(),
            base_url: config.base_url.clone(),
            base_path: config.base_path.clone(),
            sources: Mutex::default(),
            wanted: Mutex::default(),
        }
    }

    /// The header of the image in `file` (a path the caller found inside the site).
    pub(crate) fn metadata(&self, file: &Path) -> Result<Meta, String> {
        self.source(file).map(|s| s.meta)
    }

    fn source(&self, file: &Path) -> Result<Arc<Source>, String> {
        let shown = display_path(&self.root, file);
        let meta = std::fs::metadata(file).map_err(|e| format!("`{}`: {e}", shown.display()))?;
        let stamp = (meta.modified().ok(), meta.len());
        if let Some(known) = self.sources.lock().unwrap_or_else(PoisonError::into_inner).get(file)
            && known.stamp == stamp
        {
            return Ok(Arc::clone(known));
        }
        let meta = read_header(file).map_err(|e| format!("`{}` is not an image it can read: {e}", shown.display()))?;
        let source = Arc::new(Source { stamp, meta, hash: OnceLock::new() });
        self.sources.lock().unwrap_or_else(PoisonError::into_inner).insert(file.to_path_buf(), Arc::clone(&source));
        Ok(source)
    }

    /// Record a copy of the image in `file` made as `request` says; its URL (a permalink when
    /// `permalink`, else root-relative with the base path) and size.
    pub(crate) fn resize(&self, file: &Path, request: &Request, permalink: bool) -> Result<Resized, String> {
        let source = self.source(file)?;
        let Meta { width: orig_width, height: orig_height, format: source_format } = source.meta;
        let (width, height) = target(request.op, request.width, request.height, (orig_width, orig_height))?;
        let format = request.format.unwrap_or_else(|| Format::auto(source_format));
        let quality = match (format, request.quality) {
            (Format::Jpg, Some(q @ 1..=100)) => Some(q),
            (Format::Jpg, Some(q)) => return Err(format!("a JPEG's quality is 1 to 100, not {q}")),
            (Format::Jpg, None) => Some(75),
            (Format::Webp, Some(q @ 0..=100)) => Some(q),
            (Format::Webp, Some(q)) => return Err(format!("a WebP's quality is 0 to 100, not {q}")),
            // Lossless: a quality changes nothing, so it does not name another copy.
            (Format::Webp, None) | (Format::Png, _) => None,
        };
        let quality_name = quality.map_or_else(|| "lossless".to_string(), |q| q.to_string());
        let hash = source
            .hash
            .get_or_init(|| {
                use sha2::Digest;
                std::fs::read(file).map(|bytes| hex(&sha2::Sha256::digest(bytes))).map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|e| format!("`{}`: {e}", display_path(&self.root, file).display()))?;
        let recipe =
            format!("{RECIPE}|{hash}|{}|{width}|{height}|{}|{quality_name}", request.op.name(), format.extension());
        let name = {
            use sha2::Digest;
            format!("{}.{}", &hex(&sha2::Sha256::digest(recipe.as_bytes()))[..16], format.extension())
        };
        let static_path = format!("{FOLDER}/{name}");
        let job = Job { source: file.to_path_buf(), width, height, op: request.op, format, quality };
        self.wanted.lock().unwrap_or_else(PoisonError::into_inner).entry(name).or_insert(job);
        let url = if permalink {
            format!("{}{static_path}", self.base_url)
        } else {
            format!("{}{static_path}", self.base_path)
        };
        Ok(Resized { url, static_path, width, height, orig_width, orig_height })
    }

    /// The size of the image a Markdown image in the content file `page` (shown as
    /// `content/…/index.md`) points at with `dest`, and copies `widths` wide for `srcset` (those
    /// narrower than it; none for a GIF, whose copies would not move). `Ok(None)` for an image
    /// that is not a local raster file: a URL, an SVG, a root-relative path `static/` does not
    /// have, a relative path beside a page that is not a bundle's. An error for a relative path
    /// in a bundle with no such file, or a file that is not an image it can read.
    pub(crate) fn markdown_image(&self, page: &Path, dest: &str, widths: &[u32]) -> Result<Option<ImageSize>, String> {
        let dest = dest.split(['?', '#']).next().unwrap_or_default();
        let has_scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        if dest.is_empty() || has_scheme || dest.starts_with("//") || dest.starts_with("@/") {
            return Ok(None);
        }
        let Ok(decoded) = percent_encoding::percent_decode_str(dest).decode_utf8() else { return Ok(None) };
        let relative = Path::new(decoded.trim_start_matches('/'));
        if relative.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
            return Ok(None);
        }
        let raster =
            relative.extension().and_then(|e| e.to_str()).and_then(ImageFormat::from_extension).is_some_and(|f| {
                matches!(f, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP)
            });
        if !raster {
            return Ok(None);
        }
        let found = if decoded.starts_with('/') {
            let mut bases = vec![self.root.join("static")];
            if let Some(theme) = &self.theme {
                bases.push(self.root.join("themes").join(theme).join("static"));
            }
            match bases.into_iter().map(|base| base.join(relative)).find(|f| f.is_file()) {
                Some(file) => file,
                None => return Ok(None),
            }
        } else {
            let name = page.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let bundle = name.starts_with("index.") || name.starts_with("_index.");
            if !bundle {
                return Ok(None);
            }
            let folder = page.parent().unwrap_or(Path::new(""));
            let file = self.root.join(folder).join(relative);
            if !file.is_file() {
                return Err(format!("there is no file `{decoded}` beside {}", page.display()));
            }
            file
        };
        let real = found.canonicalize().map_err(|e| format!("`{decoded}`: {e}"))?;
        if !real.starts_with(&self.root) {
            return Err(format!("`{decoded}` leads outside the site's folder"));
        }
        let meta = self.metadata(&real)?;
        // A copy of a GIF would be its first frame only: an animation keeps its one file.
        let widths = if meta.format == ImageFormat::Gif { &[][..] } else { widths };
        let mut widths: Vec<u32> = widths.iter().copied().filter(|w| *w > 0 && *w < meta.width).collect();
        widths.sort_unstable();
        widths.dedup();
        let smaller = widths
            .into_iter()
            .map(|w| {
                let request = Request { op: Op::FitWidth, width: Some(w), height: None, format: None, quality: None };
                self.resize(&real, &request, false).map(|r| (r.url, r.width))
            })
            .collect::<Result<_, _>>()?;
        Ok(Some(ImageSize { width: meta.width, height: meta.height, smaller }))
    }

    /// Whether `file` is the source of an image the build used (a change to it changes URLs).
    pub(crate) fn uses(&self, file: &Path) -> bool {
        let Ok(file) = file.canonicalize() else { return false };
        self.sources.lock().unwrap_or_else(PoisonError::into_inner).contains_key(&file)
    }

    /// Make every copy recorded and not in `done` (output paths already made), in parallel, from
    /// the cache where it can; the outputs that serve them. A copy that cannot be made is an error
    /// at its source file.
    pub(crate) fn process(&self, done: &HashSet<String>) -> (Processed, Vec<Diagnostic>) {
        let wanted: Vec<(String, Job)> = self
            .wanted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|(name, _)| !done.contains(&format!("{FOLDER}/{name}")))
            .map(|(name, job)| (name.clone(), job.clone()))
            .collect();
        if wanted.is_empty() {
            return Default::default();
        }
        if let Err(e) = std::fs::create_dir_all(&self.cache) {
            let d =
                Diagnostic::file(display_path(&self.root, &self.cache), format!("cannot create the image cache: {e}"));
            return (Processed::default(), vec![d]);
        }
        // By source: each is decoded once for all its copies, sources in parallel.
        let mut by_source: BTreeMap<&Path, Vec<(&String, &Job)>> = BTreeMap::new();
        for (name, job) in &wanted {
            by_source.entry(job.source.as_path()).or_default().push((name, job));
        }
        let by_source: Vec<(&Path, Vec<(&String, &Job)>)> = by_source.into_iter().collect();
        let results: Vec<Result<(Output, bool), Diagnostic>> = by_source
            .par_iter()
            .flat_map_iter(|(source, jobs)| {
                let mut decoded: Option<Result<DynamicImage, String>> = None;
                jobs.iter().map(move |(name, job)| {
                    let entry = self.cache.join(name);
                    let encoded = if entry.is_file() {
                        touch(&entry);
                        false
                    } else {
                        let image = decoded.get_or_insert_with(|| decode(source));
                        image.as_ref().map_err(String::clone).and_then(|image| make(image, job, &entry)).map_err(
                            |e| {
                                Diagnostic::file(
                                    display_path(&self.root, source),
                                    format!("cannot resize this image: {e}"),
                                )
                                .with_hint("open it in an image viewer: it may be damaged or cut short")
                            },
                        )?;
                        true
                    };
                    let output =
                        Output { path: format!("{FOLDER}/{name}"), body: Body::Copy(entry), deps: Deps::default() };
                    Ok((output, encoded))
                })
            })
            .collect();
        let mut processed = Processed::default();
        let mut errors = Vec::new();
        for result in results {
            match result {
                Ok((output, encoded)) => {
                    processed.outputs.push(output);
                    if encoded {
                        processed.encoded += 1;
                    } else {
                        processed.reused += 1;
                    }
                }
                Err(d) => errors.push(d),
            }
        }
        (processed, errors)
    }

    /// Remove cache entries that neither this build nor any for [`PRUNE_AFTER`] used (each use
    /// refreshes an entry's time), and files a killed build left half written.
    pub(crate) fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.cache) else { return };
        let used: HashSet<String> =
            self.wanted.lock().unwrap_or_else(PoisonError::into_inner).keys().cloned().collect();
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if used.contains(&name) {
                continue;
            }
            let age = entry.metadata().ok().and_then(|m| m.modified().ok()).and_then(|t| now.duration_since(t).ok());
            let limit = if name.starts_with(".part") { Duration::from_secs(24 * 60 * 60) } else { PRUNE_AFTER };
            if age.is_some_and(|age| age > limit) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Lowercase hexadecimal.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Mark a cache entry used now, at most once a day, so [`Images::prune`] keeps it.
fn touch(entry: &Path) {
    let old = std::fs::metadata(entry)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > Duration::from_secs(24 * 60 * 60)));
    if old && let Ok(file) = std::fs::OpenOptions::new().write(true).open(entry) {
        let _ = file.set_modified(SystemTime::now());
    }
}

/// The size and format in `file`'s header, its EXIF orientation applied.
fn read_header(file: &Path) -> Result<Meta, String> {
    let reader = ImageReader::open(file).and_then(|r| r.with_guessed_format()).map_err(|e| e.to_string())?;
    let format = reader.format().ok_or("its format is not one of JPEG, PNG, GIF or WebP")?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation().unwrap_or(Orientation::NoTransforms),
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    );
    let (width, height) = if turned { (height, width) } else { (width, height) };
    Ok(Meta { width, height, format })
}

/// The size of a copy made by `op` from a source `orig` in size.
fn target(op: Op, width: Option<u32>, height: Option<u32>, orig: (u32, u32)) -> Result<(u32, u32), String> {
    let (ow, oh) = (u64::from(orig.0.max(1)), u64::from(orig.1.max(1)));
    let need = |value: Option<u32>, name: &str| match value {
        Some(0) => Err(format!("{name} must be at least 1")),
        Some(v) => Ok(u64::from(v)),
        None => Err(format!("op=\"{}\" needs a {name}", op.name())),
    };
    // a * b / c, rounded, at least 1.
    let scaled = |a: u64, b: u64, c: u64| ((a * b + c / 2) / c).max(1);
    let (w, h) = match op {
        Op::Scale | Op::Fill => (need(width, "width")?, need(height, "height")?),
        Op::FitWidth => {
            let w = need(width, "width")?;
            (w, scaled(oh, w, ow))
        }
        Op::FitHeight => {
            let h = need(height, "height")?;
            (scaled(ow, h, oh), h)
        }
        Op::Fit => {
            let (w, h) = (need(width, "width")?, need(height, "height")?);
            if ow <= w && oh <= h {
                (ow, oh)
            } else if w * oh <= h * ow {
                (w, scaled(oh, w, ow).min(h))
            } else {
                (scaled(ow, h, oh).min(w), h)
            }
        }
    };
    if w * h > MAX_PIXELS {
        return Err(format!("a copy of {w} × {h} pixels is too large (at most {MAX_PIXELS} pixels)"));
    }
    Ok((u32::try_from(w).map_err(|e| e.to_string())?, u32::try_from(h).map_err(|e| e.to_string())?))
}

/// Resize and encode one copy of `image` into the cache entry `entry`, through a file of its own
/// (named for this process: two builds may make the same copy at once) renamed into place, so a
/// killed build never leaves half an entry.
fn make(image: &DynamicImage, job: &Job, entry: &Path) -> Result<(), String> {
    let resized = resize(image, job.op, job.width, job.height);
    let name = entry.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let part = entry.with_file_name(format!(".part-{}-{name}", std::process::id()));
    let written = std::fs::File::create(&part).map_err(|e| e.to_string()).and_then(|file| {
        let mut writer = std::io::BufWriter::new(file);
        encode(&resized, job.format, job.quality, &mut writer)?;
        std::io::Write::flush(&mut writer).map_err(|e| e.to_string())
    });
    match written.and_then(|()| std::fs::rename(&part, entry).map_err(|e| e.to_string())) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            Err(e)
        }
    }
}

fn decode(file: &Path) -> Result<DynamicImage, String> {
    let reader = ImageReader::open(file).and_then(|r| r.with_guessed_format()).map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// `image` resized to `width` × `height` as `op` does it ([`target`] gave the size).
fn resize(image: &DynamicImage, op: Op, width: u32, height: u32) -> std::borrow::Cow<'_, DynamicImage> {
    use image::imageops::FilterType::Lanczos3;
    use std::borrow::Cow;
    let (ow, oh) = (image.width(), image.height());
    if (ow, oh) == (width, height) {
        return Cow::Borrowed(image);
    }
    if op != Op::Fill {
        return Cow::Owned(image.resize_exact(width, height, Lanczos3));
    }
    // Scale to cover the box, then cut the overflow off both sides equally.
    let (w, h, ow, oh) = (u64::from(width), u64::from(height), u64::from(ow.max(1)), u64::from(oh.max(1)));
    let (iw, ih) = if w * oh >= h * ow { (w, (oh * w).div_ceil(ow).max(h)) } else { ((ow * h).div_ceil(oh).max(w), h) };
    let (iw, ih) = (u32::try_from(iw).unwrap_or(width), u32::try_from(ih).unwrap_or(height));
    let scaled = image.resize_exact(iw, ih, Lanczos3);
    Cow::Owned(scaled.crop_imm((iw - width) / 2, (ih - height) / 2, width, height))
}

fn encode(
    image: &DynamicImage,
    format: Format,
    quality: Option<u8>,
    out: &mut impl std::io::Write,
) -> Result<(), String> {
    use image::codecs::{jpeg::JpegEncoder, png::PngEncoder};
    let jpeg = quality.unwrap_or(75);
    let done = match format {
        // JPEG has no alpha; grey stays grey.
        Format::Jpg if image.color().has_color() => {
            DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(JpegEncoder::new_with_quality(out, jpeg))
        }
        Format::Jpg => {
            DynamicImage::ImageLuma8(image.to_luma8()).write_with_encoder(JpegEncoder::new_with_quality(out, jpeg))
        }
        Format::Png => image.write_with_encoder(PngEncoder::new(out)),
        Format::Webp => return encode_webp(image, quality, out),
    };
    done.map_err(|e| e.to_string())
}

/// WebP through libwebp, from 8-bit RGB or RGBA: lossless without a quality.
fn encode_webp(image: &DynamicImage, quality: Option<u8>, out: &mut impl std::io::Write) -> Result<(), String> {
    let (width, height) = (image.width(), image.height());
    let pixels = if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.to_rgb8())
    };
    let encoder = match &pixels {
        DynamicImage::ImageRgba8(p) => webp::Encoder::from_rgba(p.as_raw(), width, height),
        _ => webp::Encoder::from_rgb(pixels.as_bytes(), width, height),
    };
    let lossless = quality.is_none();
    let encoded =
        encoder.encode_simple(lossless, quality.map_or(75.0, f32::from)).map_err(|e| format!("libwebp: {e:?}"))?;
    out.write_all(&encoded).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests;
