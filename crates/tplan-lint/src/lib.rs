//! `tplan lint`: every structural error of a plan, plus rules about how a
//! good plan reads: naming, descriptions, owners, deprecation.
//!
//! Each rule is one named unit in its own file, registered once in
//! [`RULES`]. Its severity can be changed per plan in `[lints]`, the way
//! cargo's `[lints]` table does.

mod rules;

pub use rules::{RULES, rule_ids};

use tplan_plan::error::{DidYouMean, ErrorKind, PlanError, suggest_key};
use tplan_plan::files::{MANIFEST, PlanFiles};
use tplan_plan::locate::Locator;
use tplan_plan::model::{Date, Plan, Severity};
use tplan_plan::parse::Loaded;
use tplan_plan::span::Span;

/// A lint rule: an id, its default severity, and the check.
pub struct LintRule {
    /// Kebab-case id, as used in `[lints]` and printed with findings.
    pub id: &'static str,
    /// Severity unless `[lints]` says otherwise.
    pub default: Severity,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// Reports findings on a plan.
    pub check: fn(&Context<'_>, &mut Vec<Hit>),
}

/// What a rule sees.
pub struct Context<'a> {
    /// The objects that parsed.
    pub plan: &'a Plan,
    /// Whether some files failed to parse: rules about what is *not* there
    /// (an unused property) stay quiet, as the broken file may be the user.
    pub incomplete: bool,
    /// The date sunsets are compared with.
    pub today: Date,
}

/// One rule's finding before it is located: a file, and a key path in it
/// (`properties/price`) whose position the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Plan file (`events/x.toml`).
    pub file: String,
    /// Key path in the file; empty for the whole file.
    pub path: String,
    /// Point at the value rather than the key (a bad `name`, not the word `name`).
    pub at_value: bool,
    /// One sentence for people.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
}

/// One finding of `tplan lint`. As a diagnostic its code is the rule, its
/// severity the rule's, its label the span; the caller attaches the text.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize)]
#[error("{message}")]
pub struct Finding {
    /// The lint rule id, or the error code of a structural error.
    pub rule: String,
    /// `error` fails the lint; `warning` does not.
    pub severity: Severity,
    /// Plan file, relative to the plan folder.
    pub file: String,
    /// Position in the file, when known (`line` and `col` in JSON).
    #[serde(flatten, serialize_with = "position")]
    pub span: Option<Span>,
    /// One sentence for people.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
}

impl Finding {
    fn from_error(e: &PlanError) -> Finding {
        Finding {
            rule: e.kind.error_code().to_string(),
            severity: Severity::Error,
            file: e.file.clone(),
            span: e.span,
            message: e.kind.to_string(),
            help: e.kind.hint(),
        }
    }

    /// `file:line:col`, or the file alone.
    pub fn location(&self) -> String {
        match self.span {
            Some(s) => format!("{}:{}:{}", self.file, s.line, s.col),
            None => self.file.clone(),
        }
    }
}

/// A span as the `line` and `col` of its start (both `null` without one).
fn position<S: serde::Serializer>(span: &Option<Span>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut p = s.serialize_struct("Position", 2)?;
    p.serialize_field("line", &span.map(|s| s.line))?;
    p.serialize_field("col", &span.map(|s| s.col))?;
    p.end()
}

/// What `tplan lint` reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    /// The revision linted, or `null` for the work tree.
    pub revision: Option<String>,
    /// How many events parsed.
    pub events: usize,
    /// Findings at `error` severity: any fails the lint.
    pub errors: usize,
    /// Findings at `warning` severity.
    pub warnings: usize,
    /// Every finding, sorted by file and position.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether the lint fails (any error).
    pub fn fails(&self) -> bool {
        self.errors > 0
    }
}

/// Loads and lints the plan in `files` (read at `revision`, or the work
/// tree for `None`).
pub fn report(files: &PlanFiles, today: Date, revision: Option<String>) -> Report {
    let loaded = tplan_schema::load(files);
    let findings = lint(&loaded, files, today);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    Report {
        revision,
        events: loaded.plan.events.len(),
        errors,
        warnings: findings.len() - errors,
        findings,
    }
}

impl miette::Diagnostic for Finding {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            _ => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some("here".into()), span),
        )))
    }
}

