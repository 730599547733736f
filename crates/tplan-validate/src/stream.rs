//! A stream of NDJSON validated on every core, in flat memory.

use crate::catalog::Catalog;
use crate::reader;
use crate::summary::{Limits, Summary};

/// How to validate a stream.
#[derive(Debug, Clone, Copy)]
pub struct StreamOptions {
    /// Example lines kept per failure, problem and unknown event.
    pub max_examples: usize,
}

/// A stream that could not be read to its end (the lines before the error
/// are in the summary).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("the input cannot be read at byte {bytes}: {error}")]
#[diagnostic(code("unreadable-stream"))]
pub struct StreamError {
    /// Bytes read from the input before the error.
    pub bytes: u64,
    /// The read error.
    pub error: std::io::Error,
}

/// Validates NDJSON from `input` into `summary`: a reader thread cuts it
/// into chunks, chunks are validated in parallel, and their summaries
/// merged into `summary` in line order (with examples naming `label`, when
/// given). `progress` is told the bytes read so far. Memory stays flat: a
/// bounded number of chunks is in flight, and `summary` is capped.
pub fn validate_stream<R: std::io::Read + Send>(
    catalog: &Catalog,
    input: R,
    options: StreamOptions,
    progress: &(dyn Fn(u64) + Sync),
    summary: &mut Summary,
    label: Option<&str>,
) -> Result<(), Box<StreamError>> {
    use rayon::prelude::*;
    let batch = (rayon::current_num_threads() * 2).max(2);
    let max = options.max_examples;
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<
            Result<(reader::Chunk, u64), (std::io::Error, u64)>,
        >(batch);
        scope.spawn(move || {
            let mut chunks = reader::ChunkReader::new(input);
            loop {
                let item = match chunks.next_chunk() {
                    Ok(Some(c)) => Ok((c, chunks.bytes_read())),
                    Ok(None) => return,
                    Err(e) => Err((e, chunks.bytes_read())),
                };
                let stop = item.is_err();
                if send.send(item).is_err() || stop {
                    return;
                }
            }
        });
        let mut pending: Vec<reader::Chunk> = Vec::with_capacity(batch);
        let mut failure = None;
        let mut bytes = 0;
        let mut open = true;
        while open {
            pending.clear();
            // A full batch, or what is left.
            while pending.len() < batch {
                match receive.recv() {
                    Ok(Ok((chunk, read))) => {
                        bytes = read;
                        pending.push(chunk);
                    }
                    Ok(Err((e, read))) => {
                        bytes = read;
                        failure = Some(e);
                        open = false;
                        break;
                    }
                    Err(_) => {
                        open = false;
                        break;
                    }
                }
            }
            // Read-only while the batch is validated; merged into after.
            let limits = Limits {
                max,
                total: summary,
            };
            let parts: Vec<Summary> = pending
                .par_iter()
                .map(|chunk| match chunk {
                    reader::Chunk::Lines { first_line, data } => {
                        catalog.validate_chunk(*first_line, data, &limits)
                    }
                    reader::Chunk::TooLong { line, bytes } => {
                        let mut s = Summary::default();
                        s.too_long(*line, *bytes, max);
                        s
                    }
                })
                .collect();
            for (i, mut part) in parts.into_iter().enumerate() {
                // A chunk that ran out of room while the chunks before it
                // in the batch may have taken some: again, against the
                // total it really follows, so the report is exactly the
                // one of a single thread. Only a batch where a cap fills up
                // does this.
                if i > 0
                    && part.overflowed
                    && let reader::Chunk::Lines { first_line, data } = &pending[i]
                {
                    let limits = Limits {
                        max,
                        total: summary,
                    };
                    part = catalog.validate_chunk(*first_line, data, &limits);
                }
                if let Some(label) = label {
                    part.label_examples(label);
                }
                summary.merge(part, max);
            }
            progress(bytes);
        }
        match failure {
            None => Ok(()),
            Some(error) => Err(Box::new(StreamError { bytes, error })),
        }
    })
}
