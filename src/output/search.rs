//! The full-text search index: pagefind, embedded as a library, indexes the rendered pages in
//! memory and hands back its bundle (index chunks, fragments, the search JS and the WASM with
//! Chinese segmentation), which become outputs under `pagefind/` like any other file.
//!
//! Themes decide what is indexed with pagefind's attributes: `data-pagefind-body` on the element
//! holding the article, `data-pagefind-ignore` on the parts that are not (table of contents,
//! backlinks, popovers). The pipeline decides which pages are offered at all (pages and sections,
//! not listings, redirects or the 404 page).

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::{Body, Deps, Output};

/// The folder of the bundle inside the output; the search box loads `pagefind.js` from there.
pub const BUNDLE: &str = "pagefind";

/// Whether the output at `path` is a file of the search bundle.
pub fn in_bundle(path: &str) -> bool {
    path.strip_prefix(BUNDLE).is_some_and(|rest| rest.starts_with('/'))
}

/// A rendered page to index.
pub struct Document {
    /// The site path (`/overview/`); the search script puts the base path in front.
    pub path: String,
    /// The page as rendered (shared with the output, not copied).
    pub html: bytes::Bytes,
}

/// Index `documents`, all in the site's `language` (`zh-Hans` indexes as Chinese), and return the
/// bundle as outputs.
pub fn index(language: &str, documents: Vec<Document>) -> Result<Vec<Output>, String> {
    // pagefind is async (tokio); a thread of its own keeps it out of any runtime the caller is in
    // (`dossier serve` builds from inside one).
    let language = pagefind_language(language);
    std::thread::scope(|scope| {
        scope
            .spawn(move || -> Result<Vec<Output>, String> {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| format!("cannot start the search indexer: {e}"))?;
                runtime.block_on(run(language, documents))
            })
            .join()
            .unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".into()))
    })
}

async fn run(language: String, documents: Vec<Document>) -> Result<Vec<Output>, String> {
    let options = PagefindServiceConfig::builder().force_language(language).build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| format!("cannot start the search index: {e}"))?;
    for document in documents {
        let path = document.path.clone();
        index
            .add_html_file(None, Some(document.path), String::from_utf8_lossy(&document.html).into_owned())
            .await
            .map_err(|e| format!("cannot index {path} for search: {e}"))?;
    }
    let files = index.get_files().await.map_err(|e| format!("cannot write the search index: {e}"))?;
    let mut outputs: Vec<Output> = files
        .into_iter()
        .filter_map(|file| {
            let name = bundle_path(&file.filename)?;
            wanted(&name).then(|| Output {
                path: format!("{BUNDLE}/{name}"),
                body: Body::Bytes(file.contents.into()),
                deps: Deps::default(),
            })
        })
        .collect();
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(outputs)
}

/// pagefind names languages by their ISO 639-1 code: `zh-Hans` -> `zh`.
fn pagefind_language(language: &str) -> String {
    language.split(['-', '_']).next().unwrap_or(language).to_ascii_lowercase()
}

/// The file's path inside the bundle folder, `/`-separated (pagefind names them relative to it).
fn bundle_path(file: &std::path::Path) -> Option<String> {
    let parts: Vec<String> = file
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p != "/" && p != "." && !p.is_empty())
        .collect();
    (!parts.is_empty() && !parts.iter().any(|p| p == "..")).then(|| parts.join("/"))
}

/// The bundle minus pagefind's own user interfaces and playground: the theme brings its own box.
fn wanted(name: &str) -> bool {
    !(name.starts_with("pagefind-ui")
        || name.starts_with("pagefind-modular-ui")
        || name.starts_with("pagefind-component-ui")
        || name.starts_with("pagefind-highlight")
        || name.starts_with("playground/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        for (site, expect) in [("zh-Hans", "zh"), ("zh", "zh"), ("en", "en"), ("pt_BR", "pt")] {
            assert_eq!(pagefind_language(site), expect);
        }
    }

    #[test]
    fn indexes_chinese_pages_into_a_bundle() {
        let html = |title: &str, body: &str| {
            format!(
                "<html lang=\"zh-Hans\"><body><main data-pagefind-body><h1>{title}</h1><p>{body}</p></main></body></html>"
            )
        };
        let documents = vec![
            Document {
                path: "/climate/".into(), html: html("气候", "两国元首同意加强气候变化合作。").into()
            },
            Document { path: "/ai/".into(), html: html("人工智能", "建立人工智能政府间对话。").into() },
        ];
        let outputs = index("zh-Hans", documents).unwrap();
        let paths: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        assert!(paths.contains(&"pagefind/pagefind.js"), "{paths:?}");
        assert!(paths.contains(&"pagefind/pagefind-entry.json"), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/wasm.")), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/pagefind.zh_")), "indexed as Chinese: {paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/fragment/")), "{paths:?}");
        assert!(!paths.iter().any(|p| p.contains("-ui")), "{paths:?}");
    }
}
