//! The manifest's naming rules, fitted to imported names.

use tplan_plan::model::NamingStyle;

/// Styles tried, in order, when imported names break the plan's: the first
/// every name follows is set.
pub(super) const FITTING_STYLES: [NamingStyle; 8] = [
    NamingStyle::ObjectAction,
    NamingStyle::TitleCase,
    NamingStyle::SnakeCase,
    NamingStyle::CamelCase,
    NamingStyle::SentenceCase,
    NamingStyle::LowerCase,
    NamingStyle::KebabCase,
    NamingStyle::PascalCase,
];

/// `manifest` with `[naming] <key>` set, comments kept.
pub(super) fn set_naming(manifest: &str, key: &str, style: NamingStyle) -> String {
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
