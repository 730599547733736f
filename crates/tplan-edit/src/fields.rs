//! Setting and removing keys in a TOML table without disturbing anything
//! else: comments, blank lines, spacing and the order of other keys stay as
//! they were, byte for byte.

use toml_edit::{Decor, InlineTable, Item, Key, RawString, Table, Value};

/// The keys of one object being edited: a whole file or a `[properties.x]`
/// table, or a one-line inline table (`{ type = "string" }`).
pub(super) enum Fields<'a> {
    /// A standard table: one `key = value` per line.
    Table(&'a mut Table),
    /// An inline table: stays inline and keeps its spacing.
    Inline(&'a mut InlineTable),
}

impl Fields<'_> {
    /// The keys, in file order.
    pub fn keys(&self) -> Vec<String> {
        match self {
            Fields::Table(t) => t.iter().map(|(k, _)| k.to_string()).collect(),
            Fields::Inline(t) => t.iter().map(|(k, _)| k.to_string()).collect(),
        }
    }

    /// The array at `key`, when `key` holds one.
    pub fn get_array(&self, key: &str) -> Option<&toml_edit::Array> {
        match self {
            Fields::Table(t) => t.get(key).and_then(Item::as_array),
            Fields::Inline(t) => t.get(key).and_then(Value::as_array),
        }
    }

    /// Whether `key` is present.
    pub fn contains(&self, key: &str) -> bool {
        match self {
            Fields::Table(t) => t.contains_key(key),
            Fields::Inline(t) => t.contains_key(key),
        }
    }

    /// Sets `key` to `value`. An existing value is replaced in place, keeping
    /// the spacing and comment around it. A new key goes after the last key
    /// that `order` ranks before it, so a file written in the house order
    /// stays in it; keys already out of order are never moved.
    pub fn set(&mut self, key: &str, value: Value, order: &dyn Fn(&str) -> usize) {
        match self {
            Fields::Table(t) => {
                if let Some(item) = t.get_mut(key) {
                    match item {
                        Item::Value(old) => replace_keeping_decor(old, value),
                        // A `[x.items]` sub-table given a value: the value
                        // takes its place among the keys.
                        _ => *item = Item::Value(value),
                    }
                    return;
                }
                let at = position(t.iter().map(|(k, _)| k), key, order);
                let mut rest = Vec::new();
                let keys: Vec<String> = t.iter().skip(at).map(|(k, _)| k.to_string()).collect();
                for k in keys {
                    rest.extend(t.remove_entry(&k));
                }
                t.insert(key, Item::Value(value));
                for (k, item) in rest {
                    t.insert_formatted(&k, item);
                }
            }
            Fields::Inline(t) => {
                if let Some(old) = t.get_mut(key) {
                    replace_keeping_decor(old, value);
                    return;
                }
                let at = position(t.iter().map(|(k, _)| k), key, order);
                let mut entries = drain(t);
                // Spacing is copied from the last entry, so `{a=1}` gets
                // `b=2`, `{ a = 1 }` gets `b = 2`, and a multi-line table its
                // indentation.
                let mut new_key = Key::new(key);
                let mut value = value;
                value.decor_mut().set_prefix(" ");
                value.decor_mut().set_suffix("");
                if let Some((last_key, last)) = entries.last() {
                    let decor = last_key.leaf_decor();
                    if let Some(p) = spacing(decor.prefix()) {
                        new_key.leaf_decor_mut().set_prefix(p);
                    }
                    if let Some(s) = spacing(decor.suffix()) {
                        new_key.leaf_decor_mut().set_suffix(s);
                    }
                    if let Some(p) = spacing(last.decor().prefix()) {
                        value.decor_mut().set_prefix(p);
                    }
                }
                // The space before `}` belongs to the last value: hand it on.
                if at == entries.len() {
                    if let Some((_, last)) = entries.last_mut() {
                        let suffix = last.decor().suffix().cloned();
                        last.decor_mut().set_suffix("");
                        set_suffix(value.decor_mut(), suffix.or_else(|| Some(" ".into())));
                    } else {
                        value.decor_mut().set_suffix(" ");
                    }
                }
                entries.insert(at, (new_key, value));
                for (k, v) in entries {
                    t.insert_formatted(&k, v);
                }
            }
        }
    }

    /// Renames `key` to `to` in place: its value, its comments and its
    /// position stay. `false` when `key` is not there.
    pub fn rename(&mut self, key: &str, to: &str) -> bool {
        let renamed = |k: &Key| {
            let mut new = Key::new(to);
            *new.leaf_decor_mut() = k.leaf_decor().clone();
            new
        };
        match self {
            Fields::Table(t) => {
                let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
                let Some(at) = keys.iter().position(|k| k == key) else {
                    return false;
                };
                let rest: Vec<(Key, Item)> = keys[at..]
                    .iter()
                    .filter_map(|k| t.remove_entry(k))
                    .collect();
                for (i, (k, item)) in rest.into_iter().enumerate() {
                    let k = if i == 0 { renamed(&k) } else { k };
                    t.insert_formatted(&k, item);
                }
                true
            }
            Fields::Inline(t) => {
                let entries = drain(t);
                let found = entries.iter().any(|(k, _)| k.get() == key);
                for (k, v) in entries {
                    let k = if k.get() == key { renamed(&k) } else { k };
                    t.insert_formatted(&k, v);
                }
                found
            }
        }
    }

    /// Removes `key`; false when it is absent. Comments on the key's own
    /// lines go with it.
    pub fn remove(&mut self, key: &str) -> bool {
        match self {
            Fields::Table(t) => t.remove(key).is_some(),
            Fields::Inline(t) => {
                let mut entries = drain(t);
                let Some(at) = entries.iter().position(|(k, _)| k.get() == key) else {
                    for (k, v) in entries {
                        t.insert_formatted(&k, v);
                    }
                    return false;
                };
                let (removed_key, removed) = entries.remove(at);
                // Keep the table's edges as they were: the first key's
                // spacing after `{`, the last value's spacing before `}`.
                if at == 0
                    && let Some((first, _)) = entries.first_mut()
                {
                    set_prefix(
                        first.leaf_decor_mut(),
                        removed_key.leaf_decor().prefix().cloned(),
                    );
                }
                if at == entries.len()
                    && let Some((_, last)) = entries.last_mut()
                {
                    set_suffix(last.decor_mut(), removed.decor().suffix().cloned());
                }
                for (k, v) in entries {
                    t.insert_formatted(&k, v);
                }
                true
            }
        }
    }
}

