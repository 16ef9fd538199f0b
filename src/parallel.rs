//! Layer `base`: a parallel map on scoped threads.
//!
//! A parallel map over a slice on scoped threads, for the parse phase.
//! Small batches stay on the calling thread: spawning costs more than they do.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Fewer items than this are mapped on the calling thread.
const MIN_PARALLEL_ITEMS: usize = 4;

/// The number of cores this process may use, asked once: on Linux each
/// `available_parallelism` call reads several cgroup files.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `items.iter().map(f).collect()`, computed on up to one thread per core;
/// the results keep the order of `items`.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = cores().min(items.len());
    if threads < 2 || items.len() < MIN_PARALLEL_ITEMS {
        return items.iter().map(f).collect();
    }
    // Threads take the next item from a shared counter, so one slow file
    // does not hold up a pre-assigned chunk.
    let next = AtomicUsize::new(0);
    let mut indexed: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            // A worker panicking is a bug; re-raise it rather than drop results.
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    indexed.sort_unstable_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_for_small_and_large_batches() {
        for n in [0, 1, 3, 4, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let doubled = super::map(&items, |x| x * 2);
            assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
    }
}
