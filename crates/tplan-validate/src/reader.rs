//! NDJSON in chunks of whole lines, with flat memory: a chunk holds about
//! `CHUNK_BYTES` of complete lines; a line longer than the limit is never
//! held whole, only skipped and reported.

use std::io::{self, Read};

/// The usual size of a chunk.
pub const CHUNK_BYTES: usize = 1 << 20;
/// The longest line read; longer ones are skipped and reported.
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// What the reader hands out, in input order.
#[derive(Debug, Clone, PartialEq)]
pub enum Chunk {
    /// Whole lines (without a trailing partial line), the first one being
    /// line `first_line` (1-based).
    Lines { first_line: u64, data: Vec<u8> },
    /// Line `line` was `bytes` long, over the limit: skipped.
    TooLong { line: u64, bytes: u64 },
}

/// Cuts a byte stream into [`Chunk`]s.
pub struct ChunkReader<R> {
    inner: R,
    /// Bytes read but not handed out yet: the start of a line.
    carry: Vec<u8>,
    /// The number of the line `carry` starts.
    next_line: u64,
    /// Total bytes read from `inner`.
    read: u64,
    max_line: usize,
    chunk: usize,
    done: bool,
    /// A read error, returned once the whole lines before it are out.
    failed: Option<io::Error>,
}

impl<R: Read> ChunkReader<R> {
    /// A reader with the default chunk size and line limit.
    pub fn new(inner: R) -> Self {
        Self::with_limits(inner, CHUNK_BYTES, MAX_LINE_BYTES)
    }

    /// A reader with explicit limits (tests use small ones).
    pub fn with_limits(inner: R, chunk: usize, max_line: usize) -> Self {
        ChunkReader {
            inner,
            carry: Vec::new(),
            next_line: 1,
            read: 0,
            max_line,
            chunk,
            done: false,
            failed: None,
        }
    }

    /// Bytes read from the input so far.
    pub fn bytes_read(&self) -> u64 {
        self.read
    }

    /// The number of the next line to hand out (lines handed out so far + 1).
    pub fn next_line(&self) -> u64 {
        self.next_line
    }

    /// Reads up to `want` more bytes into `carry`; `false` at the end.
    fn fill(&mut self, want: usize) -> io::Result<bool> {
        let start = self.carry.len();
        self.carry.resize(start + want, 0);
        let mut filled = start;
        while filled < start + want {
            match self.inner.read(&mut self.carry[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.carry.truncate(filled);
                    self.read += (filled - start) as u64;
                    return Err(e);
                }
            }
        }
        self.carry.truncate(filled);
        self.read += (filled - start) as u64;
        Ok(filled > start)
    }

