//! Lint rules over a parsed plan.

/// Every lint rule id, as used in `[lints]`.
pub const RULE_IDS: &[&str] = &[
    "naming-event",
    "naming-property",
    "missing-description",
    "missing-owner",
    "unknown-owner",
    "unused-shared-property",
    "deprecated-without-sunset",
    "sunset-passed",
    "duplicate-event-name",
    "invalid-example",
];
