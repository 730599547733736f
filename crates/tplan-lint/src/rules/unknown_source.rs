use super::{Context, Hit, LintRule, event_file};
use tplan_plan::error::suggest;
use tplan_plan::model::Severity;

pub(crate) static RULE: LintRule = LintRule {
    id: "unknown-source",
    default: Severity::Error,
    summary: "An event names a source the plan does not declare in `sources/`.",
    why: "Once a plan lists its sources, a misspelled one (`iOS` for `ios`) would plan an event for an app that does not exist, and per-source checks and SDKs would miss it.",
    check,
};

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    // A plan without `sources/` keeps sources as free names.
    if ctx.plan.sources.is_empty() {
        return;
    }
    let known = || ctx.plan.sources.keys().map(|k| k.as_str());
    for event in ctx.plan.events.values() {
        for source in &event.sources {
            if ctx.plan.sources.contains_key(source.as_str()) {
                continue;
            }
            let closest = known()
                .find(|k| k.eq_ignore_ascii_case(source))
                .map(str::to_string)
                .or_else(|| suggest(source, known()));
            let help = match closest {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "declare it in `sources/{source}.toml`, or use one of {}",
                    known()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            hits.push(Hit {
                file: event_file(event.key.as_str()),
                path: "sources".into(),
                at_value: true,
                message: format!("source `{source}` is not in `sources/`"),
                help: Some(help),
            });
        }
    }
}
