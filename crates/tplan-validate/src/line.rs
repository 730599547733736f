//! One line of NDJSON read, matched to its planned event and checked.

use serde_json::Value;

use crate::catalog::Catalog;
use crate::checker::Checker;
use crate::compile::compile_iglu;
use crate::reader;
use crate::summary::{EventSummary, Limits, Problem, Summary};
use crate::text::{cut, json_kind};
use tplan_plan::model::CallType;
use tplan_schema::IgluUri;

impl Catalog {
    /// Validates one chunk of lines (`first_line` is the number of its
    /// first line) into a partial summary.
    pub fn validate_chunk(&self, first_line: u64, data: &[u8], limits: &Limits<'_>) -> Summary {
        let mut summary = Summary::default();
        let mut line = first_line;
        let mut rest = data;
        while !rest.is_empty() {
            let (raw, next) = match memchr::memchr(b'\n', rest) {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &rest[rest.len()..]),
            };
            rest = next;
            let this = line;
            line += 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            if raw.iter().all(u8::is_ascii_whitespace) {
                summary.blank += 1;
                continue;
            }
            summary.lines += 1;
            self.validate_line(this, raw, limits, &mut summary);
        }
        summary
    }

    fn validate_line(&self, line: u64, raw: &[u8], limits: &Limits<'_>, summary: &mut Summary) {
        let max = limits.max;
        if raw.len() > reader::MAX_LINE_BYTES {
            summary.problem(Problem::TooLong, line, format!("{} bytes", raw.len()), max);
            return;
        }
        let value: Value = match serde_json::from_slice(raw) {
            Ok(v) => v,
            Err(e) => {
                let (kind, message) = match std::str::from_utf8(raw) {
                    Err(u) => (
                        Problem::NotUtf8,
                        format!("invalid UTF-8 at byte {}", u.valid_up_to() + 1),
                    ),
                    Ok(_) => (Problem::NotJson, e.to_string()),
                };
                summary.problem(kind, line, message, max);
                return;
            }
        };
        let Value::Object(object) = &value else {
            summary.problem(
                Problem::NotObject,
                line,
                format!("a JSON {}, not an object", json_kind(&value)),
                max,
            );
            return;
        };
        if let Some(schema) = object.get("schema") {
            let Some(uri_text) = schema.as_str() else {
                summary.problem(
                    Problem::BadIgluUri,
                    line,
                    "`schema` is not a string".into(),
                    max,
                );
                return;
            };
            let Some(uri) = IgluUri::parse(uri_text) else {
                summary.problem(
                    Problem::BadIgluUri,
                    line,
                    format!("`{}` is not an Iglu URI like `iglu:com.acme/checkout_completed/jsonschema/1-0-0`", cut(uri_text)),
                    max,
                );
                return;
            };
            let data = object.get("data").unwrap_or(&Value::Null);
            let index = (uri.format == "jsonschema")
                .then(|| self.by_key.get(&uri.name).copied())
                .flatten()
                .filter(|&i| self.events[i].vendor == uri.vendor);
            let Some(index) = index else {
                summary.unknown(&uri.to_string(), line, limits);
                return;
            };
            let version = uri.version.to_string();
            let cell = self.published_validator(&uri.registry_path());
            let published = cell.as_ref().and_then(|c| c.get()).and_then(Option::as_ref);
            // A version neither published nor the plan's own: no schema
            // says what it holds.
            let current = self.events[index].version;
            if published.is_none() && uri.version != current {
                let message = format!(
                    "version {} of `{}` was never published (the plan has it at {current})",
                    uri.version, uri.name
                );
                self.check(
                    index,
                    Some(version),
                    Checker::Refused {
                        keyword: "version",
                        message: &message,
                    },
                    data,
                    line,
                    limits,
                    summary,
                );
                return;
            }
            let checker = match (published, &self.events[index].iglu) {
                (Some(v), _) => Checker::Whole(v),
                (None, Some((schema, compiled))) => Checker::Whole(compiled.get_or_init(|| {
                    compile_iglu(&serde_json::from_slice(schema).expect("we wrote it"))
                })),
                (None, None) => self.plan_checker(index),
            };
            self.check(index, Some(version), checker, data, line, limits, summary);
        } else if let Some(call) = segment_call(object) {
            self.check_call(call, object, line, limits, summary);
        } else {
            summary.problem(
                Problem::NoEvent,
                line,
                "neither `event` (a track) nor `schema` (a self-describing event)".into(),
                max,
            );
        }
    }

    /// A Segment-spec call (which RudderStack speaks too): a `track` by its
    /// `event`, a `page` or `screen` by its `name`, an `identify` or a
    /// `group` as the plan's event of that type, checked against
    /// `properties` or, for identify and group, `traits`.
    fn check_call(
        &self,
        call: CallType,
        object: &serde_json::Map<String, Value>,
        line: u64,
        limits: &Limits<'_>,
        summary: &mut Summary,
    ) {
        let named = |field: &str| object.get(field).and_then(Value::as_str);
        let (found, label) = match call {
            CallType::Track => {
                let Some(name) = named("event") else {
                    let what = "`event` is not a string".into();
                    summary.problem(Problem::NoEvent, line, what, limits.max);
                    return;
                };
                (self.by_name.get(name).copied(), name.to_string())
            }
            CallType::Page | CallType::Screen => match named("name") {
                Some(name) => (self.by_name.get(name).copied(), name.to_string()),
                None => (self.by_type.get(&call).copied(), call.as_str().to_string()),
            },
            CallType::Identify | CallType::Group => {
                (self.by_type.get(&call).copied(), call.as_str().to_string())
            }
        };
        let Some(index) = found else {
            summary.unknown(&label, line, limits);
            return;
        };
        let empty = Value::Object(serde_json::Map::new());
        let field = if call.has_traits() {
            "traits"
        } else {
            "properties"
        };
        let instance = object.get(field).unwrap_or(&empty);
        let planned = self.events[index].call_type;
        if planned != call {
            let message = format!(
                "planned as a `{}` call, sent as a `{}`",
                planned.as_str(),
                call.as_str()
            );
            let refused = Checker::Refused {
                keyword: "type",
                message: &message,
            };
            self.check(index, None, refused, instance, line, limits, summary);
            return;
        }
        let checker = self.plan_checker(index);
        self.check(index, None, checker, instance, line, limits, summary);
    }

    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        index: usize,
        version: Option<String>,
        checker: Checker<'_>,
        instance: &Value,
        line: u64,
        limits: &Limits<'_>,
        summary: &mut Summary,
    ) {
        let event = &self.events[index];
        // Sent by a source the event is not planned for.
        let unplanned;
        let checker = match &self.source {
            Some(source) if !event.sources.iter().any(|s| s == source) => {
                unplanned = if event.sources.is_empty() {
                    format!("not planned for source `{source}` (it names no source)")
                } else {
                    format!(
                        "not planned for source `{source}` (planned for {})",
                        event.sources.join(", ")
                    )
                };
                Checker::Refused {
                    keyword: "source",
                    message: &unplanned,
                }
            }
            _ => checker,
        };
        let total = limits.total.events.get(&event.key);
        let stats = summary
            .events
            .entry(event.key.clone())
            .or_insert_with(|| EventSummary::named(&event.name));
        stats.count += 1;
        if let Some(v) = version {
            summary.overflowed |= stats.version(v, total);
        }
        if checker.is_valid(instance) {
            summary.valid += 1;
            return;
        }
        summary.invalid += 1;
        stats.invalid += 1;
        let mut overflowed = false;
        checker.errors(instance, &mut |path, keyword, message| {
            overflowed |= stats.failure(path, keyword, line, message, (limits.max, total));
        });
        summary.overflowed |= overflowed;
    }
}

/// The call a Segment-style payload makes: its `type` (`identify`…), or a
/// `track` when it names an `event` without one.
fn segment_call(object: &serde_json::Map<String, Value>) -> Option<CallType> {
    match object.get("type").and_then(Value::as_str) {
        Some(t) => {
            CallType::parse(t).or_else(|| object.contains_key("event").then_some(CallType::Track))
        }
        None => object.contains_key("event").then_some(CallType::Track),
    }
}
