//! Properties: the schema subset of DESIGN.md, snake_cased, with `ref` to
//! shared properties and per-use overrides.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde_json::Value;
use toml::de::{DeTable, DeValue};

use super::doc::{Doc, Item};
use crate::error::{ErrorKind, suggest};
use crate::key::Key;
use crate::model::{JsonType, Property, SharedProperty, TypeSet};

/// Every key a property may have.
pub const PROPERTY_KEYS: &[&str] = &[
    "type",
    "description",
    "enum",
    "const",
    "format",
    "pattern",
    "minimum",
    "maximum",
    "exclusive_minimum",
    "exclusive_maximum",
    "multiple_of",
    "min_length",
    "max_length",
    "min_items",
    "max_items",
    "unique_items",
    "items",
    "properties",
    "required",
    "additional_properties",
    "default",
    "examples",
    "deprecated",
    "aliases",
    "schema_extra",
    "ref",
];

/// The `format` values JSON Schema draft 2020-12 defines; validators assert
/// them, so an unknown one would silently accept anything.
pub const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Where a property sits: decides whether `ref` and `required` are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A file in `properties/`: no `ref`, no `required`.
    Shared,
    /// Inside an event's or object's `properties`.
    Field,
    /// An array's `items`: no `required`.
    Items,
}

/// What a property may refer to: the shared properties of the plan.
pub(crate) struct Refs<'a> {
    /// Keys of every file in `properties/`, parsed or not.
    pub keys: &'a BTreeSet<String>,
    /// The shared properties that parsed.
    pub parsed: &'a BTreeMap<Key, SharedProperty>,
}

/// Spans of the keywords of one property level, for errors found after
/// reading it.
#[derive(Default)]
struct KeywordSpans(Vec<(&'static str, Range<usize>)>);

impl KeywordSpans {
    fn get(&self, key: &str) -> Option<Range<usize>> {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, r)| r.clone())
    }
}

/// Reads one property from `item` (a table). `name` names it in messages.
pub(crate) fn parse_property(
    doc: &mut Doc<'_>,
    name: &str,
    item: &Item<'_>,
    place: Place,
    refs: Option<&Refs<'_>>,
) -> Option<Property> {
    let DeValue::Table(table) = item.get_ref() else {
        doc.wrong_type(
            name,
            item,
            "a table of property keys (`{ type = \"string\" }`)",
        );
        return None;
    };
    parse_table(doc, table, item.span(), place, refs)
}

/// Reads one property from its table; `whole` is the table's span.
pub(crate) fn parse_table(
    doc: &mut Doc<'_>,
    table: &DeTable<'_>,
    whole: Range<usize>,
    place: Place,
    refs: Option<&Refs<'_>>,
) -> Option<Property> {
    let before = doc.errors.len();
    let mut p = Property::default();
    let mut spans = KeywordSpans::default();
    read_keys(doc, table, place, refs, &mut p, &mut spans);
    // Whether `schema_extra` contradicts the plan's keys is the dialect's
    // to say: `tplan_schema::load` checks it with the keyword table.
    if doc.errors.len() > before {
        return None;
    }
    // The property as validators will see it: a shared definition with this
    // entry's overrides. Checks of a plain `ref` ran in the shared file.
    let overlay;
    let target = match (&p.reference, refs) {
        (Some(key), Some(refs)) => match refs.parsed.get(key) {
            Some(shared) if p.has_overrides() => {
                overlay = p.overlay_on(&shared.property);
                Some(&overlay)
            }
            _ => None,
        },
        (Some(_), None) => None,
        (None, _) => Some(&p),
    };
    if let Some(target) = target {
        check(target, &mut |key, kind| {
            let range = spans.get(key).unwrap_or_else(|| whole.clone());
            doc.error(range, kind);
        });
    }
    (doc.errors.len() == before).then_some(p)
}

