use std::collections::BTreeMap;

use crate::id::ObjectId;

/// `tplan.toml`: the plan's identity, policy, naming and lint settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// `[plan] name`
    pub name: String,
    /// `[plan] vendor`: the namespace of published schemas (Iglu vendor).
    pub vendor: String,
    /// `[plan] version`: the plan release, written by publish.
    pub version: semver::Version,
    /// `[plan] description`
    pub description: Option<String>,
    /// `[policy]`
    pub policy: Policy,
    /// `[naming] event`
    pub event_naming: NamingStyle,
    /// `[naming] property`
    pub property_naming: NamingStyle,
    /// `[lints]`: severity overrides by lint rule id.
    pub lints: BTreeMap<String, Severity>,
    /// Hash of the canonical form.
    pub id: ObjectId,
}

/// `[policy]`: what a proposal needs before it is published.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Approvals needed on the proposal's current head.
    pub approvals: u32,
    /// An owner of every touched event must approve.
    pub owners_must_approve: bool,
    /// What a breaking change needs.
    pub breaking: Breaking,
    /// Whether events accept undeclared properties unless they say otherwise.
    pub additional_properties: bool,
    /// The classification profile.
    pub profile: Profile,
    /// `[policy.warehouse] string_width`: the column width for strings.
    pub warehouse_string_width: Option<u64>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            approvals: 1,
            owners_must_approve: true,
            breaking: Breaking::Approve,
            additional_properties: false,
            profile: Profile::Default,
            warehouse_string_width: None,
        }
    }
}

macro_rules! spelled_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),* }
        impl $name {
            /// Every spelling, as written in `tplan.toml`.
            pub const SPELLINGS: &'static [&'static str] = &[$($text),*];
            /// The spelling in `tplan.toml`.
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),* } }
            /// Parses the spelling in `tplan.toml`.
            pub fn parse(s: &str) -> Option<Self> { match s { $($text => Some($name::$variant),)* _ => None } }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

spelled_enum! {
    /// `[policy] breaking`: what a breaking (model) change needs.
    Breaking {
        /// Refused.
        Deny = "deny",
        /// One approval more than `approvals`.
        Approve = "approve",
        /// No more than any other change.
        Allow = "allow",
    }
}

spelled_enum! {
    /// `[policy] profile`: which classification rules apply.
    Profile {
        /// The rules of `evolution-rules.md`.
        Default = "default",
        /// Also breaks typed warehouse columns.
        WarehouseStrict = "warehouse-strict",
        /// Accepts the risk of undeclared keys in open objects.
        Tolerant = "tolerant",
    }
}

spelled_enum! {
    /// How a lint finding counts.
    Severity {
        /// Fails `tplan lint` (exit 1).
        Error = "error",
        /// Reported, exit 0.
        Warning = "warning",
        /// Not reported.
        Allow = "allow",
    }
}

spelled_enum! {
    /// `[naming]`: the style names must follow.
    NamingStyle {
        /// `Checkout Completed`: every word capitalised.
        TitleCase = "Title Case",
        /// `Checkout Completed`: Title Case, an object then an action, two words or more.
        ObjectAction = "Object Action",
        /// `Checkout completed`
        SentenceCase = "Sentence case",
        /// `checkout completed`
        LowerCase = "lower case",
        /// `checkout_completed`
        SnakeCase = "snake_case",
        /// `checkoutCompleted`
        CamelCase = "camelCase",
        /// `CheckoutCompleted`
        PascalCase = "PascalCase",
        /// `checkout-completed`
        KebabCase = "kebab-case",
        /// No rule.
        Any = "any",
    }
}

impl serde::Serialize for Severity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
