//! `dossier check --external`: is each external link still there? Every URL is fetched once (GET;
//! the body is not read), with a timeout, following redirects, retrying a few times on network
//! errors, 429 and 5xx answers, several URLs at a time.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How to fetch.
#[derive(Debug, Clone)]
pub(crate) struct ExternalOptions {
    pub(crate) timeout: Duration,
    /// Attempts after the first one.
    pub(crate) retries: u32,
    /// Pause before the first retry; doubled for each further one.
    pub(crate) backoff: Duration,
    pub(crate) parallel: usize,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            retries: 2,
            backoff: Duration::from_millis(500),
            parallel: 8,
        }
    }
}

/// What fetching one URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The final HTTP status, below 400.
    Ok(u16),
    /// An HTTP status of 400 or more.
    Status(u16),
    /// No answer: the network error, after every retry.
    Failed(String),
}

impl Outcome {
    pub(crate) fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok(_))
    }
}

/// Fetch every URL; the outcomes come back in the order of `urls`.
pub(crate) fn check(urls: &[String], options: &ExternalOptions) -> Vec<(Outcome, u32)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("dossier-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<(Outcome, u32)>>> = Mutex::new(vec![None; urls.len()]);
    std::thread::scope(|scope| {
        for _ in 0..options.parallel.clamp(1, urls.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let outcome = fetch(&agent, url, options);
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(outcome);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or((Outcome::Failed("not checked".into()), 0)))
        .collect()
}

/// One URL, with retries; returns the outcome and the number of attempts made.
fn fetch(agent: &ureq::Agent, url: &str, options: &ExternalOptions) -> (Outcome, u32) {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let outcome = match agent.get(url).call() {
            Ok(response) => {
                let status = response.status().as_u16();
                if status < 400 { Outcome::Ok(status) } else { Outcome::Status(status) }
            }
            Err(e) => Outcome::Failed(e.to_string()),
        };
        let transient = match &outcome {
            Outcome::Ok(_) => false,
            Outcome::Status(status) => *status == 429 || *status >= 500,
            Outcome::Failed(_) => true,
        };
        if !transient || attempt > options.retries {
            return (outcome, attempt);
        }
        std::thread::sleep(options.backoff * 2u32.saturating_pow(attempt - 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// A loopback server answering each request with the next status of `script` (then 200).
    fn server(script: Vec<u16>) -> (String, std::sync::Arc<AtomicUsize>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let hits = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut buf = [0; 2048];
                let _ = stream.read(&mut buf);
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let status = script.get(n).copied().unwrap_or(200);
                let _ = write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            }
        });
        (url, hits)
    }

    fn quick() -> ExternalOptions {
        ExternalOptions { timeout: Duration::from_secs(5), retries: 2, backoff: Duration::from_millis(10), parallel: 2 }
    }

    #[test]
    fn retries_transient_failures_but_not_missing_pages() {
        let (flaky, flaky_hits) = server(vec![503, 502]);
        let (gone, gone_hits) = server(vec![404]);
        let results = check(&[flaky, gone], &quick());
        assert_eq!(results, [(Outcome::Ok(200), 3), (Outcome::Status(404), 1)]);
        assert_eq!((flaky_hits.load(Ordering::SeqCst), gone_hits.load(Ordering::SeqCst)), (3, 1));
    }

    #[test]
    fn a_closed_port_fails_after_every_retry() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let results = check(&[format!("http://127.0.0.1:{port}/")], &quick());
        assert!(matches!(results[0], (Outcome::Failed(_), 3)), "{results:?}");
    }
}