fn read_keys(
    doc: &mut Doc<'_>,
    table: &DeTable<'_>,
    place: Place,
    refs: Option<&Refs<'_>>,
    p: &mut Property,
    spans: &mut KeywordSpans,
) {
    for (k, v) in table.iter() {
        let key = k.get_ref().as_ref();
        let Some(&known) = PROPERTY_KEYS.iter().find(|known| **known == key) else {
            doc.unknown_key(k, "a property", PROPERTY_KEYS);
            continue;
        };
        spans.0.push((known, v.span()));
        match known {
            "type" => p.types = parse_types(doc, v),
            "description" => p.description = doc.string(known, v),
            "aliases" => {
                let Some(names) = doc.string_list(known, v) else {
                    continue;
                };
                if let Some(bad) = names.iter().find_map(|n| {
                    check_property_name(n)
                        .err()
                        .map(|why| format!("alias `{n}`: {why}"))
                }) {
                    doc.invalid(known, v.span(), bad);
                    continue;
                }
                p.aliases = Some(names);
            }
            "enum" => match doc.json(known, v) {
                Some(Value::Array(values)) if values.is_empty() => {
                    doc.invalid(known, v.span(), "an empty `enum` accepts no value")
                }
                Some(Value::Array(values)) => p.enum_values = Some(values),
                Some(_) => doc.wrong_type(known, v, "a list of values"),
                None => {}
            },
            "const" => p.const_value = doc.json(known, v).map(Box::new),
            "format" => p.format = doc.string(known, v),
            "pattern" => p.pattern = doc.string(known, v),
            "minimum" => p.minimum = doc.number(known, v),
            "maximum" => p.maximum = doc.number(known, v),
            "exclusive_minimum" => p.exclusive_minimum = doc.number(known, v),
            "exclusive_maximum" => p.exclusive_maximum = doc.number(known, v),
            "multiple_of" => p.multiple_of = doc.number(known, v),
            "min_length" => p.min_length = doc.count(known, v),
            "max_length" => p.max_length = doc.count(known, v),
            "min_items" => p.min_items = doc.count(known, v),
            "max_items" => p.max_items = doc.count(known, v),
            "unique_items" => p.unique_items = doc.boolean(known, v),
            "additional_properties" => p.additional_properties = doc.boolean(known, v),
            "deprecated" => p.deprecated = doc.boolean(known, v),
            "schema_extra" => p.schema_extra = super::extra::read(doc, known, v).map(Box::new),
            "default" => p.default = doc.json(known, v).map(Box::new),
            "examples" => match doc.json(known, v) {
                Some(Value::Array(values)) => p.examples = Some(values),
                Some(_) => doc.wrong_type(known, v, "a list of example values"),
                None => {}
            },
            "items" => {
                p.items = parse_property(doc, "items", v, Place::Items, refs).map(Box::new);
            }
            "properties" => {
                if let Some(props) = doc.table(known, v) {
                    let mut out = BTreeMap::new();
                    for (name, child) in props.iter() {
                        let name_str = name.get_ref().as_ref();
                        if let Err(message) = check_property_name(name_str) {
                            doc.invalid("properties", name.span(), message);
                            continue;
                        }
                        if let Some(c) = parse_property(doc, name_str, child, Place::Field, refs) {
                            out.insert(name_str.to_string(), c);
                        }
                    }
                    super::aliases::check_aliases(doc, &out, v.span());
                    p.properties = Some(out);
                }
            }
            "required" => match place {
                Place::Field => p.required = doc.boolean(known, v).unwrap_or(false),
                Place::Shared => doc.invalid(
                    known,
                    k.span(),
                    "a shared property is required where it is used: set `required` on the event's `ref`",
                ),
                Place::Items => doc.invalid(
                    known,
                    k.span(),
                    "array items cannot be required; use `min_items` on the array",
                ),
            },
            "ref" => match (place, refs) {
                (Place::Shared, _) | (_, None) => doc.invalid(
                    known,
                    k.span(),
                    "a shared property cannot reference another shared property",
                ),
                (_, Some(refs)) => {
                    let Some(name) = doc.string(known, v) else { continue };
                    if !refs.keys.contains(&name) {
                        let suggestion = suggest(&name, refs.keys.iter().map(String::as_str));
                        doc.error(v.span(), ErrorKind::UnknownSharedProperty { name, suggestion });
                        continue;
                    }
                    // Present as a file, so it is a valid key.
                    p.reference = Key::new(&name).ok();
                }
            },
            _ => unreachable!("every key of PROPERTY_KEYS has an arm"),
        }
    }
}

/// Property names are payload keys: any of letters, digits, `_`, `-`, `$`
/// and `.`; the naming lint enforces the plan's style on top.
pub fn check_property_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a property name cannot be empty".into());
    }
    if name.len() > 128 {
        return Err(format!(
            "property name `{name}` is longer than 128 characters"
        ));
    }
    match name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$' | '.')))
    {
        Some(c) => Err(format!(
            "property name `{name}` has `{c}`: use letters, digits, `_`, `-`, `$` or `.`"
        )),
        None => Ok(()),
    }
}

