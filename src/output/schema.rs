//! Renderers of `tplan schema diff` and `tplan schema check` for people.
//! JSON is the report serialised.

use std::io::{self, Write};

use serde_json::Value;
use tplan_evolution::iglu::Verdict;
use tplan_evolution::iglu::registry::RegistryCheck;
use tplan_evolution::schema_diff::SchemaDiff;
use tplan_evolution::{EventClass, SchemaChange};

use super::report::badge;
use super::{Escaped, Style, escaped, table};

fn change_lines(out: &mut dyn Write, style: &Style, changes: &[SchemaChange]) -> io::Result<()> {
    let show = |v: &Option<Value>| v.as_ref().map_or("(absent)".to_string(), |v| v.to_string());
    for c in changes {
        writeln!(
            out,
            "  {} {}  {} -> {}  {}",
            badge(style, EventClass::Changed(c.class)),
            if c.path.is_empty() {
                "(root)".into()
            } else {
                escaped(&c.path)
            },
            show(&c.old),
            show(&c.new),
            style.dim(&format!("[{}]", c.rule))
        )?;
    }
    Ok(())
}

/// `tplan schema diff`: each change, then the class, or the verdict on the
/// declared step.
pub fn diff(d: &SchemaDiff, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match d {
        SchemaDiff::Classified(c) => {
            change_lines(out, &style, &c.changes)?;
            writeln!(out, "{}: {}", style.bold("class"), c.class)
        }
        SchemaDiff::Step(s) => {
            change_lines(out, &style, &s.step.changes)?;
            let line = s.step.explain();
            let line = match s.step.verdict {
                Verdict::Below => style.red(&line),
                Verdict::Above => style.yellow(&line),
                Verdict::Ok => style.green(&line),
            };
            writeln!(out, "{line}")
        }
    }
}

/// The verdict of a step too small (coloured red in the table).
const TOO_SMALL: &str = "TOO SMALL";

/// `tplan schema check`: a table of steps, each step too small, and a
/// summary.
pub fn check(c: &RegistryCheck, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let mut rows = Vec::new();
    for h in &c.report.schemas {
        for s in &h.steps {
            let verdict = match s.verdict {
                Verdict::Ok => "ok".to_string(),
                Verdict::Above => "ok (more than needed)".to_string(),
                Verdict::Below => format!("{TOO_SMALL}: needs {}", s.needed),
            };
            rows.push(vec![
                h.schema.clone(),
                format!("{} -> {}", s.from, s.to),
                s.computed.to_string(),
                s.declared.to_string(),
                verdict,
            ]);
        }
    }
    if !rows.is_empty() {
        let plain: fn(&Style, &str) -> String = |_, v| v.to_string();
        let verdict: fn(&Style, &str) -> String = |s, v| {
            if v.starts_with(TOO_SMALL) {
                s.red(v)
            } else {
                v.to_string()
            }
        };
        table(
            out,
            style,
            &["SCHEMA", "STEP", "COMPUTED", "DECLARED", "VERDICT"],
            &rows,
            &[plain, plain, plain, plain, verdict],
        )?;
        writeln!(out)?;
    }
    for (h, s) in c.report.failures() {
        writeln!(
            out,
            "{} {}: {}",
            style.red("error"),
            Escaped(&h.schema),
            Escaped(&s.explain())
        )?;
    }
    let verdict = if c.passed {
        style.green("every declared bump is enough")
    } else {
        style.red(&format!("{} too small", c.failures))
    };
    writeln!(
        out,
        "{} schemas, {} version steps: {verdict}",
        c.report.schemas.len(),
        c.report.steps()
    )
}

#[cfg(test)]
mod tests;
