//! Property test: whenever the engine calls a change safe (`addition`,
//! `metadata` or none), payloads valid under the old schema stay valid
//! under the new one. Schemas are random over the analysed keywords; new
//! schemas are random edits of old ones.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use tplan_evolution::Class;
use tplan_evolution::classify::{Options, class_of, classify};

/// A tiny deterministic generator driven by proptest's seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const NAMES: [&str; 5] = ["a", "b", "c", "d", "e"];
const WORDS: [&str; 5] = ["x", "y", "zz", "w1", ""];

fn scalar(rng: &mut Rng, depth: u32) -> Value {
    let mut s = Map::new();
    let ty = *rng.pick(&["string", "integer", "number", "boolean", "array", "object"]);
    let ty = if depth > 1 && (ty == "array" || ty == "object") {
        "string"
    } else {
        ty
    };
    s.insert(
        "type".into(),
        if rng.chance(20) {
            json!([ty, "null"])
        } else {
            json!(ty)
        },
    );
    match ty {
        "string" => {
            if rng.chance(30) {
                let n = 1 + rng.below(3) as usize;
                s.insert("enum".into(), json!(WORDS[..n]));
            }
            if rng.chance(30) {
                s.insert("maxLength".into(), json!(rng.below(4)));
            }
            if rng.chance(20) {
                s.insert("minLength".into(), json!(rng.below(2)));
            }
            if rng.chance(10) {
                s.insert("pattern".into(), json!("^[a-z]*$"));
            }
        }
        "integer" | "number" => {
            if rng.chance(40) {
                s.insert(
                    rng.pick(&["minimum", "exclusiveMinimum"]).to_string(),
                    json!(rng.below(5) as i64 - 2),
                );
            }
            if rng.chance(40) {
                s.insert(
                    rng.pick(&["maximum", "exclusiveMaximum"]).to_string(),
                    json!(3 + rng.below(5) as i64),
                );
            }
            if rng.chance(20) {
                s.insert("multipleOf".into(), json!(*rng.pick(&[1, 2, 3, 4, 6, 12])));
            }
        }
        "array" => {
            s.insert("items".into(), scalar(rng, depth + 1));
            if rng.chance(30) {
                s.insert("maxItems".into(), json!(rng.below(3)));
            }
            if rng.chance(20) {
                s.insert("uniqueItems".into(), json!(true));
            }
        }
        "object" => return object(rng, depth + 1),
        _ => {}
    }
    Value::Object(s)
}

fn object(rng: &mut Rng, depth: u32) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for name in NAMES.iter().take(1 + rng.below(4) as usize) {
        props.insert(name.to_string(), scalar(rng, depth));
        if rng.chance(40) {
            required.push(json!(name));
        }
    }
    let mut s = Map::new();
    s.insert("type".into(), json!("object"));
    s.insert("properties".into(), Value::Object(props));
    s.insert("required".into(), Value::Array(required));
    match rng.below(3) {
        0 => {
            s.insert("additionalProperties".into(), json!(false));
        }
        1 => {
            s.insert("additionalProperties".into(), json!(true));
        }
        _ => {}
    }
    Value::Object(s)
}

