//! One input of payloads, opened: plain or gzip (by its magic number,
//! whatever the file is called), counting the bytes read for positions in
//! errors and progress.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A reader that counts the bytes it hands out (the position in a
/// compressed file, for errors and progress).
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// One input, opened.
pub struct Input {
    /// Its name for people (`day1.ndjson`, `standard input`).
    pub name: String,
    /// The decompressed lines.
    pub(crate) reader: Box<dyn Read + Send>,
    /// Compressed (or raw) bytes read so far.
    position: Arc<AtomicU64>,
    /// Its size in bytes, when known (a file, not a pipe).
    pub size: Option<u64>,
    /// Whether it is gzip.
    pub gzip: bool,
}

impl Input {
    /// Opens `raw` (named `name`, `size` bytes when known): its first bytes
    /// are read to tell gzip from plain text.
    pub fn new(name: String, raw: Box<dyn Read + Send>, size: Option<u64>) -> io::Result<Input> {
        let position = Arc::new(AtomicU64::new(0));
        let mut buffered = BufReader::with_capacity(
            256 * 1024,
            Counting {
                inner: raw,
                count: position.clone(),
            },
        );
        let gzip = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let reader: Box<dyn Read + Send> = if gzip {
            Box::new(flate2::read::MultiGzDecoder::new(buffered))
        } else {
            Box::new(buffered)
        };
        Ok(Input {
            name,
            reader,
            position,
            size,
            gzip,
        })
    }

    /// Bytes of the input read so far (compressed bytes for gzip).
    pub fn position(&self) -> u64 {
        self.position.load(Ordering::Relaxed)
    }

    /// A handle on the position that outlives the input.
    pub(crate) fn position_handle(&self) -> Arc<AtomicU64> {
        self.position.clone()
    }
}
