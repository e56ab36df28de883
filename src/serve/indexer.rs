//! The preview's search index, made so that it never slows an edit down.
//!
//! pagefind's library makes a whole index at once (it has no call to remove one page), and at ten
//! thousand pages that is seconds of CPU. A large site's index comes in shards (see
//! [`crate::output::search::index`]); the preview keeps each shard's bundle with a fingerprint of
//! its pages and makes again only those whose pages changed. And it does not index on every save:
//! [`Schedule`] waits until the saves pause for [`QUIET`], and only the site as it is then is
//! indexed. The index is made on a thread of its own at the lowest scheduling priority, and the
//! parallel part of pagefind (which runs on rayon's global pool) runs on threads lowered the same
//! way ([`lower_global_pool`]); the preview's own builds run on a pool of their own at normal
//! priority ([`edits_pool`]), so a save never queues behind the indexer's work. A running index
//! cannot be interrupted: saves made meanwhile are served at once, and the index of the newest
//! site follows once they pause again (never more than one waits).

use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use super::{Shared, in_memory};
use crate::output::search::{Document, Plan, fingerprint, in_bundle, index_shards};

/// How long the saves must pause before the search index is remade.
pub(crate) const QUIET: Duration = Duration::from_millis(1500);

/// When to remake the search index: once nothing has changed for `quiet` since the last change
/// that needs it. A pure state machine over the times it is given, so that it is tested without
/// waiting.
#[derive(Debug)]
pub(crate) struct Schedule {
    quiet: Duration,
    /// The last change not indexed yet.
    pending: Option<Instant>,
}

impl Schedule {
    pub(crate) fn new(quiet: Duration) -> Self {
        Schedule { quiet, pending: None }
    }

    /// The site changed at `now` in a way the index must follow.
    pub(crate) fn changed(&mut self, now: Instant) {
        self.pending = Some(now);
    }

    /// How long to wait, from `now`, before the index is due; `None` when nothing waits for it.
    pub(crate) fn wait(&self, now: Instant) -> Option<Duration> {
        self.pending.map(|last| (last + self.quiet).saturating_duration_since(now))
    }

    /// Whether the index is due at `now`; if it is, it is no longer pending.
    pub(crate) fn take(&mut self, now: Instant) -> bool {
        let due = self.wait(now).is_some_and(|wait| wait.is_zero());
        if due {
            self.pending = None;
        }
        due
    }
}

/// Start the indexer's thread: it makes the index of the newest documents it was sent (those sent
/// while it was busy are dropped but the last) and swaps it into the served files.
pub(crate) fn start(shared: Shared) -> Sender<(Vec<Document>, usize)> {
    let (sender, requests) = std::sync::mpsc::channel::<(Vec<Document>, usize)>();
    let spawned = std::thread::Builder::new().name("search-index".into()).spawn(move || {
        // Threads it starts (pagefind's own) inherit the priority.
        lower_this_thread();
        run(&shared, &requests);
    });
    if let Err(e) = spawned {
        eprintln!("error: cannot start the search indexer: {e}; the preview has no search");
    }
    sender
}

fn run(shared: &Shared, requests: &Receiver<(Vec<Document>, usize)>) {
    // Each shard's bundle as last made, with the fingerprint of what it was made from.
    let mut made: Vec<(u64, Vec<crate::output::Output>)> = Vec::new();
    while let Ok((mut documents, mut shard_size)) = requests.recv() {
        while let Ok(newer) = requests.try_recv() {
            (documents, shard_size) = newer;
        }
        let started = Instant::now();
        let count = documents.len();
        match remake(documents, shard_size, &mut made) {
            Ok((remade, list)) => {
                let bundle = made.iter().flat_map(|(_, outputs)| outputs).chain([&list]);
                let files = in_memory(bundle);
                if let (Ok(files), Ok(mut live)) = (files, shared.live.write()) {
                    live.files.retain(|path, _| !in_bundle(path));
                    live.files.extend(files);
                }
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                match made.len() {
                    1 => eprintln!("search index of {count} pages made in {ms:.0} ms"),
                    shards => {
                        eprintln!("search index of {count} pages: {remade} of {shards} shards remade in {ms:.0} ms")
                    }
                }
            }
            Err(message) => {
                made.clear();
                eprintln!("error: the search index: {message}");
            }
        }
    }
}

/// Bring `made` up to `documents`: only the shards whose documents changed since they were last
/// made are made again (an edit changes one page's shard; a page added or removed moves the pages
/// after it and remakes them all). How many were remade, and the list of shards.
fn remake(
    documents: Vec<Document>,
    shard_size: usize,
    made: &mut Vec<(u64, Vec<crate::output::Output>)>,
) -> Result<(usize, crate::output::Output), String> {
    let plan = Plan::new(documents, shard_size);
    let list = plan.list()?;
    let fingerprints: Vec<u64> = plan.shards.iter().map(|shard| fingerprint(shard)).collect();
    made.truncate(fingerprints.len());
    let stale: Vec<(usize, Vec<Document>)> = plan
        .shards
        .into_iter()
        .enumerate()
        .filter(|(k, _)| made.get(*k).is_none_or(|(was, _)| *was != fingerprints[*k]))
        .collect();
    let remade = stale.len();
    for (k, outputs) in index_shards(stale)? {
        if k < made.len() {
            made[k] = (fingerprints[k], outputs);
        } else {
            made.push((fingerprints[k], outputs));
        }
    }
    Ok((remade, list))
}