/// Where a new `key` goes among `keys`: after the last one ranked before
/// it; at the end when `order` does not know it.
fn position<'k>(
    keys: impl Iterator<Item = &'k str>,
    key: &str,
    order: &dyn Fn(&str) -> usize,
) -> usize {
    let keys: Vec<&str> = keys.collect();
    let rank = order(key);
    if rank == usize::MAX {
        return keys.len();
    }
    keys.iter()
        .rposition(|k| order(k) < rank)
        .map_or(0, |i| i + 1)
}

/// Every entry of an inline table, in order, with its formatting.
fn drain(t: &mut InlineTable) -> Vec<(Key, Value)> {
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    keys.iter().filter_map(|k| t.remove_entry(k)).collect()
}

/// The whitespace of `raw` without any comment in it: the part after its
/// last line break when it holds a comment.
fn spacing(raw: Option<&RawString>) -> Option<RawString> {
    let text = raw?.as_str()?;
    let text = if text.contains('#') {
        &text[text.rfind('\n')?..]
    } else {
        text
    };
    Some(text.into())
}

fn replace_keeping_decor(old: &mut Value, new: Value) {
    let decor = old.decor().clone();
    *old = new;
    *old.decor_mut() = decor;
}

fn set_prefix(decor: &mut Decor, prefix: Option<RawString>) {
    let suffix = decor.suffix().cloned();
    *decor = rebuilt(prefix, suffix);
}

fn set_suffix(decor: &mut Decor, suffix: Option<RawString>) {
    let prefix = decor.prefix().cloned();
    *decor = rebuilt(prefix, suffix);
}

/// A decor with each side given or left to the default.
fn rebuilt(prefix: Option<RawString>, suffix: Option<RawString>) -> Decor {
    let mut d = Decor::default();
    if let Some(p) = prefix {
        d.set_prefix(p);
    }
    if let Some(s) = suffix {
        d.set_suffix(s);
    }
    d
}
