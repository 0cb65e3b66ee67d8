//! Work on a list with at most N threads at once (std threads, no runtime), its
//! outcomes handed back on the calling thread in the list's order, so that what is
//! printed does not depend on which item finished first. Knows nothing of what the
//! work is or how it is shown.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// What the caller hears of item `i` of the list.
#[derive(Debug, PartialEq, Eq)]
pub enum Event<R> {
    /// A thread has begun work on it.
    Started(usize),
    /// Its work is over, in whatever order the items finish (its outcome follows in
    /// `Done`, in the list's order).
    Finished(usize),
    /// Its outcome, once every item before it has had its own.
    Done(usize, R),
}

/// Runs `work` on every item with at most `jobs` threads (at least one) and calls
/// `each` on the calling thread with every event. When `each` returns an error, it
/// hears nothing more, the threads begin no new item once they see it, the work under
/// way ends, and that error is returned.
pub fn run_in_order<T, R, E>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    mut each: impl FnMut(Event<R>) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (send, receive) = mpsc::channel::<(usize, Option<R>)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, items.len().max(1)) {
            let send = send.clone();
            let (next, stop, work) = (&next, &stop, &work);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if send.send((i, None)).is_err() {
                        break;
                    }
                    let outcome = work(item);
                    if send.send((i, Some(outcome))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        let mut result = Ok(());
        for (i, outcome) in receive {
            if result.is_err() {
                continue;
            }
            let heard = match outcome {
                None => each(Event::Started(i)),
                Some(outcome) => {
                    waiting.insert(i, outcome);
                    each(Event::Finished(i)).and_then(|()| {
                        while let Some(outcome) = waiting.remove(&due) {
                            each(Event::Done(due, outcome))?;
                            due += 1;
                        }
                        Ok(())
                    })
                }
            };
            if let Err(e) = heard {
                stop.store(true, Ordering::Relaxed);
                result = Err(e);
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The outcomes as `Done` handed them over.
    fn done<R>(events: Vec<Event<R>>) -> Vec<(usize, R)> {
        events
            .into_iter()
            .filter_map(|e| match e {
                Event::Done(i, r) => Some((i, r)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn outcomes_come_in_the_lists_order_whatever_finishes_first() {
        // The first item waits until the caller has heard that the last finished.
        let items = [0, 1, 2, 3];
        let (last_finished, wait_last) = mpsc::channel::<()>();
        let wait_last = std::sync::Mutex::new(wait_last);
        let mut events = Vec::new();
        run_in_order(
            &items,
            4,
            |&n| {
                if n == 0 {
                    wait_last.lock().unwrap().recv().unwrap();
                }
                n * 10
            },
            |e| {
                if e == Event::Finished(3) {
                    last_finished.send(()).unwrap();
                }
                events.push(e);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        let finished = |i| events.iter().position(|e| *e == Event::Finished(i));
        assert!(finished(3) < finished(0), "{events:?}");
        assert_eq!(done(events), [(0, 0), (1, 10), (2, 20), (3, 30)]);
    }

    #[test]
    fn no_more_than_jobs_run_at_once() {
        let items: Vec<usize> = (0..40).collect();
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut events = Vec::new();
        run_in_order(
            &items,
            3,
            |&n| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::yield_now();
                running.fetch_sub(1, Ordering::SeqCst);
                n
            },
            |e| {
                events.push(e);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert!(most.load(Ordering::SeqCst) <= 3);
        let outcomes: Vec<usize> = done(events).into_iter().map(|(_, n)| n).collect();
        assert_eq!(outcomes, items);
    }

    #[test]
    fn an_error_is_returned_and_nothing_is_heard_after_it() {
        let items: Vec<usize> = (0..100).collect();
        let mut heard = Vec::new();
        let result = run_in_order(
            &items,
            2,
            |&n| n,
            |e| {
                if matches!(heard.last(), Some(Event::Done(2, _))) {
                    return Err("closed");
                }
                heard.push(e);
                Ok(())
            },
        );
        assert_eq!(result, Err("closed"));
        assert!(matches!(heard.last(), Some(Event::Done(2, _))), "{heard:?}");
    }

    #[test]
    fn an_empty_list_is_no_work() {
        let mut events: Vec<Event<()>> = Vec::new();
        run_in_order(
            &[] as &[u8],
            4,
            |_| (),
            |e| {
                events.push(e);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert!(events.is_empty());
    }
}
