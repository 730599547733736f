//! `aliases`: the names a property had before a rename.

use std::collections::BTreeMap;

use super::doc::Doc;
use crate::model::Property;

/// An alias must not be another property's name (or another's alias):
/// payloads could not say which one they mean.
pub(crate) fn check_aliases(
    doc: &mut Doc<'_>,
    props: &BTreeMap<String, Property>,
    span: std::ops::Range<usize>,
) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, p) in props {
        for alias in p.aliases.iter().flatten() {
            let taken = if props.contains_key(alias) {
                Some(alias.as_str())
            } else {
                seen.insert(alias, name).map(|_| alias.as_str())
            };
            if let Some(taken) = taken {
                doc.invalid(
                    "aliases",
                    span.clone(),
                    format!("alias `{taken}` of `{name}` is already a property or another's alias"),
                );
            }
        }
    }
}
