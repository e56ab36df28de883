//! One integration test binary (it compiles once): each module builds fixture sites in temporary
//! folders with the real `dossier` binary and asserts on the HTML it writes or the errors it prints.

mod build;
mod check;
mod dossier;
mod errors;
mod feeds;
mod init;
mod publish;
mod serve;
mod shipped;
mod util;
