//! Small plans in memory, edited per test.
#![allow(dead_code)]

use std::collections::BTreeMap;

use tplan_plan::{Plan, PlanFiles};

pub const BASE: &[(&str, &str)] = &[
    (
        "tplan.toml",
        "[plan]\nname = \"Acme\"\nvendor = \"com.acme\"\nversion = \"1.4.0\"\n",
    ),
    (
        "tplan.lock",
        "version = 1\n\n[events.checkout_completed]\nversion = \"1-0-2\"\nid = \"0000000000000000000000000000000000000000000000000000000000000000\"\n\n[events.product_viewed]\nversion = \"1-1-0\"\nid = \"0000000000000000000000000000000000000000000000000000000000000000\"\n",
    ),
    ("owners/growth.toml", "name = \"Growth\"\n"),
    ("owners/checkout.toml", "name = \"Checkout\"\n"),
    (
        "properties/price.toml",
        "description = \"Order total\"\ntype = \"number\"\nminimum = 0\n",
    ),
    (
        "events/checkout_completed.toml",
        "name = \"Checkout Completed\"\ndescription = \"Paid.\"\nowner = \"growth\"\n\n[properties]\nprice = { ref = \"price\", required = true }\ncurrency = { type = \"string\", enum = [\"EUR\", \"USD\"], required = true }\ncoupon = { type = \"string\", max_length = 32 }\n",
    ),
    (
        "events/product_viewed.toml",
        "name = \"Product Viewed\"\nowner = \"checkout\"\n\n[properties]\nproduct_id = { type = \"string\", required = true }\nprice = { ref = \"price\" }\n",
    ),
    (
        "events/signed_up.toml",
        "name = \"Signed Up\"\nowner = \"growth\"\n\n[properties]\nemail = { type = \"string\", format = \"email\" }\n",
    ),
];

/// `BASE` with `changes` (`None` removes a file), parsed.
pub fn plan(changes: &[(&str, Option<&str>)]) -> Plan {
    let mut map: BTreeMap<String, String> = BASE
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
    tplan_schema::plan_from_files(&files).unwrap_or_else(|e| panic!("{:#?}", e.errors))
}

pub fn base(path: &str) -> String {
    BASE.iter()
        .find(|(p, _)| *p == path)
        .expect("in BASE")
        .1
        .to_string()
}