fn parse_types(doc: &mut Doc<'_>, item: &Item<'_>) -> Option<TypeSet> {
    let one = |doc: &mut Doc<'_>, v: &Item<'_>| -> Option<JsonType> {
        let s = doc.string("type", v)?;
        let t = JsonType::parse(&s);
        if t.is_none() {
            let names = JsonType::ALL.map(JsonType::as_str);
            let hint =
                suggest(&s, names).map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
            doc.invalid(
                "type",
                v.span(),
                format!("`{s}` is not a type{hint}; use one of {}", names.join(", ")),
            );
        }
        t
    };
    let mut types = match item.get_ref() {
        DeValue::String(_) => vec![one(doc, item)?],
        DeValue::Array(items) => {
            let mut out = Vec::new();
            for v in items.iter() {
                out.push(one(doc, v)?);
            }
            if out.is_empty() {
                doc.invalid("type", item.span(), "an empty type list accepts no value");
                return None;
            }
            out
        }
        _ => {
            doc.wrong_type("type", item, "a type name or a list of them");
            return None;
        }
    };
    Some(types.drain(..).collect())
}

/// The kind of value a keyword constrains.
fn applies_to(key: &str) -> Option<(&'static str, &'static [JsonType])> {
    const STRING: &[JsonType] = &[JsonType::String];
    const NUMBER: &[JsonType] = &[JsonType::Number, JsonType::Integer];
    const ARRAY: &[JsonType] = &[JsonType::Array];
    const OBJECT: &[JsonType] = &[JsonType::Object];
    Some(match key {
        "format" | "pattern" | "min_length" | "max_length" => ("string", STRING),
        "minimum" | "maximum" | "exclusive_minimum" | "exclusive_maximum" | "multiple_of" => {
            ("numeric", NUMBER)
        }
        "items" | "min_items" | "max_items" | "unique_items" => ("array", ARRAY),
        "properties" | "additional_properties" => ("object", OBJECT),
        _ => return None,
    })
}

