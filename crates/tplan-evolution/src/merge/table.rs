//! Field-by-field merge of TOML tables: a field changed on one side takes
//! that side's value; versions take the higher; `sources`, `tags` and
//! `members` merge as sets; two different changes are a conflict.

use std::collections::BTreeSet;

use serde_json::Value;
use toml_edit::Item;
use tplan_plan::SchemaVer;
use tplan_plan::files::{LOCK, MANIFEST};

/// Lists of strings merged as sets: additions from both sides are kept.
const SET_FIELDS: &[&str] = &["sources", "tags", "members"];

/// A TOML item as JSON, numbers normalised: equal values compare equal
/// whatever their spelling (`1.0` and `1`, inline table or sub-table).
pub(super) fn semantic(item: &Item) -> Value {
    match item {
        Item::None => Value::Null,
        Item::Value(v) => value_json(v),
        Item::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), semantic(v)))
                .collect(),
        ),
        Item::ArrayOfTables(a) => Value::Array(
            a.iter()
                .map(|t| semantic(&Item::Table(t.clone())))
                .collect(),
        ),
    }
}

fn value_json(v: &toml_edit::Value) -> Value {
    use toml_edit::Value as V;
    match v {
        V::String(s) => Value::String(s.value().clone()),
        V::Integer(i) => Value::from(*i.value()),
        V::Float(f) => serde_json::Number::from_f64(*f.value())
            .map(|n| Value::Number(tplan_plan::canonical::normalize_number(&n)))
            .unwrap_or(Value::Null),
        V::Boolean(b) => Value::Bool(*b.value()),
        V::Datetime(d) => Value::String(d.value().to_string()),
        V::Array(a) => Value::Array(a.iter().map(value_json).collect()),
        V::InlineTable(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), value_json(v)))
                .collect(),
        ),
    }
}

/// A found conflict: key path and the three values as TOML.
pub(super) type Found = (String, Option<String>, Option<String>, Option<String>);

fn show(item: Option<&Item>) -> Option<String> {
    item.map(|i| i.to_string().trim().to_string())
}

/// Merges `theirs` into `ours` relative to `base`, table by table, key by
/// key. Conflicting keys keep our value and are recorded.
pub(super) fn merge_table(
    path: &mut Vec<String>,
    base: Option<&dyn toml_edit::TableLike>,
    ours: &mut dyn toml_edit::TableLike,
    theirs: Option<&dyn toml_edit::TableLike>,
    file: &str,
    found: &mut Vec<Found>,
) {
    let mut keys: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for table in [Some(&*ours as &dyn toml_edit::TableLike), base, theirs]
        .into_iter()
        .flatten()
    {
        for (k, _) in table.iter() {
            if seen.insert(k.to_string()) {
                keys.push(k.to_string());
            }
        }
    }
    for key in keys {
        let b = base.and_then(|t| t.get(&key));
        let t = theirs.and_then(|t| t.get(&key));
        let o_is_table = ours.get(&key).is_some_and(|i| i.as_table_like().is_some());
        let tables = o_is_table
            && b.is_none_or(|i| i.as_table_like().is_some())
            && t.is_some_and(|i| i.as_table_like().is_some());
        path.push(key.clone());
        if tables {
            let slot = ours
                .get_mut(&key)
                .and_then(Item::as_table_like_mut)
                .expect("checked to be a table");
            merge_table(
                path,
                b.and_then(Item::as_table_like),
                slot,
                t.and_then(Item::as_table_like),
                file,
                found,
            );
            path.pop();
            continue;
        }
        let (sb, so, st) = (
            b.map(semantic),
            ours.get(&key).map(semantic),
            t.map(semantic),
        );
        if so == st || sb == st {
            // Same on both sides, or only we changed it.
        } else if sb == so {
            // Only they changed it: take theirs.
            match t {
                Some(item) => {
                    // Keep our spacing and trailing comment around the value.
                    let decor = ours
                        .get(&key)
                        .and_then(Item::as_value)
                        .map(|v| v.decor().clone());
                    let mut item = item.clone();
                    if let (Some(decor), Some(value)) = (decor, item.as_value_mut()) {
                        *value.decor_mut() = decor;
                    }
                    match ours.get_mut(&key) {
                        // Assigning in place keeps our key and its spacing.
                        Some(slot) => *slot = item,
                        None => {
                            ours.insert(&key, item);
                        }
                    }
                }
                None => {
                    ours.remove(&key);
                }
            }
        } else if let Some(merged) = merge_versions(file, path, so.as_ref(), st.as_ref()) {
            ours.insert(&key, merged);
        } else if let Some(merged) = merge_sets(&key, sb.as_ref(), so.as_ref(), st.as_ref()) {
            ours.insert(&key, merged);
        } else {
            found.push((path.join("/"), show(b), show(ours.get(&key)), show(t)));
        }
        path.pop();
    }
}

/// Versions are assigned by publish, never authored: the higher one wins
/// (`[plan] version` in `tplan.toml`, an event's `version` in `tplan.lock`).
fn merge_versions(
    file: &str,
    path: &[String],
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Option<Item> {
    let (Some(Value::String(a)), Some(Value::String(b))) = (ours, theirs) else {
        return None;
    };
    let is_plan_version = file == MANIFEST && path == ["plan", "version"];
    let is_lock_version =
        file == LOCK && path.len() == 3 && path[0] == "events" && path[2] == "version";
    let higher = if is_plan_version {
        let (x, y) = (
            semver::Version::parse(a).ok()?,
            semver::Version::parse(b).ok()?,
        );
        if x >= y { a } else { b }
    } else if is_lock_version {
        let (x, y) = (SchemaVer::parse(a)?, SchemaVer::parse(b)?);
        if x >= y { a } else { b }
    } else {
        return None;
    };
    Some(toml_edit::value(higher.as_str()))
}

/// `sources`, `tags`, `members`: additions from both sides are kept and
/// removals from either side applied, in the order of ours then theirs.
fn merge_sets(
    key: &str,
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Option<Item> {
    if !SET_FIELDS.contains(&key) {
        return None;
    }
    let strings = |v: Option<&Value>| -> Option<Vec<String>> {
        match v {
            None => Some(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => None,
        }
    };
    let (b, o, t) = (strings(base)?, strings(ours)?, strings(theirs)?);
    let removed: BTreeSet<&String> = b
        .iter()
        .filter(|x| !o.contains(x) || !t.contains(x))
        .collect();
    let mut out: Vec<&String> = Vec::new();
    for x in o.iter().chain(&t) {
        if !removed.contains(x) && !out.contains(&x) {
            out.push(x);
        }
    }
    let array: toml_edit::Array = out.into_iter().map(|s| s.as_str()).collect();
    Some(toml_edit::value(array))
}
