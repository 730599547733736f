//! The edits: what a command line asks to change, before it is applied.

use tplan_plan::key::Key;

/// One change to a plan's files.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Creates `events/<key>.toml` with an empty `[properties]` table.
    AddEvent {
        /// The new event's key (its file name).
        key: Key,
        /// The name apps send (`Checkout Completed`).
        name: String,
        /// What the event means.
        description: Option<String>,
        /// The key of its owner, which must exist.
        owner: Option<String>,
        /// `draft`, `active` or `deprecated`; left out when `None`.
        status: Option<String>,
        /// The call type (`identify`…); left out when `None` (a track).
        call_type: Option<String>,
        /// Where it is sent from; left out when empty.
        sources: Vec<String>,
    },
    /// Deletes `events/<key>.toml`; refused while another event names it in
    /// `replaced_by`.
    RemoveEvent {
        /// The event's key.
        key: Key,
    },
    /// Sets one top-level key of an event (any event key but `properties`,
    /// which the property edits change). `value` is read as a TOML value
    /// when it is one (`true`, `12`, `2027-06-30`, `["web","ios"]`) and as
    /// plain text otherwise (`status deprecated`, `owner growth`); text
    /// fields (`name`, `description`, `owner`, `status`, `replaced_by`)
    /// always take text, and `sources`/`tags` split plain text on commas.
    SetEvent {
        /// The event's key.
        key: Key,
        /// The key to set (`status`).
        field: String,
        /// The value, as typed.
        value: String,
    },
    /// Removes one top-level key of an event (`sunset`).
    UnsetEvent {
        /// The event's key.
        key: Key,
        /// The key to remove.
        field: String,
    },
    /// Adds a property: to an event as a one-line inline table, or as a new
    /// shared property file `properties/<name>.toml`.
    AddProperty {
        /// Where it goes.
        target: Target,
        /// The property's name (for [`Target::Shared`], its key).
        name: String,
        /// Its definition.
        spec: PropertySpec,
    },
    /// Removes a property from an event (inline or `[properties.x]` form),
    /// or deletes a shared property file, refused while an event uses it.
    RemoveProperty {
        /// Where it is.
        target: Target,
        /// The property's name (for [`Target::Shared`], its key).
        name: String,
    },
    /// Sets one key of a property (any property key), `value` read as in
    /// [`Edit::SetEvent`] (`type` splits plain text on commas:
    /// `string,null`). An inline property stays inline, on one line.
    SetProperty {
        /// Where it is.
        target: Target,
        /// The property's name.
        name: String,
        /// The property key to set (`max_length`).
        field: String,
        /// The value, as typed.
        value: String,
    },
    /// Removes one key of a property (`max_length`).
    UnsetProperty {
        /// Where it is.
        target: Target,
        /// The property's name.
        name: String,
        /// The property key to remove.
        field: String,
    },
    /// Renames an event's key: `events/<key>.toml` moves to
    /// `events/<to>.toml` (its name, the wire name, stays), and every
    /// `replaced_by` naming it follows.
    RenameEvent {
        /// The event's key.
        key: Key,
        /// Its new key.
        to: Key,
    },
    /// Renames a property of an event (with the event's examples), or a
    /// shared property's key (its file moves, every `ref` follows).
    RenameProperty {
        /// Where it is.
        target: Target,
        /// The property's name (for [`Target::Shared`], its key).
        name: String,
        /// Its new name.
        to: String,
        /// Keep the old name as an alias (`aliases = ["old"]`): payloads
        /// with it stay valid. Event properties only.
        keep_alias: bool,
    },
    /// Creates `sources/<key>.toml`.
    AddSource {
        /// The source's key (`ios`): what events' `sources` name.
        key: Key,
        /// Display name (`iOS app`).
        name: String,
        /// What it runs on (`ios`).
        platform: Option<String>,
        /// The key of its owner, which must exist.
        owner: Option<String>,
    },
    /// Deletes `sources/<key>.toml`; refused while an event names it.
    RemoveSource {
        /// The source's key.
        key: Key,
    },
    /// Sets one key of a source (`platform`).
    SetSource {
        /// The source's key.
        key: Key,
        /// The key to set.
        field: String,
        /// The value, as typed.
        value: String,
    },
    /// Removes one key of a source.
    UnsetSource {
        /// The source's key.
        key: Key,
        /// The key to remove.
        field: String,
    },
    /// Creates `owners/<key>.toml`.
    AddOwner {
        /// The owner's key.
        key: Key,
        /// Display name (`Growth`).
        name: String,
        /// Where to reach them.
        contact: Option<String>,
        /// People whose reviews count for the owner.
        members: Vec<String>,
    },
    /// Deletes `owners/<key>.toml`; refused while an event names the owner.
    RemoveOwner {
        /// The owner's key.
        key: Key,
    },
    /// Sets one key of an owner (`contact`), `value` read as in
    /// [`Edit::SetEvent`] (`members` splits plain text on commas).
    SetOwner {
        /// The owner's key.
        key: Key,
        /// The key to set.
        field: String,
        /// The value, as typed.
        value: String,
    },
    /// Removes one key of an owner (`contact`).
    UnsetOwner {
        /// The owner's key.
        key: Key,
        /// The key to remove.
        field: String,
    },
}

/// Where a property edit applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A property in the event's `[properties]`.
    Event(Key),
    /// The shared property file `properties/<name>.toml` itself.
    Shared,
}

/// The definition of a new property, as given on a command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PropertySpec {
    /// `type`: one name, or a comma-separated list (`string,null`).
    pub r#type: Option<String>,
    /// `required` (written only when true).
    pub required: bool,
    /// `description`
    pub description: Option<String>,
    /// `ref`: the key of a shared property.
    pub reference: Option<String>,
    /// `enum`: strings, or numbers when the type (declared here or by the
    /// `ref`'d shared property) is `integer` or `number`.
    pub enum_values: Vec<String>,
    /// `format`
    pub format: Option<String>,
    /// `pattern`
    pub pattern: Option<String>,
    /// `minimum`, a number.
    pub minimum: Option<String>,
    /// `maximum`, a number.
    pub maximum: Option<String>,
    /// `min_length`
    pub min_length: Option<u64>,
    /// `max_length`
    pub max_length: Option<u64>,
}
