//! The manifest's naming rules, fitted to imported names.

use tplan_plan::Plan;
use tplan_plan::model::NamingStyle;
use tplan_plan::naming::follows;

/// Styles tried, in order, when imported names break the plan's: the first
/// every name follows is set.
const FITTING_STYLES: [NamingStyle; 8] = [
    NamingStyle::ObjectAction,
    NamingStyle::TitleCase,
    NamingStyle::SnakeCase,
    NamingStyle::CamelCase,
    NamingStyle::SentenceCase,
    NamingStyle::LowerCase,
    NamingStyle::KebabCase,
    NamingStyle::PascalCase,
];

/// `manifest` with its `[naming]` rules fitted to imported event and
/// property names. Into a plan without events the names are the payloads'
/// contract, so the rule follows them (the first style they all follow);
/// into a plan with events the rule stays, and a note says how many names
/// break it.
pub(super) fn fit_naming(
    mut manifest: String,
    plan: &Plan,
    event_names: &[String],
    property_names: &[String],
    notes: &mut Vec<String>,
) -> String {
    let fresh = plan.events.is_empty();
    for (table_key, style, names) in [
        ("event", plan.manifest.event_naming, event_names),
        ("property", plan.manifest.property_naming, property_names),
    ] {
        let breaking: Vec<&String> = names.iter().filter(|n| !follows(style, n)).collect();
        let Some(first) = breaking.first() else {
            continue;
        };
        if fresh {
            let fits = FITTING_STYLES
                .iter()
                .copied()
                .find(|s| names.iter().all(|n| follows(*s, n)))
                .unwrap_or(NamingStyle::Any);
            manifest = set_naming(&manifest, table_key, fits);
            notes.push(format!(
                "`[naming] {table_key}` is now `{fits}` (was `{style}`) to fit the imported names (first that broke it: `{first}`)"
            ));
        } else {
            notes.push(format!(
                "{} imported {table_key} name{} break `[naming] {table_key} = \"{style}\"` (first: `{first}`); `tplan lint` reports them: rename them in a breaking change, or relax the rule",
                breaking.len(),
                if breaking.len() == 1 { "" } else { "s" },
            ));
        }
    }
    manifest
}

/// `manifest` with `[naming] <key>` set, comments kept.
fn set_naming(manifest: &str, key: &str, style: NamingStyle) -> String {
    let Ok(mut doc) = manifest.parse::<toml_edit::DocumentMut>() else {
        return manifest.to_string();
    };
    let item = &mut doc["naming"][key];
    let decor = item.as_value().map(|old| old.decor().clone());
    *item = toml_edit::value(style.as_str());
    if let (Some(decor), Some(new)) = (decor, item.as_value_mut()) {
        *new.decor_mut() = decor;
    }
    doc.to_string()
}
