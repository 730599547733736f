//! JSON Schema drafts: which one a schema is written in, and translating
//! between them.
//!
//! A plan means JSON Schema 2020-12, `schema_extra` included. Importers
//! bring older drafts up to it ([`upgrade`]) so a kept keyword means in the
//! plan what it meant in the source; the Iglu writer brings the plan down to
//! draft-04 ([`to_draft4`]), the draft Snowplow's registries and validators
//! read, and the Segment writer to draft-07 ([`to_draft7`]). Both keep meaning: the same payloads pass and fail. What draft-04
//! cannot say is reported as a gap rather than quietly weakened.

mod downgrade;
mod refs;
mod upgrade;
mod walk;

pub use downgrade::{Gap, to_draft4, to_draft7};
pub use refs::{rebase_refs, refs};
pub use upgrade::upgrade;

/// The JSON Schema draft a schema is written in: it decides what
/// `exclusiveMinimum`, `items` and `dependencies` mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dialect {
    /// draft-04, as Iglu schemas are: exclusive bounds are flags, no `const`.
    Draft4,
    /// draft-06.
    Draft6,
    /// draft-07 (Segment Protocols).
    Draft7,
    /// 2019-09.
    Draft201909,
    /// 2020-12 (the default when `$schema` is absent, and the plan's own).
    Draft202012,
}

impl Dialect {
    /// The dialect a `$schema` URI names; `None` for one tplan does not know.
    pub fn from_uri(uri: &str) -> Option<Dialect> {
        let uri = uri.trim_end_matches('#');
        Some(
            if uri.contains("draft-04") || uri.contains("com.snowplowanalytics.self-desc") {
                Dialect::Draft4
            } else if uri.contains("draft-06") {
                Dialect::Draft6
            } else if uri.contains("draft-07") {
                Dialect::Draft7
            } else if uri.contains("2019-09") {
                Dialect::Draft201909
            } else if uri.contains("2020-12") {
                Dialect::Draft202012
            } else {
                return None;
            },
        )
    }

    /// jsonschema's draft, to check and compile a schema of this dialect.
    pub fn draft(self) -> jsonschema::Draft {
        match self {
            Dialect::Draft4 => jsonschema::Draft::Draft4,
            Dialect::Draft6 => jsonschema::Draft::Draft6,
            Dialect::Draft7 => jsonschema::Draft::Draft7,
            Dialect::Draft201909 => jsonschema::Draft::Draft201909,
            Dialect::Draft202012 => jsonschema::Draft::Draft202012,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Dialect::Draft4 => "draft-04",
            Dialect::Draft6 => "draft-06",
            Dialect::Draft7 => "draft-07",
            Dialect::Draft201909 => "2019-09",
            Dialect::Draft202012 => "2020-12",
        }
    }
}

/// Options to compile an Iglu (draft-04) schema the way Snowplow's
/// validators read it: formats asserted, `uuid` among them. draft-04
/// predates `uuid`, but Iglu Central's schemas use it and Snowplow's
/// pipeline enforces it, so a plan (2020-12, which has it) and its Iglu
/// schema agree.
pub fn iglu_options<'i>() -> jsonschema::ValidationOptions<'i> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .with_format("uuid", is_uuid)
}

/// `8-4-4-4-12` hexadecimal digits, either case.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests;
