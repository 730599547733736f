//! tplan-git: the store. A plan lives in a folder of a git repository;
//! this crate finds it, reads it at any revision straight from the object
//! database (never touching the work tree), and commits it.
//!
//! Every ref update is a compare-and-swap, made after every object is
//! written: a command that cannot finish leaves the repository as it was.

mod commit;
mod error;
mod store;

pub use error::StoreError;
pub use store::{Revision, Store, ensure_repo, find_plan_dir};
