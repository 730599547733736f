use super::{Context, Hit, LintRule, event_file};
use crate::model::Severity;
use crate::schema::iglu_gaps;

pub(crate) static RULE: LintRule = LintRule {
    id: "no-draft4-form",
    default: Severity::Warning,
    summary: "An event's `schema_extra` uses a keyword draft-04 cannot say (`propertyNames`, `unevaluatedProperties`, `minContains`…).",
    why: "Iglu schemas are draft-04: Snowplow's validators skip the keyword, so payloads the plan refuses pass the pipeline.",
    check,
};

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    for event in ctx.plan.events.values() {
        for gap in iglu_gaps(ctx.plan, event) {
            hits.push(Hit {
                file: event_file(event.key.as_str()),
                path: String::new(),
                at_value: false,
                message: format!(
                    "the Iglu schema of `{}` cannot say {gap}: draft-04 has no such keyword",
                    event.key
                ),
                help: Some(
                    "say it with draft-04 keywords, or rely on `tplan validate` alone for it"
                        .into(),
                ),
            });
        }
    }
}
