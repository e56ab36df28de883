//! The command line: thin commands over the library. Parses arguments with clap, runs a stage,
//! prints diagnostics, and maps the outcome to an exit code (0 success, 1 the site has errors,
//! 2 bad usage or I/O failure).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, BuildOptions};
use crate::{check, init, output, serve};

#[derive(Parser)]
#[command(name = "dossier", version, about = "Build annotated dossiers: sourced claims, linked entities, timelines")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site.
        #[arg(short = 'o', long, value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// Replace an output folder that dossier did not make, and everything in it (never the
        /// site root or one of its folders).
        #[arg(long)]
        force: bool,
        /// Keep building: after the first build, watch the site's files and write only the files
        /// each change alters into the output folder, until interrupted (Ctrl+C).
        #[arg(long)]
        watch: bool,
    },
    /// Check the whole site without writing it: content, links and anchors in every page, orphan
    /// pages, entities, source coverage; list external links (fetch them with --external).
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Fetch every external link and report the broken ones as errors.
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each external link.
        #[arg(long, value_name = "SECS", default_value_t = 10)]
        timeout: u64,
        /// Further attempts for an external link that fails to answer (or answers 429 or 5xx).
        #[arg(long, value_name = "N", default_value_t = 2)]
        retries: u32,
        /// `text` for people, `json` for machines (the shape is in the README).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Build the site in memory and serve it with live reload; rebuild on every change.
    Serve {
        /// The site's root folder (holding site.toml).
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// The port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; only this machine by default.
        #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
        interface: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Also answer requests for this host name (besides localhost and the --interface address),
        /// e.g. a name for this machine on the network; repeatable.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
    },
    /// Create a new dossier, ready to build, in DIR; or, with --eject-theme, write the built-in
    /// theme into the site in DIR.
    Init {
        /// A missing or empty folder (with --eject-theme: the site's folder).
        dir: PathBuf,
        /// The language of the starting content, a BCP 47 code: en, or zh (Simplified Chinese, zh-Hans).
        #[arg(long, value_name = "CODE", default_value = init::DEFAULT_LANGUAGE, value_parser = init::scaffold_for)]
        lang: init::Scaffold,
        /// Write the built-in theme into DIR/themes/longform/ to change it, keeping the files
        /// already there.
        #[arg(long, conflicts_with = "lang")]
        eject_theme: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Args)]
struct SiteArgs {
    /// The site's root folder (holding site.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Replace base_url from site.toml, e.g. https://user.github.io/repo/
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked draft = true.
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    /// A `--root` that is not a folder is bad usage (exit 2), not a site with errors.
    fn existing_root(&self) -> Result<(), ExitCode> {
        let root = self.root.display();
        let problem = match std::fs::metadata(&self.root) {
            Ok(meta) if meta.is_dir() => return Ok(()),
            Ok(_) => format!("the site root {root} is a file, not a folder"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => format!("the site root {root} does not exist"),
            Err(e) => format!("cannot read the site root {root}: {e}"),
        };
        eprintln!(
            "error: {problem}\n  hint: pass --root with the folder holding site.toml, or create a site with `dossier init DIR`"
        );
        Err(ExitCode::from(2))
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            include_drafts: self.drafts,
            preview: false,
            cache: None,
        }
    }
}

/// Run the command line; the binary's whole `main`.
pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Build { site, output_dir, force, watch: false } => run_build(&site, &Target { output_dir, force }),
        Command::Build { site, output_dir, force, watch: true } => {
            run_build_watch(&site, &Target { output_dir, force })
        }
        Command::Check { site, external, timeout, retries, format } => {
            let options = check::CheckOptions {
                external: external.then(|| check::ExternalOptions {
                    timeout: std::time::Duration::from_secs(timeout.max(1)),
                    retries,
                    ..Default::default()
                }),
            };
            run_check(&site, &options, format)
        }
        Command::Serve { root, port, interface, open, drafts, allow_host } => run_serve(serve::ServeOptions {
            root,
            interface,
            port,
            open,
            include_drafts: drafts,
            allowed_hosts: allow_host,
        }),
        Command::Init { dir, eject_theme: true, .. } => run_eject_theme(&dir),
        Command::Init { dir, lang, eject_theme: false } => run_init(&dir, lang),
    }
}

