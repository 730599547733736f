//! A reader that checks UTF-8 as the bytes go by, so a source read as a
//! stream is refused at the first bad byte, named by its offset, before
//! anything is imported.

use std::io::{self, Read};

/// Passes `inner`'s bytes through, failing with [`io::ErrorKind::InvalidData`]
/// and the message `not UTF-8 (byte N)` (1-based) at the first byte that
/// is not UTF-8.
pub(crate) struct Utf8Reader<R> {
    inner: R,
    /// The end of the last read: an unfinished character, at most 3 bytes.
    carry: Vec<u8>,
    /// Bytes handed out so far.
    read: u64,
}

impl<R: Read> Utf8Reader<R> {
    pub(crate) fn new(inner: R) -> Utf8Reader<R> {
        Utf8Reader {
            inner,
            carry: Vec::new(),
            read: 0,
        }
    }

    /// The reader, for a second pass.
    pub(crate) fn into_inner(self) -> R {
        self.inner
    }

    fn bad(&self, at: u64) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, format!("not UTF-8 (byte {at})"))
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // Where `checked[0]` is in the input.
        let start = self.read - self.carry.len() as u64;
        if n == 0 {
            if !self.carry.is_empty() {
                return Err(self.bad(start + 1));
            }
            return Ok(0);
        }
        let mut checked = std::mem::take(&mut self.carry);
        checked.extend_from_slice(&buf[..n]);
        match std::str::from_utf8(&checked) {
            Ok(_) => {}
            // A character cut at the end of this read: the next completes it.
            Err(e) if e.error_len().is_none() => {
                self.carry = checked[e.valid_up_to()..].to_vec();
            }
            Err(e) => return Err(self.bad(start + e.valid_up_to() as u64 + 1)),
        }
        self.read += n as u64;
        Ok(n)
    }
}

/// The reason a read failed: the UTF-8 check's message, or the error's.
pub(crate) fn reason(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::InvalidData {
        e.to_string()
    } else {
        format!("cannot be read: {e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `bytes` through the checker `step` bytes at a time.
    fn read_in_steps(bytes: &[u8], step: usize) -> io::Result<Vec<u8>> {
        struct Steps<'a>(&'a [u8], usize);
        impl Read for Steps<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        Utf8Reader::new(Steps(bytes, step)).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn characters_cut_between_reads_pass() {
        let text = "Prix € — 日本 ✓".repeat(50);
        for step in 1..8 {
            assert_eq!(
                read_in_steps(text.as_bytes(), step).unwrap(),
                text.as_bytes()
            );
        }
    }

    #[test]
    fn a_bad_byte_is_named_by_its_offset() {
        let mut bytes = "a,b\n€".as_bytes().to_vec();
        bytes.push(0xff);
        for step in [1, 2, 3, 100] {
            let e = read_in_steps(&bytes, step).unwrap_err();
            assert_eq!(e.to_string(), "not UTF-8 (byte 8)", "step {step}");
        }
        // A character cut by the end of the file.
        let e = read_in_steps(&"ab€".as_bytes()[..4], 2).unwrap_err();
        assert_eq!(e.to_string(), "not UTF-8 (byte 3)");
    }
}
