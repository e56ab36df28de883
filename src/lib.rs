//! dossier: a static site generator for annotated dossiers.
//!
//! `content/ + templates/ + themes/<theme>/ + site.toml -> public/`. See ARCHITECTURE.md for the
//! map; `build` is the pipeline that ties the stages together, `site` the data it makes.

pub(crate) mod build;
pub(crate) mod check;
pub mod cli;
pub mod config;
pub mod content;
pub(crate) mod diag;
pub(crate) mod dossier;
pub mod i18n;
pub(crate) mod init;
pub(crate) mod link;
pub mod markdown;
pub(crate) mod output;
pub mod path;
pub(crate) mod render;
pub mod serve;
pub(crate) mod site;
pub(crate) mod taxonomy;
pub(crate) mod theme;
pub(crate) mod walk;
