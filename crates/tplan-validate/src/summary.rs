//! Counts of validated lines, with example lines, merged chunk by chunk.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::reader;
use crate::text::cut;

/// What is wrong with a line that could not be validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// Not JSON.
    NotJson,
    /// Not valid UTF-8.
    NotUtf8,
    /// JSON, but not an object.
    NotObject,
    /// An object with neither `event` nor `schema`.
    NoEvent,
    /// A `schema` that is not an Iglu URI.
    BadIgluUri,
    /// Over the line length limit.
    TooLong,
}

impl Problem {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Problem::NotJson => "not JSON",
            Problem::NotUtf8 => "not UTF-8",
            Problem::NotObject => "not a JSON object",
            Problem::NoEvent => "no event",
            Problem::BadIgluUri => "bad Iglu URI",
            Problem::TooLong => "too long",
        }
    }
}

/// A line and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The input, when several were read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The line number (1-based).
    pub line: u64,
    /// The message.
    pub message: String,
}

/// Lines with one problem.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Occurrences {
    /// How many.
    pub count: u64,
    /// The first ones.
    pub examples: Vec<Example>,
}

impl Occurrences {
    fn add(&mut self, line: u64, message: &str, max: usize) {
        self.count += 1;
        if self.examples.len() < max {
            self.examples.push(Example {
                file: None,
                line,
                message: message.to_string(),
            });
        }
    }

    fn merge(&mut self, other: Occurrences, max: usize) {
        self.count += other.count;
        let room = max.saturating_sub(self.examples.len());
        self.examples.extend(other.examples.into_iter().take(room));
    }
}

/// One failing keyword at one property path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The property path (JSON Pointer into the payload's properties or data).
    pub path: String,
    /// The failing keyword (`type`, `required`, `additionalProperties`…).
    pub keyword: String,
    /// How often, with example lines.
    #[serde(flatten)]
    pub occurrences: Occurrences,
}

/// One event's traffic.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventSummary {
    /// Its display name.
    pub name: String,
    /// Lines of it.
    pub count: u64,
    /// Invalid lines of it.
    pub invalid: u64,
    /// Self-describing lines by schema version.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub versions: BTreeMap<String, u64>,
    /// Failures by property path and keyword, most frequent first.
    #[serde(rename = "failures", serialize_with = "sorted_failures")]
    failures_by: BTreeMap<(String, String), Occurrences>,
}

impl EventSummary {
    /// A summary of no lines yet of the event named `name`.
    pub(crate) fn named(name: &str) -> EventSummary {
        EventSummary {
            name: name.to_string(),
            ..EventSummary::default()
        }
    }

    pub(crate) fn failure(
        &mut self,
        path: &str,
        keyword: &str,
        line: u64,
        message: &str,
        max: usize,
    ) {
        self.failures_by
            .entry((path.to_string(), keyword.to_string()))
            .or_default()
            .add(line, message, max);
    }

    /// Failures by property path and keyword, most frequent first.
    pub fn failures(&self) -> Vec<Failure> {
        failures(&self.failures_by)
    }
}

/// Counts of lines validated, merged chunk by chunk in line order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Non-blank lines read.
    pub lines: u64,
    /// Blank lines (skipped).
    pub blank: u64,
    /// Lines valid against their event's schema.
    pub valid: u64,
    /// Lines invalid against their event's schema.
    pub invalid: u64,
    /// Lines of events the plan does not have.
    pub unknown: u64,
    /// Lines that could not be read as an event.
    pub unparsable: u64,
    /// By event key.
    pub events: BTreeMap<String, EventSummary>,
    /// Events the plan does not have, by name or Iglu URI.
    pub unknown_events: BTreeMap<String, Occurrences>,
    /// Unparsable lines by problem.
    pub problems: BTreeMap<Problem, Occurrences>,
}

impl Summary {
    pub(crate) fn problem(&mut self, kind: Problem, line: u64, message: String, max: usize) {
        self.unparsable += 1;
        self.problems
            .entry(kind)
            .or_default()
            .add(line, &message, max);
    }

    pub(crate) fn unknown(&mut self, name: &str, line: u64, max: usize) {
        self.unknown += 1;
        self.unknown_events
            .entry(cut(name))
            .or_default()
            .add(line, "not in the plan", max);
    }

    /// Records an over-long line the reader skipped.
    pub fn too_long(&mut self, line: u64, bytes: u64, max: usize) {
        self.lines += 1;
        self.problem(
            Problem::TooLong,
            line,
            format!(
                "{bytes} bytes, over the {} MiB limit",
                reader::MAX_LINE_BYTES >> 20
            ),
            max,
        );
    }

    /// Names `file` in every example (line numbers are per input).
    pub fn label_examples(&mut self, file: &str) {
        let label = |o: &mut Occurrences| {
            for e in &mut o.examples {
                e.file = Some(file.to_string());
            }
        };
        for e in self.events.values_mut() {
            e.failures_by.values_mut().for_each(label);
        }
        self.unknown_events.values_mut().for_each(label);
        self.problems.values_mut().for_each(label);
    }

    /// Adds `later`, the summary of the lines after this one's.
    pub fn merge(&mut self, later: Summary, max: usize) {
        self.lines += later.lines;
        self.blank += later.blank;
        self.valid += later.valid;
        self.invalid += later.invalid;
        self.unknown += later.unknown;
        self.unparsable += later.unparsable;
        for (key, theirs) in later.events {
            let ours = self.events.entry(key).or_insert_with(|| EventSummary {
                name: theirs.name.clone(),
                ..EventSummary::default()
            });
            ours.count += theirs.count;
            ours.invalid += theirs.invalid;
            for (v, n) in theirs.versions {
                *ours.versions.entry(v).or_default() += n;
            }
            for (k, o) in theirs.failures_by {
                ours.failures_by.entry(k).or_default().merge(o, max);
            }
        }
        for (name, o) in later.unknown_events {
            self.unknown_events.entry(name).or_default().merge(o, max);
        }
        for (kind, o) in later.problems {
            self.problems.entry(kind).or_default().merge(o, max);
        }
    }
}

/// Failures by property path and keyword, most frequent first.
fn failures(by: &BTreeMap<(String, String), Occurrences>) -> Vec<Failure> {
    let mut out: Vec<Failure> = by
        .iter()
        .map(|((path, keyword), o)| Failure {
            path: path.clone(),
            keyword: keyword.clone(),
            occurrences: o.clone(),
        })
        .collect();
    out.sort_by_key(|f| std::cmp::Reverse(f.occurrences.count));
    out
}

fn sorted_failures<S: serde::Serializer>(
    by: &BTreeMap<(String, String), Occurrences>,
    s: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&failures(by), s)
}
