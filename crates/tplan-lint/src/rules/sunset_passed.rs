use super::{Context, Hit, LintRule, event_file};
use tplan_plan::model::Severity;

pub(crate) static RULE: LintRule = LintRule {
    id: "sunset-passed",
    default: Severity::Warning,
    summary: "An event's `sunset` date has passed.",
    why: "Past its sunset an event should no longer be sent: remove it from the plan, or move the date.",
    check,
};

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    for event in ctx.plan.events.values() {
        if let Some(sunset) = event.sunset.filter(|s| *s < ctx.today) {
            hits.push(Hit {
                file: event_file(event.key.as_str()),
                path: "sunset".into(),
                at_value: true,
                message: format!("event `{}` passed its sunset date ({sunset})", event.key),
                help: Some(format!(
                    "remove it with `tplan event rm {}`, or move the date",
                    event.key
                )),
            });
        }
    }
}