/// A random edit somewhere in `schema`.
fn mutate(rng: &mut Rng, schema: &mut Value, depth: u32) {
    let Some(s) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(props)) = s.get_mut("properties") {
        if !props.is_empty() && rng.chance(60) {
            let keys: Vec<String> = props.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            match rng.below(4) {
                0 => {
                    props.remove(&key);
                }
                1 => {
                    let fresh = scalar(rng, depth + 1);
                    props.insert(rng.pick(&NAMES).to_string(), fresh);
                }
                _ => mutate(
                    rng,
                    props.get_mut(&key).expect("a key just listed"),
                    depth + 1,
                ),
            }
            return;
        }
        match rng.below(3) {
            0 => {
                let name = rng.pick(&NAMES).to_string();
                let req = s
                    .get_mut("required")
                    .and_then(Value::as_array_mut)
                    .expect("objects have required");
                if let Some(i) = req.iter().position(|v| v == &json!(name)) {
                    req.remove(i);
                } else {
                    req.push(json!(name));
                }
            }
            1 => {
                let v = rng.pick(&[json!(false), json!(true), Value::Null]).clone();
                if v.is_null() {
                    s.remove("additionalProperties");
                } else {
                    s.insert("additionalProperties".into(), v);
                }
            }
            _ => {
                s.insert("description".into(), json!("changed"));
            }
        }
        return;
    }
    let key = *rng.pick(&[
        "type",
        "enum",
        "maxLength",
        "minLength",
        "minimum",
        "exclusiveMinimum",
        "maximum",
        "multipleOf",
        "pattern",
        "items",
        "uniqueItems",
        "maxItems",
    ]);
    let value = match key {
        "type" => json!(*rng.pick(&["string", "integer", "number", "boolean"])),
        "enum" => json!(WORDS[..1 + rng.below(4) as usize]),
        "items" => {
            if let Some(items) = s.get_mut("items") {
                mutate(rng, items, depth + 1);
                return;
            }
            scalar(rng, depth + 1)
        }
        "pattern" => json!("^[xyz]*$"),
        "uniqueItems" => json!(rng.chance(50)),
        "multipleOf" => json!(*rng.pick(&[1, 2, 3, 4, 6, 12])),
        "maxLength" | "minLength" | "maxItems" => json!(rng.below(5)),
        _ => json!(rng.below(6) as i64 - 1),
    };
    if rng.chance(30) {
        s.remove(key);
    } else {
        s.insert(key.into(), value);
    }
}

/// A random payload near `schema`: often valid, sometimes not.
fn payload(rng: &mut Rng, schema: &Value, depth: u32) -> Value {
    let ty = match schema.get("type") {
        Some(Value::Array(ts)) if rng.chance(20) => {
            return ts
                .iter()
                .any(|t| t == "null")
                .then(|| json!(null))
                .unwrap_or(json!(0));
        }
        Some(Value::Array(ts)) => ts[0].as_str().unwrap_or("string").to_string(),
        Some(Value::String(t)) => t.clone(),
        _ => "string".into(),
    };
    if rng.chance(5) {
        return rng
            .pick(&[json!(null), json!(1), json!("x"), json!(1.5), json!(true)])
            .clone();
    }
    match ty.as_str() {
        "object" if depth < 4 => {
            let mut m = Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, p) in props {
                    if rng.chance(70) {
                        m.insert(name.clone(), payload(rng, p, depth + 1));
                    }
                }
            }
            if rng.chance(15) {
                m.insert(
                    rng.pick(&NAMES).to_string(),
                    payload(rng, &json!({"type": "integer"}), depth + 1),
                );
            }
            Value::Object(m)
        }
        "array" if depth < 4 => {
            let items = schema.get("items").cloned().unwrap_or(json!({}));
            Value::Array(
                (0..rng.below(4))
                    .map(|_| payload(rng, &items, depth + 1))
                    .collect(),
            )
        }
        "integer" => json!(rng.below(14) as i64 - 4),
        "number" => json!((rng.below(28) as f64 - 8.0) / 2.0),
        "boolean" => json!(rng.chance(50)),
        _ => {
            if let Some(e) = schema.get("enum").and_then(Value::as_array)
                && !e.is_empty()
                && rng.chance(70)
            {
                return rng.pick(e).clone();
            }
            json!(rng.pick(&WORDS))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, .. ProptestConfig::default() })]

    #[test]
    fn safe_classes_keep_old_payloads_valid(seed in any::<u64>()) {
        let mut rng = Rng(seed | 1);
        let old = object(&mut rng, 0);
        let mut new = old.clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut new, 0);
        }
        let changes = classify(&old, &new, &Options::default()).unwrap();
        let class = class_of(&changes);
        if class <= Class::Addition {
            let (vo, vn) = (jsonschema::validator_for(&old).unwrap(), jsonschema::validator_for(&new).unwrap());
            for _ in 0..60 {
                let p = payload(&mut rng, &old, 0);
                if vo.is_valid(&p) {
                    prop_assert!(vn.is_valid(&p), "classified {class} ({changes:?}) but {p} passes old {old} and fails new {new}");
                }
            }
        }
    }
}
