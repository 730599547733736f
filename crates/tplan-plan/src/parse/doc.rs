//! One plan file being parsed: its text, its TOML tree with spans, and the
//! errors found so far. Helpers here turn TOML values into model values and
//! report a precise error (file, line, column) for each one that does not fit.

use std::ops::Range;

use serde_json::{Number, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{ErrorKind, PlanError, suggest_key};
use crate::files::Entry;
use crate::model::Date;
use crate::span::Span;

/// A TOML value with its span.
pub(crate) type Item<'i> = Spanned<DeValue<'i>>;

/// The state of parsing one file.
pub(crate) struct Doc<'s> {
    pub file: &'s str,
    pub src: &'s str,
    pub errors: Vec<PlanError>,
}

impl<'s> Doc<'s> {
    /// Checks what a reader found at `file` and returns the text, or records
    /// why it cannot be parsed.
    pub fn text(file: &'s str, entry: &'s Entry, errors: &mut Vec<PlanError>) -> Option<&'s str> {
        let kind = match entry {
            Entry::File(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => return Some(text),
                Err(e) => ErrorKind::NotUtf8 {
                    offset: e.valid_up_to(),
                },
            },
            Entry::Symlink => ErrorKind::Symlink,
            Entry::TooLarge { size } => ErrorKind::TooLarge { size: *size },
            Entry::NotAFile => ErrorKind::NotAFile,
            // Never parsed: `parse_file` skips unread entries first.
            Entry::Unread => return None,
        };
        errors.push(PlanError::new(file, None, kind));
        None
    }

    pub fn new(file: &'s str, src: &'s str) -> Self {
        Doc {
            file,
            src,
            errors: Vec::new(),
        }
    }

    /// Parses the text as a TOML document; on a syntax error records it and
    /// returns `None` (one syntax error per file: the rest would be noise).
    pub fn parse(&mut self) -> Option<DeTable<'s>> {
        match DeTable::parse(self.src) {
            Ok(table) => Some(table.into_inner()),
            Err(e) => {
                let span = e.span().map(|r| Span::new(self.src, r));
                self.errors.push(PlanError::new(
                    self.file,
                    span,
                    ErrorKind::Toml {
                        message: e.message().trim().to_string(),
                    },
                ));
                None
            }
        }
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.src, range)
    }

    pub fn error(&mut self, range: Range<usize>, kind: ErrorKind) {
        let span = Some(self.span(range));
        self.errors.push(PlanError::new(self.file, span, kind));
    }

    pub fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        context: &str,
        known: &[&str],
    ) {
        let name = key.get_ref().as_ref();
        let suggestion = suggest_key(name, known.iter().copied());
        self.error(
            key.span(),
            ErrorKind::UnknownKey {
                key: name.to_string(),
                context: context.to_string(),
                suggestion: suggestion.map(crate::error::DidYouMean),
            },
        );
    }

    pub fn missing_key(&mut self, range: Range<usize>, key: &str, context: &str) {
        self.error(
            range,
            ErrorKind::MissingKey {
                key: key.to_string(),
                context: context.to_string(),
            },
        );
    }

    pub fn wrong_type(&mut self, key: &str, item: &Item<'_>, expected: &str) {
        let found = describe(item.get_ref());
        self.error(
            item.span(),
            ErrorKind::WrongType {
                key: key.to_string(),
                expected: expected.to_string(),
                found: found.to_string(),
            },
        );
    }

    pub fn invalid(&mut self, key: &str, range: Range<usize>, message: impl Into<String>) {
        self.error(
            range,
            ErrorKind::InvalidValue {
                key: key.to_string(),
                message: message.into(),
            },
        );
    }

    pub fn string(&mut self, key: &str, item: &Item<'_>) -> Option<String> {
        match item.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(key, item, "a string");
                None
            }
        }
    }

    /// A string that must not be blank.
    pub fn text_value(&mut self, key: &str, item: &Item<'_>) -> Option<String> {
        let s = self.string(key, item)?;
        if s.trim().is_empty() {
            self.invalid(key, item.span(), "must not be empty");
            return None;
        }
        Some(s)
    }

    pub fn boolean(&mut self, key: &str, item: &Item<'_>) -> Option<bool> {
        match item.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, item, "a boolean (`true` or `false`)");
                None
            }
        }
    }

    pub fn count(&mut self, key: &str, item: &Item<'_>) -> Option<u64> {
        match item.get_ref() {
            DeValue::Integer(i) => match u64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.invalid(key, item.span(), "must be zero or more");
                    None
                }
            },
            _ => {
                self.wrong_type(key, item, "a non-negative integer");
                None
            }
        }
    }

    pub fn number(&mut self, key: &str, item: &Item<'_>) -> Option<Number> {
        match self.json(key, item)? {
            Value::Number(n) => Some(n),
            _ => {
                self.wrong_type(key, item, "a number");
                None
            }
        }
    }

    pub fn string_list(&mut self, key: &str, item: &Item<'_>) -> Option<Vec<String>> {
        let DeValue::Array(items) = item.get_ref() else {
            self.wrong_type(key, item, "a list of strings");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for v in items.iter() {
            out.push(self.text_value(key, v)?);
        }
        Some(out)
    }

    /// A set of strings: sorted, and a duplicate is an error (it would be
    /// silently merged otherwise).
    pub fn string_set(&mut self, key: &str, item: &Item<'_>) -> Option<Vec<String>> {
        let mut list = self.string_list(key, item)?;
        list.sort();
        if let Some(w) = list.windows(2).find(|w| w[0] == w[1]) {
            let dup = w[0].clone();
            self.invalid(key, item.span(), format!("`{dup}` is listed twice"));
            return None;
        }
        Some(list)
    }

    pub fn table<'a, 'i>(&mut self, key: &str, item: &'a Item<'i>) -> Option<&'a DeTable<'i>> {
        match item.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, item, "a table");
                None
            }
        }
    }

    pub fn date(&mut self, key: &str, item: &Item<'_>) -> Option<Date> {
        let text = match item.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            DeValue::String(s) => s.to_string(),
            _ => {
                self.wrong_type(key, item, "a date (`2026-06-01`)");
                return None;
            }
        };
        let date = Date::parse(&text);
        if date.is_none() {
            self.invalid(
                key,
                item.span(),
                format!("`{text}` is not a date like `2026-06-01`"),
            );
        }
        date
    }

    /// Any TOML value as JSON: datetimes become their RFC 3339 text, floats
    /// must be finite.
    pub fn json(&mut self, key: &str, item: &Item<'_>) -> Option<Value> {
        Some(match item.get_ref() {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(dt) => Value::String(dt.to_string()),
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Value::Number(n.into()),
                Err(_) => match u64::from_str_radix(i.as_str(), i.radix()) {
                    Ok(n) => Value::Number(n.into()),
                    Err(_) => {
                        self.invalid(key, item.span(), "integer out of range");
                        return None;
                    }
                },
            },
            DeValue::Float(f) => {
                let parsed: Option<f64> = f.as_str().parse().ok();
                match parsed.and_then(Number::from_f64) {
                    Some(n) => Value::Number(crate::canonical::normalize_number(&n)),
                    None => {
                        self.invalid(key, item.span(), "`inf` and `nan` have no JSON form");
                        return None;
                    }
                }
            }
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for v in items.iter() {
                    out.push(self.json(key, v)?);
                }
                Value::Array(out)
            }
            DeValue::Table(t) => {
                let mut out = serde_json::Map::new();
                for (k, v) in t.iter() {
                    out.insert(k.get_ref().to_string(), self.json(key, v)?);
                }
                Value::Object(out)
            }
        })
    }
}

/// A TOML value's kind, for messages.
pub(crate) fn describe(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}
