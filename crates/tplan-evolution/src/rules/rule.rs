//! What a classification rule is: its id, its class and how profiles
//! re-class it, its documentation, the sentence it prints, and the cases
//! that show it firing and staying silent.

use std::fmt;

use serde_json::Value;
use tplan_plan::model::Profile;

use crate::class::Class;
use crate::edit::Edit;
use crate::subject::Subject;

/// One classification rule of `evolution-rules.md`.
pub struct Rule {
    /// Kebab-case id, stable, printed with every change; the rule's file is
    /// the id in snake_case.
    pub id: &'static str,
    /// Class in the `default` profile.
    pub class: Class,
    /// The profile that adds this rule, or `None` for the rules of every
    /// profile.
    pub profile: Option<Profile>,
    /// How other profiles re-class it.
    pub overrides: &'static [Override],
    /// What changed, in one line.
    pub summary: &'static str,
    /// Why the class, in one line.
    pub why: &'static str,
    /// The sentence for people describing a change this rule decides.
    pub message: fn(&About<'_>) -> String,
    /// Pairs it fires on and pairs it stays silent on; `rules/tests.rs`
    /// runs each through the whole engine.
    pub cases: &'static [Case],
}

impl Rule {
    /// The class of a change this rule decides under `profile`, in an open
    /// object (`additionalProperties` absent or `true`) or not.
    pub fn class_under(&self, profile: Profile, open_object: bool) -> Class {
        self.overrides
            .iter()
            .find(|o| o.profile == profile && (o.when == When::Always || open_object))
            .map_or(self.class, |o| o.class)
    }

    /// The sentence for a change this rule decides.
    pub fn message(&self, about: &About<'_>) -> String {
        (self.message)(about)
    }
}

// Ids are unique (tested), so a rule is its id: comparing the function and
// case pointers would say nothing more.
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Rule").field(&self.id).finish()
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id)
    }
}

/// A profile's class for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Override {
    /// The profile.
    pub profile: Profile,
    /// The class under it.
    pub class: Class,
    /// When it applies.
    pub when: When,
}

/// When an override applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// To every change the rule decides.
    Always,
    /// Only in an open object (`additionalProperties` absent or `true`).
    OpenObject,
}

/// What a message describes: the change as the plan diff sees it.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    /// What the change touches.
    pub subject: &'a Subject,
    /// Path inside the subject (`properties/price/minimum`); empty for the
    /// subject as a whole.
    pub path: &'a str,
    /// The value before, when there was one.
    pub old: Option<&'a Value>,
    /// The value after, when there is one.
    pub new: Option<&'a Value>,
    /// What kind of edit it is.
    pub edit: Edit,
}

impl About<'_> {
    /// The last segment of the path, unescaped (`properties/a~1b` -> `a/b`).
    pub fn name(&self) -> String {
        self.path
            .rsplit('/')
            .next()
            .unwrap_or(self.path)
            .replace("~1", "/")
            .replace("~0", "~")
    }

    /// The subject's key (empty for the manifest).
    pub fn key(&self) -> &str {
        self.subject.key().map_or("", |k| k.as_str())
    }

    /// The old value as text, when it is a string (a name, a key).
    pub fn old_text(&self) -> &str {
        self.old.and_then(Value::as_str).unwrap_or("?")
    }

    /// The new value as text, when it is a string.
    pub fn new_text(&self) -> &str {
        self.new.and_then(Value::as_str).unwrap_or("?")
    }
}

/// A value in a sentence: strings quoted, long values cut at 60 characters.
pub(crate) fn show(v: Option<&Value>) -> String {
    match v {
        None => "absent".to_string(),
        Some(Value::String(s)) => format!("\"{s}\""),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 60 {
                let cut: String = text.chars().take(57).collect();
                format!("{cut}...")
            } else {
                text
            }
        }
    }
}

/// The sentence of most rules: the keyword at the path and its values
/// (`` `maxLength` 32 -> 16 ``), or that its prose was reworded.
pub(crate) fn value_change(a: &About<'_>) -> String {
    let name = a.name();
    match a.edit {
        Edit::Reworded => format!("`{name}` reworded"),
        Edit::Added => format!("`{name}` added: {}", show(a.new)),
        Edit::Removed => format!("`{name}` removed (was {})", show(a.old)),
        Edit::Changed => format!("`{name}` {} -> {}", show(a.old), show(a.new)),
    }
}

/// One pair a rule is run on.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The two sides.
    pub sides: Sides,
    /// The profile it is classified under.
    pub profile: Profile,
    /// `[policy.warehouse] string_width`.
    pub string_width: Option<u64>,
    /// Whether the rule fires on it.
    pub fires: bool,
    /// The class the whole engine gives the pair; `None`: the rule's own
    /// class under the profile.
    pub class: Option<Class>,
}

/// The plan files of a plan case: path and text.
pub type Files = &'static [(&'static str, &'static str)];

/// The two sides of a case.
#[derive(Debug, Clone, Copy)]
pub enum Sides {
    /// Two JSON Schemas (2020-12), for rules of the schema engine.
    Schemas {
        /// The old schema.
        old: fn() -> Value,
        /// The new schema.
        new: fn() -> Value,
    },
    /// Two whole plans, for rules decided by the plan diff (events added,
    /// removed, renamed; shared properties).
    Plans {
        /// The old plan's files.
        old: Files,
        /// The new plan's files.
        new: Files,
    },
}

impl Case {
    /// The defaults every case starts from.
    pub(crate) const BASE: Case = Case {
        sides: Sides::Plans { old: &[], new: &[] },
        profile: Profile::Default,
        string_width: None,
        fires: false,
        class: None,
    };
}

/// A case over two schemas written as JSON:
/// `case!(old: {"enum": ["EUR", "USD"]}, new: {"enum": ["EUR"]}, fires)`,
/// `silent`, then optional fields (`profile: Profile::Tolerant`,
/// `class: Some(Class::Addition)`).
macro_rules! case {
    (old: $old:tt, new: $new:tt, $verdict:ident $(, $field:ident: $value:expr)* $(,)?) => {
        $crate::rules::rule::Case {
            sides: $crate::rules::rule::Sides::Schemas {
                old: || serde_json::json!($old),
                new: || serde_json::json!($new),
            },
            fires: $crate::rules::rule::fires!($verdict),
            $($field: $value,)*
            ..$crate::rules::rule::Case::BASE
        }
    };
}

/// A case over two plans given as files: `plan_case!(old: OLD, new: NEW,
/// fires)` or `silent`, then optional fields as for `case!`.
macro_rules! plan_case {
    (old: $old:expr, new: $new:expr, $verdict:ident $(, $field:ident: $value:expr)* $(,)?) => {
        $crate::rules::rule::Case {
            sides: $crate::rules::rule::Sides::Plans { old: $old, new: $new },
            fires: $crate::rules::rule::fires!($verdict),
            $($field: $value,)*
            ..$crate::rules::rule::Case::BASE
        }
    };
}

/// `fires` or `silent`, as a case's `fires`; any other word does not compile.
macro_rules! fires {
    (fires) => {
        true
    };
    (silent) => {
        false
    };
}

pub(crate) use {case, fires, plan_case};

/// A manifest for plan cases.
pub(crate) const MANIFEST: (&str, &str) = (
    "tplan.toml",
    "[plan]\nname = \"Acme\"\nvendor = \"com.acme\"\nversion = \"1.0.0\"\n",
);
