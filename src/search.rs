//! Running queries against the index, off the UI thread in the reader. The runner
//! talks to a `Searcher`: `ThreadSearcher` owns the index on a worker thread, which
//! takes every queued batch and removal, in order, and only the newest query, stops a
//! query as soon as a newer one arrives, and replies through the runner's channel;
//! `InlineSearcher` does the same work at once (tests, scripts). Stale results are dropped by the app, which
//! knows the generation it asked for last.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use crate::article::ArticleId;
use crate::index::{DocId, Index};
use crate::library::IndexChange;
use crate::query::Query;
use crate::query::eval::{Context, FIRST_SCREEN, search, search_staged};

/// One query to run, with the marks it may need (`is:`, the bookmarks view).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub generation: u64,
    pub query: Query,
    pub bookmarked_only: bool,
    pub bookmarked: HashSet<ArticleId>,
    pub read: HashSet<ArticleId>,
    /// The tags given in the reader, as `State::tagged` gives them.
    pub tagged: HashMap<String, HashSet<ArticleId>>,
}

/// The matching documents, in order, for the request of that generation: all of
/// them, or (`complete` false) a first screenful sent ahead of a slow full answer.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub generation: u64,
    pub docs: Vec<DocId>,
    pub complete: bool,
    /// With a first screenful, how many match in all, when that is known already
    /// (not for a phrase, whose matches are still being confirmed); `None` with the
    /// full answer, which is its own count.
    pub total: Option<usize>,
    pub took: Duration,
}

/// What the search thread sends back.
pub enum Reply {
    Searched(Outcome),
    /// A library cache was written (or not): what to say of it.
    CacheWritten(crate::cache::Written),
}

pub trait Searcher {
    /// Follows the library: a batch added, articles removed, the cache's articles
    /// restored, the load done (see `IndexChange`). Changes are applied in the order
    /// given, before any query asked for after them.
    fn apply(&mut self, change: IndexChange);
    /// Runs a query: the outcome now, or `None` when it will arrive on the channel.
    fn search(&mut self, request: Request) -> Option<Outcome>;
    /// Writes the library cache with this index: at once (`Some`, how it went), or
    /// later, off this thread (`None`; the answer comes as `Reply::CacheWritten`).
    fn write_cache(&mut self, job: crate::cache::Job) -> Option<crate::cache::Written>;
}

fn context<'a>(request: &'a Request, cancelled: &'a (dyn Fn() -> bool + Sync)) -> Context<'a> {
    Context {
        bookmarked: &request.bookmarked,
        read: &request.read,
        tagged: &request.tagged,
        bookmarked_only: request.bookmarked_only,
        cancelled,
    }
}

/// Runs one request; `None` if it was cancelled.
pub fn run(
    index: &mut Index,
    request: &Request,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Outcome> {
    let start = Instant::now();
    let docs = search(index, &request.query, &context(request, cancelled))?;
    Some(Outcome {
        generation: request.generation,
        total: None,
        docs,
        complete: true,
        took: start.elapsed(),
    })
}

/// Runs one request as the reader wants it: a first screenful given to `ahead` when
/// the full answer is slow (see `search_staged`), then the full answer; `None` if it
/// was cancelled.
pub fn run_staged(
    index: &mut Index,
    request: &Request,
    cancelled: &(dyn Fn() -> bool + Sync),
    ahead: &mut dyn FnMut(Outcome),
) -> Option<Outcome> {
    let start = Instant::now();
    let generation = request.generation;
    let docs = search_staged(
        index,
        &request.query,
        &context(request, cancelled),
        FIRST_SCREEN,
        &mut |docs, total| {
            ahead(Outcome {
                generation,
                docs,
                complete: false,
                total,
                took: start.elapsed(),
            })
        },
    )?;
    Some(Outcome {
        generation,
        total: None,
        docs,
        complete: true,
        took: start.elapsed(),
    })
}

/// Searches at once, on the caller's thread.
#[derive(Default)]
pub struct InlineSearcher {
    pub index: Index,
}

impl Searcher for InlineSearcher {
    fn apply(&mut self, change: IndexChange) {
        change.apply(&mut self.index);
    }

    fn search(&mut self, request: Request) -> Option<Outcome> {
        run(&mut self.index, &request, &|| false)
    }

    fn write_cache(&mut self, job: crate::cache::Job) -> Option<crate::cache::Written> {
        let index = job.encode(&mut self.index);
        Some(job.write(index))
    }
}

enum Job {
    Change(IndexChange),
    Search(Request),
    WriteCache(crate::cache::Job),
}
/// Owns the index on a worker thread.
pub struct ThreadSearcher {
    jobs: Sender<Job>,
    latest: Arc<AtomicU64>,
    /// Cache writes asked for and not yet done.
    writes: Arc<Writes>,
}

/// A count of cache writes going on, to wait for before the process ends.
#[derive(Default)]
struct Writes {
    going: std::sync::Mutex<usize>,
    done: std::sync::Condvar,
}

impl Writes {
    fn start(&self) {
        if let Ok(mut going) = self.going.lock() {
            *going += 1;
        }
    }

    fn finish(&self) {
        if let Ok(mut going) = self.going.lock() {
            *going = going.saturating_sub(1);
        }
        self.done.notify_all();
    }
}

impl ThreadSearcher {
    /// Starts the worker; `reply` carries each finished outcome back (to the runner's
    /// channel). The worker ends when the searcher is dropped.
    pub fn spawn(reply: impl Fn(Reply) + Send + Sync + 'static) -> std::io::Result<ThreadSearcher> {
        let (jobs, rx) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = latest.clone();
        let writes = Arc::new(Writes::default());
        let writing = writes.clone();
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || work(rx, &seen, &writing, reply))?;
        Ok(ThreadSearcher {
            jobs,
            latest,
            writes,
        })
    }

    /// Whether a cache write is still going on.
    pub fn writing(&self) -> bool {
        self.writes.going.lock().is_ok_and(|going| *going > 0)
    }

    /// Waits up to `limit` for the cache writes going on; whether they are done.
    pub fn wait_for_writes(&self, limit: Duration) -> bool {
        let Ok(going) = self.writes.going.lock() else {
            return false;
        };
        self.writes
            .done
            .wait_timeout_while(going, limit, |going| *going > 0)
            .is_ok_and(|(going, _)| *going == 0)
    }
}

