//! The files publish writes: `tplan.lock`, the plan version in
//! `tplan.toml` (comments and layout kept), and `CHANGELOG.md` (the new
//! release's section on top).

use tplan_plan::model::Lock;
use tplan_plan::parse::lock::LOCK_FORMAT;

/// The changelog's file name, in the plan folder.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// `tplan.lock` as publish writes it: one table per event, sorted by key.
pub fn render_lock(lock: &Lock) -> String {
    let mut out = String::from(
        "# Written by `tplan publish`: the last published version of each event. Do not edit.\n",
    );
    out.push_str(&format!("version = {LOCK_FORMAT}\n"));
    for (key, entry) in &lock.events {
        out.push_str(&format!(
            "\n[events.{key}]\nversion = \"{}\"\nid = \"{}\"\n",
            entry.version, entry.id
        ));
    }
    out
}

/// `tplan.toml` with `[plan] version` set, everything else as it was.
pub fn set_plan_version(manifest: &str, version: &semver::Version) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = manifest
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let plan = doc
        .get_mut("plan")
        .and_then(|p| p.as_table_like_mut())
        .ok_or("`tplan.toml` has no `[plan]` table")?;
    match plan.get_mut("version") {
        Some(item) => {
            // Keep the comment after the value.
            let decor = item.as_value().map(|v| v.decor().clone());
            let mut value = toml_edit::Value::from(version.to_string());
            if let Some(decor) = decor {
                *value.decor_mut() = decor;
            }
            *item = toml_edit::Item::Value(value);
        }
        None => {
            plan.insert("version", toml_edit::value(version.to_string()));
        }
    }
    Ok(doc.to_string())
}

/// The changelog with `section` on top (under the `# Changelog` title).
pub fn prepend_changelog(existing: Option<&str>, section: &str) -> String {
    const TITLE: &str = "# Changelog\n";
    let section = section.trim_end();
    match existing {
        Some(text) if text.starts_with(TITLE) => {
            let rest = text[TITLE.len()..].trim_start_matches('\n');
            if rest.is_empty() {
                format!("{TITLE}\n{section}\n")
            } else {
                format!("{TITLE}\n{section}\n\n{rest}")
            }
        }
        Some(text) if !text.trim().is_empty() => format!("{TITLE}\n{section}\n\n{text}"),
        _ => format!("{TITLE}\n{section}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tplan_plan::Key;
    use tplan_plan::files::{LOCK, PlanFiles};
    use tplan_plan::model::{LockedEvent, SchemaVer};

    #[test]
    fn the_lock_round_trips_through_the_parser() {
        let mut lock = Lock::default();
        lock.events.insert(
            Key::new("order_completed").unwrap(),
            LockedEvent {
                version: SchemaVer::parse("1-0-2").unwrap(),
                id: "ab".repeat(32),
            },
        );
        let text = render_lock(&lock);
        let mut files = PlanFiles::new();
        files.insert_bytes(
            tplan_plan::files::MANIFEST,
            b"[plan]\nname = \"A\"\nvendor = \"com.acme\"\n".to_vec(),
        );
        files.insert_bytes(LOCK, text.into_bytes());
        let loaded = tplan_schema::load(&files);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        assert_eq!(loaded.plan.lock, lock);
    }

    #[test]
    fn the_version_is_set_and_comments_stay() {
        let text = "# Our plan\n[plan]\nname = \"A\"\nversion = \"0.1.0\"   # written by publish\n\n[policy]\napprovals = 2\n";
        let out = set_plan_version(text, &semver::Version::new(0, 2, 0)).unwrap();
        assert_eq!(
            out,
            "# Our plan\n[plan]\nname = \"A\"\nversion = \"0.2.0\"   # written by publish\n\n[policy]\napprovals = 2\n"
        );
        let out =
            set_plan_version("[plan]\nname = \"A\"\n", &semver::Version::new(1, 0, 0)).unwrap();
        assert!(out.contains("version = \"1.0.0\""), "{out}");
    }

    #[test]
    fn sections_go_on_top() {
        let first = prepend_changelog(None, "## 0.1.0\n\n- a\n");
        assert_eq!(first, "# Changelog\n\n## 0.1.0\n\n- a\n");
        let second = prepend_changelog(Some(&first), "## 0.2.0\n\n- b\n");
        assert_eq!(
            second,
            "# Changelog\n\n## 0.2.0\n\n- b\n\n## 0.1.0\n\n- a\n"
        );
        let foreign = prepend_changelog(Some("Old notes\n"), "## 1.0.0\n");
        assert_eq!(foreign, "# Changelog\n\n## 1.0.0\n\nOld notes\n");
    }
}
