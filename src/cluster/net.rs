//! Connecting the processes, with a deadline, and starting timely's workers on the connections.
//!
//! timely's own `create_sockets` retries forever and cannot say which process is missing, so the
//! sockets are made here with timely's protocol (process `p` connects to every `q < p` and sends
//! its index as a big-endian `u64`; it accepts one connection from every `q > p`), then handed to
//! `initialize_networking_from_sockets`. A failure names the process and its address.
//!
//! Before the sockets go to timely, both ends of every connection exchange a [`Hello`]: the
//! number of workers per process, a fingerprint of the host file and one of the analysis
//! options. Processes that disagree would deadlock or compute nonsense inside timely, so a
//! mismatch fails the run at once, naming the process, its address and what differs.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::ProcessBuilder;
use timely::communication::{AllocatorBuilder, Hooks, WorkerGuards};

use crate::error::{Error, Result};

fn cluster_err(message: impl Into<String>) -> Error {
    Error::Cluster {
        message: message.into(),
    }
}

/// `process q (address)`, for messages.
pub(crate) fn who(hosts: &[String], q: usize) -> String {
    format!("process {q} ({})", hosts.get(q).map_or("?", String::as_str))
}

/// What every process must agree on, exchanged when connecting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hello {
    /// `--workers`.
    pub workers: u64,
    /// Fingerprint of the host file's addresses, in order.
    pub hosts: u64,
    /// Fingerprint of the analysis options (everything but the output and the timeout).
    pub options: u64,
}

/// Marks a relais handshake (and its version) on the wire.
const MAGIC: u64 = u64::from_be_bytes(*b"relais01");

impl Hello {
    const BYTES: usize = 32;

    fn encode(&self) -> [u8; Self::BYTES] {
        let mut b = [0u8; Self::BYTES];
        for (i, x) in [MAGIC, self.workers, self.hosts, self.options]
            .into_iter()
            .enumerate()
        {
            b[i * 8..i * 8 + 8].copy_from_slice(&x.to_be_bytes());
        }
        b
    }

    fn decode(b: &[u8; Self::BYTES]) -> Option<Hello> {
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[i * 8..i * 8 + 8]);
            u64::from_be_bytes(w)
        };
        (word(0) == MAGIC).then(|| Hello {
            workers: word(1),
            hosts: word(2),
            options: word(3),
        })
    }

    /// What differs between this process's hello and `theirs` from process `q`, if anything.
    fn mismatch(
        &self,
        theirs: Option<Hello>,
        hosts: &[String],
        me: usize,
        q: usize,
    ) -> Option<String> {
        let peer = who(hosts, q);
        let Some(theirs) = theirs else {
            return Some(format!(
                "{peer} is not a relais process of this version (unexpected handshake)"
            ));
        };
        if theirs.workers != self.workers {
            Some(format!(
                "{peer} runs --workers {} but {} runs --workers {}: every process must give the \
                 same --workers",
                theirs.workers,
                who(hosts, me),
                self.workers
            ))
        } else if theirs.hosts != self.hosts {
            Some(format!(
                "{peer} was started with a different host file than {}: every process must \
                 read the same host file",
                who(hosts, me)
            ))
        } else if theirs.options != self.options {
            Some(format!(
                "{peer} runs with different analysis options than {} (input, --seed, \
                 --communities, --undirected, …): every process must be started with the same \
                 options",
                who(hosts, me)
            ))
        } else {
            None
        }
    }
}

/// FNV-1a, 64 bits: a stable fingerprint of `bytes` (not a secure hash; it only detects
/// processes started differently by mistake).
pub(crate) fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn resolve(hosts: &[String], q: usize) -> Result<SocketAddr> {
    hosts[q]
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| cluster_err(format!("{}: not a host:port address", who(hosts, q))))
}

