//! Failpoints: named places where a debug build of tplan can be made to die
//! or wait on purpose, so tests can check that a command killed there
//! leaves the repository as it was (or one that `--abort` restores), and
//! can make two commands race deterministically. Release builds compile
//! them out.

/// The environment variable naming the failpoint to die at.
pub const FAILPOINT_VAR: &str = "TPLAN_FAILPOINT";
/// The environment variable naming the step to die at: `N` dies at the
/// N-th [`step`] (a ref moved, a file renamed into place).
pub const KILL_AT_VAR: &str = "TPLAN_KILL_AT";
/// The environment variable naming a failpoint to wait at, `NAME=MILLIS`.
pub const PAUSE_VAR: &str = "TPLAN_FAILPOINT_PAUSE";

/// Dies as a `kill -9` would (no destructors, no cleanup) when
/// `TPLAN_FAILPOINT` names `name`; sleeps when `TPLAN_FAILPOINT_PAUSE`
/// names it. Debug builds only.
#[inline]
pub fn hit(name: &str) {
    #[cfg(debug_assertions)]
    {
        if std::env::var_os(FAILPOINT_VAR).is_some_and(|v| v == name) {
            eprintln!("tplan: failpoint `{name}` hit, aborting");
            std::process::abort();
        }
        if let Some(pause) = std::env::var(PAUSE_VAR).ok().and_then(|v| {
            let (point, millis) = v.split_once('=')?;
            (point == name)
                .then(|| millis.parse::<u64>().ok())
                .flatten()
        }) {
            std::thread::sleep(std::time::Duration::from_millis(pause));
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}

/// One step of an operation (a lock taken, a ref moved, a file renamed):
/// dies as `kill -9` would at the N-th step when `TPLAN_KILL_AT` is `N`,
/// so tests can kill a command at every step in turn. Debug builds only.
#[inline]
pub fn step(what: &str) {
    #[cfg(debug_assertions)]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static STEPS: AtomicUsize = AtomicUsize::new(0);
        let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
        if std::env::var(KILL_AT_VAR).is_ok_and(|v| v == n.to_string()) {
            eprintln!("tplan: killed at step {n} ({what})");
            std::process::abort();
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = what;
}
