//! The spreadsheet most teams keep their plan in: one row per event
//! property, with the columns `tplan import csv` reads
//! ([`import::csv`](crate::import::csv)) and `tplan export csv` writes
//! ([`export::csv`](crate::export::csv)).

use std::borrow::Cow;

/// The columns, in order (headers are matched case-insensitively on import).
pub const COLUMNS: [&str; 8] = [
    "event",
    "event description",
    "property",
    "type",
    "required",
    "description",
    "allowed values",
    "owner",
];

/// Separates allowed values in one cell.
pub const VALUE_SEPARATOR: &str = " | ";

/// A template to start from (`tplan import csv --template`).
pub const TEMPLATE: &str = "event,event description,property,type,required,description,allowed values,owner
Order Completed,The payment was captured and the order placed.,order_id,string,yes,The order's id.,,checkout
Order Completed,The payment was captured and the order placed.,total,number,yes,\"Order total, tax included.\",,checkout
Order Completed,The payment was captured and the order placed.,currency,string,yes,ISO 4217 code.,EUR | USD | GBP,checkout
Signed In,A customer signed in.,method,string,yes,How they signed in.,email | google,growth
";

/// What makes a spreadsheet evaluate a cell rather than show it: OWASP's
/// list for CSV injection (`=`, `+`, `-`, `@`, tab, carriage return).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet would evaluate `cell`: it starts with a formula
/// character, after any `'` (so that a value that starts with `'` and then
/// one of them round-trips too).
fn formula_like(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .starts_with(FORMULA_STARTS.as_slice())
}

/// A cell as `tplan export csv` writes it: one that a spreadsheet would
/// evaluate gets a leading `'` (OWASP's rule against CSV injection), so
/// `=HYPERLINK(…)` or `-1` shows as text.
pub fn protect(cell: &str) -> Cow<'_, str> {
    if formula_like(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell as `tplan import csv` reads it: the `'` that [`protect`] added
/// is taken off (exactly one, and only before what it protects).
pub fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_quote_that_import_takes_off() {
        for cell in [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=quoted already",
            "''-1",
        ] {
            let written = protect(cell);
            assert_eq!(written, format!("'{cell}"), "{cell:?}");
            assert_eq!(unprotect(&written), cell);
        }
    }

    #[test]
    fn other_cells_are_left_as_they_are() {
        for cell in ["Order Completed", "", "'quoted", "a=b", "1-2", "''"] {
            assert_eq!(protect(cell), cell);
            assert_eq!(unprotect(cell), cell);
        }
    }
}
