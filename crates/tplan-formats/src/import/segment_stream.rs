//! A Segment tracking plan read as a stream: each rule of its rule lists
//! (the Public API's `rules[]`, the Config API's `rules.events[]`) is
//! parsed on its own and handed over, then dropped, so a plan of hundreds
//! of megabytes is never held whole. What is small (traits, `global`) is
//! kept with the shape of the file.
//!
//! The plan may sit under the wrappers `data`, `tracking_plan` and
//! `trackingPlan` (in that order), and JSON keys come in any order, so
//! rules are tagged with the object they were found under (a bit per
//! wrapper); the caller keeps those of the object the wrappers lead to.

use std::io::{BufReader, Read};

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::utf8::{Utf8Reader, reason};

/// The wrapper keys, in the order they are looked into.
const WRAPPERS: [&str; 3] = ["data", "tracking_plan", "trackingPlan"];

/// Where a streamed rule sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// `rules[i]` (the Public API), or the i-th item of a plan that is a list.
    Public(usize),
    /// `rules.events[i]` (the Config API).
    ConfigEvent(usize),
}

/// What one object of the file (the root, or one reached through
/// wrappers) holds.
#[derive(Debug, Default)]
pub(super) struct Node {
    /// Wrappers under it that are objects (bit `j` for `WRAPPERS[j]`).
    pub wrappers: u8,
    /// Its `rules`.
    pub rules: Option<Rules>,
}

/// A node's `rules`.
#[derive(Debug)]
pub(super) enum Rules {
    /// A list: the Public API's rules, streamed.
    List,
    /// An object: the Config API's (events streamed).
    Config(Config),
    /// Anything else.
    Other,
}

/// The Config API's `rules` object, but its events.
#[derive(Debug, Default)]
pub(super) struct Config {
    /// `events` is there.
    pub has_events: bool,
    /// `events` is there and not a list.
    pub events_not_list: bool,
    /// `identify_traits`, `identify`, `group_traits`, `group`, as found.
    pub traits: Vec<(String, Value)>,
    /// `global`.
    pub global: Option<Value>,
}

/// The file's shape: its nodes by wrapper bits.
#[derive(Debug, Default)]
pub(super) struct Shape {
    pub nodes: [Node; 8],
    /// The file is a list of rules.
    pub root_is_list: bool,
}

impl Shape {
    /// The node the wrappers lead to: from the root, into each wrapper in
    /// turn when it is there and an object.
    pub fn top(&self) -> u8 {
        let mut node = 0u8;
        for j in 0..WRAPPERS.len() {
            if self.nodes[node as usize].wrappers & (1 << j) != 0 {
                node |= 1 << j;
            }
        }
        node
    }
}

/// Called with each streamed rule: its node, its place, the rule.
pub(super) type OnRule<'a> = dyn FnMut(u8, Place, Value) -> Result<(), String> + 'a;