/// Where `dossier build` writes: `-o` and `--force`.
struct Target {
    output_dir: Option<PathBuf>,
    force: bool,
}

/// `dossier build`.
fn run_build(site: &SiteArgs, target: &Target) -> ExitCode {
    let started = Instant::now();
    if let Err(code) = site.existing_root() {
        return code;
    }
    let options = site.options();
    let out_dir = target.output_dir.clone().unwrap_or_else(|| options.root.join("public"));
    let note = match std::fs::read_dir(&out_dir).map(|mut entries| entries.next().is_some()) {
        Ok(true) => "nothing was published; the last good output is untouched",
        _ => "nothing was published",
    };
    if !options.root.join("site.toml").exists() {
        // Not a site: say so as the build does, without claiming an output folder for it.
        if let Err(diagnostics) = build::build(&options) {
            return fail(&diagnostics, note);
        }
    }
    // Outputs are written into a folder in the site's cache as they are made; it replaces
    // the output folder only once the whole build succeeded.
    let placement = output::Placement { force: target.force, ..output::Placement::new(&options.root) };
    let staging = match output::Staging::new(&out_dir, &placement) {
        Ok(staging) => staging,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    let built = match build::build_into(&options, &staging) {
        Ok(built) => built,
        Err(diagnostics) => {
            drop(staging);
            return fail(&diagnostics, note);
        }
    };
    let mut timer = crate::diag::Timer::new();
    let (outputs, report) = (built.outputs(), built.report());
    if let Err(e) = staging.finish(outputs) {
        eprintln!("error: {e:#}");
        return ExitCode::from(2);
    }
    timer.lap("write");
    let pages = outputs.iter().filter(|o| o.path.ends_with(".html")).count();
    eprintln!(
        "built {pages} pages, {} files in {} ms -> {}\n{report}",
        outputs.len(),
        started.elapsed().as_millis(),
        out_dir.display()
    );
    // The process ends here: the operating system takes its memory back at once, where
    // freeing the site's millions of allocations one by one took a noticeable moment.
    std::mem::forget(built);
    ExitCode::SUCCESS
}

/// `dossier build --watch`.
fn run_build_watch(site: &SiteArgs, target: &Target) -> ExitCode {
    if let Err(code) = site.existing_root() {
        return code;
    }
    let build = site.options();
    let out_dir = target.output_dir.clone().unwrap_or_else(|| build.root.join("public"));
    match serve::build_watch(&serve::WatchOptions { build, out_dir, force: target.force }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `dossier check`: the report, as text or JSON.
fn run_check(site: &SiteArgs, options: &check::CheckOptions, format: Format) -> ExitCode {
    let started = Instant::now();
    if let Err(code) = site.existing_root() {
        return code;
    }
    let report = check::check(&site.options(), options);
    match format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        Format::Text => eprintln!("{report} ({} ms)", started.elapsed().as_millis()),
    }
    if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// `dossier serve`.
fn run_serve(options: serve::ServeOptions) -> ExitCode {
    match serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `dossier init DIR [--lang CODE]`.
fn run_init(dir: &Path, scaffold: init::Scaffold) -> ExitCode {
    match init::init(dir, scaffold) {
        Ok(()) => {
            eprintln!(
                "created a new dossier ({}) in {}; build it with: dossier build --root {}",
                scaffold.code,
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `dossier init DIR --eject-theme`.
fn run_eject_theme(dir: &Path) -> ExitCode {
    match init::eject_theme(dir) {
        Ok(ejected) => {
            let theme = dir.join("themes").join(crate::theme::DEFAULT);
            eprintln!("wrote {} files of the built-in theme into {}", ejected.written, theme.display());
            if !ejected.kept.is_empty() {
                eprintln!("kept the site's own {}: {}", ejected.kept.len(), ejected.kept.join(", "));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn fail(diagnostics: &crate::diag::Diagnostics, note: &str) -> ExitCode {
    eprintln!("{diagnostics} ({note})");
    ExitCode::from(1)
}
