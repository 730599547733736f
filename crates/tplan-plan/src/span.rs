//! Source positions in plan files.

/// A byte range in one file, with the 1-based line and column of its start
/// (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub col: usize,
}

impl Span {
    /// The span of `range` in `source`.
    pub fn new(source: &str, range: std::ops::Range<usize>) -> Span {
        let start = floor_char_boundary(source, range.start.min(source.len()));
        let end = floor_char_boundary(source, range.end.clamp(start, source.len()));
        let before = &source[..start];
        let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = source[line_start..start].chars().count() + 1;
        Span {
            start,
            end,
            line,
            col,
        }
    }

    /// The span of the byte at `offset` (used where only a position is known).
    pub fn at(source: &str, offset: usize) -> Span {
        Span::new(source, offset..offset)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let src = "a = 1\nbé = 2\n";
        let s = Span::new(src, 7..9);
        assert_eq!((s.line, s.col), (2, 2));
        let s = Span::new(src, 0..1);
        assert_eq!((s.line, s.col), (1, 1));
        let s = Span::new(src, 10..11); // after the two-byte `é`
        assert_eq!((s.line, s.col), (2, 4));
    }
}