/// Reads the plan in `input`, handing each rule of a rule list to `on`.
/// Fails on a file that is not UTF-8 or not JSON (naming the byte, or the
/// line and column), or with what `on` failed with.
pub(super) fn read(input: impl Read, on: &mut OnRule<'_>) -> Result<Shape, String> {
    let reader = BufReader::with_capacity(1 << 16, Utf8Reader::new(input));
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut state = State {
        shape: Shape::default(),
        on,
        failure: None,
    };
    let walked = Walk {
        state: &mut state,
        what: What::Root,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    if let Some(failure) = state.failure {
        return Err(failure);
    }
    match walked {
        Ok(()) => Ok(state.shape),
        Err(e) if e.is_io() => Err(reason(&std::io::Error::from(e))),
        Err(e) => Err(format!(
            "not JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        )),
    }
}

struct State<'a, 'b> {
    shape: Shape,
    on: &'a mut OnRule<'b>,
    /// Why `on` stopped the walk.
    failure: Option<String>,
}

/// What the value being walked is.
#[derive(Clone, Copy)]
enum What {
    Root,
    /// The object reached through the wrappers `bits` (from `parent`, by
    /// wrapper `bit`; the root has neither).
    Node {
        bits: u8,
        parent: u8,
        bit: u8,
    },
    /// `rules` of node `bits`.
    Rules(u8),
    /// `rules.events` of node `bits`.
    Events(u8),
}

struct Walk<'s, 'a, 'b> {
    state: &'s mut State<'a, 'b>,
    what: What,
}

impl<'de> DeserializeSeed<'de> for Walk<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Walk<'_, '_, '_> {
    /// Streams a list of rules of node `bits`.
    fn rules<'de, A: SeqAccess<'de>>(
        &mut self,
        mut seq: A,
        bits: u8,
        place: fn(usize) -> Place,
    ) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(rule) = seq.next_element::<Value>()? {
            if let Err(why) = (self.state.on)(bits, place(i), rule) {
                self.state.failure = Some(why);
                return Err(de::Error::custom("stopped"));
            }
            i += 1;
        }
        Ok(())
    }

    /// A value that is neither a list nor an object.
    fn scalar<E>(self) -> Result<(), E> {
        match self.what {
            What::Rules(bits) => self.state.shape.nodes[bits as usize].rules = Some(Rules::Other),
            What::Events(bits) => {
                if let Some(Rules::Config(c)) = &mut self.state.shape.nodes[bits as usize].rules {
                    c.events_not_list = true;
                }
            }
            What::Root | What::Node { .. } => {}
        }
        Ok(())
    }

    /// The keys of node `bits`: `rules`, and wrappers not yet taken.
    fn node<'de, A: MapAccess<'de>>(&mut self, mut map: A, bits: u8) -> Result<(), A::Error> {
        let taken = 8 - bits.leading_zeros() as usize;
        while let Some(key) = map.next_key::<String>()? {
            let wrapper = WRAPPERS.iter().position(|w| *w == key);
            let what = match wrapper {
                _ if key == "rules" => What::Rules(bits),
                Some(j) if j >= taken => What::Node {
                    bits: bits | (1 << j),
                    parent: bits,
                    bit: 1 << j,
                },
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            map.next_value_seed(Walk {
                state: self.state,
                what,
            })?;
        }
        Ok(())
    }

    /// The Config API's `rules` object of node `bits`.
    fn config<'de, A: MapAccess<'de>>(&mut self, mut map: A, bits: u8) -> Result<(), A::Error> {
        self.state.shape.nodes[bits as usize].rules = Some(Rules::Config(Config::default()));
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "events" => {
                    if let Some(Rules::Config(c)) = &mut self.state.shape.nodes[bits as usize].rules
                    {
                        c.has_events = true;
                    }
                    map.next_value_seed(Walk {
                        state: self.state,
                        what: What::Events(bits),
                    })?;
                }
                "identify_traits" | "identify" | "group_traits" | "group" | "global" => {
                    let value = map.next_value::<Value>()?;
                    if let Some(Rules::Config(c)) = &mut self.state.shape.nodes[bits as usize].rules
                    {
                        if key == "global" {
                            c.global = Some(value);
                        } else {
                            c.traits.push((key, value));
                        }
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for Walk<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a Segment tracking plan")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        match self.what {
            What::Root => {
                self.state.shape.root_is_list = true;
                self.rules(seq, 0, Place::Public)
            }
            What::Rules(bits) => {
                self.state.shape.nodes[bits as usize].rules = Some(Rules::List);
                self.rules(seq, bits, Place::Public)
            }
            What::Events(bits) => self.rules(seq, bits, Place::ConfigEvent),
            What::Node { .. } => {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(())
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        match self.what {
            What::Root => self.node(map, 0),
            What::Node { bits, parent, bit } => {
                self.state.shape.nodes[parent as usize].wrappers |= bit;
                self.node(map, bits)
            }
            What::Rules(bits) => self.config(map, bits),
            What::Events(_) => {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                self.scalar()
            }
        }
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.scalar()
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.scalar()
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.scalar()
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.scalar()
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.scalar()
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.scalar()
    }
}
