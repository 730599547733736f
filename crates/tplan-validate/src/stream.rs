//! A stream of NDJSON validated on every core, in flat memory.

use crate::catalog::Catalog;
use crate::reader;
use crate::summary::Summary;

/// How to validate a stream.
#[derive(Debug, Clone, Copy)]
pub struct StreamOptions {
    /// Example lines kept per failure, problem and unknown event.
    pub max_examples: usize,
}

/// A stream that could not be read to its end: what was validated before
/// the error, and the error.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("the input cannot be read at byte {bytes}: {error}")]
#[diagnostic(code("unreadable-stream"))]
pub struct StreamError {
    /// The lines before the error.
    pub summary: Summary,
    /// Bytes read from the input before the error.
    pub bytes: u64,
    /// The read error.
    pub error: std::io::Error,
}

/// Validates NDJSON from `input`: a reader thread cuts it into chunks,
/// chunks are validated in parallel, and summaries merged in line order.
/// `progress` is told the bytes read so far. Memory stays flat: a bounded
/// number of chunks is in flight.
pub fn validate_stream<R: std::io::Read + Send>(
    catalog: &Catalog,
    input: R,
    options: StreamOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Summary, Box<StreamError>> {
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
        let mut summary = Summary::default();
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
            let parts: Vec<Summary> = pending
                .par_iter()
                .map(|chunk| match chunk {
                    reader::Chunk::Lines { first_line, data } => {
                        catalog.validate_chunk(*first_line, data, max)
                    }
                    reader::Chunk::TooLong { line, bytes } => {
                        let mut s = Summary::default();
                        s.too_long(*line, *bytes, max);
                        s
                    }
                })
                .collect();
            for part in parts {
                summary.merge(part, max);
            }
            progress(bytes);
        }
        match failure {
            None => Ok(summary),
            Some(error) => Err(Box::new(StreamError {
                summary,
                bytes,
                error,
            })),
        }
    })
}
