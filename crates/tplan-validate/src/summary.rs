//! Counts of validated lines, with example lines, merged chunk by chunk.
//!
//! What payloads can multiply is kept to a fixed size in the total: the
//! first [`MAX_UNKNOWN_NAMES`] distinct unknown event names, the first
//! [`MAX_FAILURES_PER_EVENT`] failing (path, keyword) pairs and the first
//! [`MAX_VERSIONS_PER_EVENT`] schema versions of each event, in input
//! order, each with exact counts; what comes after is counted without its
//! name. A chunk is validated knowing the total before it ([`Limits`]):
//! until a cap is full, its summary keeps every entry (a chunk is 1 MiB of
//! input), and after, only what the total lists; either way the counts of
//! what is listed are exact.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::distinct::Distinct;
use crate::reader;
use crate::text::cut;

/// Distinct unknown event names (or Iglu URIs) listed with counts; lines
/// of other unknown names are counted in `unknown_unlisted`.
pub const MAX_UNKNOWN_NAMES: usize = 1000;
/// Distinct (property path, keyword) failures listed per event.
pub const MAX_FAILURES_PER_EVENT: usize = 100;
/// Distinct schema versions listed per event.
pub const MAX_VERSIONS_PER_EVENT: usize = 100;

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
    /// The message (most are one of a few fixed ones, not copied).
    pub message: Cow<'static, str>,
}

/// Lines with one problem.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Occurrences {
    /// How many.
    pub count: u64,
    /// The first ones.
    pub examples: Vec<Example>,
    /// Where it was first seen: the order in which a chunk's entries are
    /// taken into a total that has room for only some.
    #[serde(skip)]
    first: u64,
}

impl Occurrences {
    fn add(&mut self, line: u64, message: Cow<'static, str>, max: usize) {
        if self.count == 0 {
            self.first = line;
        }
        self.count += 1;
        if self.examples.len() < max {
            // One more at a time: most entries never get a second example,
            // and a chunk can hold tens of thousands of entries.
            self.examples.reserve_exact(1);
            self.examples.push(Example {
                file: None,
                line,
                message,
            });
        }
    }

    fn merge(&mut self, other: Occurrences, max: usize) {
        if self.count == 0 {
            self.first = other.first;
        }
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
    /// Self-describing lines by schema version (the first
    /// [`MAX_VERSIONS_PER_EVENT`] versions seen).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub versions: BTreeMap<String, u64>,
    /// Self-describing lines of versions not in `versions`.
    #[serde(skip_serializing_if = "is_zero")]
    pub versions_unlisted: u64,
    /// Failures by property path and keyword, most frequent first (the
    /// first [`MAX_FAILURES_PER_EVENT`] pairs seen).
    #[serde(rename = "failures", serialize_with = "sorted_failures")]
    failures_by: BTreeMap<(String, String), Occurrences>,
    /// Failures at pairs not in `failures`.
    #[serde(skip_serializing_if = "is_zero")]
    pub failures_unlisted: u64,
    /// In a chunk: pairs and versions kept that the total did not list.
    #[serde(skip)]
    fresh_failures: usize,
    #[serde(skip)]
    fresh_versions: usize,
}

/// Whether a chunk counts an entry by name ([`Limits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    /// By name: the total lists it, or may still.
    Count,
    /// Without its name: the total is full and does not list it.
    Unlisted,
    /// Without its name, for now: the chunk kept as many entries the
    /// total does not list as the total has room for, so this one cannot
    /// be listed, unless entries of chunks validated beside this one took
    /// some of that room: the chunk is then validated again.
    Overflow,
}

