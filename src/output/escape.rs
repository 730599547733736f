//! Plan, payload and repository text made safe to print on a terminal.
//!
//! Event names, descriptions, payload values, commit messages and file
//! names are data: a terminal must never run them. An escape sequence in
//! an event name (`ESC [ 2 J` clears the screen, `ESC ] 52` writes the
//! clipboard) or a carriage return (which overwrites the line shown) is
//! printed as its code point instead, the way Rust writes it in a string:
//! ESC as `\u{1b}`, CR as `\u{d}`. Escaped are the control characters
//! (U+0000–U+001F, U+007F–U+009F) and the bidirectional overrides
//! (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, which reorder
//! what is shown). A backslash is printed as it is: escaping is for the
//! terminal's safety, not a reversible encoding. JSON output needs none of
//! this (serde_json escapes control characters itself).

use std::borrow::Cow;
use std::fmt;

/// One-line text (a name, a path, a message): every control character
/// escaped, newlines and tabs too, so a value cannot forge a line.
pub struct Escaped<'a>(pub &'a str);

/// Text of several lines (a description, a commit message): newlines and
/// tabs kept, every other control character escaped.
pub struct EscapedText<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(self.0, false, f)
    }
}

impl fmt::Display for EscapedText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(self.0, true, f)
    }
}

/// `text` as [`Escaped`] shows it; borrowed when nothing needs escaping.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_with(text, false)
}

/// `text` as [`EscapedText`] shows it; borrowed when nothing needs escaping.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    escape_with(text, true)
}

fn escape_with(text: &str, keep_lines: bool) -> Cow<'_, str> {
    if text.chars().any(|c| unsafe_char(c, keep_lines)) {
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            push_char(&mut out, c, keep_lines);
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

fn push_char(out: &mut String, c: char, keep_lines: bool) {
    if unsafe_char(c, keep_lines) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

fn write_escaped(text: &str, keep_lines: bool, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if unsafe_char(c, keep_lines) {
            f.write_str(&text[start..i])?;
            write!(f, "\\u{{{:x}}}", c as u32)?;
            start = i + c.len_utf8();
        }
    }
    f.write_str(&text[start..])
}

/// Whether a terminal could act on `c` rather than show it.
fn unsafe_char(c: char, keep_lines: bool) -> bool {
    if keep_lines && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_as_code_points() {
        let name = "Order \u{1b}[31mCompleted\u{1b}[0m\r";
        assert_eq!(
            Escaped(name).to_string(),
            "Order \\u{1b}[31mCompleted\\u{1b}[0m\\u{d}"
        );
        assert_eq!(escape(name), Escaped(name).to_string());
    }

    #[test]
    fn one_line_text_escapes_newlines_and_text_keeps_them() {
        assert_eq!(Escaped("a\nb\tc").to_string(), "a\\u{a}b\\u{9}c");
        assert_eq!(EscapedText("a\nb\tc\u{7}").to_string(), "a\nb\tc\\u{7}");
        assert_eq!(escape_text("a\nb\u{9b}"), "a\nb\\u{9b}");
    }

    #[test]
    fn bidirectional_overrides_are_escaped() {
        assert_eq!(Escaped("ab\u{202e}cd").to_string(), "ab\\u{202e}cd");
    }

    #[test]
    fn clean_text_is_borrowed_and_unchanged() {
        let text = "Checkout Completed — 100 € \\ ok";
        assert!(matches!(escape(text), Cow::Borrowed(_)));
        assert_eq!(Escaped(text).to_string(), text);
    }
}
