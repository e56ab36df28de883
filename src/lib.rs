//! dossier: a static site generator for annotated dossiers.
//!
//! `content/ + templates/ + themes/<theme>/ + site.toml -> public/`. See ARCHITECTURE.md for the
//! map; [`build`] is the pipeline that ties the stages together, [`site`] the data it makes.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diag;
pub mod dossier;
pub mod init;
pub mod link;
pub mod markdown;
pub mod output;
pub mod path;
pub mod render;
pub mod serve;
pub mod site;
pub mod taxonomy;
pub(crate) mod walk;
