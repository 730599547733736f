//! Metadata outside the compiled schemas: an event's owner, sources, tags
//! and lifecycle fields, owners, and the manifest.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use tplan_plan::Key;
use tplan_plan::model::{Event, Manifest, Owner};

use crate::classify::SchemaChange;
use crate::report::Change;
use crate::rules;
use crate::subject::Subject;

/// A field of an event outside its schema: name, old and new value.
pub(super) type Field = (String, Option<Value>, Option<Value>);

/// Event fields outside the compiled schema (owner, sources, tags,
/// lifecycle dates): metadata.
pub(super) fn event_metadata(o: &Event, n: &Event) -> Vec<Field> {
    let mut out = Vec::new();
    let mut field = |name: &str, a: Option<Value>, b: Option<Value>| {
        if a != b {
            out.push((name.to_string(), a, b));
        }
    };
    let key = |k: &Option<Key>| k.as_ref().map(|k| json!(k.as_str()));
    let list = |l: &Vec<String>| (!l.is_empty()).then(|| json!(l));
    let date = |d: &Option<tplan_plan::model::Date>| d.map(|d| json!(d.to_string()));
    field("owner", key(&o.owner), key(&n.owner));
    field("sources", list(&o.sources), list(&n.sources));
    field("tags", list(&o.tags), list(&n.tags));
    if o.status != n.status
        && n.status != tplan_plan::Status::Deprecated
        && o.status != tplan_plan::Status::Deprecated
    {
        field(
            "status",
            Some(json!(o.status.as_str())),
            Some(json!(n.status.as_str())),
        );
    }
    field(
        "deprecated_since",
        date(&o.deprecated_since),
        date(&n.deprecated_since),
    );
    field("sunset", date(&o.sunset), date(&n.sunset));
    field("replaced_by", key(&o.replaced_by), key(&n.replaced_by));
    out
}

/// Each owner added, removed or changed: metadata.
pub(super) fn owner_changes(
    old: &BTreeMap<Key, Owner>,
    new: &BTreeMap<Key, Owner>,
    out: &mut Vec<Change>,
) {
    let keys: BTreeSet<&Key> = old.keys().chain(new.keys()).collect();
    for key in keys {
        let (o, n) = (old.get(key), new.get(key));
        if o.map(|x| x.id) == n.map(|x| x.id) {
            continue;
        }
        let value = |x: Option<&Owner>| x.map(tplan_plan::canonical::owner);
        let (a, b) = (value(o), value(n));
        let decided = SchemaChange::new(&rules::metadata_changed::RULE, String::new(), a, b);
        out.push(Change::new(Subject::Owner(key.clone()), decided));
    }
}

/// Each source added, removed or changed: metadata.
pub(super) fn source_changes(
    old: &BTreeMap<Key, tplan_plan::model::Source>,
    new: &BTreeMap<Key, tplan_plan::model::Source>,
    out: &mut Vec<Change>,
) {
    let keys: BTreeSet<&Key> = old.keys().chain(new.keys()).collect();
    for key in keys {
        let (o, n) = (old.get(key), new.get(key));
        if o.map(|x| x.id) == n.map(|x| x.id) {
            continue;
        }
        let value = |x: Option<&tplan_plan::model::Source>| x.map(tplan_plan::canonical::source);
        let decided = SchemaChange::new(
            &rules::metadata_changed::RULE,
            String::new(),
            value(o),
            value(n),
        );
        out.push(Change::new(Subject::Source(key.clone()), decided));
    }
}

/// Each manifest key that changed, but versions (publish assigns them).
pub(super) fn manifest_changes(old: &Manifest, new: &Manifest, out: &mut Vec<Change>) {
    if old.id == new.id {
        return;
    }
    let (a, b) = (
        tplan_plan::canonical::manifest(old),
        tplan_plan::canonical::manifest(new),
    );
    for section in ["plan", "policy", "naming", "lints"] {
        let (sa, sb) = (&a[section], &b[section]);
        let keys: BTreeSet<&String> = sa
            .as_object()
            .into_iter()
            .flatten()
            .chain(sb.as_object().into_iter().flatten())
            .map(|(k, _)| k)
            .collect();
        for key in keys {
            // Versions are assigned by publish, not authored.
            if section == "plan" && key == "version" {
                continue;
            }
            let (x, y) = (sa.get(key.as_str()), sb.get(key.as_str()));
            if x != y {
                let decided = SchemaChange::new(
                    &rules::metadata_changed::RULE,
                    format!("{section}/{key}"),
                    x.cloned(),
                    y.cloned(),
                );
                out.push(Change::new(Subject::Plan, decided));
            }
        }
    }
}
