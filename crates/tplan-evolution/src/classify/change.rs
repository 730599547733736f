//! What the engine returns: each change with its path, rule and class, and
//! why a schema cannot be classified.

use serde_json::Value;
use tplan_plan::model::Profile;

use crate::class::Class;
use crate::edit::Edit;
use crate::rules::Rule;

/// How to classify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The profile (`[policy] profile`).
    pub profile: Profile,
    /// `[policy.warehouse] string_width`, for `warehouse-strict`.
    pub string_width: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            profile: Profile::Default,
            string_width: None,
        }
    }
}

/// One change between two schemas.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SchemaChange {
    /// JSON Pointer segments from the schema root, without the leading `/`
    /// (`properties/price/minimum`); a change to a property names the
    /// property (`properties/coupon`).
    pub path: String,
    /// The rule that decided the class (its id in JSON).
    pub rule: &'static Rule,
    /// The class under the profile.
    pub class: Class,
    /// The old value at the path, when there was one.
    pub old: Option<Value>,
    /// The new value at the path, when there is one.
    pub new: Option<Value>,
    /// What kind of edit it is (not in JSON: the values say it).
    #[serde(skip)]
    pub edit: Edit,
}

impl SchemaChange {
    /// A change `rule` decides, at its own class, the edit told by the values.
    pub(crate) fn new(
        rule: &'static Rule,
        path: String,
        old: Option<Value>,
        new: Option<Value>,
    ) -> SchemaChange {
        SchemaChange {
            edit: Edit::between(old.as_ref(), new.as_ref()),
            path,
            rule,
            class: rule.class,
            old,
            new,
        }
    }
}

/// Deepest nesting of subschemas the engine walks.
pub const MAX_DEPTH: usize = 64;

/// A schema the engine cannot classify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum ClassifyError {
    /// Nesting deeper than [`MAX_DEPTH`]: refused rather than risk the stack.
    #[error("the schema nests deeper than {MAX_DEPTH} levels at `{path}`")]
    #[diagnostic(code("schema-too-deep"))]
    TooDeep {
        /// Where the walk stopped.
        path: String,
    },
    /// The root is not a schema object.
    #[error("the {side} schema is not a JSON object or boolean")]
    #[diagnostic(code("not-a-schema"))]
    NotASchema {
        /// `old` or `new`.
        side: &'static str,
    },
}
