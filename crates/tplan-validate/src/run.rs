//! Several inputs validated one after the other into one summary, stopping
//! at the first that cannot be read to its end.

use std::io;
use std::sync::atomic::Ordering;

use crate::catalog::Catalog;
use crate::input::Input;
use crate::stream::{StreamOptions, validate_stream};
use crate::summary::Summary;

/// An input that could not be read to its end: the lines before it count.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{what} ({lines} lines read before it; counts so far above)")]
#[diagnostic(
    code("unreadable-input"),
    help("the file was cut short (an interrupted download or copy?); fetch it again")
)]
pub struct ReadError {
    /// What happened, naming the input and the byte.
    pub what: String,
    /// Lines of the input read before it.
    pub lines: u64,
    /// The read error.
    pub error: io::Error,
}

/// Progress on one input: told the bytes read so far, then that it is done.
pub trait Watch: Sync {
    /// `bytes` of the input read so far.
    fn read(&self, bytes: u64);
    /// The input is read.
    fn done(&self);
}

/// Validates `inputs` in turn; with several, examples name their input.
/// `watch` is called for each input as it starts.
pub fn validate_inputs(
    catalog: &Catalog,
    inputs: Vec<Input>,
    options: StreamOptions,
    watch: &dyn Fn(&Input) -> Box<dyn Watch>,
) -> (Summary, Option<ReadError>) {
    let many = inputs.len() > 1;
    let mut total = Summary::default();
    for input in inputs {
        let progress = watch(&input);
        let position = input.position_handle();
        let tick = |_: u64| progress.read(position.load(Ordering::Relaxed));
        let (name, gzip) = (input.name.clone(), input.gzip);
        let before = total.lines + total.blank;
        // Every input goes into the one total, so its caps apply across
        // inputs as within one.
        let label = many.then_some(name.as_str());
        let result = validate_stream(catalog, input.reader, options, &tick, &mut total, label);
        progress.done();
        let error = result
            .err()
            .map(|e| (e.error, position.load(Ordering::Relaxed)));
        let lines = total.lines + total.blank - before;
        if let Some((error, at)) = error {
            let what = if gzip && error.kind() == io::ErrorKind::UnexpectedEof {
                format!("`{name}` is truncated: the gzip stream ends at byte {at} before its end")
            } else if gzip {
                format!("`{name}` is not valid gzip at byte {at}: {error}")
            } else {
                format!("cannot read `{name}` at byte {at}: {error}")
            };
            return (total, Some(ReadError { what, lines, error }));
        }
    }
    (total, None)
}
