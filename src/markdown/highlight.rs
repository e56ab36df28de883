//! Code highlighting with syntect, as CSS classes (`hl-…`) rather than inline colours, so that one
//! stylesheet per colour scheme themes every block. The syntax set is loaded at most once per build,
//! and only when a page has a code block that asks for highlighting.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::escape;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Highlights code blocks; cheap to create, loads its syntaxes on first use.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    /// Whether the syntax set was needed (so the site needs the syntax stylesheets).
    pub(crate) fn was_used(&self) -> bool {
        self.syntaxes.get().is_some()
    }

    /// The HTML of a fenced block, and whether it was highlighted. Blocks without a language are
    /// escaped as they are, as [`plain_block`] does.
    pub(crate) fn code_block(&self, lang: &str, code: &str) -> (String, bool) {
        let class = language_class(lang);
        if lang.is_empty() {
            return (plain_block(lang, code), false);
        }
        let syntaxes = self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
        let syntax = syntaxes.find_syntax_by_token(lang).unwrap_or_else(|| syntaxes.find_syntax_plain_text());
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                return (plain_block(lang, code), false);
            }
        }
        (format!("<pre class=\"hl-code\"><code{class}>{}</code></pre>\n", generator.finalize()), true)
    }
}

/// The HTML of a fenced block not highlighted: its code escaped.
pub(crate) fn plain_block(lang: &str, code: &str) -> String {
    format!("<pre><code{}>{}</code></pre>\n", language_class(lang), escape(code))
}

/// ` class="language-rust"`, or nothing without a language.
fn language_class(lang: &str) -> String {
    if lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(lang)) }
}

/// The stylesheet for each of `themes`, from syntect's bundled themes (read once for all of
/// them), or the names of those that exist.
pub(crate) fn stylesheets<const N: usize>(themes: [&str; N]) -> [Result<String, String>; N] {
    let set = syntect::highlighting::ThemeSet::load_defaults();
    themes.map(|theme| stylesheet(&set, theme))
}

fn stylesheet(themes: &syntect::highlighting::ThemeSet, theme: &str) -> Result<String, String> {
    let Some(found) = themes.themes.get(theme) else {
        let names: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
        return Err(format!("there is no highlight theme `{theme}`; the themes are: {}", names.join(", ")));
    };
    css_for_theme_with_class_style(found, CLASS_STYLE).map_err(|e| e.to_string())
}
