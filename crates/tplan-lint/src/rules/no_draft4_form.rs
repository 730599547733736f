use super::{Context, Hit, LintRule, event_file};
use tplan_plan::model::Severity;
use tplan_schema::iglu_gaps;

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
                path: plan_key(&gap.path),
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

/// The plan key holding what a schema path points into: the deepest
/// property on the path (`properties/a/properties/b/oneOf/0` ->
/// `properties/a/properties/b/schema_extra`), else the event's
/// `schema_extra`.
fn plan_key(schema_path: &str) -> String {
    let segments: Vec<&str> = schema_path.split('/').filter(|s| !s.is_empty()).collect();
    let mut property = Vec::new();
    let mut i = 0;
    while i + 1 < segments.len() && segments[i] == "properties" {
        property.push(format!("properties/{}", segments[i + 1]));
        i += 2;
    }
    if property.is_empty() {
        "schema_extra".into()
    } else {
        format!("{}/schema_extra", property.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::plan_key;

    #[test]
    fn gaps_point_at_the_schema_extra_holding_them() {
        assert_eq!(plan_key(""), "schema_extra");
        assert_eq!(plan_key("oneOf/0"), "schema_extra");
        assert_eq!(plan_key("properties/meta"), "properties/meta/schema_extra");
        assert_eq!(
            plan_key("properties/a/properties/b/oneOf/0"),
            "properties/a/properties/b/schema_extra"
        );
    }
}
