//! `tplan show` for people: an event's fields and its properties.

use std::io::{self, Write};

use tplan_plan::{Event, Plan, Property};
use tplan_schema::iglu_uri;

use super::{Escaped, EscapedText, Style, escaped, table};

/// The event's fields, a table of its properties (shared ones resolved,
/// nested ones indented) and its first example.
pub fn human(plan: &Plan, event: &Event, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let version = plan.version_of(event.key.as_str());
    writeln!(
        out,
        "{} {}",
        s.bold(&escaped(&event.name)),
        s.dim(&format!("({})", event.key))
    )?;
    if let Some(d) = &event.description {
        writeln!(out, "{}", EscapedText(d))?;
    }
    writeln!(out)?;
    let owner = match &event.owner {
        Some(key) => match plan.owners.get(key) {
            Some(o) => match &o.contact {
                Some(c) => format!("{} ({key}, {c})", o.name),
                None => format!("{} ({key})", o.name),
            },
            None => key.to_string(),
        },
        None => "-".into(),
    };
    let mut status = event.status.as_str().to_string();
    if let Some(since) = event.deprecated_since {
        status.push_str(&format!(" since {since}"));
    }
    if let Some(sunset) = event.sunset {
        status.push_str(&format!(", sunset {sunset}"));
    }
    if let Some(r) = &event.replaced_by {
        status.push_str(&format!(", replaced by {r}"));
    }
    let fields = [
        ("owner", owner),
        ("status", status),
        (
            "sources",
            if event.sources.is_empty() {
                "-".into()
            } else {
                event.sources.join(", ")
            },
        ),
        ("schema", iglu_uri(plan, event, version).to_string()),
        (
            "closed",
            if plan.is_closed(event) {
                "yes".into()
            } else {
                "no: undeclared properties allowed".into()
            },
        ),
        ("id", event.id.short()),
    ];
    if event.call_type != tplan_plan::model::CallType::Track {
        let what = if event.call_type.has_traits() {
            "its properties are the call's traits"
        } else {
            "named by the call's `name`"
        };
        let line = format!("{} call: {what}", event.call_type.as_str());
        writeln!(out, "  {:<8} {}", s.dim("type"), Escaped(&line))?;
    }
    for (k, v) in fields {
        writeln!(out, "  {:<8} {}", s.dim(k), Escaped(&v))?;
    }
    if !event.tags.is_empty() {
        writeln!(
            out,
            "  {:<8} {}",
            s.dim("tags"),
            Escaped(&event.tags.join(", "))
        )?;
    }
    writeln!(out)?;
    properties(plan, event, s, out)?;
    if !event.examples.is_empty() {
        writeln!(out, "\nExample:")?;
        let text = serde_json::to_string_pretty(&event.examples[0]).unwrap_or_default();
        for line in text.lines() {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// The event's properties as a table (shared ones resolved, nested ones
/// indented), or `No properties.`.
pub fn properties(plan: &Plan, event: &Event, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let mut rows = Vec::new();
    for (name, p) in &event.properties {
        property_rows(plan, name, p, 0, &mut rows);
    }
    if rows.is_empty() {
        return writeln!(out, "No properties.");
    }
    let plain: fn(&Style, &str) -> String = |_, v| v.to_string();
    let req: fn(&Style, &str) -> String = |s, v| if v == "yes" { s.bold(v) } else { v.to_string() };
    table(
        out,
        s,
        &["PROPERTY", "TYPE", "REQUIRED", "CONSTRAINTS", "DESCRIPTION"],
        &rows,
        &[plain, plain, req, plain, plain],
    )
}

fn property_rows(plan: &Plan, name: &str, p: &Property, depth: usize, rows: &mut Vec<Vec<String>>) {
    let r = plan.resolve(p);
    let indent = "  ".repeat(depth);
    let mut label = format!("{indent}{name}");
    if let Some(key) = &p.reference {
        label.push_str(&format!(" (ref {key})"));
    }
    let ty = match &r.types {
        Some(t) => t.describe(),
        None => "any".into(),
    };
    let ty = match r.items.as_ref().and_then(|i| i.types.as_ref()) {
        Some(items) if ty == "array" => format!(
            "array of {}",
            items
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        _ => ty,
    };
    rows.push(vec![
        label,
        ty,
        if r.required {
            "yes".into()
        } else {
            "no".into()
        },
        constraints(&r),
        r.description.clone().unwrap_or_default(),
    ]);
    let nested = r
        .properties
        .as_ref()
        .or_else(|| r.items.as_ref().and_then(|i| i.properties.as_ref()));
    if let Some(props) = nested {
        for (child, cp) in props {
            property_rows(plan, child, cp, depth + 1, rows);
        }
    }
}

fn constraints(p: &Property) -> String {
    let mut c = Vec::new();
    if let Some(e) = &p.enum_values {
        c.push(format!(
            "one of {}",
            e.iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(v) = &p.const_value {
        c.push(format!("= {v}"));
    }
    if let Some(f) = &p.format {
        c.push(format!("format {f}"));
    }
    if let Some(pat) = &p.pattern {
        c.push(format!("pattern {pat}"));
    }
    for (label, v) in [
        (">=", &p.minimum),
        ("<=", &p.maximum),
        (">", &p.exclusive_minimum),
        ("<", &p.exclusive_maximum),
        ("multiple of", &p.multiple_of),
    ] {
        if let Some(v) = v {
            c.push(format!("{label} {v}"));
        }
    }
    for (label, v) in [
        ("min length", p.min_length),
        ("max length", p.max_length),
        ("min items", p.min_items),
        ("max items", p.max_items),
    ] {
        if let Some(v) = v {
            c.push(format!("{label} {v}"));
        }
    }
    if p.unique_items == Some(true) {
        c.push("unique".into());
    }
    if let Some(d) = &p.default {
        c.push(format!("default {d}"));
    }
    if p.deprecated == Some(true) {
        c.push("deprecated".into());
    }
    c.join(", ")
}

#[cfg(test)]
mod tests {
    use tplan_plan::example::EXAMPLE_FILES;

    use super::*;

    #[test]
    fn an_event_shows_its_fields_properties_and_example() {
        let mut files = tplan_plan::PlanFiles::new();
        for (path, text) in EXAMPLE_FILES {
            files.insert_bytes(*path, text.as_bytes().to_vec());
        }
        let plan = tplan_schema::plan_from_files(&files).unwrap();
        let event = plan.event("order_completed").unwrap();
        let mut out = Vec::new();
        human(&plan, event, Style { color: false }, &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
