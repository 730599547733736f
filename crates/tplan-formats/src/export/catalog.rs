//! A readable catalog of the plan, for people who never open a TOML file:
//! Markdown (for a wiki or a repository) or static HTML (works from
//! `file://`, no external assets, a search box). One page per event and
//! an index. Everything from the plan is escaped: it is input.

use serde_json::{Value, json};

use tplan_plan::model::{Event, Property};
use tplan_plan::{Plan, Status};

/// Each event's published versions (from the registry), newest last.
pub type Published = std::collections::BTreeMap<String, Vec<String>>;

/// One commit that changed an event's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The short commit id.
    pub commit: String,
    /// `YYYY-MM-DD`
    pub date: String,
    /// The author's name.
    pub author: String,
    /// The first line of the message.
    pub summary: String,
}

/// What the catalog shows besides the plan, from git.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FromGit {
    /// Published versions by event key.
    pub published: Published,
    /// Recent commits by event key, newest first.
    pub history: std::collections::BTreeMap<String, Vec<Change>>,
    /// How many commits each event's history holds at most: a full list
    /// points to `tplan log` for the rest.
    pub history_limit: usize,
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Draft => "draft",
        Status::Active => "active",
        Status::Deprecated => "deprecated",
    }
}

/// Rows of the properties table: path, type, required, description, constraints.
fn property_rows(plan: &Plan, event: &Event) -> Vec<[String; 5]> {
    fn walk(path: &str, p: &Property, rows: &mut Vec<[String; 5]>) {
        let types = p.types.as_ref().map(|t| t.describe()).unwrap_or_default();
        let mut constraints = Vec::new();
        if let Some(values) = &p.enum_values {
            let shown: Vec<String> = values.iter().map(Value::to_string).collect();
            constraints.push(format!("one of {}", shown.join(", ")));
        }
        if let Some(f) = &p.format {
            constraints.push(format!("format {f}"));
        }
        if let Some(n) = &p.max_length {
            constraints.push(format!("at most {n} characters"));
        }
        if let Some(n) = &p.minimum {
            constraints.push(format!(">= {n}"));
        }
        if let Some(n) = &p.maximum {
            constraints.push(format!("<= {n}"));
        }
        if let Some(pat) = &p.pattern {
            constraints.push(format!("matches {pat}"));
        }
        rows.push([
            path.to_string(),
            types,
            if p.required { "yes" } else { "no" }.into(),
            p.description.clone().unwrap_or_default(),
            constraints.join("; "),
        ]);
        if let Some(children) = &p.properties {
            for (name, child) in children {
                walk(&format!("{path}.{name}"), child, rows);
            }
        }
        if let Some(items) = &p.items {
            walk(&format!("{path}[]"), items, rows);
        }
    }
    let mut rows = Vec::new();
    for (name, property) in &event.properties {
        walk(name, &plan.resolve(property), &mut rows);
    }
    rows
}

fn owner_name(plan: &Plan, event: &Event) -> String {
    event
        .owner
        .as_ref()
        .map(|k| {
            plan.owners
                .get(k)
                .map_or_else(|| k.to_string(), |o| format!("{} ({k})", o.name))
        })
        .unwrap_or_else(|| "-".into())
}

fn example(event: &Event) -> Option<String> {
    event.examples.first().map(|e| {
        serde_json::to_string_pretty(&json!({"event": event.name, "properties": e})).expect("JSON")
    })
}

/// Markdown: `index.md` and `events/<key>.md`.
pub fn markdown(plan: &Plan, git: &FromGit) -> Vec<(String, String)> {
    let published = &git.published;
    let md = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut files = Vec::new();
    let mut index = format!(
        "# {}\n\n{}\n\n{} events, plan version {}.\n\n| event | key | owner | status | version |\n|---|---|---|---|---|\n",
        md(&plan.manifest.name),
        md(plan.manifest.description.as_deref().unwrap_or("")),
        plan.events.len(),
        plan.manifest.version
    );
    for (key, event) in &plan.events {
        index.push_str(&format!(
            "| [{}](events/{key}.md) | `{key}` | {} | {} | {} |\n",
            md(&event.name),
            md(&owner_name(plan, event)),
            status(event.status),
            plan.version_of(key.as_str())
        ));
        let mut page = format!(
            "# {}\n\n{}\n\n- key: `{key}`\n- owner: {}\n- status: {}\n- version: {}\n",
            md(&event.name),
            md(event.description.as_deref().unwrap_or("")),
            md(&owner_name(plan, event)),
            status(event.status),
            plan.version_of(key.as_str())
        );
        if !event.tags.is_empty() {
            page.push_str(&format!("- tags: {}\n", md(&event.tags.join(", "))));
        }
        page.push_str("\n## Properties\n\n| property | type | required | description | constraints |\n|---|---|---|---|---|\n");
        for [path, types, required, description, constraints] in property_rows(plan, event) {
            page.push_str(&format!(
                "| `{}` | {} | {required} | {} | {} |\n",
                md(&path),
                md(&types),
                md(&description),
                md(&constraints)
            ));
        }
        if let Some(example) = example(event) {
            page.push_str(&format!(
                "\n## Example payload\n\n```json\n{example}\n```\n"
            ));
        }
        page.push_str("\n## Versions\n\n");
        match published.get(key.as_str()) {
            Some(versions) if !versions.is_empty() => {
                for v in versions {
                    page.push_str(&format!(
                        "- `iglu:{}/{key}/jsonschema/{v}`\n",
                        plan.manifest.vendor
                    ));
                }
            }
            _ => page.push_str("Not published yet.\n"),
        }
        page.push_str("\n## History\n\n");
        match git.history.get(key.as_str()) {
            Some(changes) if !changes.is_empty() => {
                page.push_str("| commit | date | author | change |\n|---|---|---|---|\n");
                for c in changes {
                    page.push_str(&format!(
                        "| `{}` | {} | {} | {} |\n",
                        c.commit,
                        c.date,
                        md(&c.author),
                        md(&c.summary)
                    ));
                }
                if changes.len() >= git.history_limit {
                    page.push_str(&format!("\nOlder commits: `tplan log {key}`.\n"));
                }
            }
            _ => page.push_str(&format!(
                "No commit yet (or none recent): `tplan log {key}`.\n"
            )),
        }
        files.push((format!("events/{key}.md"), page));
    }
    files.push(("index.md".into(), index));
    files
}

