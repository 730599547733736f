//! Loading a plan with what only the dialect knows checked: `schema_extra`
//! may add to what the plan says, never contradict it. A keyword the plan
//! writes for the same object is refused, so a plan key and a pass-through
//! keyword never fight over one schema keyword.
//!
//! [`load`] is the plan load every crate above this one uses: the parse of
//! `tplan-plan`, then these checks, whose errors name the file and the
//! position of the offending `schema_extra`.

use serde_json::{Map, Value};
use tplan_plan::locate::Locator;
use tplan_plan::{ErrorKind, Event, Loaded, Plan, PlanError, PlanErrors, PlanFiles, Property};

use crate::keyword;

/// Reads every file of a plan, collecting every error: the parse, then the
/// dialect's checks. Objects with errors are left out of the plan, as the
/// parse leaves out objects whose file has an error.
pub fn load(files: &PlanFiles) -> Loaded {
    let mut loaded = tplan_plan::load(files);
    let found = plan_conflicts(&loaded.plan, files);
    if found.is_empty() {
        return loaded;
    }
    for e in &found {
        if let Some(key) = object_key(&e.file, "events/") {
            loaded.plan.events.remove(key);
        } else if let Some(key) = object_key(&e.file, "properties/") {
            loaded.plan.properties.remove(key);
        }
    }
    loaded.errors.extend(found);
    loaded.errors.sort_by(|a, b| {
        (a.file.as_str(), a.span.map(|s| s.start)).cmp(&(b.file.as_str(), b.span.map(|s| s.start)))
    });
    loaded.errors.dedup();
    loaded
}

/// Parses a plan with [`load`]; any error fails the whole plan.
pub fn plan_from_files(files: &PlanFiles) -> Result<Plan, PlanErrors> {
    let loaded = load(files);
    if loaded.errors.is_empty() {
        Ok(loaded.plan)
    } else {
        Err(PlanErrors {
            errors: loaded.errors,
        })
    }
}

/// [`tplan_plan::parse::map_events`] with each event checked as [`load`]
/// checks it: an event whose `schema_extra` contradicts it is left out and
/// its errors returned.
pub fn map_events<T: Send>(
    files: &PlanFiles,
    skeleton: &Plan,
    f: impl Fn(Event) -> T + Sync,
) -> (Vec<T>, Vec<PlanError>) {
    let (results, mut errors) = tplan_plan::parse::map_events(files, skeleton, |event| {
        let found = event_conflicts(&event, &mut Locator::new(files));
        if found.is_empty() {
            Ok(f(event))
        } else {
            Err(found)
        }
    });
    let mut out = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(t) => out.push(t),
            Err(found) => errors.extend(found),
        }
    }
    (out, errors)
}

fn object_key<'a>(file: &'a str, folder: &str) -> Option<&'a str> {
    file.strip_prefix(folder)?.strip_suffix(".toml")
}

/// Every contradiction between a `schema_extra` and the plan, in events
/// and shared properties.
fn plan_conflicts(plan: &Plan, files: &PlanFiles) -> Vec<PlanError> {
    let mut locator = Locator::new(files);
    let mut errors = Vec::new();
    for shared in plan.properties.values() {
        let file = format!("properties/{}.toml", shared.key);
        property_conflicts(&shared.property, &file, "", &mut locator, &mut errors);
    }
    for event in plan.events.values() {
        errors.extend(event_conflicts(event, &mut locator));
    }
    errors
}

fn event_conflicts(event: &Event, locator: &mut Locator<'_>) -> Vec<PlanError> {
    let file = format!("events/{}.toml", event.key);
    let mut errors = Vec::new();
    if let Some(extra) = &event.schema_extra {
        // `examples` passes through only when the plan has none (an
        // importer keeps examples TOML cannot hold, such as ones with null).
        let mut taken: Vec<&str> = keyword::event_root().collect();
        if !event.examples.is_empty() {
            taken.push("examples");
        }
        let closed = event.additional_properties == Some(false);
        if let Some(message) = conflict(extra, &taken, closed) {
            errors.push(error(&file, "schema_extra", message, locator));
        }
    }
    for (name, property) in &event.properties {
        let path = format!("properties/{name}");
        property_conflicts(property, &file, &path, locator, &mut errors);
    }
    errors
}

/// Checks `property` (at `path` in `file`) and every property nested in it.
fn property_conflicts(
    property: &Property,
    file: &str,
    path: &str,
    locator: &mut Locator<'_>,
    errors: &mut Vec<PlanError>,
) {
    property.walk(&mut |inner, p| {
        let Some(extra) = &p.schema_extra else {
            return;
        };
        let taken = keyword::written_for(&p.set_keys());
        let closed = p.additional_properties == Some(false);
        if let Some(message) = conflict(extra, &taken, closed) {
            let at = [path, inner, "schema_extra"]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("/");
            errors.push(error(file, &at, message, locator));
        }
    });
}

fn error(file: &str, path: &str, message: String, locator: &mut Locator<'_>) -> PlanError {
    let span = locator.locate_nearest(file, path).map(|l| l.value);
    PlanError::new(
        file,
        span,
        ErrorKind::InvalidValue {
            key: "schema_extra".into(),
            message,
        },
    )
}

/// What is wrong with `extra` when the plan writes `taken` for the same
/// object: a taken keyword, or an `additionalProperties` that is not a
/// schema (or constrains keys a closed object refuses).
fn conflict(extra: &Map<String, Value>, taken: &[&str], closed: bool) -> Option<String> {
    if let Some(keyword) = extra.keys().find(|k| taken.contains(&k.as_str())) {
        return Some(format!(
            "`{keyword}` is written from the plan; set it with the plan's own keys"
        ));
    }
    match extra.get("additionalProperties") {
        Some(Value::Object(_)) if closed => Some(
            "an `additionalProperties` schema constrains undeclared keys, which `additional_properties = false` refuses".into(),
        ),
        Some(Value::Object(_)) | None => None,
        Some(_) => Some(
            "`additionalProperties` here must be a schema; `true`/`false` is the plan's `additional_properties`".into(),
        ),
    }
}
