//! The manifest's naming rules, fitted to imported names.

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

/// What the imported names of one kind (event or property) say about a
/// naming style, counted name by name: fixed size whatever the number of
/// names.
#[derive(Debug, Clone)]
pub(super) struct Tally {
    /// The plan's style.
    style: NamingStyle,
    /// Names that break it, and the first.
    breaking: usize,
    first: Option<String>,
    /// Whether every name so far follows each of [`FITTING_STYLES`].
    fits: [bool; FITTING_STYLES.len()],
}

impl Tally {
    /// No name yet, against the plan's `style`.
    pub(super) fn new(style: NamingStyle) -> Tally {
        Tally {
            style,
            breaking: 0,
            first: None,
            fits: [true; FITTING_STYLES.len()],
        }
    }

    /// Counts one imported name.
    pub(super) fn add(&mut self, name: &str) {
        if !follows(self.style, name) {
            self.breaking += 1;
            if self.first.is_none() {
                self.first = Some(name.to_string());
            }
        }
        for (fits, style) in self.fits.iter_mut().zip(FITTING_STYLES) {
            *fits = *fits && follows(style, name);
        }
    }
}

/// `manifest` with its `[naming]` rules fitted to imported event and
/// property names. Into a plan without events (`fresh`) the names are the
/// payloads' contract, so the rule follows them (the first style they all
/// follow); into a plan with events the rule stays, and a note says how
/// many names break it.
pub(super) fn fit_naming(
    mut manifest: String,
    fresh: bool,
    events: &Tally,
    properties: &Tally,
    notes: &mut Vec<String>,
) -> String {
    for (table_key, tally) in [("event", events), ("property", properties)] {
        let Some(first) = &tally.first else {
            continue;
        };
        let style = tally.style;
        if fresh {
            let fits = FITTING_STYLES
                .iter()
                .zip(tally.fits)
                .find(|(_, fits)| *fits)
                .map_or(NamingStyle::Any, |(s, _)| *s);
            manifest = set_naming(&manifest, table_key, fits);
            notes.push(format!(
                "`[naming] {table_key}` is now `{fits}` (was `{style}`) to fit the imported names (first that broke it: `{first}`)"
            ));
        } else {
            notes.push(format!(
                "{} imported {table_key} name{} break `[naming] {table_key} = \"{style}\"` (first: `{first}`); `tplan lint` reports them: rename them in a breaking change, or relax the rule",
                tally.breaking,
                if tally.breaking == 1 { "" } else { "s" },
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
