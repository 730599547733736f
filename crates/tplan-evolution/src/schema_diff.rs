//! Two JSON Schema files compared, as `tplan schema diff` does: plain
//! schemas are classified; two versions of one Iglu schema also have their
//! declared step checked.

use serde_json::Value;

use crate::class::Class;
use crate::classify::{ClassifyError, Options, SchemaChange, class_of, classify};
use crate::iglu::{StepCheck, Verdict, check_step, declared_uri, to_2020_12};

/// A schema file: the name it is shown by, and its content.
#[derive(Debug, Clone, Copy)]
pub struct SchemaFile<'a> {
    /// As the user named it (`schemas/com.acme/x/jsonschema/1-0-0`).
    pub name: &'a str,
    /// Its parsed content.
    pub schema: &'a Value,
}

/// What `tplan schema diff` found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum SchemaDiff {
    /// Two schemas that are not two versions of one Iglu schema.
    Classified(Classified),
    /// Two versions of one Iglu schema: the declared step checked.
    Step(Step),
}

/// Two schemas classified.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Classified {
    /// The most severe class of the changes (`none` without any).
    pub class: Class,
    /// Every change, in walk order.
    pub changes: Vec<SchemaChange>,
}

/// One version step of an Iglu schema checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Step {
    /// `iglu:vendor/name/format`, without a version.
    pub schema: String,
    /// The step: versions, classes, verdict and changes.
    pub step: StepCheck,
}

impl SchemaDiff {
    /// Whether it passes: a declared bump that is not too small (plain
    /// schemas always pass).
    pub fn passed(&self) -> bool {
        match self {
            SchemaDiff::Classified(_) => true,
            SchemaDiff::Step(s) => s.step.verdict != Verdict::Below,
        }
    }
}

/// Why two schema files cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum SchemaDiffError {
    /// A file holding JSON that is not a schema.
    #[error("`{file}` is not a JSON Schema (an object or a boolean)")]
    #[diagnostic(code("not-a-schema"))]
    NotASchema {
        /// The file.
        file: String,
    },
    /// Two self-describing schemas of different schemas.
    #[error("`{old}` is `{old_uri}` and `{new}` is `{new_uri}`: not two versions of one schema")]
    #[diagnostic(
        code("not-one-schema"),
        help("`schema diff` checks a version step of one `vendor/name/format`")
    )]
    NotOneSchema {
        /// The old file.
        old: String,
        /// Its Iglu URI.
        old_uri: String,
        /// The new file.
        new: String,
        /// Its Iglu URI.
        new_uri: String,
    },
    /// The new version does not come after the old one.
    #[error("version {new_version} of `{new}` does not come after {old_version} of `{old}`")]
    #[diagnostic(code("version-not-after"), help("give the older version first"))]
    NotAfter {
        /// The old file.
        old: String,
        /// Its version.
        old_version: String,
        /// The new file.
        new: String,
        /// Its version.
        new_version: String,
    },
    /// The engine cannot classify the pair. The message holds the reason,
    /// so it is not a source too (it would print twice).
    #[error("`{file}`: {error}")]
    #[diagnostic(code("unclassifiable-schema"))]
    Classify {
        /// The new file.
        file: String,
        /// Why.
        error: ClassifyError,
    },
}

/// Compares `old` with `new`. Both are read in their own draft (Iglu's are
/// draft-04) and compared as 2020-12.
pub fn diff_schemas(
    old: SchemaFile<'_>,
    new: SchemaFile<'_>,
    options: &Options,
) -> Result<SchemaDiff, SchemaDiffError> {
    for side in [old, new] {
        if !side.schema.is_object() && !side.schema.is_boolean() {
            return Err(SchemaDiffError::NotASchema {
                file: side.name.to_string(),
            });
        }
    }
    let classify_error = |error| SchemaDiffError::Classify {
        file: new.name.to_string(),
        error,
    };
    let (Some(a), Some(b)) = (declared_uri(old.schema), declared_uri(new.schema)) else {
        let changes = classify(&to_2020_12(old.schema), &to_2020_12(new.schema), options)
            .map_err(classify_error)?;
        return Ok(SchemaDiff::Classified(Classified {
            class: class_of(&changes),
            changes,
        }));
    };
    if (&a.vendor, &a.name, &a.format) != (&b.vendor, &b.name, &b.format) {
        return Err(SchemaDiffError::NotOneSchema {
            old: old.name.to_string(),
            old_uri: a.to_string(),
            new: new.name.to_string(),
            new_uri: b.to_string(),
        });
    }
    let step = check_step(old.schema, new.schema, a.version, b.version, options)
        .map_err(classify_error)?
        .ok_or_else(|| SchemaDiffError::NotAfter {
            old: old.name.to_string(),
            old_version: a.version.to_string(),
            new: new.name.to_string(),
            new_version: b.version.to_string(),
        })?;
    Ok(SchemaDiff::Step(Step {
        schema: format!("iglu:{}/{}/{}", b.vendor, b.name, b.format),
        step,
    }))
}
