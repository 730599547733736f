use super::{Context, Hit, LintRule, event_file};
use tplan_plan::model::{NamingStyle, Severity};
use tplan_plan::naming::{follows, respell};

pub(crate) static RULE: LintRule = LintRule {
    id: "naming-event",
    default: Severity::Error,
    summary: "An event's `name` does not follow `[naming] event`.",
    why: "Mixed spellings (`checkout_completed`, `Checkout Completed`) split one event into two in every analytics tool.",
    check,
};

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    let style = ctx.plan.manifest.event_naming;
    if style == NamingStyle::Any {
        return;
    }
    for event in ctx.plan.events.values() {
        if !follows(style, &event.name) {
            hits.push(Hit {
                file: event_file(event.key.as_str()),
                path: "name".into(),
                at_value: true,
                message: format!("event name `{}` is not {style}", event.name),
                help: Some(format!("rename it `{}`", respell(style, &event.name))),
            });
        }
    }
}
