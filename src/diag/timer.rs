//! Stage timings for profiling: with `DOSSIER_TIMINGS` set, each stage prints its wall and CPU
//! time and the process's resident memory (see BENCHMARKS.md).

/// Prints how long each stage took when `DOSSIER_TIMINGS` is set (for profiling, see BENCHMARKS).
pub(crate) struct Timer {
    on: bool,
    last: std::time::Instant,
    last_cpu: f64,
}

impl Timer {
    pub(crate) fn new() -> Timer {
        let on = std::env::var_os("DOSSIER_TIMINGS").is_some();
        Timer { on, last: std::time::Instant::now(), last_cpu: if on { cpu_seconds() } else { 0.0 } }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.on {
            // Resident memory now and at its peak so far (Linux only; blank elsewhere).
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let field = |name: &str| {
                status.lines().find_map(|l| l.strip_prefix(name)).map_or(String::new(), |v| v.trim().to_string())
            };
            let cpu = cpu_seconds();
            eprintln!(
                "  {stage:<12} {:>6.1} ms   cpu {:>6.0} ms   rss {:>10}   peak {:>10}",
                self.last.elapsed().as_secs_f64() * 1000.0,
                (cpu - self.last_cpu) * 1000.0,
                field("VmRSS:"),
                field("VmHWM:")
            );
            self.last_cpu = cpu;
        }
        self.last = std::time::Instant::now();
    }
}

/// The process's CPU time so far, user and system, in seconds (Linux only, in clock ticks of
/// 10 ms; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}