/// HTML-escapes text.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
code,pre{background:#f5f5f5}pre{padding:1rem;overflow:auto}input{font-size:1rem;padding:.4rem;width:100%;margin:1rem 0}\
.deprecated{color:#999}.count{color:#666}";

/// Static HTML: `index.html` (with a search box; `?q=` prefills it) and
/// `events/<key>.html`. No external assets; works from `file://`.
pub fn html(plan: &Plan, git: &FromGit) -> Vec<(String, String)> {
    let published = &git.published;
    let mut files = Vec::new();
    let mut rows = String::new();
    for (key, event) in &plan.events {
        rows.push_str(&format!(
            "<tr class=\"event {}\" data-search=\"{}\"><td><a href=\"events/{key}.html\">{}</a></td><td><code>{key}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            status(event.status),
            esc(&format!("{} {} {} {}", event.name, key, event.description.as_deref().unwrap_or(""), event.tags.join(" ")).to_lowercase()),
            esc(&event.name),
            esc(&owner_name(plan, event)),
            status(event.status),
            plan.version_of(key.as_str()),
        ));
        let mut props = String::new();
        for [path, types, required, description, constraints] in property_rows(plan, event) {
            props.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{required}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&path),
                esc(&types),
                esc(&description),
                esc(&constraints)
            ));
        }
        let example = example(event)
            .map(|e| format!("<h2>Example payload</h2>\n<pre>{}</pre>\n", esc(&e)))
            .unwrap_or_default();
        let versions = match published.get(key.as_str()) {
            Some(v) if !v.is_empty() => v
                .iter()
                .map(|v| {
                    format!(
                        "<li><code>iglu:{}/{key}/jsonschema/{v}</code></li>",
                        esc(&plan.manifest.vendor)
                    )
                })
                .collect::<String>(),
            _ => "<li>Not published yet.</li>".into(),
        };
        let history = match git.history.get(key.as_str()) {
            Some(changes) if !changes.is_empty() => {
                let rows: String = changes
                    .iter()
                    .map(|c| {
                        format!(
                            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                            esc(&c.commit),
                            esc(&c.date),
                            esc(&c.author),
                            esc(&c.summary)
                        )
                    })
                    .collect();
                let more = if changes.len() >= git.history_limit {
                    format!("<p>Older commits: <code>tplan log {key}</code></p>")
                } else {
                    String::new()
                };
                format!(
                    "<table class=\"history\"><tr><th>commit</th><th>date</th><th>author</th><th>change</th></tr>{rows}</table>{more}"
                )
            }
            _ => format!("<p>No commit yet (or none recent): <code>tplan log {key}</code></p>"),
        };
        let page = format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name}</title><style>{STYLE}</style></head><body>\n\
             <p><a href=\"../index.html\">&larr; {plan_name}</a></p>\n<h1>{name}</h1>\n<p>{description}</p>\n\
             <ul><li>key: <code>{key}</code></li><li>owner: {owner}</li><li>status: {status}</li><li>version: {version}</li></ul>\n\
             <h2>Properties</h2>\n<table><tr><th>property</th><th>type</th><th>required</th><th>description</th><th>constraints</th></tr>\n{props}</table>\n\
             {example}<h2>Versions</h2>\n<ul>{versions}</ul>\n<h2>History</h2>\n{history}\n</body></html>\n",
            name = esc(&event.name),
            plan_name = esc(&plan.manifest.name),
            description = esc(event.description.as_deref().unwrap_or("")),
            owner = esc(&owner_name(plan, event)),
            status = status(event.status),
            version = plan.version_of(key.as_str()),
        );
        files.push((format!("events/{key}.html"), page));
    }
    let index = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name}</title><style>{STYLE}</style></head><body>\n\
         <h1>{name}</h1>\n<p>{description}</p>\n<p class=\"count\"><span id=\"shown\">{n}</span> of {n} events, plan version {version}</p>\n\
         <input id=\"search\" type=\"search\" placeholder=\"Search events: name, key, description, tags\" autofocus>\n\
         <table id=\"events\"><tr><th>event</th><th>key</th><th>owner</th><th>status</th><th>version</th></tr>\n{rows}</table>\n\
         <script>\n\
         const box = document.getElementById('search');\n\
         const rows = Array.from(document.querySelectorAll('tr.event'));\n\
         function filter() {{\n  const words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);\n  let shown = 0;\n\
           for (const row of rows) {{\n    const hit = words.every(w => row.dataset.search.includes(w));\n    row.hidden = !hit;\n    if (hit) shown++;\n  }}\n\
           document.getElementById('shown').textContent = shown;\n}}\n\
         box.addEventListener('input', filter);\n\
         const q = new URLSearchParams(location.search).get('q');\n\
         if (q) {{ box.value = q; filter(); }}\n\
         </script>\n</body></html>\n",
        name = esc(&plan.manifest.name),
        description = esc(plan.manifest.description.as_deref().unwrap_or("")),
        n = plan.events.len(),
        version = plan.manifest.version,
    );
    files.push(("index.html".into(), index));
    files
}
