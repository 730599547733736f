//! Edits of plan files: what an edit touches changes, everything else stays
//! byte for byte, the result parses to the expected model, and every refused
//! edit returns an error instead of a changeset. The helpers are here; the
//! tests, by kind, in the modules.

use tplan_edit::{Changeset, Edit, EditError, PropertySpec, Target, apply};
use tplan_plan::testing::{base, files_with};
use tplan_plan::{ErrorKind, Key, Plan, PlanFiles, Status};

const CHECKOUT: &str = "events/checkout_completed.toml";

/// `checkout_completed` with comments, odd spacing and both property forms.
const COMMENTED: &str = r#"# Checkout, as the payment service sends it.
name    =   "Checkout Completed"   # shown in dashboards
description = "The user paid for the order."
owner = "growth"
sources = ["web",   "ios"]

# Money first.
[properties]
price    = { ref = "price", required = true }   # from the cart
currency = { ref = "currency", required = true }
coupon   = {type="string",max_length=32}
items    = { type = "array", items = { type = "object", properties = { sku = { type = "string", required = true } } } }

# Free text, kept short.
[properties.note]
type   = "string"     # any text
description = "A note to the shop."
"#;

fn key(s: &str) -> Key {
    Key::new(s).unwrap()
}

fn event(k: &str) -> Target {
    Target::Event(key(k))
}

fn set_property(target: Target, name: &str, field: &str, value: &str) -> Edit {
    Edit::SetProperty {
        target,
        name: name.into(),
        field: field.into(),
        value: value.into(),
    }
}

/// Applies `edits` one after another to `files`, each expected to succeed,
/// and returns the files after the last.
fn edit_all(files: &PlanFiles, edits: &[Edit]) -> PlanFiles {
    edits
        .iter()
        .fold(files.clone(), |files, edit| match apply(&files, edit) {
            Ok(changes) => changes.apply_to(&files),
            Err(e) => panic!("{edit:?} refused: {e}"),
        })
}

fn edit_base(edits: &[Edit]) -> PlanFiles {
    edit_all(&files_with(&[]), edits)
}

fn commented() -> PlanFiles {
    files_with(&[(CHECKOUT, Some(COMMENTED))])
}

fn text<'f>(files: &'f PlanFiles, path: &str) -> &'f str {
    files.text(path).unwrap_or_else(|| panic!("no {path}"))
}

fn plan(files: &PlanFiles) -> Plan {
    tplan_schema::plan_from_files(files)
        .unwrap_or_else(|e| panic!("plan has errors: {:#?}", e.errors))
}

fn refused(files: &PlanFiles, edit: Edit) -> EditError {
    match apply(files, &edit) {
        Ok(changes) => panic!("{edit:?} accepted: {changes:#?}"),
        Err(e) => e,
    }
}

fn refused_base(edit: Edit) -> EditError {
    refused(&files_with(&[]), edit)
}

// ---- comments and formatting ------------------------------------------------

mod layout;
mod objects;
mod refusals;
