//! Checking one payload: with a whole compiled schema, or split into the
//! object's own keywords and one shared validator per property.

use serde_json::Value;

use crate::compile::Compiled;
use crate::event::Part;
use crate::text::{cut, escape};

/// What checks one payload.
pub(crate) enum Checker<'a> {
    Whole(&'a Compiled),
    /// Every payload fails, with one error (a version never published).
    Refused {
        keyword: &'static str,
        message: &'a str,
    },
    Split {
        parts: &'a [Part],
        properties: &'a [(Box<str>, u32)],
        required: &'a [Box<str>],
        additional: bool,
    },
}

impl Checker<'_> {
    /// Whether `instance` passes.
    pub(crate) fn is_valid(&self, instance: &Value) -> bool {
        match self {
            Checker::Whole(Ok(v)) => v.is_valid(instance),
            Checker::Whole(Err(_)) | Checker::Refused { .. } => false,
            Checker::Split {
                parts,
                properties,
                required,
                additional,
            } => {
                let Value::Object(map) = instance else {
                    return false;
                };
                required.iter().all(|r| map.contains_key(&**r))
                    && map.iter().all(|(name, value)| {
                        match properties.binary_search_by(|(p, _)| (**p).cmp(name.as_str())) {
                            Ok(i) => match parts[properties[i].1 as usize].compiled() {
                                Ok(v) => v.is_valid(value),
                                Err(_) => false,
                            },
                            Err(_) => *additional,
                        }
                    })
            }
        }
    }

    /// Every error, as (property path, keyword, message).
    pub(crate) fn errors(&self, instance: &Value, report: &mut dyn FnMut(&str, &str, &str)) {
        match self {
            Checker::Whole(Err(e)) => report("", "schema", e),
            Checker::Refused { keyword, message } => report("", keyword, message),
            Checker::Whole(Ok(v)) => {
                for error in v.iter_errors(instance) {
                    each_error("", &error, report);
                }
            }
            Checker::Split {
                parts,
                properties,
                required,
                additional,
            } => {
                // The same errors, paths and messages as the whole schema's
                // validator gives.
                let Value::Object(map) = instance else {
                    report(
                        "",
                        "type",
                        &cut(&format!("{instance} is not of type \"object\"")),
                    );
                    return;
                };
                for r in required.iter().filter(|r| !map.contains_key(&***r)) {
                    report(
                        &format!("/{}", escape(r)),
                        "required",
                        &format!("{:?} is a required property", &**r),
                    );
                }
                for (name, value) in map {
                    let at = format!("/{}", escape(name));
                    match properties.binary_search_by(|(p, _)| (**p).cmp(name.as_str())) {
                        Ok(i) => match parts[properties[i].1 as usize].compiled() {
                            Ok(v) => {
                                for error in v.iter_errors(value) {
                                    each_error(&at, &error, report);
                                }
                            }
                            Err(e) => report(&at, "schema", e),
                        },
                        Err(_) if !additional => report(
                            &at,
                            "additionalProperties",
                            &format!(
                                "Additional properties are not allowed ('{name}' was unexpected)"
                            ),
                        ),
                        Err(_) => {}
                    }
                }
            }
        }
    }
}

/// One validator error, at `prefix` + its path; errors reported on an
/// object name the property itself.
pub(crate) fn each_error(
    prefix: &str,
    error: &jsonschema::ValidationError<'_>,
    report: &mut dyn FnMut(&str, &str, &str),
) {
    let keyword = error.kind().keyword().to_string();
    let at = format!("{prefix}{}", error.instance_path().as_str());
    let message = cut(&error.to_string());
    match error.kind() {
        jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                report(&format!("{at}/{}", escape(name)), &keyword, &message);
            }
        }
        jsonschema::error::ValidationErrorKind::Required { property } => {
            let name = property.as_str().map(escape).unwrap_or_default();
            report(&format!("{at}/{name}"), &keyword, &message);
        }
        _ => report(&at, &keyword, &message),
    }
}
