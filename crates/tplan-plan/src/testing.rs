//! Plans built in memory, for the tests of tplan's crates (feature `testing`).

use crate::{Loaded, Plan, PlanFiles};

/// A small valid plan: two owners, two shared properties, three events.
pub const BASE: &[(&str, &str)] = &[
    (
        "tplan.toml",
        r#"[plan]
name = "Acme"
vendor = "com.acme"
version = "1.4.0"

[policy]
approvals = 1
additional_properties = false

[naming]
event = "Title Case"
property = "snake_case"
"#,
    ),
    (
        "owners/growth.toml",
        "name = \"Growth\"\nmembers = [\"pat@acme.com\"]\n",
    ),
    ("owners/checkout.toml", "name = \"Checkout\"\n"),
    (
        "properties/price.toml",
        "description = \"Order total\"\ntype = \"number\"\nminimum = 0\n",
    ),
    (
        "properties/currency.toml",
        "type = \"string\"\nenum = [\"EUR\", \"USD\"]\n",
    ),
    (
        "events/checkout_completed.toml",
        r#"name = "Checkout Completed"
description = "The user paid for the order."
owner = "growth"
sources = ["web", "ios"]

[properties]
price    = { ref = "price", required = true }
currency = { ref = "currency", required = true }
coupon   = { type = "string", max_length = 32 }
items    = { type = "array", items = { type = "object", properties = { sku = { type = "string", required = true } } } }
"#,
    ),
    (
        "events/product_viewed.toml",
        r#"name = "Product Viewed"
description = "A product page was shown."
owner = "checkout"

[properties]
product_id = { type = "string", required = true }
price = { ref = "price" }
"#,
    ),
    (
        "events/signed_up.toml",
        r#"name = "Signed Up"
description = "An account was created."
owner = "growth"

[properties]
email = { type = ["string", "null"], format = "email" }
"#,
    ),
];

/// The files of `BASE` with `changes` applied: `Some(text)` replaces or adds
/// a file, `None` removes it.
pub fn files_with(changes: &[(&str, Option<&str>)]) -> PlanFiles {
    let mut map: std::collections::BTreeMap<String, String> = BASE
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    for (path, text) in changes {
        match text {
            Some(t) => {
                map.insert(path.to_string(), t.to_string());
            }
            None => {
                map.remove(*path);
            }
        }
    }
    let mut files = PlanFiles::new();
    for (p, t) in map {
        files.insert_bytes(p, t.into_bytes());
    }
    files
}

/// Parses `BASE` with `changes`, expecting no errors.
pub fn plan_with(changes: &[(&str, Option<&str>)]) -> Plan {
    match Plan::from_files(&files_with(changes)) {
        Ok(plan) => plan,
        Err(e) => panic!("plan has errors: {:#?}", e.errors),
    }
}

/// Parses `BASE` with `changes`, keeping errors.
pub fn load_with(changes: &[(&str, Option<&str>)]) -> Loaded {
    crate::load(&files_with(changes))
}

/// The text of `BASE`'s file at `path`.
pub fn base(path: &str) -> &'static str {
    BASE.iter()
        .find(|(p, _)| *p == path)
        .expect("path in BASE")
        .1
}
