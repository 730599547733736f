//! Rendering helpers shared by commands: colour that can be switched off,
//! aligned tables, JSON documents, text made safe for a terminal
//! ([`escape`]). Renderers write to the writer they are given and never
//! decide about colour themselves.

pub mod branch;
pub mod commit;
pub mod edit;
pub mod escape;
pub mod export;
pub mod github;
pub mod import;
pub mod init;
pub mod lint;
pub mod log;
pub mod ls;
pub mod merge;
pub mod progress;
pub mod proposal;
pub mod publish;
pub mod recover;
pub mod report;
pub mod schema;
pub mod show;
pub mod status;
pub mod sync;
pub mod validate;

use std::io::{self, Write};

pub use escape::{Escaped, EscapedText, escape as escaped};

/// `warning: MESSAGE` on standard error, escaped: a message may name a
/// branch or a file.
pub fn warn(message: &str) -> io::Result<()> {
    writeln!(io::stderr().lock(), "warning: {}", EscapedText(message))
}

/// Terminal styles; every method returns plain text when colour is off.
/// The text is escaped ([`EscapedText`]): what is styled is often a name
/// from the plan, and only the style's own codes may reach the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Whether to emit ANSI colour codes.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        let text = EscapedText(text);
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Bold.
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Dimmed, for secondary details such as ids.
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// Red, for errors.
    pub fn red(&self, text: &str) -> String {
        self.paint("31", text)
    }

    /// Yellow, for warnings.
    pub fn yellow(&self, text: &str) -> String {
        self.paint("33", text)
    }

    /// Green, for success.
    pub fn green(&self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Cyan, for commands and names.
    pub fn cyan(&self, text: &str) -> String {
        self.paint("36", text)
    }
}

/// Writes rows as aligned columns; `headers` are styled bold. Cells are
/// plain text, escaped here ([`Escaped`]): styling is applied per column
/// through `styles`, never inside a cell.
pub fn table(
    out: &mut dyn Write,
    style: Style,
    headers: &[&str],
    rows: &[Vec<String>],
    styles: &[fn(&Style, &str) -> String],
) -> io::Result<()> {
    let last = headers.len() - 1;
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| escaped(c).into_owned()).collect())
        .collect();
    let rows = &rows;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>, raw: &[String]| -> String {
        let mut s = String::new();
        for (i, (cell, r)) in cells.iter().zip(raw).enumerate() {
            s.push_str(cell);
            if i < last {
                let pad = widths[i] - r.chars().count() + 2;
                s.extend(std::iter::repeat_n(' ', pad));
            }
        }
        s.trim_end().to_string()
    };
    let raw_headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    let styled: Vec<String> = headers.iter().map(|h| style.bold(h)).collect();
    writeln!(out, "{}", line(styled, &raw_headers))?;
    for row in rows {
        let styled = row
            .iter()
            .enumerate()
            .map(|(i, c)| styles.get(i).map_or_else(|| c.clone(), |f| f(&style, c)))
            .collect();
        writeln!(out, "{}", line(styled, row))?;
    }
    Ok(())
}

/// Writes `value` as pretty JSON and a newline.
pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// `text` after `sep`, or nothing when `text` is empty: a conflict's key
/// after its file (`events/x.toml description`).
pub fn after(sep: &str, text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("{sep}{text}")
    }
}

/// `n thing` or `n things`.
pub fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}
