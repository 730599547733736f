//! `tplan.toml`

use std::collections::BTreeMap;

use toml::de::DeTable;

use super::doc::{Doc, Item};
use crate::id::ObjectId;
use crate::model::{Breaking, Manifest, NamingStyle, Policy, Profile, Severity};

const TOP_KEYS: &[&str] = &["plan", "policy", "naming", "lints"];
const PLAN_KEYS: &[&str] = &["name", "vendor", "version", "description"];
const POLICY_KEYS: &[&str] = &[
    "approvals",
    "owners_must_approve",
    "breaking",
    "additional_properties",
    "profile",
    "warehouse",
];
const NAMING_KEYS: &[&str] = &["event", "property"];

/// The manifest used when `tplan.toml` cannot be read, so checks of the
/// other files still run.
pub(crate) fn fallback() -> Manifest {
    Manifest {
        name: String::new(),
        vendor: String::new(),
        version: semver::Version::new(0, 0, 0),
        description: None,
        policy: Policy::default(),
        event_naming: NamingStyle::Any,
        property_naming: NamingStyle::Any,
        lints: BTreeMap::new(),
        id: ObjectId::default(),
    }
}

/// Whether `vendor` is a valid Iglu vendor (`com.acme`).
pub fn valid_vendor(vendor: &str) -> bool {
    !vendor.is_empty()
        && !vendor.starts_with('.')
        && !vendor.ends_with('.')
        && !vendor.contains("..")
        && vendor
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

pub(crate) fn parse_manifest(doc: &mut Doc<'_>, table: &DeTable<'_>) -> Option<Manifest> {
    let before = doc.errors.len();
    let mut m = fallback();
    let mut name = None;
    let mut vendor = None;
    let mut saw_plan = false;
    for (k, v) in table.iter() {
        match k.get_ref().as_ref() {
            "plan" => {
                saw_plan = true;
                let Some(plan) = doc.table("plan", v) else {
                    continue;
                };
                for (k, v) in plan.iter() {
                    let key = k.get_ref().as_ref();
                    match key {
                        "name" => name = doc.text_value(key, v),
                        "vendor" => {
                            let Some(s) = doc.string(key, v) else {
                                continue;
                            };
                            if valid_vendor(&s) {
                                vendor = Some(s);
                            } else {
                                doc.invalid(
                                    key,
                                    v.span(),
                                    format!("`{s}` is not a vendor like `com.acme` (letters, digits, `_`, `-`, `.`)"),
                                );
                            }
                        }
                        "version" => {
                            let Some(s) = doc.string(key, v) else {
                                continue;
                            };
                            match semver::Version::parse(&s) {
                                Ok(version) => m.version = version,
                                Err(e) => doc.invalid(
                                    key,
                                    v.span(),
                                    format!("`{s}` is not a semver version: {e}"),
                                ),
                            }
                        }
                        "description" => m.description = doc.string(key, v),
                        _ => doc.unknown_key(k, "`[plan]`", PLAN_KEYS),
                    }
                }
            }
            "policy" => {
                let Some(policy) = doc.table("policy", v) else {
                    continue;
                };
                parse_policy(doc, policy, &mut m.policy);
            }
            "naming" => {
                let Some(naming) = doc.table("naming", v) else {
                    continue;
                };
                for (k, v) in naming.iter() {
                    let key = k.get_ref().as_ref();
                    match key {
                        "event" => {
                            m.event_naming =
                                spelled(doc, key, v, NamingStyle::parse, NamingStyle::SPELLINGS)
                                    .unwrap_or(NamingStyle::Any)
                        }
                        "property" => {
                            m.property_naming =
                                spelled(doc, key, v, NamingStyle::parse, NamingStyle::SPELLINGS)
                                    .unwrap_or(NamingStyle::Any)
                        }
                        _ => doc.unknown_key(k, "`[naming]`", NAMING_KEYS),
                    }
                }
            }
            "lints" => {
                let Some(lints) = doc.table("lints", v) else {
                    continue;
                };
                // Which ids name rules is the lint crate's to say: it
                // reports an unknown one with its position.
                for (k, v) in lints.iter() {
                    let id = k.get_ref().as_ref();
                    if let Some(sev) = spelled(doc, id, v, Severity::parse, Severity::SPELLINGS) {
                        m.lints.insert(id.to_string(), sev);
                    }
                }
            }
            _ => doc.unknown_key(k, "`tplan.toml`", TOP_KEYS),
        }
    }
    if !saw_plan {
        doc.missing_key(0..0, "[plan]", "`tplan.toml`");
    } else {
        // A key that is present but invalid already has its error.
        let plan = table.get("plan").and_then(|p| p.get_ref().as_table());
        let present = |key: &str| plan.is_some_and(|p| p.contains_key(key));
        match name {
            Some(n) => m.name = n,
            None if !present("name") => doc.missing_key(0..0, "name", "`[plan]`"),
            None => {}
        }
        match vendor {
            Some(v) => m.vendor = v,
            None if !present("vendor") => doc.missing_key(0..0, "vendor", "`[plan]`"),
            None => {}
        }
    }
    (doc.errors.len() == before).then_some(m)
}

fn parse_policy(doc: &mut Doc<'_>, table: &DeTable<'_>, policy: &mut Policy) {
    for (k, v) in table.iter() {
        let key = k.get_ref().as_ref();
        match key {
            "approvals" => {
                if let Some(n) = doc.count(key, v) {
                    match u32::try_from(n) {
                        Ok(n) => policy.approvals = n,
                        Err(_) => doc.invalid(key, v.span(), "too large"),
                    }
                }
            }
            "owners_must_approve" => {
                if let Some(b) = doc.boolean(key, v) {
                    policy.owners_must_approve = b;
                }
            }
            "breaking" => {
                if let Some(b) = spelled(doc, key, v, Breaking::parse, Breaking::SPELLINGS) {
                    policy.breaking = b;
                }
            }
            "additional_properties" => {
                if let Some(b) = doc.boolean(key, v) {
                    policy.additional_properties = b;
                }
            }
            "profile" => {
                if let Some(p) = spelled(doc, key, v, Profile::parse, Profile::SPELLINGS) {
                    policy.profile = p;
                }
            }
            "warehouse" => {
                let Some(w) = doc.table(key, v) else { continue };
                for (k, v) in w.iter() {
                    match k.get_ref().as_ref() {
                        "string_width" => {
                            policy.warehouse_string_width = doc.count("string_width", v)
                        }
                        _ => doc.unknown_key(k, "`[policy.warehouse]`", &["string_width"]),
                    }
                }
            }
            _ => doc.unknown_key(k, "`[policy]`", POLICY_KEYS),
        }
    }
}

fn spelled<T>(
    doc: &mut Doc<'_>,
    key: &str,
    item: &Item<'_>,
    parse: fn(&str) -> Option<T>,
    spellings: &[&str],
) -> Option<T> {
    let s = doc.string(key, item)?;
    let parsed = parse(&s);
    if parsed.is_none() {
        let list = spellings
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        doc.invalid(key, item.span(), format!("`{s}` is not one of {list}"));
    }
    parsed
}
