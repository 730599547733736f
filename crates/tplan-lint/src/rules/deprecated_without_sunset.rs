use super::{Context, Hit, LintRule, event_file};
use tplan_plan::model::{Severity, Status};

pub(crate) static RULE: LintRule = LintRule {
    id: "deprecated-without-sunset",
    default: Severity::Warning,
    summary: "A deprecated event has no `sunset` date.",
    why: "Producers need a date to stop sending it; without one it lives forever.",
    check,
};

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    for event in ctx.plan.events.values() {
        if event.status == Status::Deprecated && event.sunset.is_none() {
            hits.push(Hit {
                file: event_file(event.key.as_str()),
                path: "status".into(),
                at_value: false,
                message: format!("deprecated event `{}` has no sunset date", event.key),
                help: Some(format!(
                    "set one with `tplan event set {} sunset YYYY-MM-DD`",
                    event.key
                )),
            });
        }
    }
}