impl Gate {
    /// For an entry the total (its size and whether it lists the entry,
    /// `None` for an empty total) and the chunk (`kept`, and `fresh`
    /// entries kept that the total does not list) know of.
    fn of(total: Option<(usize, bool)>, kept: bool, fresh: &mut usize, cap: usize) -> Gate {
        let (size, listed) = total.unwrap_or((0, false));
        if listed || kept {
            Gate::Count
        } else if size >= cap {
            Gate::Unlisted
        } else if *fresh >= cap {
            Gate::Overflow
        } else {
            *fresh += 1;
            Gate::Count
        }
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl EventSummary {
    /// A summary of no lines yet of the event named `name`.
    pub(crate) fn named(name: &str) -> EventSummary {
        EventSummary {
            name: name.to_string(),
            ..EventSummary::default()
        }
    }

    /// Records a failure at `path` and `keyword`; `total` is the event's
    /// summary so far, whose failures, once at the cap, are all there is
    /// to count by path.
    /// Returns whether the chunk ran out of room for new pairs while the
    /// total still had some (see [`Gate`]).
    pub(crate) fn failure(
        &mut self,
        path: &str,
        keyword: &str,
        line: u64,
        message: &str,
        limits: (usize, Option<&EventSummary>),
    ) -> bool {
        let (max, total) = limits;
        let key = (path.to_string(), keyword.to_string());
        let gate = Gate::of(
            total.map(|t| (t.failures_by.len(), t.failures_by.contains_key(&key))),
            self.failures_by.contains_key(&key),
            &mut self.fresh_failures,
            MAX_FAILURES_PER_EVENT,
        );
        if gate != Gate::Count {
            self.failures_unlisted += 1;
            return gate == Gate::Overflow;
        }
        self.failures_by
            .entry(key)
            .or_default()
            .add(line, Cow::Owned(message.to_string()), max);
        false
    }

    /// Counts a self-describing line of version `v` (see [`Self::failure`]
    /// for `total`).
    pub(crate) fn version(&mut self, v: String, total: Option<&EventSummary>) -> bool {
        let gate = Gate::of(
            total.map(|t| (t.versions.len(), t.versions.contains_key(&v))),
            self.versions.contains_key(&v),
            &mut self.fresh_versions,
            MAX_VERSIONS_PER_EVENT,
        );
        if gate != Gate::Count {
            self.versions_unlisted += 1;
            return gate == Gate::Overflow;
        }
        *self.versions.entry(v).or_default() += 1;
        false
    }

    /// Failures by property path and keyword, most frequent first.
    pub fn failures(&self) -> Vec<Failure> {
        failures(&self.failures_by)
    }
}

/// What a chunk is validated with: examples kept per entry, and the total
/// of the chunks before it. A chunk counts by name what the total lists,
/// and new entries only as many as the total has room for; what the total
/// cannot list is counted without its name. A chunk therefore holds no
/// more entries than the total does, whatever its lines.
pub struct Limits<'a> {
    /// Example lines kept per entry.
    pub max: usize,
    /// The summary of the lines before the chunk's batch.
    pub total: &'a Summary,
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
    /// Events the plan does not have, by name or Iglu URI: the first
    /// [`MAX_UNKNOWN_NAMES`] distinct ones seen.
    pub unknown_events: BTreeMap<String, Occurrences>,
    /// Lines of unknown events whose name is not in `unknown_events`.
    pub unknown_unlisted: u64,
    /// How many distinct names those lines have: an estimate.
    pub unknown_unlisted_names: Distinct,
    /// Unparsable lines by problem.
    pub problems: BTreeMap<Problem, Occurrences>,
    /// In a chunk: unknown names kept that the total did not list.
    #[serde(skip)]
    fresh_unknown: usize,
    /// In a chunk: whether an entry was counted without its name for want
    /// of room in the chunk ([`Gate::Overflow`]).
    #[serde(skip)]
    pub(crate) overflowed: bool,
}

impl Summary {
    pub(crate) fn problem(&mut self, kind: Problem, line: u64, message: String, max: usize) {
        self.unparsable += 1;
        self.problems
            .entry(kind)
            .or_default()
            .add(line, Cow::Owned(message), max);
    }

