//! Exporters: the plan as a spreadsheet ([`csv`]), a Segment Protocols plan
//! ([`segment`]) and a catalog for people ([`catalog`]). JSON Schema and
//! Iglu files come from `tplan-schema`.

pub mod catalog;
pub mod csv;
pub mod segment;

use serde::Serialize;

use catalog::FromGit;
use tplan_plan::Plan;
use tplan_schema::ExportKind;

/// What `tplan export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One JSON Schema (draft 2020-12) per event: `<event>.json`.
    JsonSchema,
    /// A static Iglu registry: `schemas/<vendor>/<event>/jsonschema/<M-R-A>`.
    Iglu,
    /// The spreadsheet, one file.
    Csv,
    /// A Segment Protocols tracking plan, one file.
    Segment,
    /// A Markdown catalog: `index.md` and `events/<key>.md`.
    Markdown,
    /// A static HTML catalog: `index.html` and `events/<key>.html`.
    Html,
}

impl Target {
    /// Whether the export is one file (written to a file or standard
    /// output) rather than a folder of files.
    pub fn is_one_file(self) -> bool {
        matches!(self, Target::Csv | Target::Segment)
    }

    /// Whether the export shows what git knows (published versions,
    /// history): the catalogs.
    pub fn needs_git(self) -> bool {
        matches!(self, Target::Markdown | Target::Html)
    }

    /// What one file of the export is, for people (`JSON Schema`).
    pub fn noun(self) -> &'static str {
        match self {
            Target::JsonSchema => "JSON Schema",
            Target::Iglu => "Iglu schema",
            Target::Csv | Target::Segment => "file",
            Target::Markdown | Target::Html => "catalog page",
        }
    }

    /// The JSON Schema draft the export is in, when it is not the plan's
    /// own 2020-12 (its warnings name it).
    pub fn draft(self) -> Option<&'static str> {
        match self {
            Target::Iglu => Some("draft-04"),
            Target::Segment => Some("draft-07"),
            _ => None,
        }
    }
}

/// An export rendered, before anything is written: a failure leaves the
/// destination as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// Files by path (relative to the output folder) with their text; for a
    /// one-file target, one file with an empty path.
    pub files: Vec<(String, String)>,
    /// What the export's draft cannot say, one sentence per keyword
    /// (`the Iglu schema of `x` cannot say …`): its validators skip it.
    pub warnings: Vec<String>,
}

/// The plan as `target`; `git` feeds the catalogs.
pub fn export(plan: &Plan, target: Target, git: &FromGit) -> Export {
    let (files, warnings) = match target {
        Target::JsonSchema => (
            tplan_schema::export(plan, ExportKind::JsonSchema),
            Vec::new(),
        ),
        Target::Iglu => (
            tplan_schema::export(plan, ExportKind::Iglu),
            iglu_gaps(plan),
        ),
        Target::Csv => (vec![(String::new(), csv::to_csv(plan))], Vec::new()),
        Target::Segment => {
            let (segment, gaps) = segment::to_segment(plan);
            let mut text = serde_json::to_string_pretty(&segment).expect("JSON serialises");
            text.push('\n');
            (vec![(String::new(), text)], gaps)
        }
        Target::Markdown => (catalog::markdown(plan, git), Vec::new()),
        Target::Html => (catalog::html(plan, git), Vec::new()),
    };
    Export { files, warnings }
}

/// What the Iglu schemas cannot say, said once here as `tplan lint` does.
fn iglu_gaps(plan: &Plan) -> Vec<String> {
    plan.events
        .values()
        .flat_map(|event| {
            tplan_schema::iglu_gaps(plan, event)
                .into_iter()
                .map(|gap| format!("the Iglu schema of `{}` cannot say {gap}", event.key))
        })
        .collect()
}

/// `tplan export … --out DIR --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    /// The output folder, as written to (absolute).
    pub out: String,
    /// The files, relative to `out`, in the order they were rendered.
    pub files: Vec<String>,
    /// What the export's draft cannot say (see [`Export::warnings`]).
    pub warnings: Vec<String>,
}

impl Export {
    /// The report of this export written to `out`.
    pub fn report(&self, out: String) -> ExportReport {
        ExportReport {
            out,
            files: self.files.iter().map(|(p, _)| p.clone()).collect(),
            warnings: self.warnings.clone(),
        }
    }
}
