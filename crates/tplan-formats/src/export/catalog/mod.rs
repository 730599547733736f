//! A readable catalog of the plan, for people who never open a TOML file:
//! Markdown (for a wiki or a repository) or static HTML (works from
//! `file://`, no external assets, a search box). One page per event and
//! an index.
//!
//! Pages are templates (`templates/catalog/`) rendered with minijinja.
//! Everything from the plan is input, so every value a template prints is
//! escaped by default: for HTML as HTML, for Markdown so that it stays in
//! its table cell (`|` and line breaks). Nothing is marked safe but the
//! example payload of a Markdown page, which sits in a code block.

mod git;
mod page;

use std::sync::LazyLock;

use minijinja::{AutoEscape, Environment, Error, Output, State, Value};
use rayon::prelude::*;
use serde::Serialize;

pub use git::{Change, FromGit, Published};
use page::{EventPage, Index};
use tplan_plan::Plan;

/// Markdown: `index.md` and `events/<key>.md`.
pub fn markdown(plan: &Plan, git: &FromGit) -> Vec<(String, String)> {
    render(plan, git, "md")
}

/// Static HTML: `index.html` (with a search box; `?q=` prefills it) and
/// `events/<key>.html`. No external assets; works from `file://`.
pub fn html(plan: &Plan, git: &FromGit) -> Vec<(String, String)> {
    render(plan, git, "html")
}

/// Every event's page (on every core), then the index.
fn render(plan: &Plan, git: &FromGit, ext: &str) -> Vec<(String, String)> {
    let event = TEMPLATES
        .get_template(&format!("event.{ext}"))
        .expect("the templates are built in");
    let events: Vec<&tplan_plan::Event> = plan.events.values().collect();
    let mut files: Vec<(String, String)> = events
        .par_iter()
        .map(|e| {
            let page = EventPage::new(plan, e, git);
            (format!("events/{}.{ext}", e.key), fill(&event, &page))
        })
        .collect();
    let index = TEMPLATES
        .get_template(&format!("index.{ext}"))
        .expect("the templates are built in");
    files.push((format!("index.{ext}"), fill(&index, &Index::new(plan))));
    files
}

fn fill(template: &minijinja::Template<'_, '_>, context: &impl Serialize) -> String {
    template
        .render(minijinja::value::Serde(context))
        .expect("the built-in templates render any page")
}

/// The templates, escaping by their file's extension.
static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()
            .expect("a valid syntax"),
    );
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::Custom("markdown".into())
        }
    });
    env.set_formatter(escape);
    env.add_global(
        "style",
        Value::from_safe_string(include_str!("../../../templates/catalog/style.css").into()),
    );
    for (name, source) in [
        (
            "index.html",
            include_str!("../../../templates/catalog/index.html"),
        ),
        (
            "event.html",
            include_str!("../../../templates/catalog/event.html"),
        ),
        (
            "index.md",
            include_str!("../../../templates/catalog/index.md"),
        ),
        (
            "event.md",
            include_str!("../../../templates/catalog/event.md"),
        ),
    ] {
        env.add_template(name, source)
            .expect("the built-in templates parse");
    }
    env
});

/// Writes a value as the template's escaping asks: HTML text (`&`, `<`,
/// `>`, quotes), or Markdown that stays in its table cell (`|` escaped, a
/// line break as a space). Values marked safe are written as they are.
fn escape(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    let text;
    let s = match value.as_str() {
        Some(s) => s,
        None => {
            text = value.to_string();
            &text
        }
    };
    if value.is_safe() {
        return Ok(out.write_str(s)?);
    }
    let html = match state.auto_escape() {
        AutoEscape::Html => true,
        AutoEscape::Custom(_) => false,
        _ => return Ok(out.write_str(s)?),
    };
    let replace = |c: char| -> Option<&'static str> {
        match (html, c) {
            (true, '&') => Some("&amp;"),
            (true, '<') => Some("&lt;"),
            (true, '>') => Some("&gt;"),
            (true, '"') => Some("&quot;"),
            (true, '\'') => Some("&#39;"),
            (false, '|') => Some("\\|"),
            (false, '\n') => Some(" "),
            _ => None,
        }
    };
    let mut last = 0;
    for (i, c) in s.char_indices() {
        if let Some(r) = replace(c) {
            out.write_str(&s[last..i])?;
            out.write_str(r)?;
            last = i + c.len_utf8();
        }
    }
    out.write_str(&s[last..])?;
    Ok(())
}
