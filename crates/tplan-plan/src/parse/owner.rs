//! `owners/<key>.toml`

use toml::de::DeTable;

use super::doc::Doc;
use crate::id::ObjectId;
use crate::key::Key;
use crate::model::Owner;

pub const OWNER_KEYS: &[&str] = &["name", "contact", "members", "description"];

pub(crate) fn parse_owner(doc: &mut Doc<'_>, key: Key, table: &DeTable<'_>) -> Option<Owner> {
    let before = doc.errors.len();
    let mut owner = Owner {
        key,
        name: String::new(),
        contact: None,
        members: Vec::new(),
        description: None,
        id: ObjectId::default(),
    };
    let mut name = None;
    for (k, v) in table.iter() {
        let key = k.get_ref().as_ref();
        match key {
            "name" => name = doc.text_value(key, v),
            "contact" => owner.contact = doc.string(key, v),
            "members" => owner.members = doc.string_set(key, v).unwrap_or_default(),
            "description" => owner.description = doc.string(key, v),
            _ => doc.unknown_key(k, "an owner", OWNER_KEYS),
        }
    }
    match name {
        Some(n) => owner.name = n,
        None if doc.errors.len() == before => doc.missing_key(0..0, "name", "an owner"),
        None => {}
    }
    (doc.errors.len() == before).then_some(owner)
}
