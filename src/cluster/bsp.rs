//! Supersteps on timely: every worker hands one batch to every worker (its own included), and
//! gets back the batches addressed to it, ordered by sending worker so that whatever is computed
//! from them is identical across runs.
//!
//! One timely dataflow per message type: an input, an `Exchange` by destination worker, and an
//! operator that files the batches; a superstep is one epoch of the input, finished when the probe
//! passes it. While waiting, a worker checks that no network thread has failed and that no peer
//! is silent for longer than the timeout.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use timely::container::CapacityContainerBuilder;
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::{Input, Probe};
use timely::dataflow::{InputHandle, ProbeHandle};
use timely::worker::Worker;
use timely::ExchangeData;

use super::net;
use crate::error::{Error, Result};

/// What a worker needs to name a failed peer.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Addresses, by process.
    pub hosts: Vec<String>,
    /// Workers per process.
    pub workers: usize,
    /// How long a superstep may wait for a peer.
    pub timeout: Duration,
}

type Message<T> = (u32, u32, Vec<T>);

/// Batches received, as (epoch, sending worker, items).
type Inbox<T> = Rc<RefCell<Vec<(u64, u32, Vec<T>)>>>;

/// An all-to-all channel for batches of `T`.
pub(crate) struct Channel<T: ExchangeData + Clone> {
    input: InputHandle<u64, CapacityContainerBuilder<Vec<Message<T>>>>,
    probe: ProbeHandle<u64>,
    inbox: Inbox<T>,
}

impl<T: ExchangeData + Clone> Channel<T> {
    /// Builds the channel's dataflow. Every worker must build its channels in the same order.
    pub fn new(worker: &mut Worker) -> Self {
        let mut input = InputHandle::new();
        let probe = ProbeHandle::new();
        let inbox: Inbox<T> = Rc::new(RefCell::new(Vec::new()));
        let filed = Rc::clone(&inbox);
        worker.dataflow::<u64, _, _>(|scope| {
            scope
                .input_from(&mut input)
                .unary::<CapacityContainerBuilder<Vec<()>>, _, _, _>(
                    Exchange::new(|m: &Message<T>| u64::from(m.0)),
                    "deliver",
                    move |_, _| {
                        move |input, _output| {
                            input.for_each_time(|time, data| {
                                let round = *time.time();
                                let mut inbox = filed.borrow_mut();
                                for batch in data {
                                    for (_, from, items) in batch.drain(..) {
                                        inbox.push((round, from, items));
                                    }
                                }
                            })
                        }
                    },
                )
                .probe_with(&probe);
        });
        Channel {
            input,
            probe,
            inbox,
        }
    }

    /// Sends `outgoing[w]` to worker `w` and returns the batches received, indexed by sender.
    ///
    /// # Errors
    /// [`Error::Cluster`] when a peer's connection failed or a peer stayed silent longer than the
    /// timeout, naming its process and address.
    pub fn exchange(
        &mut self,
        worker: &mut Worker,
        layout: &Layout,
        outgoing: Vec<Vec<T>>,
    ) -> Result<Vec<Vec<T>>> {
        let me = worker.index() as u32;
        let peers = worker.peers();
        debug_assert_eq!(outgoing.len(), peers);
        if worker.index() % layout.workers == 0 {
            stall_hook();
        }
        for (to, items) in outgoing.into_iter().enumerate() {
            self.input.send((to as u32, me, items));
        }
        let round = *self.input.time();
        let next = round + 1;
        self.input.advance_to(next);
        let started = Instant::now();
        while self.probe.less_than(self.input.time()) {
            worker.step_or_park(Some(Duration::from_millis(20)));
            if let Some((remote, message)) = net::failure() {
                return Err(lost(layout, remote, &message));
            }
            if started.elapsed() > layout.timeout {
                let inbox = self.inbox.borrow();
                let silent: Vec<String> = (0..layout.hosts.len())
                    .filter(|&p| {
                        (0..layout.workers).any(|t| {
                            let w = (p * layout.workers + t) as u32;
                            !inbox.iter().any(|(r, from, _)| *r == round && *from == w)
                        })
                    })
                    .map(|p| net::who(&layout.hosts, p))
                    .collect();
                return Err(Error::Cluster {
                    message: format!(
                        "no data from {} for {} s: the process died, hangs or is unreachable",
                        if silent.is_empty() {
                            "a peer".to_string()
                        } else {
                            silent.join(", ")
                        },
                        layout.timeout.as_secs_f64()
                    ),
                });
            }
        }
        // A fast peer may already have sent the next round's batch: keep it for then.
        let (mut got, later): (Vec<_>, Vec<_>) = std::mem::take(&mut *self.inbox.borrow_mut())
            .into_iter()
            .partition(|(r, _, _)| *r == round);
        *self.inbox.borrow_mut() = later;
        got.sort_by_key(|(_, from, _)| *from);
        let mut out: Vec<Vec<T>> = (0..peers).map(|_| Vec::new()).collect();
        for (_, from, items) in got {
            let slot = &mut out[from as usize];
            if slot.is_empty() {
                *slot = items;
            } else {
                slot.extend(items);
            }
        }
        Ok(out)
    }

    /// Sends the same batch to every worker.
    pub fn broadcast(
        &mut self,
        worker: &mut Worker,
        layout: &Layout,
        items: Vec<T>,
    ) -> Result<Vec<Vec<T>>> {
        let peers = worker.peers();
        let outgoing = (0..peers).map(|_| items.clone()).collect();
        self.exchange(worker, layout, outgoing)
    }
}

/// The environment variable of the fault-injection hook used by the tests: with
/// `RELAIS_CLUSTER_TEST_STALL=K` set for one process, its first worker stops before its `K`-th
/// superstep (from 1), prints `relais: test hook: stalled at superstep K` on stderr and waits
/// there until the process is killed, so that a test can kill a process mid-run at a point it
/// can observe.
pub(crate) const STALL_VAR: &str = "RELAIS_CLUSTER_TEST_STALL";

/// Supersteps begun by this process's first worker.
static SUPERSTEPS: AtomicU64 = AtomicU64::new(0);

fn stall_hook() {
    static AT: OnceLock<Option<u64>> = OnceLock::new();
    let at = AT.get_or_init(|| std::env::var(STALL_VAR).ok()?.trim().parse().ok());
    let step = SUPERSTEPS.fetch_add(1, Ordering::Relaxed) + 1;
    if *at == Some(step) {
        eprintln!("relais: test hook: stalled at superstep {step}");
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}

/// The error for a lost connection to `remote`, naming every process whose connection was lost.
pub(crate) fn lost(layout: &Layout, remote: Option<usize>, message: &str) -> Error {
    let mut all = net::lost_processes();
    if let Some(q) = remote {
        if !all.contains(&q) {
            all.push(q);
        }
    }
    let names: Vec<String> = all.iter().map(|&q| net::who(&layout.hosts, q)).collect();
    Error::Cluster {
        message: match names.len() {
            0 => format!("a worker failed: {message}"),
            1 => format!(
                "lost the connection to {} ({message}): the process died or the network failed",
                names[0]
            ),
            _ => format!(
                "lost the connections to {} (first: {message}): a process died or the network \
                 failed, and the processes that noticed it first stopped too",
                names.join(", ")
            ),
        },
    }
}
