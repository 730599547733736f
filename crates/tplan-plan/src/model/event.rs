use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{Date, Property};
use crate::id::ObjectId;
use crate::key::Key;

/// An event's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being designed; not sent yet.
    Draft,
    /// Sent by apps today.
    #[default]
    Active,
    /// Still accepted, on its way out (see `sunset`).
    Deprecated,
}

impl Status {
    /// The plan-file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Active => "active",
            Status::Deprecated => "deprecated",
        }
    }

    /// Parses the plan-file spelling.
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "draft" => Some(Status::Draft),
            "active" => Some(Status::Active),
            "deprecated" => Some(Status::Deprecated),
            _ => None,
        }
    }
}

/// How an event is sent, in Segment's spec (which RudderStack speaks too):
/// a `track` names the event and carries properties; an `identify` or a
/// `group` carries traits of the user or group; a `page` or `screen`
/// names the view and carries properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallType {
    /// An action (`Order Completed`): properties.
    #[default]
    Track,
    /// Who the user is: traits.
    Identify,
    /// The group (account, company) the user belongs to: traits.
    Group,
    /// A web page viewed: properties.
    Page,
    /// A mobile screen viewed: properties.
    Screen,
}

impl CallType {
    /// Every call type, in the spec's order.
    pub const ALL: [CallType; 5] = [
        CallType::Track,
        CallType::Identify,
        CallType::Group,
        CallType::Page,
        CallType::Screen,
    ];

    /// The plan-file and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CallType::Track => "track",
            CallType::Identify => "identify",
            CallType::Group => "group",
            CallType::Page => "page",
            CallType::Screen => "screen",
        }
    }

    /// Parses the plan-file and wire spelling.
    pub fn parse(s: &str) -> Option<CallType> {
        CallType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether payloads carry `traits` (identify, group) rather than
    /// `properties`.
    pub fn has_traits(self) -> bool {
        matches!(self, CallType::Identify | CallType::Group)
    }
}

/// A named analytics event (`Checkout Completed`) and its properties: one
/// file in `events/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The file name's key (`checkout_completed`), also the Iglu schema name.
    pub key: Key,
    /// The name apps send (`Checkout Completed`).
    pub name: String,
    /// `type`: how it is sent (`track` unless it says otherwise).
    pub call_type: CallType,
    /// `vendor`: its Iglu vendor when not the plan's (`com.acme.mobile`).
    pub vendor: Option<String>,
    /// What the event means and when it fires.
    pub description: Option<String>,
    /// The key of the accountable owner.
    pub owner: Option<Key>,
    /// Lifecycle state.
    pub status: Status,
    /// When the event was deprecated.
    pub deprecated_since: Option<Date>,
    /// When producers stop sending it.
    pub sunset: Option<Date>,
    /// The event that replaces a deprecated one.
    pub replaced_by: Option<Key>,
    /// Where it is sent from (`web`, `ios`), sorted.
    pub sources: Vec<String>,
    /// Free-form labels, sorted.
    pub tags: Vec<String>,
    /// Whether undeclared properties are allowed; `None` follows the policy.
    pub additional_properties: Option<bool>,
    /// Example payloads (the `properties` object), each valid for the event.
    pub examples: Vec<Map<String, Value>>,
    /// `schema_extra`: JSON Schema keywords the plan format cannot hold
    /// (`oneOf`, `patternProperties`…), kept verbatim and added to the
    /// event's schema. The diff classifies changes to them as unanalysed.
    pub schema_extra: Option<Map<String, Value>>,
    /// The event's properties by name.
    pub properties: BTreeMap<String, Property>,
    /// Hash of the canonical form.
    pub id: ObjectId,
}
