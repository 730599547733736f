//! CLI tests: the real `tplan` binary over real git repositories in temp
//! dirs. One test binary, one module per command.

mod support;

/// Bad input of every kind: a clear message naming file:line:col, exit 2,
/// nothing written.
mod bad_input;
/// Bases: one without a plan, default branches, shallow clones.
mod bases;
/// `tplan branch`, `switch` and `status`.
mod branch;
/// `tplan check`: the CI gate.
mod check;
/// `tplan commit`.
mod commit;
/// `tplan completions` and `--help`.
mod completions;
/// Commands killed at every step, then recovered.
mod crash;
/// `tplan demo`.
mod demo;
/// `tplan diff`.
mod diff;
/// `tplan event|property|owner`.
mod edit;
/// Terminal escape sequences in plan and payload text, shown escaped.
mod escape;
/// `tplan export`.
mod export;
/// `tplan import`.
mod import;
/// `tplan import iglu|jsonschema|segment`.
mod import_schemas;
/// `tplan init`.
mod init;
/// `tplan lint`.
mod lint;
/// `tplan log` and `tplan blame`.
mod log;
/// `tplan merge`, the git merge driver and `setup-git`.
mod merge;
/// `tplan propose`, `proposals`, `proposal` and `review`.
mod proposal;
/// `tplan publish`: releases, the race, kills, a remote round trip.
mod publish;
/// `tplan ls` and `tplan show`.
mod read;
/// Predicted releases against published ones.
mod release;
/// `event rename` and `property rename`: edits, diff, log, blame, merge.
mod rename;
/// Bare repositories, linked work trees, ignored files, bad refs.
mod repos;
/// `tplan schema diff|check`.
mod schema;
/// `tplan sync`.
mod sync;
/// `tplan validate`.
mod validate;
/// `tplan validate` of Segment calls and of one source's traffic.
mod validate_calls;