/// Connects process `me` to every other process of `hosts` before `deadline`, in timely's
/// protocol, exchanging `hello` on every connection. Returns one stream per process (`None` at
/// `me`).
///
/// # Errors
/// [`Error::Cluster`] naming every process that did not connect in time, the first process
/// whose [`Hello`] differs (and what differs), or an address that cannot be listened on.
pub(crate) fn connect(
    hosts: &[String],
    me: usize,
    timeout: Duration,
    hello: Hello,
) -> Result<Vec<Option<TcpStream>>> {
    let deadline = Instant::now() + timeout;
    let n = hosts.len();
    let mine = resolve(hosts, me)?;
    let listener = TcpListener::bind(mine).map_err(|e| {
        cluster_err(format!(
            "{} cannot listen on its address: {e}",
            who(hosts, me)
        ))
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| cluster_err(format!("{}: {e}", who(hosts, me))))?;
    let lower: Vec<SocketAddr> = (0..me).map(|q| resolve(hosts, q)).collect::<Result<_>>()?;
    // Connect to lower processes in a thread while accepting from higher ones here. The dialer
    // sends its index and hello, then reads the peer's hello; a mismatch on either side stops
    // both loops at once.
    let mine_bytes = hello.encode();
    let stop = Arc::new(AtomicBool::new(false));
    let dialer = {
        let stop = Arc::clone(&stop);
        let hosts = hosts.to_vec();
        std::thread::spawn(
            move || -> std::result::Result<Vec<Option<TcpStream>>, String> {
                let mut streams = Vec::new();
                for (q, addr) in lower.iter().enumerate() {
                    let stream = loop {
                        let left = deadline.saturating_duration_since(Instant::now());
                        if left.is_zero() || stop.load(Ordering::Relaxed) {
                            break None;
                        }
                        match TcpStream::connect_timeout(addr, left.min(Duration::from_secs(1))) {
                            Ok(mut s) => {
                                let mut theirs = [0u8; Hello::BYTES];
                                if s.set_nodelay(true).is_ok()
                                    && s.write_all(&(me as u64).to_be_bytes()).is_ok()
                                    && s.write_all(&mine_bytes).is_ok()
                                    && s.set_read_timeout(Some(left.max(Duration::from_millis(10))))
                                        .is_ok()
                                    && s.read_exact(&mut theirs).is_ok()
                                    && s.set_read_timeout(None).is_ok()
                                {
                                    if let Some(m) =
                                        hello.mismatch(Hello::decode(&theirs), &hosts, me, q)
                                    {
                                        stop.store(true, Ordering::Relaxed);
                                        return Err(m);
                                    }
                                    break Some(s);
                                }
                            }
                            Err(_) => std::thread::sleep(Duration::from_millis(50)),
                        }
                    };
                    streams.push(stream);
                }
                Ok(streams)
            },
        )
    };
    let mut higher: Vec<Option<TcpStream>> = (me + 1..n).map(|_| None).collect();
    while higher.iter().any(Option::is_none)
        && !stop.load(Ordering::Relaxed)
        && Instant::now() < deadline
    {
        match listener.accept() {
            Ok((mut s, _)) => {
                // A stray connection that does not send an index and a hello in time is dropped.
                let _ = s.set_nonblocking(false);
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                let mut id = [0u8; 8];
                let mut theirs = [0u8; Hello::BYTES];
                if s.read_exact(&mut id).is_ok() && s.read_exact(&mut theirs).is_ok() {
                    let q = u64::from_be_bytes(id) as usize;
                    if q > me && q < n && higher[q - me - 1].is_none() {
                        // Answer first, so that the peer can name what differs too.
                        let _ = s.write_all(&mine_bytes);
                        if let Some(m) = hello.mismatch(Hello::decode(&theirs), hosts, me, q) {
                            // Fail at once; the dialer thread stops on the flag.
                            stop.store(true, Ordering::Relaxed);
                            return Err(cluster_err(m));
                        }
                        let _ = s.set_read_timeout(None);
                        let _ = s.set_nodelay(true);
                        higher[q - me - 1] = Some(s);
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(cluster_err(format!("{}: accept: {e}", who(hosts, me)))),
        }
    }
    let lower = dialer
        .join()
        .map_err(|_| cluster_err("connection thread failed"))?
        .map_err(cluster_err)?;
    let mut missing: Vec<String> = Vec::new();
    for (q, s) in lower.iter().enumerate() {
        if s.is_none() {
            missing.push(who(hosts, q));
        }
    }
    for (i, s) in higher.iter().enumerate() {
        if s.is_none() {
            missing.push(who(hosts, me + 1 + i));
        }
    }
    if !missing.is_empty() {
        return Err(cluster_err(format!(
            "{} could not connect to {} within {} s (is every process started with the same \
             host file?)",
            who(hosts, me),
            missing.join(", "),
            timeout.as_secs_f64()
        )));
    }
    let mut sockets: Vec<Option<TcpStream>> = lower;
    sockets.push(None);
    sockets.extend(higher);
    Ok(sockets)
}

/// Starts `workers` timely workers on connected `sockets`, each running `func`.
pub(crate) fn start<T, F>(
    sockets: Vec<Option<TcpStream>>,
    me: usize,
    workers: usize,
    func: F,
) -> Result<WorkerGuards<T>>
where
    T: Send + 'static,
    F: Fn(&mut timely::worker::Worker) -> T + Send + Sync + 'static,
{
    let hooks = Hooks::default();
    let process =
        ProcessBuilder::new_typed_vector(workers, hooks.refill.clone(), hooks.spill.clone());
    let (builders, guard) =
        initialize_networking_from_sockets(process, sockets, me, workers, hooks)
            .map_err(|e| cluster_err(format!("could not start the network threads: {e}")))?;
    let builders = builders.into_iter().map(AllocatorBuilder::Tcp).collect();
    timely::execute::execute_from(builders, Box::new(guard), Default::default(), func)
        .map_err(|e| cluster_err(format!("could not start the workers: {e}")))
}

/// The first communication failure seen by timely's network threads: the remote process index
/// and the message.
static FAILURE: OnceLock<Mutex<Failure>> = OnceLock::new();

/// The remote process (when a network thread failed) and the panic message.
type Failure = Option<(Option<usize>, String)>;

/// Every remote process whose connection failed so far.
static LOST: OnceLock<Mutex<BTreeSet<usize>>> = OnceLock::new();

fn lost_slot() -> &'static Mutex<BTreeSet<usize>> {
    LOST.get_or_init(|| Mutex::new(BTreeSet::new()))
}

/// The remote processes whose connection failed so far, ascending. When a process dies, the
/// processes that notice first fail and close their connections too, so a survivor can see
/// several connections drop: the caller waits a moment and names them all.
pub(crate) fn lost_processes() -> Vec<usize> {
    lost_slot()
        .lock()
        .map(|l| l.iter().copied().collect())
        .unwrap_or_default()
}

fn failure_slot() -> &'static Mutex<Failure> {
    FAILURE.get_or_init(|| Mutex::new(None))
}

/// The environment variable that makes the panic hook print every panic of timely's threads that
/// it records, with its location and a backtrace, on stderr (for diagnosing cluster faults).
pub(crate) const DEBUG_PANICS_VAR: &str = "RELAIS_CLUSTER_DEBUG_PANICS";

/// Installs (once) a panic hook that records panics of timely's threads (`timely:send-Q`,
/// `timely:recv-Q`, `timely:work-I`, `timely:join`) instead of printing them: a lost connection
/// makes timely's network thread panic, and the workers then see a poisoned queue.
///
/// Only the first such panic unwinds. Every later one is a consequence of it (a poisoned
/// `MergeQueue`, a join of a failed thread, or a destructor that panics while its thread already
/// unwinds), and unwinding it would run timely's destructors on poisoned queues:
/// `SendEndpoint::drop` flushes into its `MergeQueue`, which panics when poisoned, and a panic in
/// a destructor during unwinding cannot unwind, so Rust aborts the whole process ("thread caused
/// non-unwinding panic. aborting.") before the main thread has printed the clear error. Such a
/// thread therefore stops in the hook (parked for good, see [`halt`]); the main thread, which
/// watches [`failure`], returns the lost-connection error and the process exits with it, the
/// staging folder removed, without dropping timely's guards. Other panics go to the previous hook.
pub(crate) fn watch_panics() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let previous = std::panic::take_hook();
        let debug = std::env::var_os(DEBUG_PANICS_VAR).is_some();
        std::panic::set_hook(Box::new(move |info| {
            let name = std::thread::current().name().map(str::to_string);
            match name.as_deref() {
                Some(n) if n.starts_with("timely:") => {
                    let remote = n
                        .strip_prefix("timely:send-")
                        .or_else(|| n.strip_prefix("timely:recv-"))
                        .and_then(|q| q.parse().ok());
                    let message = info
                        .payload()
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "panic".into());
                    if debug {
                        eprintln!(
                            "relais: debug: panic on thread {n} at {}: {message}\n{}",
                            info.location().map_or("?".into(), |l| l.to_string()),
                            std::backtrace::Backtrace::force_capture()
                        );
                    }
                    if let (Some(q), Ok(mut lost)) = (remote, lost_slot().lock()) {
                        lost.insert(q);
                    }
                    let mut consequent = true;
                    if let Ok(mut slot) = failure_slot().lock() {
                        consequent = slot.is_some();
                        // A network thread's failure names the remote process: keep it over a
                        // worker's consequent panic.
                        if slot.is_none()
                            || (remote.is_some() && slot.as_ref().is_some_and(|s| s.0.is_none()))
                        {
                            *slot = Some((remote, message));
                        }
                    }
                    if consequent {
                        halt();
                    }
                }
                _ => previous(info),
            }
        }));
    });
}

/// Parks the calling thread for good. Used by timely's threads once a connection is lost: they
/// must neither go back into timely (whose next step or destructor would panic on a poisoned
/// queue, possibly while unwinding, which aborts the process) nor hold up the exit; the main
/// thread reports the failure and ends the process.
pub(crate) fn halt() -> ! {
    loop {
        std::thread::park();
    }
}

/// The failure recorded by [`watch_panics`], if any.
pub(crate) fn failure() -> Failure {
    failure_slot().lock().ok().and_then(|s| s.clone())
}
