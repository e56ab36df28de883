// The default allocator of glibc grows one arena per thread with many small `mprotect` calls; a
// build allocates a great deal in parallel, and mimalloc spends a fraction of the time on it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    dossier::cli::run()
}