/// Checks one property level for definitions no value could satisfy or
/// that a validator would silently ignore. `report` gets the keyword at fault.
pub fn check(p: &Property, report: &mut dyn FnMut(&'static str, ErrorKind)) {
    check_applicable(p, report);
    check_bounds(p, report);
    check_values(p, report);
    check_strings(p, report);
}

/// The declared types, as messages name them.
fn types_text(p: &Property) -> String {
    match &p.types {
        Some(t) => match t.single() {
            Some(one) => format!("`{one}`"),
            None => format!(
                "[{}]",
                t.iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        None => "any".to_string(),
    }
}

/// Keywords that cannot apply to the declared type.
fn check_applicable(p: &Property, report: &mut dyn FnMut(&'static str, ErrorKind)) {
    if let Some(types) = &p.types {
        let set: [(&'static str, bool); 16] = [
            ("format", p.format.is_some()),
            ("pattern", p.pattern.is_some()),
            ("min_length", p.min_length.is_some()),
            ("max_length", p.max_length.is_some()),
            ("minimum", p.minimum.is_some()),
            ("maximum", p.maximum.is_some()),
            ("exclusive_minimum", p.exclusive_minimum.is_some()),
            ("exclusive_maximum", p.exclusive_maximum.is_some()),
            ("multiple_of", p.multiple_of.is_some()),
            ("items", p.items.is_some()),
            ("min_items", p.min_items.is_some()),
            ("max_items", p.max_items.is_some()),
            ("unique_items", p.unique_items.is_some()),
            ("properties", p.properties.is_some()),
            ("additional_properties", p.additional_properties.is_some()),
            ("type", false),
        ];
        for (key, present) in set {
            let Some((kind, wanted)) = applies_to(key) else {
                continue;
            };
            if present
                && !wanted
                    .iter()
                    .any(|w| types.iter().any(|t| t.accepts(*w) || w.accepts(t)))
            {
                report(
                    key,
                    ErrorKind::KeywordNotApplicable {
                        key: key.to_string(),
                        applies_to: kind.to_string(),
                        types: types_text(p),
                    },
                );
            }
        }
    }
}

/// Bounds the wrong way round, and a `multiple_of` that is not positive.
fn check_bounds(p: &Property, report: &mut dyn FnMut(&'static str, ErrorKind)) {
    let num = |n: &Option<serde_json::Number>| n.as_ref().and_then(|n| n.as_f64());
    /// A lower and an upper bound, and whether they may not be equal.
    type Bounds = (&'static str, Option<f64>, &'static str, Option<f64>, bool);
    let bounds: [Bounds; 5] = [
        (
            "minimum",
            num(&p.minimum),
            "maximum",
            num(&p.maximum),
            false,
        ),
        (
            "exclusive_minimum",
            num(&p.exclusive_minimum),
            "exclusive_maximum",
            num(&p.exclusive_maximum),
            true,
        ),
        (
            "min_length",
            p.min_length.map(|n| n as f64),
            "max_length",
            p.max_length.map(|n| n as f64),
            false,
        ),
        (
            "min_items",
            p.min_items.map(|n| n as f64),
            "max_items",
            p.max_items.map(|n| n as f64),
            false,
        ),
        (
            "minimum",
            num(&p.minimum),
            "exclusive_maximum",
            num(&p.exclusive_maximum),
            true,
        ),
    ];
    for (low, lo, high, hi, strict) in bounds {
        if let (Some(lo), Some(hi)) = (lo, hi)
            && (lo > hi || (strict && lo == hi))
        {
            report(
                low,
                ErrorKind::BoundsInverted {
                    low: low.to_string(),
                    low_value: fmt_num(lo),
                    high: high.to_string(),
                    high_value: fmt_num(hi),
                },
            );
        }
    }
    if let Some(m) = num(&p.multiple_of)
        && m <= 0.0
    {
        report(
            "multiple_of",
            ErrorKind::InvalidValue {
                key: "multiple_of".into(),
                message: "must be greater than 0".into(),
            },
        );
    }
}

/// `enum` and `const` values of the declared type, listed once.
fn check_values(p: &Property, report: &mut dyn FnMut(&'static str, ErrorKind)) {
    if let Some(values) = &p.enum_values {
        let mut kinds: Vec<JsonType> = values
            .iter()
            .map(JsonType::of)
            .filter(|t| *t != JsonType::Null)
            .map(|t| {
                if t == JsonType::Integer {
                    JsonType::Number
                } else {
                    t
                }
            })
            .collect();
        kinds.sort();
        kinds.dedup();
        if kinds.len() > 1 {
            let types = kinds
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            report("enum", ErrorKind::EnumMixedTypes { types });
        } else if let Some(bad) = values.iter().find(|v| !p.allows_type(JsonType::of(v))) {
            report(
                "enum",
                ErrorKind::InvalidValue {
                    key: "enum".into(),
                    message: format!("{bad} is not of the declared type {}", types_text(p)),
                },
            );
        }
        for (i, v) in values.iter().enumerate() {
            if values[..i].contains(v) {
                report(
                    "enum",
                    ErrorKind::InvalidValue {
                        key: "enum".into(),
                        message: format!("{v} is listed twice"),
                    },
                );
                break;
            }
        }
    }
    if let Some(c) = &p.const_value
        && !p.allows_type(JsonType::of(c))
    {
        report(
            "const",
            ErrorKind::InvalidValue {
                key: "const".into(),
                message: format!("{c} is not of the declared type {}", types_text(p)),
            },
        );
    }
}

/// A `format` JSON Schema knows and a `pattern` validators compile.
fn check_strings(p: &Property, report: &mut dyn FnMut(&'static str, ErrorKind)) {
    if let Some(format) = &p.format
        && !FORMATS.contains(&format.as_str())
    {
        let hint = suggest(format, FORMATS.iter().copied())
            .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
        report(
            "format",
            ErrorKind::InvalidValue {
                key: "format".into(),
                message: format!("`{format}` is not a JSON Schema format{hint}"),
            },
        );
    }
    if let Some(pattern) = &p.pattern {
        // Compile it the way validators will, so a plan never publishes a
        // schema they reject.
        if jsonschema::validator_for(&serde_json::json!({ "pattern": pattern })).is_err() {
            report(
                "pattern",
                ErrorKind::InvalidValue {
                    key: "pattern".into(),
                    message: format!("`{pattern}` is not a valid regular expression"),
                },
            );
        }
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}
