use super::{Context, Hit, LintRule, event_file};
use tplan_plan::model::Severity;

pub(crate) static RULE: LintRule = LintRule {
    id: "missing-owner",
    default: Severity::Warning,
    summary: "An event has no `owner`.",
    why: "Without an owner nobody is asked to review changes to the event, and policy cannot require their approval.",
    check,
};

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    for event in ctx.plan.events.values().filter(|e| e.owner.is_none()) {
        hits.push(Hit {
            file: event_file(event.key.as_str()),
            path: "name".into(),
            at_value: false,
            message: format!("event `{}` has no owner", event.key),
            help: Some("set one with `tplan event set KEY owner OWNER`".into()),
        });
    }
}
