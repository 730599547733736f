//! `docs/rules.md` is generated from the rule registry and the evolution
//! cases; this test fails when it is stale. Regenerate with
//! `TPLAN_BLESS=1 cargo test -p tplan-evolution --test rules_doc`.

use serde_json::Value;
use tplan_evolution::rules::{Files, RULES, Rule, Sides, When};
use tplan_plan::model::Profile;

/// How other profiles re-class a rule, in words (empty when none does).
fn overrides(r: &Rule) -> Vec<String> {
    r.overrides
        .iter()
        .map(|o| {
            let when = match o.when {
                When::Always => "",
                When::OpenObject => " in an open object",
            };
            format!("**{}** under `{}`{when}", o.class, o.profile)
        })
        .collect()
}

/// A rule's first case that fires, in words.
fn example(r: &Rule) -> Option<String> {
    let case = r.cases.iter().find(|c| c.fires)?;
    let profile = match case.profile {
        Profile::Default => String::new(),
        p => format!(" (profile `{p}`)"),
    };
    Some(match case.sides {
        Sides::Schemas { old, new } => format!("`{}` -> `{}`{profile}", old(), new()),
        Sides::Plans { old, new } => {
            let text =
                |files: Files, path: &str| files.iter().find(|(p, _)| *p == path).map(|(_, t)| *t);
            let mut paths: Vec<&str> = old.iter().chain(new).map(|(p, _)| *p).collect();
            paths.sort();
            paths.dedup();
            let edits: Vec<String> = paths
                .into_iter()
                .filter_map(|p| match (text(old, p), text(new, p)) {
                    (None, Some(_)) => Some(format!("`{p}` added")),
                    (Some(_), None) => Some(format!("`{p}` removed")),
                    (Some(a), Some(b)) if a != b => Some(format!("`{p}` changed")),
                    _ => None,
                })
                .collect();
            format!("in a plan, {}{profile}", edits.join(", "))
        }
    })
}

fn generate() -> String {
    let cases: Vec<Value> =
        serde_json::from_str(include_str!("fixtures/evolution-cases.json")).unwrap();
    let mut out = String::from(
        "# Classification rules\n\n<!-- Generated from the rule registry (crates/tplan-evolution/src/rules/) and the evolution cases by\n`TPLAN_BLESS=1 cargo test -p tplan-evolution --test rules_doc`. Do not edit by hand. -->\n\n\
Every change `tplan diff`, `tplan check` and `tplan schema` report names the rule that\n\
classified it. Classes, most severe first: `model` (breaks all historical data or its\n\
consumers), `revision` (may break some), `addition` (breaks none), `metadata` (no effect on\n\
validation; still published as an addition, since published schemas are immutable).\n\
What the engine cannot prove safe is `unanalysed-change`: never safer than proven.\n\n\
The `warehouse-strict` and `tolerant` profiles (`[policy] profile`, or `--profile`) re-class\n\
or add rules; see each rule's profile below.\n\n| rule | class | profile |\n|---|---|---|\n",
    );
    for r in RULES {
        let profile = r.profile.map_or("all", |p| p.as_str());
        let mut class = r.class.to_string();
        let other = overrides(r);
        if !other.is_empty() {
            class = format!("{class} ({})", other.join(", ").replace("**", ""));
        }
        out.push_str(&format!(
            "| [`{}`](#{}) | {class} | {profile} |\n",
            r.id, r.id
        ));
    }
    for r in RULES {
        out.push_str(&format!("\n## {}\n\nClass: **{}**", r.id, r.class));
        if let Some(p) = r.profile {
            out.push_str(&format!(" (profile `{p}` only)"));
        }
        let other = overrides(r);
        if !other.is_empty() {
            out.push_str(&format!("; {}", other.join(", ")));
        }
        out.push_str(&format!("\n\n{}\n\nWhy: {}\n", r.summary, r.why));
        if let Some(example) = example(r) {
            out.push_str(&format!("\nFires on: {example}.\n"));
        }
        let case = cases.iter().find(|c| {
            c["rule"] == r.id
                || c["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x["rule"] == r.id)
        });
        if let Some(c) = case {
            out.push_str(&format!(
                "\nExample (case `{}`): {}\n",
                c["id"].as_str().unwrap(),
                c["note"].as_str().unwrap()
            ));
            if let Some(w) = c.get("witness") {
                out.push_str(&format!(
                    "A payload valid before and invalid after: `{w}`.\n"
                ));
            }
        }
    }
    out
}

#[test]
fn rules_doc_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let fresh = generate();
    if std::env::var_os("TPLAN_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "docs/rules.md is stale: run `TPLAN_BLESS=1 cargo test -p tplan-evolution --test rules_doc`"
    );
}
