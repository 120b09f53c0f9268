//! Connecting the processes, with a deadline, and starting timely's workers on the connections.
//!
//! timely's own `create_sockets` retries forever and cannot say which process is missing, so the
//! sockets are made here with timely's protocol (process `p` connects to every `q < p` and sends
//! its index as a big-endian `u64`; it accepts one connection from every `q > p`), then handed to
//! `initialize_networking_from_sockets`. A failure names the process and its address.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::{Mutex, OnceLock};
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

fn resolve(hosts: &[String], q: usize) -> Result<SocketAddr> {
    hosts[q]
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| cluster_err(format!("{}: not a host:port address", who(hosts, q))))
}

/// Connects process `me` to every other process of `hosts` before `deadline`, in timely's
/// protocol. Returns one stream per process (`None` at `me`).
///
/// # Errors
/// [`Error::Cluster`] naming every process that did not connect in time, or an address that
/// cannot be listened on.
pub(crate) fn connect(
    hosts: &[String],
    me: usize,
    timeout: Duration,
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
    // Connect to lower processes in a thread while accepting from higher ones here.
    let dialer = std::thread::spawn(move || {
        lower
            .iter()
            .map(|addr| loop {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break None;
                }
                match TcpStream::connect_timeout(addr, left.min(Duration::from_secs(1))) {
                    Ok(mut s) => {
                        if s.set_nodelay(true).is_ok()
                            && s.write_all(&(me as u64).to_be_bytes()).is_ok()
                        {
                            break Some(s);
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(50)),
                }
            })
            .collect::<Vec<Option<TcpStream>>>()
    });
    let mut higher: Vec<Option<TcpStream>> = (me + 1..n).map(|_| None).collect();
    while higher.iter().any(Option::is_none) && Instant::now() < deadline {
        match listener.accept() {
            Ok((mut s, _)) => {
                // A stray connection that does not send an index in time is dropped.
                let _ = s.set_nonblocking(false);
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                let mut id = [0u8; 8];
                if s.read_exact(&mut id).is_ok() {
                    let q = u64::from_be_bytes(id) as usize;
                    if q > me && q < n && higher[q - me - 1].is_none() {
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
        .map_err(|_| cluster_err("connection thread failed"))?;
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

fn failure_slot() -> &'static Mutex<Failure> {
    FAILURE.get_or_init(|| Mutex::new(None))
}

/// Installs (once) a panic hook that records panics of timely's threads (`timely:send-Q`,
/// `timely:recv-Q`, `timely:work-I`) instead of printing them: a lost connection makes timely's
/// network thread panic, and the workers then see a poisoned queue. Other panics go to the
/// previous hook.
pub(crate) fn watch_panics() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let previous = std::panic::take_hook();
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
                    if let Ok(mut slot) = failure_slot().lock() {
                        // A network thread's failure names the remote process: keep it over a
                        // worker's consequent panic.
                        if slot.is_none()
                            || (remote.is_some() && slot.as_ref().is_some_and(|s| s.0.is_none()))
                        {
                            *slot = Some((remote, message));
                        }
                    }
                }
                _ => previous(info),
            }
        }));
    });
}

/// The failure recorded by [`watch_panics`], if any.
pub(crate) fn failure() -> Failure {
    failure_slot().lock().ok().and_then(|s| s.clone())
}