/// The naming errors (`naming-*` rules, at error severity) in the object
/// files `paths` of `files`: what an edit that adds or renames an object
/// checks before it writes. Only those files are linted (with the
/// manifest, owners and shared properties they may need), whatever the
/// plan's size.
pub fn naming_errors(files: &PlanFiles, paths: &[&str], today: Date) -> Vec<Finding> {
    let mut some = PlanFiles::new();
    for (path, entry) in files.iter() {
        let support = !path.starts_with("events/");
        if support || paths.contains(&path) {
            some.insert(path.to_string(), entry.clone());
        }
    }
    some.set_partial();
    let loaded = tplan_schema::load(&some);
    lint(&loaded, &some, today)
        .into_iter()
        .filter(|f| {
            f.rule.starts_with("naming-")
                && f.severity == Severity::Error
                && paths.contains(&f.file.as_str())
        })
        .collect()
}

/// Lints a loaded plan: its structural errors, then every rule at the
/// severity the plan's `[lints]` gives it. Findings are sorted by file and
/// position.
pub fn lint(loaded: &Loaded, files: &PlanFiles, today: Date) -> Vec<Finding> {
    let mut findings: Vec<Finding> = loaded.errors.iter().map(Finding::from_error).collect();
    let mut locator = Locator::new(files);
    findings.extend(unknown_rules(&loaded.plan, &mut locator));
    let ctx = Context {
        plan: &loaded.plan,
        incomplete: !loaded.errors.is_empty(),
        today,
    };
    for rule in RULES {
        let severity = loaded
            .plan
            .manifest
            .lints
            .get(rule.id)
            .copied()
            .unwrap_or(rule.default);
        if severity == Severity::Allow {
            continue;
        }
        let mut hits = Vec::new();
        (rule.check)(&ctx, &mut hits);
        for hit in hits {
            let span = locator
                .locate_nearest(&hit.file, &hit.path)
                .map(|l| if hit.at_value { l.value } else { l.key });
            findings.push(Finding {
                rule: rule.id.to_string(),
                severity,
                file: hit.file,
                span: span.filter(|_| !hit.path.is_empty()),
                message: hit.message,
                help: hit.help,
            });
        }
    }
    findings.sort_by(|a, b| {
        (a.file.as_str(), a.span.map(|s| s.start), a.rule.as_str()).cmp(&(
            b.file.as_str(),
            b.span.map(|s| s.start),
            b.rule.as_str(),
        ))
    });
    findings
}

/// `[lints]` entries that name no rule: errors, with a did-you-mean.
fn unknown_rules(plan: &Plan, locator: &mut Locator<'_>) -> Vec<Finding> {
    let ids = rule_ids();
    plan.manifest
        .lints
        .keys()
        .filter(|id| !ids.contains(&id.as_str()))
        .map(|id| {
            let span = locator
                .locate(MANIFEST, &format!("lints/{id}"))
                .map(|l| l.key);
            let kind = ErrorKind::UnknownKey {
                key: id.clone(),
                context: "`[lints]` (not a lint rule)".to_string(),
                suggestion: suggest_key(id, ids.iter().copied()).map(DidYouMean),
            };
            Finding::from_error(&PlanError::new(MANIFEST, span, kind))
        })
        .collect()
}

/// The path of an event's file.
pub(crate) fn event_file(key: &str) -> String {
    format!("events/{key}.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_file_is_registered_under_its_own_name() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f != "mod.rs")
            .map(|f| f.trim_end_matches(".rs").replace('_', "-"))
            .collect();
        files.sort();
        let mut ids = rule_ids();
        ids.sort();
        assert_eq!(files, ids);
    }

    #[test]
    fn every_rule_has_a_row_in_the_lint_docs() {
        let doc =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/commands/lint.md");
        let text = std::fs::read_to_string(doc).expect("docs/commands/lint.md");
        for rule in RULES {
            let row = format!("| `{}` | {} |", rule.id, rule.default);
            assert!(
                text.contains(&row),
                "docs/commands/lint.md lacks the row {row}"
            );
        }
    }

    #[test]
    fn rule_ids_are_unique_and_documented() {
        let mut ids = rule_ids();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for rule in RULES {
            assert!(
                !rule.summary.is_empty() && !rule.why.is_empty(),
                "{}",
                rule.id
            );
        }
    }
}
