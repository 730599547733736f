//! The files `tplan init` writes: a commented manifest, or the example plan.

use toml_edit::{DocumentMut, value};

/// The manifest of a new plan, with a comment on each setting.
pub fn manifest(name: &str, vendor: &str) -> String {
    // Values go through toml_edit so any name is quoted correctly; comments
    // line up at one column as in a hand-written file.
    let line = |key: &str, value: &str, comment: &str| {
        let kv = format!(
            "{key} = {}",
            toml_edit::Value::from(value).decorated("", "")
        );
        if comment.is_empty() {
            kv
        } else {
            format!("{kv:<30} # {comment}")
        }
    };
    format!(
        r#"# The tracking plan's manifest. Reference: docs/plan-format.md
[plan]
{}
{}
version = "0.1.0"              # plan release; written by `tplan publish`

[policy]
approvals = 1                  # approvals needed on a proposal's current head
owners_must_approve = true     # an owner of every touched event must approve
breaking = "approve"           # deny | approve (one more approval) | allow
additional_properties = false  # events are closed unless they say otherwise

[naming]
event = "Object Action"        # Title Case, Sentence case, snake_case, camelCase, any ...
property = "snake_case"
"#,
        line("name", name, ""),
        line(
            "vendor",
            vendor,
            "namespace of published schemas (Iglu vendor)"
        ),
    )
}

/// `text` (a manifest) with `[plan] name` and `vendor` replaced, keeping
/// comments and layout.
pub fn set_identity(text: &str, name: Option<&str>, vendor: Option<&str>) -> String {
    let mut doc: DocumentMut = text.parse().expect("templates are valid TOML");
    for (key, v) in [("name", name), ("vendor", vendor)] {
        if let Some(v) = v {
            let item = &mut doc["plan"][key];
            // Keep the trailing comment of the line being replaced.
            let decor = item.as_value().map(|old| old.decor().clone());
            *item = value(v);
            if let (Some(decor), Some(new)) = (decor, item.as_value_mut()) {
                *new.decor_mut() = decor;
            }
        }
    }
    doc.to_string()
}

/// The example plan's files, with the given identity.
pub fn example(name: Option<&str>, vendor: Option<&str>) -> Vec<(&'static str, String)> {
    tplan_plan::example::EXAMPLE_FILES
        .iter()
        .map(|(path, text)| {
            let text = if *path == tplan_plan::files::MANIFEST {
                set_identity(text, name, vendor)
            } else {
                text.to_string()
            };
            (*path, text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_quotes_stay_valid_toml() {
        let text = manifest("Acme \"Web\"", "com.acme");
        let mut files = tplan_plan::PlanFiles::new();
        files.insert_bytes("tplan.toml", text.into_bytes());
        let plan = tplan_schema::plan_from_files(&files).unwrap();
        assert_eq!(plan.manifest.name, "Acme \"Web\"");
        assert_eq!(plan.manifest.vendor, "com.acme");
        assert!(
            files
                .text("tplan.toml")
                .unwrap()
                .contains("# namespace of published schemas")
        );
    }
}
