//! `type` as a set of value kinds, with `integer` inside `number`.

use serde_json::Value;

/// Bits of the kinds of JSON values a schema's `type` admits. Numbers are
/// split in integral and fractional values so `integer` is a subset of
/// `number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kinds(u8);

const ARRAY: u8 = 1;
const BOOLEAN: u8 = 2;
const NULL: u8 = 4;
const OBJECT: u8 = 8;
const STRING: u8 = 16;
const INTEGRAL: u8 = 32;
const FRACTIONAL: u8 = 64;
const ALL: u8 = 127;

impl Kinds {
    /// Every kind: a schema without `type`.
    pub const ANY: Kinds = Kinds(ALL);
    /// Only `null`.
    pub const NULL: Kinds = Kinds(NULL);

    /// The kinds of a `type` value; `None` for a type name the engine does
    /// not know (left to `unanalysed-change`).
    pub fn of(type_value: Option<&Value>) -> Option<Kinds> {
        let one = |name: &str| -> Option<u8> {
            Some(match name {
                "array" => ARRAY,
                "boolean" => BOOLEAN,
                "null" => NULL,
                "object" => OBJECT,
                "string" => STRING,
                "integer" => INTEGRAL,
                "number" => INTEGRAL | FRACTIONAL,
                _ => return None,
            })
        };
        match type_value {
            None => Some(Kinds::ANY),
            Some(Value::String(s)) => one(s).map(Kinds),
            Some(Value::Array(items)) => {
                let mut bits = 0;
                for item in items {
                    bits |= one(item.as_str()?)?;
                }
                Some(Kinds(bits))
            }
            Some(_) => None,
        }
    }

    pub fn contains(self, other: Kinds) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn minus(self, other: Kinds) -> Kinds {
        Kinds(self.0 & !other.0)
    }

    pub fn has_null(self) -> bool {
        self.0 & NULL != 0
    }

    /// Only integers (and perhaps null): the kind of property a warehouse
    /// stores in an integer column.
    pub fn is_integer(self) -> bool {
        self.0 & INTEGRAL != 0 && self.0 & !(INTEGRAL | NULL) == 0
    }
}

/// The spelling-independent form of a `type` value: sorted, deduplicated
/// names (one name and a one-item list are the same).
pub(crate) fn canonical_names(type_value: Option<&Value>) -> Option<Vec<String>> {
    let mut names: Vec<String> = match type_value? {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().map(|v| v.to_string()).collect(),
        other => vec![other.to_string()],
    };
    names.sort();
    names.dedup();
    Some(names)
}