impl Searcher for ThreadSearcher {
    fn apply(&mut self, change: IndexChange) {
        let _ = self.jobs.send(Job::Change(change));
    }

    fn search(&mut self, request: Request) -> Option<Outcome> {
        self.latest.store(request.generation, Ordering::SeqCst);
        let _ = self.jobs.send(Job::Search(request));
        None
    }

    fn write_cache(&mut self, job: crate::cache::Job) -> Option<crate::cache::Written> {
        self.writes.start();
        if self.jobs.send(Job::WriteCache(job)).is_err() {
            self.writes.finish();
        }
        None
    }
}

/// How long the search thread waits, idle, before it sorts the index's terms.
const IDLE: Duration = Duration::from_millis(150);

fn work(
    rx: Receiver<Job>,
    latest: &AtomicU64,
    writes: &Arc<Writes>,
    reply: impl Fn(Reply) + Send + Sync + 'static,
) {
    let reply = Arc::new(reply);
    let mut index = Index::new();
    let mut pending: Option<Request> = None;
    // The sorted term lists (for prefixes) are made once nothing has come for a
    // while: not after every batch of a first start, but before the first prefix
    // is typed (sorting a million terms takes a while).
    let mut unsorted = false;
    loop {
        let first = match rx.recv_timeout(if unsorted { IDLE } else { Duration::MAX }) {
            Ok(job) => job,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                index.prepare();
                unsorted = false;
                continue;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        };
        for job in std::iter::once(first).chain(rx.try_iter()) {
            match job {
                Job::Change(change) => change.apply(&mut index),
                // Only the newest query matters; older ones are dropped unrun.
                Job::Search(request) => pending = Some(request),
                // The index is encoded here (it is this thread's), the rest is
                // written on a thread of its own, so searches go on meanwhile.
                Job::WriteCache(job) => {
                    let encoded = job.encode(&mut index);
                    let (reply, done) = (reply.clone(), writes.clone());
                    let spawned =
                        std::thread::Builder::new()
                            .name("cache".into())
                            .spawn(move || {
                                reply(Reply::CacheWritten(job.write(encoded)));
                                done.finish();
                            });
                    if spawned.is_err() {
                        writes.finish();
                    }
                }
            }
        }
        if let Some(request) = pending.take() {
            let generation = request.generation;
            let cancelled = || latest.load(Ordering::SeqCst) != generation;
            // A bug in one query must not end the search thread: later ones still run.
            let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut ahead = |first| reply(Reply::Searched(first));
                if let Some(outcome) = run_staged(&mut index, &request, &cancelled, &mut ahead) {
                    reply(Reply::Searched(outcome));
                }
            }));
            drop(answered);
            unsorted = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, ArticleId, Block, Draft};
    use crate::index::Segment;
    use crate::query::parse::parse;
    use chrono::NaiveDate;
    use std::path::PathBuf;

    fn batch(n: u64) -> Vec<Article> {
        (0..n)
            .map(|i| {
                let draft = Draft {
                    title: format!("Story {i}"),
                    body: vec![Block::Paragraph(if i % 2 == 0 {
                        "even words".into()
                    } else {
                        "odd words".into()
                    })],
                    ..Draft::default()
                };
                Article::new(ArticleId(i), PathBuf::from(format!("{i}")), draft)
            })
            .collect()
    }

    /// A batch of the first articles of the library, as the library gives it.
    fn append(articles: &[Article], arcs: Vec<Arc<Article>>) -> IndexChange {
        IndexChange::Append {
            first: 0,
            segment: Some(Box::new(Segment::build(articles))),
            keep: vec![true; articles.len()],
            articles: arcs,
        }
    }

    fn request(generation: u64, q: &str) -> Request {
        Request {
            generation,
            query: parse(q, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()).unwrap(),
            bookmarked_only: false,
            bookmarked: HashSet::new(),
            read: HashSet::new(),
            tagged: HashMap::new(),
        }
    }

    /// A search thread that sends its outcomes to the receiver, and ten articles.
    fn worker() -> (
        ThreadSearcher,
        Receiver<Outcome>,
        Vec<Article>,
        Vec<Arc<Article>>,
    ) {
        let (tx, rx) = channel();
        let searcher = ThreadSearcher::spawn(move |reply| {
            if let Reply::Searched(o) = reply {
                let _ = tx.send(o);
            }
        })
        .unwrap();
        let articles = batch(10);
        let arcs: Vec<Arc<Article>> = articles.iter().cloned().map(Arc::new).collect();
        (searcher, rx, articles, arcs)
    }

    #[test]
    fn the_worker_answers_only_the_newest_query_after_all_batches() {
        let (mut searcher, rx, articles, arcs) = worker();
        // Queue a search, a batch and a newer search before the worker can look.
        searcher.search(request(1, "even"));
        searcher.apply(append(&articles, arcs));
        searcher.search(request(2, "odd"));
        let mut outcomes: Vec<Outcome> = Vec::new();
        while let Ok(o) = rx.recv_timeout(Duration::from_secs(10)) {
            let done = o.generation == 2;
            outcomes.push(o);
            if done {
                break;
            }
        }
        let last = outcomes.last().unwrap();
        assert_eq!(last.generation, 2);
        assert_eq!(
            last.docs.len(),
            5,
            "the newer query ran over the whole batch"
        );
        // Generation 1 was either dropped unrun or answered before it was replaced;
        // either way nothing came after generation 2.
        assert!(outcomes.iter().all(|o| o.generation <= 2));
    }

    #[test]
    fn the_worker_sends_a_first_screenful_ahead_of_a_long_ranked_list() {
        let (tx, rx) = channel();
        let mut searcher = ThreadSearcher::spawn(move |reply| {
            if let Reply::Searched(o) = reply {
                let _ = tx.send(o);
            }
        })
        .unwrap();
        // More matches than a hundred screenfuls: ranking them all takes a while.
        let n = FIRST_SCREEN * 100 + 50;
        let articles = batch(n as u64);
        let arcs = articles.iter().cloned().map(Arc::new).collect();
        searcher.apply(append(&articles, arcs));
        searcher.search(request(1, "words"));
        let first = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        let full = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(!first.complete && full.complete);
        assert_eq!((first.docs.len(), full.docs.len()), (FIRST_SCREEN, n));
        assert_eq!(first.docs[..], full.docs[..FIRST_SCREEN]);
        // A few matches come whole at once.
        searcher.search(request(2, "story 7 "));
        let few = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(few.complete && few.generation == 2 && few.docs.len() == 1);
    }

    #[test]
    fn the_worker_removes_documents_before_the_query_queued_after() {
        let (mut searcher, rx, articles, arcs) = worker();
        searcher.apply(append(&articles, arcs));
        searcher.apply(IndexChange::Remove(vec![0, 2, 4]));
        searcher.search(request(1, "even"));
        let outcome = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        let mut docs = outcome.docs;
        docs.sort_unstable();
        assert_eq!(docs, vec![6, 8]);
    }

    #[test]
    fn inline_searches_answer_at_once() {
        let mut searcher = InlineSearcher::default();
        let articles = batch(4);
        let arcs = articles.iter().cloned().map(Arc::new).collect();
        searcher.apply(append(&articles, arcs));
        let outcome = searcher.search(request(7, "odd")).unwrap();
        assert_eq!((outcome.generation, outcome.docs.len()), (7, 2));
    }

    #[test]
    fn a_cache_written_off_thread_is_waited_for_and_restores_the_index() {
        let (mut searcher, rx, articles, arcs) = worker();
        searcher.apply(append(&articles, arcs.clone()));
        let dir = tempfile::tempdir().unwrap();
        let cache = crate::cache::Cache::new(dir.path(), &[PathBuf::from("/lib")], 1 << 20, false);
        let job = crate::cache::Job {
            cache: cache.clone(),
            meta: crate::cache::Meta::default(),
            live: 10,
            articles: arcs,
        };
        assert!(
            searcher.write_cache(job).is_none(),
            "written off this thread"
        );
        assert!(searcher.wait_for_writes(Duration::from_secs(10)));
        assert!(!searcher.writing());

        // A new searcher takes the cache's index with the articles, and answers.
        let (contents, _) = cache.read().unwrap();
        assert!(
            contents.index.is_some(),
            "the index was written with the articles"
        );
        let (mut restored, restored_rx, _, _) = worker();
        drop(rx);
        let arcs: Vec<Arc<Article>> = contents.articles;
        restored.apply(IndexChange::Restore {
            index: contents.index.map(Box::new),
            articles: arcs,
        });
        restored.search(request(1, "odd"));
        let outcome = restored_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(outcome.docs, [1, 3, 5, 7, 9]);
    }
}
