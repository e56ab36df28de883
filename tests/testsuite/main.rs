//! One integration test binary (it compiles once): each module builds fixture sites in temporary
//! folders with the real `dossier` binary and asserts on the HTML it writes or the errors it prints.

mod build;
#[cfg(unix)] // compares inodes
mod build_watch;
mod cards;
mod check;
mod crash;
mod dossier;
mod dossier_facts;
mod english_edition;
mod errors;
mod escaping;
mod feeds;
mod i18n;
mod images;
mod init;
mod languages;
mod large;
mod layers;
mod lighthouse;
mod output_dir;
mod print;
mod publish;
mod quality;
mod sass;
mod serve;
mod serve_security;
mod shipped;
mod shortcodes;
mod sources;
mod structured_data;
mod theme;
mod util;
mod zola_functions;
mod zola_pagination;
mod zola_shapes;
mod zola_site;