    pub(crate) fn unknown(&mut self, name: &str, line: u64, limits: &Limits<'_>) {
        self.unknown += 1;
        let name = cut(name);
        let listed = &limits.total.unknown_events;
        let gate = Gate::of(
            Some((listed.len(), listed.contains_key(&name))),
            self.unknown_events.contains_key(&name),
            &mut self.fresh_unknown,
            MAX_UNKNOWN_NAMES,
        );
        if gate != Gate::Count {
            self.unknown_unlisted += 1;
            self.unknown_unlisted_names.insert(&name);
            self.overflowed |= gate == Gate::Overflow;
            return;
        }
        self.unknown_events.entry(name).or_default().add(
            line,
            Cow::Borrowed("not in the plan"),
            limits.max,
        );
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

    /// Adds `later`, the summary of the lines after this one's. The caps
    /// are applied here: counts of what stays listed are exact when
    /// `later` is a chunk's summary (which lists everything).
    pub fn merge(&mut self, later: Summary, max: usize) {
        self.lines += later.lines;
        self.blank += later.blank;
        self.valid += later.valid;
        self.invalid += later.invalid;
        self.unknown += later.unknown;
        self.unparsable += later.unparsable;
        for (key, theirs) in later.events {
            let ours = self
                .events
                .entry(key)
                .or_insert_with(|| EventSummary::named(&theirs.name));
            ours.merge(theirs, max);
        }
        self.unknown_unlisted += later.unknown_unlisted;
        self.unknown_unlisted_names
            .merge(&later.unknown_unlisted_names);
        let unlisted = merge_capped(
            &mut self.unknown_events,
            later.unknown_events,
            MAX_UNKNOWN_NAMES,
            max,
        );
        for (name, o) in unlisted {
            self.unknown_unlisted += o.count;
            self.unknown_unlisted_names.insert(&name);
        }
        for (kind, o) in later.problems {
            self.problems.entry(kind).or_default().merge(o, max);
        }
    }

    /// Forgets the unknown events' names (their lines stay counted).
    pub(crate) fn forget_unknown_names(&mut self) {
        self.unknown_events.clear();
        self.unknown_unlisted = 0;
        self.unknown_unlisted_names.clear();
    }
}

impl EventSummary {
    fn merge(&mut self, later: EventSummary, max: usize) {
        self.count += later.count;
        self.invalid += later.invalid;
        self.versions_unlisted += later.versions_unlisted;
        for (v, n) in later.versions {
            let room = self.versions.len() < MAX_VERSIONS_PER_EVENT;
            match self.versions.get_mut(&v) {
                Some(ours) => *ours += n,
                None if room => {
                    self.versions.insert(v, n);
                }
                None => self.versions_unlisted += n,
            }
        }
        self.failures_unlisted += later.failures_unlisted;
        let unlisted = merge_capped(
            &mut self.failures_by,
            later.failures_by,
            MAX_FAILURES_PER_EVENT,
            max,
        );
        self.failures_unlisted += unlisted.iter().map(|(_, o)| o.count).sum::<u64>();
    }
}

/// Adds `later`'s entries to `ours`, new ones in the order they were first
/// seen while `ours` has fewer than `cap`; returns the entries left out.
fn merge_capped<K: Ord>(
    ours: &mut BTreeMap<K, Occurrences>,
    later: BTreeMap<K, Occurrences>,
    cap: usize,
    max: usize,
) -> Vec<(K, Occurrences)> {
    let mut fresh = Vec::new();
    for (k, o) in later {
        match ours.get_mut(&k) {
            Some(mine) => mine.merge(o, max),
            None => fresh.push((k, o)),
        }
    }
    fresh.sort_by_key(|(_, o)| o.first);
    let room = cap.saturating_sub(ours.len()).min(fresh.len());
    let left_out = fresh.split_off(room);
    ours.extend(fresh);
    left_out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_past_the_cap_are_counted_without_their_path() {
        let mut chunk = EventSummary::named("Order Completed");
        // In line order, from the highest path down: the cap keeps the
        // first seen, not the first in path order.
        for i in (0..150u64).rev() {
            let line = 150 - i;
            chunk.failure(&format!("/p{i:03}"), "type", line, "bad", (3, None));
        }
        chunk.failure("/p149", "type", 200, "bad", (3, None));
        let mut total = EventSummary::named("Order Completed");
        total.merge(chunk, 3);
        assert_eq!(total.failures_by.len(), MAX_FAILURES_PER_EVENT);
        assert_eq!(total.failures_unlisted, 50);
        let first = &total.failures_by[&("/p149".to_string(), "type".to_string())];
        assert_eq!(first.count, 2);
        assert!(
            !total
                .failures_by
                .contains_key(&("/p000".into(), "type".into()))
        );
    }

    #[test]
    fn unknown_names_already_listed_keep_counting_past_the_cap() {
        let mut total = Summary::default();
        let mut first = Summary::default();
        let empty = Summary::default();
        let limits = Limits {
            max: 1,
            total: &empty,
        };
        for i in 0..MAX_UNKNOWN_NAMES as u64 + 5 {
            first.unknown(&format!("n{i}"), i + 1, &limits);
        }
        total.merge(first, 1);
        let mut later = Summary::default();
        let limits = Limits {
            max: 1,
            total: &total,
        };
        later.unknown("n0", 2000, &limits);
        later.unknown("new", 2001, &limits);
        assert!(later.unknown_events.contains_key("n0"));
        assert!(
            !later.unknown_events.contains_key("new"),
            "counted by name only when listed"
        );
        total.merge(later, 1);
        assert_eq!(total.unknown_events.len(), MAX_UNKNOWN_NAMES);
        assert_eq!(total.unknown_events["n0"].count, 2);
        assert_eq!(total.unknown_unlisted, 6);
        assert_eq!(total.unknown_unlisted_names.estimate(), 6);
        assert_eq!(total.unknown, MAX_UNKNOWN_NAMES as u64 + 7);
    }
}
