//! `tplan.lock`

use toml::de::DeTable;

use super::doc::Doc;
use crate::key::Key;
use crate::model::{Lock, LockedEvent, SchemaVer};

/// The lock format version this build writes and reads.
pub const LOCK_FORMAT: u64 = 1;

pub(crate) fn parse_lock(doc: &mut Doc<'_>, table: &DeTable<'_>) -> Option<Lock> {
    let before = doc.errors.len();
    let mut lock = Lock::default();
    for (k, v) in table.iter() {
        match k.get_ref().as_ref() {
            "version" => {
                if let Some(n) = doc.count("version", v)
                    && n != LOCK_FORMAT
                {
                    doc.invalid(
                        "version",
                        v.span(),
                        format!(
                            "lock format {n} is not supported (this tplan reads {LOCK_FORMAT})"
                        ),
                    );
                }
            }
            "events" => {
                let Some(events) = doc.table("events", v) else {
                    continue;
                };
                for (ek, ev) in events.iter() {
                    let key = match Key::new(ek.get_ref()) {
                        Ok(key) => key,
                        Err(e) => {
                            doc.invalid("events", ek.span(), e.to_string());
                            continue;
                        }
                    };
                    let Some(entry) = doc.table(key.as_str(), ev) else {
                        continue;
                    };
                    let mut version = None;
                    let mut id = None;
                    for (fk, fv) in entry.iter() {
                        match fk.get_ref().as_ref() {
                            "version" => {
                                let Some(s) = doc.string("version", fv) else {
                                    continue;
                                };
                                version = SchemaVer::parse(&s);
                                if version.is_none() {
                                    doc.invalid(
                                        "version",
                                        fv.span(),
                                        format!("`{s}` is not a SchemaVer like `1-0-0`"),
                                    );
                                }
                            }
                            "id" => {
                                let Some(s) = doc.string("id", fv) else {
                                    continue;
                                };
                                if crate::id::ObjectId::from_hex(&s).is_none() {
                                    doc.invalid("id", fv.span(), "must be 64 hex characters");
                                    continue;
                                }
                                id = Some(s);
                            }
                            _ => doc.unknown_key(fk, "a lock entry", &["version", "id"]),
                        }
                    }
                    match (version, id) {
                        (Some(version), Some(id)) => {
                            lock.events.insert(key, LockedEvent { version, id });
                        }
                        (None, _) if doc.errors.len() == before => {
                            doc.missing_key(ev.span(), "version", "a lock entry")
                        }
                        (_, None) if doc.errors.len() == before => {
                            doc.missing_key(ev.span(), "id", "a lock entry")
                        }
                        _ => {}
                    }
                }
            }
            _ => doc.unknown_key(k, "`tplan.lock`", &["version", "events"]),
        }
    }
    (doc.errors.len() == before).then_some(lock)
}
