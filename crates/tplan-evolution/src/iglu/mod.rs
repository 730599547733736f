//! Iglu schemas: the declared SchemaVer bump of a new version checked
//! against the computed one, for a pair or a whole static registry
//! ([`registry`]).

pub mod registry;

use serde_json::Value;
use tplan_plan::SchemaVer;
use tplan_schema::IgluUri;
use tplan_schema::dialect::Dialect;

use crate::bump::next_version;
use crate::class::Class;
use crate::classify::{ClassifyError, Options, SchemaChange, class_of, classify};

/// The Iglu URI a self-describing schema declares in its `self` block.
pub fn declared_uri(schema: &Value) -> Option<IgluUri> {
    let s = schema.get("self")?;
    let text = format!(
        "iglu:{}/{}/{}/{}",
        s.get("vendor")?.as_str()?,
        s.get("name")?.as_str()?,
        s.get("format")?.as_str()?,
        s.get("version")?.as_str()?
    );
    IgluUri::parse(&text)
}

/// The class a version step declares: the most significant part that grew.
/// `None` when `to` does not come after `from`.
pub fn declared_class(from: SchemaVer, to: SchemaVer) -> Option<Class> {
    if to.model > from.model {
        Some(Class::Model)
    } else if to.model == from.model && to.revision > from.revision {
        Some(Class::Revision)
    } else if to.model == from.model && to.revision == from.revision && to.addition > from.addition
    {
        Some(Class::Addition)
    } else {
        None
    }
}

/// A schema as the engine compares it, JSON Schema 2020-12: brought up
/// from the draft its `$schema` names (Iglu's self-describing meta-schema
/// is draft-04, where `exclusiveMinimum: true` qualifies `minimum`); a
/// schema without `$schema` is read as Iglu's when it has a `self` block.
pub fn to_2020_12(schema: &Value) -> Value {
    let dialect = match schema.get("$schema").and_then(Value::as_str) {
        Some(uri) => Dialect::from_uri(uri).unwrap_or(Dialect::Draft202012),
        None if schema.get("self").is_some() => Dialect::Draft4,
        None => Dialect::Draft202012,
    };
    tplan_schema::dialect::upgrade(schema, dialect).0
}

/// How a declared step compares with the computed class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The declared bump is the one the changes need.
    Ok,
    /// More severe than needed: allowed, noted (`declared-bump-above-computed`).
    Above,
    /// Less severe than needed: an error (`declared-bump-below-computed`).
    Below,
}

/// One version step checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StepCheck {
    /// The older version.
    pub from: SchemaVer,
    /// The newer version.
    pub to: SchemaVer,
    /// The class the changes need (`metadata` publishes as an addition).
    pub computed: Class,
    /// The class the step declares.
    pub declared: Class,
    /// The version the changes need at least.
    pub needed: SchemaVer,
    /// The verdict.
    pub verdict: Verdict,
    /// Every change.
    pub changes: Vec<SchemaChange>,
}

impl StepCheck {
    /// One sentence: `declared 1-0-1 (addition) but … needs a model bump (2-0-0)`.
    pub fn explain(&self) -> String {
        let worst = self.changes.iter().max_by_key(|c| c.class);
        let cause = worst.map_or("its changes".to_string(), |c| {
            format!("`{}` ({})", c.path, c.rule.id)
        });
        match self.verdict {
            Verdict::Ok => format!(
                "{} -> {}: {} as declared",
                self.from, self.to, self.declared
            ),
            Verdict::Above => format!(
                "{} -> {}: declared {} ({}), more than the {} its changes need; allowed",
                self.from, self.to, self.to, self.declared, self.computed
            ),
            Verdict::Below => format!(
                "declared {} ({}) but {cause} needs a {} bump ({})",
                self.to, self.declared, self.computed, self.needed
            ),
        }
    }
}

/// Checks the step from `old` (at `from`) to `new` (at `to`).
pub fn check_step(
    old: &Value,
    new: &Value,
    from: SchemaVer,
    to: SchemaVer,
    options: &Options,
) -> Result<Option<StepCheck>, ClassifyError> {
    let Some(declared) = declared_class(from, to) else {
        return Ok(None);
    };
    let changes = classify(&to_2020_12(old), &to_2020_12(new), options)?;
    let computed = class_of(&changes);
    // Published schemas are immutable: even metadata needs a new addition.
    let needed_class = match computed {
        Class::None | Class::Metadata => Class::Addition,
        c => c,
    };
    let verdict = if declared < needed_class {
        Verdict::Below
    } else if declared > needed_class || computed == Class::None {
        Verdict::Above
    } else {
        Verdict::Ok
    };
    Ok(Some(StepCheck {
        from,
        to,
        computed,
        declared,
        needed: next_version(from, needed_class),
        verdict,
        changes,
    }))
}

#[cfg(test)]
mod tests;
