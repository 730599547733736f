//! The example plan `tplan init --example` writes (placeholder until the
//! example lands).

/// Files of the example plan, relative to the plan folder.
pub const EXAMPLE_FILES: &[(&str, &str)] = &[];
