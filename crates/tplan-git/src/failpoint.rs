//! Failpoints: named places where a debug build of tplan can be made to die
//! on purpose, so tests can check that a command killed there leaves the
//! repository as it was (or one that `--abort` restores). Release builds
//! compile them out.

/// The environment variable naming the failpoint to die at.
pub const FAILPOINT_VAR: &str = "TPLAN_FAILPOINT";

/// Dies as a `kill -9` would (no destructors, no cleanup) when
/// `TPLAN_FAILPOINT` names `name`, in debug builds only.
#[inline]
pub fn hit(name: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os(FAILPOINT_VAR).is_some_and(|v| v == name) {
        eprintln!("tplan: failpoint `{name}` hit, aborting");
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}