    /// Skips the rest of an over-long line whose first `seen` bytes were
    /// read; returns its length.
    fn skip_line(&mut self, mut seen: u64) -> io::Result<u64> {
        self.carry.clear();
        let mut block = vec![0u8; 64 * 1024];
        loop {
            let n = match self.inner.read(&mut block) {
                Ok(0) => return Ok(seen),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            self.read += n as u64;
            if let Some(i) = memchr::memchr(b'\n', &block[..n]) {
                self.carry.extend_from_slice(&block[i + 1..n]);
                return Ok(seen + i as u64);
            }
            seen += n as u64;
        }
    }

    /// The next chunk, `None` at the end of the input.
    pub fn next_chunk(&mut self) -> io::Result<Option<Chunk>> {
        loop {
            if let Some(e) = self.failed.take() {
                // The whole lines read before the error first; then the error
                // (a partial last line is dropped).
                if let Some(chunk) = self.take_lines() {
                    self.failed = Some(e);
                    return Ok(Some(chunk));
                }
                self.carry.clear();
                self.done = true;
                return Err(e);
            }
            if self.done && self.carry.is_empty() {
                return Ok(None);
            }
            // Hand out whole lines once there are enough.
            if self.carry.len() >= self.chunk || self.done {
                if let Some(chunk) = self.take_lines() {
                    return Ok(Some(chunk));
                }
                if self.done {
                    // A last line without a newline.
                    let data = std::mem::take(&mut self.carry);
                    let first_line = self.next_line;
                    self.next_line += 1;
                    if data.len() > self.max_line {
                        return Ok(Some(Chunk::TooLong {
                            line: first_line,
                            bytes: data.len() as u64,
                        }));
                    }
                    return Ok(Some(Chunk::Lines { first_line, data }));
                }
                if self.carry.len() > self.max_line {
                    // One line, no end in sight: skip it without holding it.
                    let line = self.next_line;
                    let bytes = self.skip_line(self.carry.len() as u64)?;
                    self.next_line += 1;
                    return Ok(Some(Chunk::TooLong { line, bytes }));
                }
            }
            let want = self.chunk.max(self.carry.len() / 2).min(self.max_line + 1);
            match self.fill(want) {
                Ok(true) => {}
                Ok(false) => self.done = true,
                Err(e) => self.failed = Some(e),
            }
        }
    }

    /// Complete lines from the front of `carry`, if it holds a newline.
    fn take_lines(&mut self) -> Option<Chunk> {
        let end = memchr::memrchr(b'\n', &self.carry)? + 1;
        let rest = self.carry.split_off(end);
        let data = std::mem::replace(&mut self.carry, rest);
        let first_line = self.next_line;
        self.next_line += memchr::memchr_iter(b'\n', &data).count() as u64;
        Some(Chunk::Lines { first_line, data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(input: &[u8], chunk: usize, max: usize) -> Vec<Chunk> {
        let mut r = ChunkReader::with_limits(input, chunk, max);
        let mut out = Vec::new();
        while let Some(c) = r.next_chunk().unwrap() {
            out.push(c);
        }
        out
    }

    fn lines_of(chunks: &[Chunk]) -> Vec<(u64, String)> {
        let mut out = Vec::new();
        for c in chunks {
            match c {
                Chunk::Lines { first_line, data } => {
                    for (i, l) in data
                        .split(|&b| b == b'\n')
                        .enumerate()
                        .filter(|(_, l)| !l.is_empty())
                    {
                        out.push((first_line + i as u64, String::from_utf8_lossy(l).into()));
                    }
                }
                Chunk::TooLong { line, bytes } => out.push((*line, format!("<{bytes}>"))),
            }
        }
        out
    }

    #[test]
    fn lines_keep_their_numbers_across_chunks() {
        let input = b"a\nbb\nccc\ndddd\ne";
        for size in [1, 2, 3, 5, 100] {
            let got = lines_of(&chunks(input, size, 100));
            assert_eq!(
                got,
                [
                    (1, "a".into()),
                    (2, "bb".into()),
                    (3, "ccc".into()),
                    (4, "dddd".into()),
                    (5, "e".into())
                ],
                "chunk {size}"
            );
        }
    }

    /// Fails after handing out `ok` bytes.
    struct Cut<'a>(&'a [u8]);

    impl Read for Cut<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn lines_before_a_read_error_come_out_before_it() {
        let mut r = ChunkReader::with_limits(Cut(b"a\nb\npart"), 1024, 4096);
        assert_eq!(
            r.next_chunk().unwrap(),
            Some(Chunk::Lines {
                first_line: 1,
                data: b"a\nb\n".to_vec()
            })
        );
        assert_eq!(
            r.next_chunk().unwrap_err().kind(),
            io::ErrorKind::UnexpectedEof
        );
    }

    #[test]
    fn an_over_long_line_is_skipped_and_reported() {
        let mut input = b"ok\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 1000));
        input.extend(b"\nafter\n");
        let got = lines_of(&chunks(&input, 16, 64));
        assert_eq!(
            got,
            [(1, "ok".into()), (2, "<1000>".into()), (3, "after".into())]
        );
        // At the very end, without a newline.
        let mut input = b"ok\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 1000));
        let got = lines_of(&chunks(&input, 16, 64));
        assert_eq!(got, [(1, "ok".into()), (2, "<1000>".into())]);
    }
}
