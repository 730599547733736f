use std::collections::BTreeSet;

use super::{Context, Hit, LintRule};
use tplan_plan::model::Severity;

pub(crate) static RULE: LintRule = LintRule {
    id: "unused-shared-property",
    default: Severity::Warning,
    summary: "A shared property in `properties/` is not referenced by any event.",
    why: "Dead definitions drift from reality and mislead whoever reuses them.",
    check,
};

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    if ctx.incomplete {
        return;
    }
    let mut used = BTreeSet::new();
    for event in ctx.plan.events.values() {
        for property in event.properties.values() {
            property.walk(&mut |_, p| {
                if let Some(r) = &p.reference {
                    used.insert(r.as_str());
                }
            });
        }
    }
    for key in ctx
        .plan
        .properties
        .keys()
        .filter(|k| !used.contains(k.as_str()))
    {
        hits.push(Hit {
            file: format!("properties/{key}.toml"),
            path: String::new(),
            at_value: false,
            message: format!("shared property `{key}` is not used by any event"),
            help: Some(format!("reference it with `ref = \"{key}\"` or remove it with `tplan property rm {key} --shared`")),
        });
    }
}
