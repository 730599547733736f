use super::{Context, Hit, LintRule, event_file};
use tplan_plan::model::Severity;

pub(crate) static RULE: LintRule = LintRule {
    id: "missing-description",
    default: Severity::Warning,
    summary: "An event, a shared property or an event's property has no `description`.",
    why: "The plan is the dictionary analysts read: a field nobody can explain gets misused.",
    check,
};

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    let blank = |d: &Option<String>| d.as_deref().is_none_or(|d| d.trim().is_empty());
    for event in ctx.plan.events.values() {
        let file = event_file(event.key.as_str());
        if blank(&event.description) {
            hits.push(Hit {
                file: file.clone(),
                path: "name".into(),
                at_value: false,
                message: format!("event `{}` has no description", event.key),
                help: Some("say what the event means and when it fires".into()),
            });
        }
        for (name, property) in &event.properties {
            let resolved = ctx.plan.resolve(property);
            if blank(&resolved.description) {
                hits.push(Hit {
                    file: file.clone(),
                    path: format!("properties/{name}"),
                    at_value: false,
                    message: format!("property `{name}` of `{}` has no description", event.key),
                    help: None,
                });
            }
        }
    }
    for shared in ctx.plan.properties.values() {
        if blank(&shared.property.description) {
            hits.push(Hit {
                file: format!("properties/{}.toml", shared.key),
                path: String::new(),
                at_value: false,
                message: format!("shared property `{}` has no description", shared.key),
                help: None,
            });
        }
    }
}
