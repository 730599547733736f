//! Placing changes in the head plan's files, for annotations that point at
//! the line holding the change (`::error file=events/x.toml,line=12::…`).

use tplan_plan::PlanFiles;
use tplan_plan::locate::Locator;

use crate::report::{Location, Report};
use crate::subject::Subject;

/// The plan-file key for a path segment: the keyword table's plan key
/// (`maxLength` -> `max_length`), else the segment unescaped (a property
/// name).
fn plan_key(segment: &str) -> String {
    match tplan_schema::keyword::plan_key(segment) {
        Some(key) => key.to_string(),
        None => segment.replace("~1", "/").replace("~0", "~"),
    }
}

/// The plan-file key path of a change path inside an event.
fn event_path(path: &str) -> String {
    match path {
        "title" => "name".into(),
        "deprecated" => "status".into(),
        _ => path.split('/').map(plan_key).collect::<Vec<_>>().join("/"),
    }
}

/// Fills each change's location from the head plan's files. Changes whose
/// subject is not in the head (a removed event) point at nothing.
pub fn locate(report: &mut Report, head: &PlanFiles) {
    let mut locator = Locator::new(head);
    for change in &mut report.changes {
        let file = change.subject.file();
        if head.get(&file).is_none() {
            continue;
        }
        let path = match &change.subject {
            Subject::Event(_) | Subject::Property(_) => event_path(&change.path),
            Subject::Plan => change.path.clone(),
            Subject::Owner(_) | Subject::Source(_) => String::new(),
        };
        let span = locator
            .locate_nearest(&file, &path)
            .map(|l| if path.is_empty() { l.value } else { l.key });
        change.location = Some(Location {
            file,
            span: span.filter(|_| !path.is_empty() || matches!(change.subject, Subject::Event(_))),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_keywords_map_to_plan_keys() {
        assert_eq!(
            event_path("properties/coupon/maxLength"),
            "properties/coupon/max_length"
        );
        assert_eq!(
            event_path("properties/items/items/properties/sku/type"),
            "properties/items/items/properties/sku/type"
        );
        assert_eq!(event_path("title"), "name");
    }
}
