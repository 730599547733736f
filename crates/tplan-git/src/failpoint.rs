//! Failpoints: named places where a debug build of tplan can be made to die
//! or wait on purpose, so tests can check that a command killed there
//! leaves the repository as it was (or one that `--abort` restores), and
//! can make two commands race deterministically. Release builds compile
//! them out.

/// The environment variable naming the failpoint to die at.
pub const FAILPOINT_VAR: &str = "TPLAN_FAILPOINT";
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
