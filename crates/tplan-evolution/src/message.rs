//! One sentence per change, for people.

use serde_json::Value;

use crate::rules::Rule;

fn show(v: Option<&Value>) -> String {
    match v {
        None => "absent".to_string(),
        Some(Value::String(s)) => format!("\"{s}\""),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 60 {
                let cut: String = text.chars().take(57).collect();
                format!("{cut}...")
            } else {
                text
            }
        }
    }
}

/// The last segment of a path, unescaped (`properties/a~1b` -> `a/b`).
fn last(path: &str) -> String {
    path.rsplit('/')
        .next()
        .unwrap_or(path)
        .replace("~1", "/")
        .replace("~0", "~")
}

/// A sentence describing a change decided by `rule` at `path`.
pub fn message(rule: &Rule, path: &str, old: Option<&Value>, new: Option<&Value>) -> String {
    let name = last(path);
    match rule.id {
        "required-property-added" => {
            format!("required property `{name}` added: old payloads lack it")
        }
        "property-made-required" => {
            format!("`{name}` is now required: payloads that omitted it fail")
        }
        "property-made-optional" => format!("`{name}` is now optional"),
        "required-property-removed" => format!("required property `{name}` removed"),
        "required-property-renamed" => format!("required property renamed to `{name}`"),
        "optional-property-renamed" => format!("optional property renamed to `{name}`"),
        "optional-property-added-open" => format!(
            "optional property `{name}` added to an open object: old payloads may carry it with another type"
        ),
        "optional-property-added-closed" => format!("optional property `{name}` added"),
        "optional-property-removed-closed" => format!(
            "optional property `{name}` removed from a closed object: payloads carrying it fail"
        ),
        "optional-property-removed-open" => {
            format!("optional property `{name}` removed; the key is now unconstrained")
        }
        "column-nullability-changed" if old.is_none() && new.is_none() => {
            format!("`{name}` is now optional: its NOT NULL column must accept NULL")
        }
        // Prose edits are shown as a word diff by renderers.
        _ if matches!((old, new), (Some(Value::String(a)), Some(Value::String(b))) if a.contains(' ') || b.contains(' ')) =>
        {
            format!("`{name}` reworded")
        }
        "unanalysed-change" => format!(
            "`{name}` changed ({} -> {}); not analysed, so treated as breaking",
            show(old),
            show(new)
        ),
        _ => match (old, new) {
            (None, Some(v)) => format!("`{name}` added: {}", show(Some(v))),
            (Some(v), None) => format!("`{name}` removed (was {})", show(Some(v))),
            _ => format!("`{name}` {} -> {}", show(old), show(new)),
        },
    }
}
