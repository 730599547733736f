//! `tplan ls` for people: one aligned row per event.

use std::io::{self, Write};

use tplan_plan::listing::Listing;

use super::{Escaped, Style, plural, table};

/// The listing as a table and a summary line naming where it was read.
pub fn human(listing: &Listing, origin: &str, style: Style, out: &mut dyn Write) -> io::Result<()> {
    // A TYPE column only when some event is not a track.
    let typed = listing
        .events
        .iter()
        .any(|e| e.call_type != tplan_plan::model::CallType::Track);
    let rows: Vec<Vec<String>> = listing
        .events
        .iter()
        .map(|e| {
            let mut row = vec![e.key.to_string(), e.name.clone()];
            if typed {
                row.push(e.call_type.as_str().to_string());
            }
            row.extend([
                e.owner.as_ref().map_or("-".into(), |o| o.to_string()),
                e.status.as_str().to_string(),
                e.properties.to_string(),
                e.version.to_string(),
                e.id.short(),
            ]);
            row
        })
        .collect();
    let status_style: fn(&Style, &str) -> String = |s, v| match v {
        "deprecated" => s.yellow(v),
        "draft" => s.dim(v),
        _ => v.to_string(),
    };
    let plain: fn(&Style, &str) -> String = |_, v| v.to_string();
    let dim: fn(&Style, &str) -> String = |s, v| s.dim(v);
    let mut headers = vec!["KEY", "NAME", "OWNER", "STATUS", "PROPS", "VERSION", "ID"];
    let mut styles = vec![plain, plain, plain, status_style, plain, plain, dim];
    if typed {
        headers.insert(2, "TYPE");
        styles.insert(2, plain);
    }
    table(out, style, &headers, &rows, &styles)?;
    writeln!(
        out,
        "\n{} in plan `{}` {} {}",
        plural(listing.events.len(), "event"),
        Escaped(&listing.plan),
        listing.version,
        style.dim(&format!("({origin}, plan id {})", listing.id.short())),
    )
}

#[cfg(test)]
mod tests {
    use tplan_plan::example::EXAMPLE_FILES;
    use tplan_plan::listing::Listing;

    use super::*;

    #[test]
    fn the_example_plan_lists_as_a_table() {
        let mut files = tplan_plan::PlanFiles::new();
        for (path, text) in EXAMPLE_FILES {
            files.insert_bytes(*path, text.as_bytes().to_vec());
        }
        let plan = tplan_schema::plan_from_files(&files).unwrap();
        let mut out = Vec::new();
        human(
            &Listing::of(&plan),
            "in the work tree",
            Style { color: false },
            &mut out,
        )
        .unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
