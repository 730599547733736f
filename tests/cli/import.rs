use serde_json::Value;

use crate::support::{TestRepo, stderr, stdout};

/// An empty plan, committed.
fn empty_plan() -> TestRepo {
    let repo = TestRepo::empty();
    repo.tplan(["init", "--name", "Imp", "--vendor", "com.acme"])
        .assert()
        .success();
    repo.commit_all("init");
    repo
}

#[test]
fn the_template_imports_onto_a_new_branch() {
    let repo = empty_plan();
    let template = stdout(
        &repo
            .tplan(["import", "csv", "--template"])
            .output()
            .unwrap(),
    );
    repo.write("plan.csv", &template);
    let out = repo
        .tplan(["import", "csv", "plan.csv", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["branch"], "import-csv");
    assert_eq!(r["events"].as_array().unwrap().len(), 2);
    assert_eq!(repo.git(["branch", "--show-current"]).trim(), "import-csv");
    assert_eq!(
        repo.git(["log", "-1", "--format=%s"]).trim(),
        "Import 2 events from plan.csv"
    );
    let oc = repo.read("events/order_completed.toml");
    assert!(oc.contains("name = \"Order Completed\""), "{oc}");
    assert!(
        oc.contains("currency = { type = \"string\", required = true, enum = [\"EUR\", \"USD\", \"GBP\"], description = \"ISO 4217 code.\" }"),
        "{oc}"
    );
    assert!(
        repo.read("owners/checkout.toml")
            .contains("name = \"checkout\"")
    );
    repo.tplan(["lint"]).assert().success();
    // main is untouched.
    assert!(
        repo.git(["ls-tree", "-r", "--name-only", "main"])
            .lines()
            .all(|l| !l.starts_with("events/"))
    );
}

#[test]
fn bad_rows_are_listed_and_the_rest_imports() {
    let repo = empty_plan();
    repo.write(
        "plan.csv",
        "Event,Property,Type,Required,Owner,Event Description\n\
         Signed In,method,string,yes,growth,A sign in.\n\
         Signed In,remember,boolean,maybe,growth,A sign in.\n\
         Signed Up,plan,strng,no,growth,\n\
         Cart Viewed,cart_id,string,yes,growth,Viewed.\n\
         Cart Viewed,items,integer,no,checkout,Viewed.\n\
         Order Completed!,total,number,yes,,Paid.\n\
         Order Completed!,products,array,yes,,Paid.\n\
         Order Completed!,products[],object,no,,Paid.\n\
         Order Completed!,products[].price,number,yes,,Paid.\n\
         Broken Nest,lines[].sku,string,yes,,Lines.\n",
    );
    let out = repo.tplan(["import", "csv", "plan.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Imported 1 event on branch `import-csv`"),
        "{text}"
    );
    assert!(
        text.contains("`Signed In` not imported: row 3: `required` is `maybe`"),
        "{text}"
    );
    assert!(
        text.contains("`Signed Up` not imported: row 4: unknown type `strng`"),
        "{text}"
    );
    assert!(
        text.contains(
            "`Cart Viewed` not imported: row 6: owner `checkout` differs from row 5's `growth`"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "`Broken Nest` not imported: row 11: `lines[].sku`: no row before it declares the array `lines`"
        ),
        "{text}"
    );
    assert!(
        text.contains("Order Completed!  ->  order_completed"),
        "{text}"
    );
    // Nested rows nest, as `tplan export csv` writes them.
    let oc = repo.read("events/order_completed.toml");
    assert!(
        oc.contains("[properties.products]\ntype = \"array\"\nrequired = true\n"),
        "{oc}"
    );
    assert!(
        oc.contains(
            "[properties.products.items.properties]\nprice = { type = \"number\", required = true }"
        ),
        "{oc}"
    );
}

#[test]
fn refusals_write_nothing() {
    let repo = empty_plan();
    repo.write("nocols.csv", "name,kind\nA,b\n");
    let before = repo.git(["show-ref"]);
    let out = repo
        .tplan(["import", "csv", "nocols.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing columns: event, property, type"),
        "{}",
        stderr(&out)
    );
    // A dirty plan.
    repo.write("plan.csv", "event,property,type\nSigned In,method,string\n");
    repo.tplan(["owner", "add", "growth", "--name", "Growth"])
        .assert()
        .success();
    let out = repo.tplan(["import", "csv", "plan.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("uncommitted changes"),
        "{}",
        stderr(&out)
    );
    repo.git(["clean", "-fdq", "owners"]);
    // An existing branch.
    repo.git(["branch", "import-csv"]);
    let out = repo.tplan(["import", "csv", "plan.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    repo.git(["branch", "-D", "import-csv"]);
    assert_eq!(repo.git(["show-ref"]), before);
    assert_eq!(
        repo.git(["status", "--porcelain", "--", "events", "owners"]),
        ""
    );
}

#[test]
fn an_import_never_overwrites_an_event() {
    let repo = TestRepo::example();
    repo.write(
        "plan.csv",
        "event,property,type\nSigned In,method,boolean\nNew Thing Happened,x,string\n",
    );
    let before = repo.read("events/signed_in.toml");
    let out = repo.tplan(["import", "csv", "plan.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out)
            .contains("`Signed In`: `events/signed_in.toml` exists; an import never overwrites"),
        "{}",
        stdout(&out)
    );
    assert_eq!(repo.read("events/signed_in.toml"), before);
    assert!(
        repo.read("events/new_thing_happened.toml")
            .contains("x = { type = \"string\" }")
    );
}

#[test]
fn export_then_import_keeps_every_event_and_property_nested_ones_too() {
    let source = TestRepo::example();
    let csv = stdout(&source.tplan(["export", "csv"]).output().unwrap());
    let repo = empty_plan();
    repo.write("plan.csv", &csv);
    let out = repo
        .tplan(["import", "csv", "plan.csv", "--format", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let events = source.tplan(["ls", "--format", "json"]).output().unwrap();
    let listed: Value = serde_json::from_str(&stdout(&events)).unwrap();
    assert_eq!(
        r["events"].as_array().unwrap().len(),
        listed["events"].as_array().unwrap().len(),
        "{r}"
    );
    // Every row comes back, nested ones nested.
    assert_eq!(r["skipped"], serde_json::json!([]), "{r}");
    let again = stdout(&repo.tplan(["export", "csv"]).output().unwrap());
    let rows = |text: &str| -> Vec<String> {
        let mut rows: Vec<String> = text.lines().map(str::to_string).collect();
        rows.sort();
        rows
    };
    assert_eq!(rows(&again), rows(&csv));
    let price = again
        .lines()
        .find(|l| l.starts_with("Order Completed,") && l.contains(",products[].price,"))
        .expect("a nested row");
    assert!(price.contains(",number,yes,"), "{price}");
    let oc = repo.read("events/order_completed.toml");
    assert!(
        oc.contains("total = { type = \"number\", required = true"),
        "{oc}"
    );
}

/// Folders of the git dir that an import stages into (none may be left).
fn staging_left(repo: &TestRepo) -> Vec<String> {
    std::fs::read_dir(repo.path().join(".git"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("tplan-import-"))
        .collect()
}

#[test]
fn a_source_bad_near_its_end_is_refused_with_where_and_nothing_is_written() {
    let repo = empty_plan();
    let mut csv = String::from("event,property,type\n");
    for i in 0..3000 {
        csv.push_str(&format!("Event {i:04} Seen,prop_{},string\n", i % 7));
    }
    let mut bytes = csv.clone().into_bytes();
    bytes.extend(b"Last Event,caf\xe9,string\n");
    repo.write("bad.csv", &bytes);
    let mut segment = String::from("{\"rules\": {\"events\": [");
    for i in 0..2000 {
        segment.push_str(&format!(
            "{{\"name\": \"Event {i}\", \"rules\": {{\"type\": \"object\"}}, \"version\": 1}},\n"
        ));
    }
    segment.push_str("{\"name\": \"Cut\", \"rules\": {\"type\": ");
    repo.write("cut.json", &segment);
    let before = (repo.git(["show-ref"]), repo.snapshot());
    let out = repo.tplan(["import", "csv", "bad.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let expected = format!(
        "bad.csv`: not UTF-8 (byte {}); save it as CSV UTF-8",
        csv.len() + 15
    );
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
    let out = repo
        .tplan(["import", "segment", "cut.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cut.json`: not JSON (line 2001, column"),
        "{}",
        stderr(&out)
    );
    assert_eq!((repo.git(["show-ref"]), repo.snapshot()), before);
    assert_eq!(staging_left(&repo), Vec::<String>::new());
}

#[test]
fn an_event_s_rows_need_not_be_together() {
    let repo = empty_plan();
    repo.write(
        "plan.csv",
        "event,property,type,required,owner\n\
         Signed In,method,string,yes,Growth\n\
         Order Completed,order_id,string,yes,Checkout\n\
         Signed In,remember_me,boolean,no,\n\
         Order Completed,total,number,yes,\n\
         Signed In,Bad Name,string,no,\n",
    );
    let out = repo
        .tplan(["import", "csv", "plan.csv", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        r["events"],
        serde_json::json!([
            ["Order Completed", "order_completed"],
            ["Signed In", "signed_in"]
        ])
    );
    assert_eq!(
        r["renames"],
        serde_json::json!([["Signed In: Bad Name", "bad_name"]])
    );
    let signed_in = repo.read("events/signed_in.toml");
    for p in ["method", "remember_me", "bad_name"] {
        assert!(signed_in.contains(&format!("{p} = ")), "{signed_in}");
    }
    assert!(repo.read("owners/checkout.toml").contains("Checkout"));
    assert_eq!(staging_left(&repo), Vec::<String>::new());
}

#[test]
fn escape_sequences_in_a_spreadsheet_are_shown_escaped() {
    let repo = empty_plan();
    repo.write(
        "plan.csv",
        "event,property,type\n\u{1b}[31mRed Event,p,string\nOK Event,\u{1b}]0;x\u{7},string\n",
    );
    let out = repo.tplan(["import", "csv", "plan.csv"]).output().unwrap();
    let text = stdout(&out);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("\\u{1b}"), "{text}");
}
