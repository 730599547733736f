//! The catalog's pages for a plan whose strings try to break out of HTML
//! and out of Markdown tables: every one stays text.

use tplan_formats::export::catalog::{Change, FromGit, html, markdown};
use tplan_plan::{Plan, PlanFiles};

fn hostile_plan() -> Plan {
    let mut files = PlanFiles::new();
    for (path, text) in [
        (
            "tplan.toml",
            "[plan]\nname = \"Acme <b>&</b> | 'Co'\"\nvendor = \"com.acme\"\ndescription = \"Line one\\nline | two\"\n",
        ),
        (
            "owners/growth.toml",
            "name = \"Growth <team> | \\\"G\\\"\"\n",
        ),
        (
            "events/evil_event.toml",
            r#"name = "Evil <script>alert('x')</script> | pipe"
description = "Says \"hi\" & <i>bye</i>\nnext | line"
owner = "growth"
tags = ["a|b", "<t>"]
examples = [{ note = "</pre><script>1</script>" }]

[properties]
note = { type = "string", description = "a | b <i>", enum = ["x|y", "<z>"] }
"#,
        ),
    ] {
        files.insert_bytes(path, text.as_bytes().to_vec());
    }
    tplan_schema::plan_from_files(&files).expect("the plan loads")
}

fn git() -> FromGit {
    FromGit {
        history: [(
            "evil_event".to_string(),
            vec![Change {
                commit: "93345f5".into(),
                date: "2026-01-01".into(),
                author: "Pat <pat> | PM".into(),
                summary: "Evil <b> & | commit".into(),
            }],
        )]
        .into(),
        history_limit: 10,
        ..FromGit::default()
    }
}

fn page<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    &files.iter().find(|(p, _)| p == path).expect(path).1
}

#[test]
fn html_pages_escape_every_plan_string() {
    let files = html(&hostile_plan(), &git());
    let event = page(&files, "events/evil_event.html");
    let index = page(&files, "index.html");
    for text in [event, index] {
        assert!(!text.contains("<script>alert"), "{text}");
        assert!(!text.contains("<i>"), "{text}");
        assert!(!text.contains("<b>"), "{text}");
    }
    // The page's own script is the index's search, nothing from the plan.
    assert_eq!(index.matches("<script>").count(), 1);
    assert_eq!(event.matches("<script>").count(), 0);
    insta::assert_snapshot!("evil_event.html", event);
    insta::assert_snapshot!("index.html", index);
}

#[test]
fn markdown_cells_keep_pipes_and_line_breaks_in_their_cell() {
    let files = markdown(&hostile_plan(), &git());
    insta::assert_snapshot!("evil_event.md", page(&files, "events/evil_event.md"));
    insta::assert_snapshot!("index.md", page(&files, "index.md"));
}
