use super::{Context, Hit, LintRule, event_file};
use tplan_plan::model::{NamingStyle, Severity};
use tplan_plan::naming::{follows, respell};

pub(crate) static RULE: LintRule = LintRule {
    id: "naming-property",
    default: Severity::Error,
    summary: "A property name does not follow `[naming] property`.",
    why: "Warehouse columns and generated code take property names as they are; one style keeps them predictable.",
    check,
};

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    let style = ctx.plan.manifest.property_naming;
    if style == NamingStyle::Any {
        return;
    }
    for event in ctx.plan.events.values() {
        for (name, property) in &event.properties {
            property.walk(&mut |path, _| {
                let full = if path.is_empty() {
                    format!("properties/{name}")
                } else {
                    format!("properties/{name}/{path}")
                };
                // Only name segments are names; `items` is a keyword.
                let Some(last) = full.rsplit('/').next() else {
                    return;
                };
                if full.ends_with("/items") || follows(style, last) {
                    return;
                }
                hits.push(Hit {
                    file: event_file(event.key.as_str()),
                    path: full.clone(),
                    at_value: false,
                    message: format!("property name `{last}` is not {style}"),
                    help: Some(format!("rename it `{}`", respell(style, last))),
                });
            });
        }
    }
}
