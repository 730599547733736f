use super::{Context, Hit, LintRule, event_file};
use tplan_plan::model::{CallType, Severity};

pub(crate) static RULE: LintRule = LintRule {
    id: "repeated-traits-event",
    default: Severity::Error,
    summary: "More than one `identify` (or `group`) event.",
    why: "An identify or group call names no event: its traits are checked against the plan's one event of that type, and Segment's rules hold one schema each.",
    check,
};

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    for call in [CallType::Identify, CallType::Group] {
        let mut events = ctx.plan.events.values().filter(|e| e.call_type == call);
        let Some(first) = events.next() else {
            continue;
        };
        for event in events {
            hits.push(Hit {
                file: event_file(event.key.as_str()),
                path: "type".into(),
                at_value: true,
                message: format!(
                    "`{}` is a second {} event; `{}` is the first",
                    event.key,
                    call.as_str(),
                    first.key
                ),
                help: Some(format!(
                    "merge its traits into `{}`, or make it another call type",
                    first.key
                )),
            });
        }
    }
}