/// Give the calling thread the lowest priority there is short of idle scheduling (nice 19 on
/// Linux: it still progresses on a busy machine, but yields to everything else). Elsewhere it is
/// left as it is.
fn lower_this_thread() {
    // SAFETY: setpriority on this thread only (a Linux thread id is a process id for it); it
    // reads and writes no memory of ours.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 19);
    }
}

/// Lower rayon's global pool, which pagefind's parallel stages run on, to the indexer's priority.
/// Called before anything else uses the pool; if something did, its threads are lowered one by one.
pub(crate) fn lower_global_pool() {
    let built = rayon::ThreadPoolBuilder::new()
        .thread_name(|n| format!("search-index-{n}"))
        .start_handler(|_| lower_this_thread())
        .build_global();
    if built.is_err() {
        rayon::broadcast(|_| lower_this_thread());
    }
}

/// The pool the preview's builds run on, at normal priority: with it, a build's parallel stages
/// never wait behind the indexer's on the global pool. `None` if it cannot be started (the builds
/// then share the global pool).
pub(crate) fn edits_pool() -> Option<rayon::ThreadPool> {
    match rayon::ThreadPoolBuilder::new().thread_name(|n| format!("build-{n}")).build() {
        Ok(pool) => Some(pool),
        Err(e) => {
            eprintln!("warning: cannot start the build threads ({e}); edits share them with the search index");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_remakes_only_the_shard_of_the_page_it_changed() {
        let page = |n: usize, word: &str| Document {
            path: format!("/p{n}/"),
            html: format!("<html lang=\"en\"><body><main data-pagefind-body><p>{word}{n}</p></main></body></html>")
                .into(),
            lang: "en".into(),
        };
        let site = |edited: &str| (0..5).map(|n| page(n, if n == 4 { edited } else { "word" })).collect::<Vec<_>>();
        let mut made = Vec::new();
        // Five pages, two a shard: three shards, all made.
        let (remade, _) = remake(site("word"), 2, &mut made).unwrap();
        assert_eq!((remade, made.len()), (3, 3));
        let before: Vec<u64> = made.iter().map(|(f, _)| *f).collect();
        // Nothing changed: nothing remade.
        assert_eq!(remake(site("word"), 2, &mut made).unwrap().0, 0);
        // Page 4 (in the second shard, with page 1) edited: that shard alone.
        assert_eq!(remake(site("edited"), 2, &mut made).unwrap().0, 1);
        let after: Vec<u64> = made.iter().map(|(f, _)| *f).collect();
        assert_eq!((before[0] == after[0], before[1] == after[1], before[2] == after[2]), (true, false, true));
        // The remade shard holds the edit, the others what they held.
        let text = |k: usize| -> String { made[k].1.iter().map(|o| o.path.clone()).collect::<Vec<_>>().join(" ") };
        assert!(text(1).contains("pagefind/shard-1/pagefind-entry.json"), "{}", text(1));
        // Down to one shard: the rest are dropped.
        assert_eq!(remake(site("word"), 10, &mut made).unwrap().0, 1);
        assert_eq!(made.len(), 1);
    }

    #[test]
    fn the_index_waits_until_saves_pause() {
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        let mut schedule = Schedule::new(Duration::from_millis(1500));
        // Nothing changed: nothing to wait for, nothing due.
        assert_eq!(schedule.wait(t0), None);
        assert!(!schedule.take(ms(10_000)));
        // Saves every 400 ms keep pushing the index back.
        for save in [0, 400, 800, 1200] {
            schedule.changed(ms(save));
            assert_eq!(schedule.wait(ms(save)), Some(Duration::from_millis(1500)));
            assert!(!schedule.take(ms(save + 399)));
        }
        assert_eq!(schedule.wait(ms(2000)), Some(Duration::from_millis(700)));
        assert!(!schedule.take(ms(2699)));
        // 1.5 s after the last save it is due, once.
        assert_eq!(schedule.wait(ms(2700)), Some(Duration::ZERO));
        assert!(schedule.take(ms(2700)));
        assert_eq!(schedule.wait(ms(2701)), None);
        assert!(!schedule.take(ms(9000)));
        // A save after that starts the wait again; a late look still finds it due.
        schedule.changed(ms(9000));
        assert!(!schedule.take(ms(10_000)));
        assert!(schedule.take(ms(60_000)));
    }
}
