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
    if let Some(lock) = map.get("tplan.lock")
        && lock.contains(&"0".repeat(64))
    {
        let published = published_lock(lock);
        map.insert("tplan.lock".into(), published);
    }
    parse(map)
}

fn parse(map: BTreeMap<String, String>) -> Plan {
    let mut files = PlanFiles::new();
    for (p, t) in map {
        files.insert_bytes(p, t.into_bytes());
    }
    tplan_schema::plan_from_files(&files).unwrap_or_else(|e| panic!("{:#?}", e.errors))
}

/// `lock` with each zero id replaced by the id of `BASE`'s event: the
/// events it names were published as they are in `BASE`.
fn published_lock(lock: &str) -> String {
    let base = parse(
        BASE.iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
    );
    let mut lock = lock.to_string();
    let zeros = "0".repeat(64);
    for (key, event) in &base.events {
        let Some(at) = lock.find(&format!("[events.{key}]")) else {
            continue;
        };
        if let Some(offset) = lock[at..].find(&zeros) {
            lock.replace_range(at + offset..at + offset + 64, &event.id.to_string());
        }
    }
    lock
}

pub fn base(path: &str) -> String {
    BASE.iter()
        .find(|(p, _)| *p == path)
        .expect("in BASE")
        .1
        .to_string()
}
