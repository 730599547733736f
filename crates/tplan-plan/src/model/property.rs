use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Number, Value};

use crate::id::ObjectId;
use crate::key::Key;

/// A JSON type name, as in JSON Schema's `type`. Ordered by name so sorted
/// type lists are canonical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonType {
    /// `array`
    Array,
    /// `boolean`
    Boolean,
    /// `integer`: a number with no fractional part.
    Integer,
    /// `null`
    Null,
    /// `number`
    Number,
    /// `object`
    Object,
    /// `string`
    String,
}

impl JsonType {
    /// Every type, in canonical order.
    pub const ALL: [JsonType; 7] = [
        JsonType::Array,
        JsonType::Boolean,
        JsonType::Integer,
        JsonType::Null,
        JsonType::Number,
        JsonType::Object,
        JsonType::String,
    ];

    /// The JSON Schema name.
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::Array => "array",
            JsonType::Boolean => "boolean",
            JsonType::Integer => "integer",
            JsonType::Null => "null",
            JsonType::Number => "number",
            JsonType::Object => "object",
            JsonType::String => "string",
        }
    }

    /// Parses a JSON Schema type name.
    pub fn parse(s: &str) -> Option<JsonType> {
        JsonType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The type of a JSON value (`integer` for numbers without a fraction).
    pub fn of(value: &Value) -> JsonType {
        match value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(n) if n.is_i64() || n.is_u64() => JsonType::Integer,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    /// Whether a value of type `value` is accepted by this declared type
    /// (every integer is a number).
    pub fn accepts(self, value: JsonType) -> bool {
        self == value || (self == JsonType::Number && value == JsonType::Integer)
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of JSON types: a property's `type`, one or several. Iterates in
/// canonical (alphabetical) order, so type lists are sorted everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TypeSet(u8);

impl TypeSet {
    fn bit(t: JsonType) -> u8 {
        1 << (t as u8)
    }

    /// Adds a type.
    pub fn insert(&mut self, t: JsonType) {
        self.0 |= Self::bit(t);
    }

    /// Whether `t` is in the set (exactly; see [`TypeSet::accepts`]).
    pub fn contains(&self, t: JsonType) -> bool {
        self.0 & Self::bit(t) != 0
    }

    /// Whether a value of type `t` passes (every integer is a number).
    pub fn accepts(&self, t: JsonType) -> bool {
        self.iter().any(|d| d.accepts(t))
    }

    /// The types, in canonical order.
    pub fn iter(&self) -> impl Iterator<Item = JsonType> + '_ {
        JsonType::ALL.into_iter().filter(|t| self.contains(*t))
    }

    /// Number of types.
    pub fn len(&self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The only type, when there is exactly one.
    pub fn single(&self) -> Option<JsonType> {
        (self.len() == 1).then(|| self.iter().next()).flatten()
    }

    /// `"string"` for one type, `["null", "string"]` for several: how
    /// schemas and canonical forms spell it.
    pub fn to_json(&self) -> serde_json::Value {
        match self.single() {
            Some(t) => serde_json::Value::from(t.as_str()),
            None => self
                .iter()
                .map(|t| serde_json::Value::from(t.as_str()))
                .collect(),
        }
    }

    /// `string | null`, for people.
    pub fn describe(&self) -> String {
        self.iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

impl FromIterator<JsonType> for TypeSet {
    fn from_iter<I: IntoIterator<Item = JsonType>>(iter: I) -> Self {
        let mut set = TypeSet::default();
        for t in iter {
            set.insert(t);
        }
        set
    }
}

/// A property definition: a named, typed field of an event, of a nested
/// object, an array's `items`, or a shared property in `properties/`.
///
/// Every field is optional so the same type holds a full definition and the
/// overrides a use site layers on a shared property (`ref`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Property {
    /// `ref`: the key of the shared property this one uses.
    pub reference: Option<Key>,
    /// `required`: the enclosing object requires this property.
    pub required: bool,
    /// `type`; `None` accepts every type.
    pub types: Option<TypeSet>,
    /// `description`
    pub description: Option<String>,
    /// `enum`, in the author's order (people and generated code see it).
    pub enum_values: Option<Vec<Value>>,
    /// `const` (boxed: rare, and a `Value` is large).
    pub const_value: Option<Box<Value>>,
    /// `format` (asserted, as Iglu validators do).
    pub format: Option<String>,
    /// `pattern`, an ECMA 262 regular expression.
    pub pattern: Option<String>,
    /// `minimum`
    pub minimum: Option<Number>,
    /// `maximum`
    pub maximum: Option<Number>,
    /// `exclusive_minimum`
    pub exclusive_minimum: Option<Number>,
    /// `exclusive_maximum`
    pub exclusive_maximum: Option<Number>,
    /// `multiple_of`
    pub multiple_of: Option<Number>,
    /// `min_length`
    pub min_length: Option<u64>,
    /// `max_length`
    pub max_length: Option<u64>,
    /// `min_items`
    pub min_items: Option<u64>,
    /// `max_items`
    pub max_items: Option<u64>,
    /// `unique_items`
    pub unique_items: Option<bool>,
    /// `items`: the schema of an array's elements.
    pub items: Option<Box<Property>>,
    /// `properties`: the fields of an object, by name.
    pub properties: Option<BTreeMap<String, Property>>,
    /// `additional_properties`: whether undeclared keys are allowed.
    pub additional_properties: Option<bool>,
    /// `default` (boxed: rare, and a `Value` is large).
    pub default: Option<Box<Value>>,
    /// `examples`
    pub examples: Option<Vec<Value>>,
    /// `deprecated`
    pub deprecated: Option<bool>,
    /// `aliases`: names the property had before a rename, still accepted
    /// in payloads (the compiled schema lists each with the same
    /// definition, never required).
    pub aliases: Option<Vec<String>>,
    /// `schema_extra`: JSON Schema keywords the plan format cannot hold
    /// (`oneOf`, `$ref`, `patternProperties`…), written verbatim into the
    /// property's schema after the plan's own (boxed: rare).
    pub schema_extra: Option<Box<Map<String, Value>>>,
}

impl Property {
    /// Whether the declared types include `t` (no `type` includes every type).
    pub fn allows_type(&self, t: JsonType) -> bool {
        match &self.types {
            None => true,
            Some(types) => types.accepts(t),
        }
    }

    /// The property a use site means: the shared definition with this entry's
    /// overrides on top. `required` always comes from the use site.
    pub fn overlay_on(&self, shared: &Property) -> Property {
        let mut out = shared.clone();
        out.reference = None;
        out.required = self.required;
        macro_rules! take {
            ($($field:ident),*) => {$(
                if self.$field.is_some() { out.$field = self.$field.clone(); }
            )*};
        }
        take!(
            types,
            description,
            enum_values,
            const_value,
            format,
            pattern,
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of,
            min_length,
            max_length,
            min_items,
            max_items,
            unique_items,
            items,
            properties,
            additional_properties,
            default,
            examples,
            deprecated,
            aliases,
            schema_extra
        );
        out
    }

    /// The plan keys this property sets (`type`, `min_length`…), spelled
    /// as in plan files; `ref`, `required` and `schema_extra` aside.
    pub fn set_keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        macro_rules! set {
            ($($field:ident => $key:literal),*) => {$(
                if self.$field.is_some() { keys.push($key); }
            )*};
        }
        set!(
            types => "type",
            description => "description",
            enum_values => "enum",
            const_value => "const",
            format => "format",
            pattern => "pattern",
            minimum => "minimum",
            maximum => "maximum",
            exclusive_minimum => "exclusive_minimum",
            exclusive_maximum => "exclusive_maximum",
            multiple_of => "multiple_of",
            min_length => "min_length",
            max_length => "max_length",
            min_items => "min_items",
            max_items => "max_items",
            unique_items => "unique_items",
            items => "items",
            properties => "properties",
            additional_properties => "additional_properties",
            default => "default",
            examples => "examples",
            deprecated => "deprecated",
            aliases => "aliases"
        );
        keys
    }

    /// Whether any field besides `ref` and `required` is set: a use site
    /// that changes the shared definition.
    pub fn has_overrides(&self) -> bool {
        let bare = Property {
            reference: self.reference.clone(),
            required: self.required,
            ..Property::default()
        };
        *self != bare
    }

    /// Calls `f` on this property and every property nested in it
    /// (`properties` and `items`), with its path from this one
    /// (`""`, `properties/sku`, `items`).
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&str, &'a Property)) {
        fn go<'a>(p: &'a Property, path: &mut String, f: &mut impl FnMut(&str, &'a Property)) {
            f(path, p);
            let len = path.len();
            if let Some(items) = &p.items {
                if !path.is_empty() {
                    path.push('/');
                }
                path.push_str("items");
                go(items, path, f);
                path.truncate(len);
            }
            if let Some(props) = &p.properties {
                for (name, child) in props {
                    if !path.is_empty() {
                        path.push('/');
                    }
                    path.push_str("properties/");
                    path.push_str(name);
                    go(child, path, f);
                    path.truncate(len);
                }
            }
        }
        go(self, &mut String::new(), f);
    }
}

/// A property defined once in `properties/<key>.toml` and referenced by
/// events with `ref`.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedProperty {
    /// The file name's key.
    pub key: Key,
    /// The definition (never `required`, never a `ref`).
    pub property: Property,
    /// Hash of the canonical form.
    pub id: ObjectId,
}
