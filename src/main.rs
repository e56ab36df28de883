// The default allocator of glibc grows one arena per thread with many small `mprotect` calls; a
// build allocates a great deal in parallel, and mimalloc spends a fraction of the time on it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Rust ignores SIGPIPE, so printing to a closed pipe (`dossier check | head -1`) panics. End
    // quietly instead, as Unix tools do; `serve` ignores it again for its sockets.
    // SAFETY: called first, before any other thread exists; SIG_DFL is a valid disposition.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    dossier::cli::run()
}
