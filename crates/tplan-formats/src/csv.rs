//! The spreadsheet most teams keep their plan in: one row per event
//! property, with the columns `tplan import csv` reads
//! ([`import::csv`](crate::import::csv)) and `tplan export csv` writes
//! ([`export::csv`](crate::export::csv)).

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
