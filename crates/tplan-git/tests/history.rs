//! `Store::log` and `Store::blame` over real histories, checked against git.

mod support;

use support::Repo;
use tplan_git::LogSubject;
use tplan_plan::Key;

/// A history: edits on main, a side branch merged back, a shared property
/// referenced then changed, release tags (lightweight and annotated).
fn history() -> Repo {
    let repo = Repo::with_plan("");
    repo.write(
        "events/a.toml",
        "name = \"A Happened\"\ndescription = \"one\"\n\n[properties]\nx = { type = \"string\" }\n",
    );
    repo.git(&["commit", "-qam", "a: describe"]);
    repo.git(&["tag", "plan-v1.0.0"]);
    repo.git(&["switch", "-q", "-c", "side"]);
    repo.write("events/a.toml", "name = \"A Happened\"\ndescription = \"one\"\n\n[properties]\nx = { type = \"string\" }\ny = { type = \"integer\" }\n");
    repo.git(&["commit", "-qam", "a: add y"]);
    repo.git(&["switch", "-q", "main"]);
    repo.write(
        "events/b.toml",
        "name = \"B Happened\"\ndescription = \"b\"\n",
    );
    repo.git(&["commit", "-qam", "b: describe"]);
    repo.git(&["merge", "-q", "--no-ff", "side", "-m", "Merge side"]);
    repo.write("properties/price.toml", "type = \"number\"\nminimum = 0\n");
    repo.write(
        "events/b.toml",
        "name = \"B Happened\"\ndescription = \"b\"\n\n[properties]\ntotal = { ref = \"price\" }\n",
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-qm", "b: total"]);
    repo.git(&["tag", "-a", "plan-v1.1.0", "-m", "release"]);
    repo.write(
        "properties/price.toml",
        "type = \"number\"\nminimum = 0\nmaximum = 100\n",
    );
    repo.git(&["commit", "-qam", "price: cap"]);
    repo.write("events/a.toml", "name = \"A Happened\"\ndescription = \"one\"\n\n[properties]\nx = { type = \"string\", max_length = 5 }\ny = { type = \"integer\" }\n");
    repo.git(&["commit", "-qam", "a: cap x"]);
    repo
}

fn ids(entries: &[tplan_git::LogEntry]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e.commit.commit.to_string())
        .collect()
}

#[test]
fn an_events_log_is_gits_log_of_its_file() {
    let repo = history();
    let store = repo.store("");
    let log = store
        .log("HEAD", &LogSubject::Event(Key::new("a").unwrap()), None)
        .unwrap();
    let git: Vec<String> = repo
        .git(&["log", "--format=%H", "--", "events/a.toml"])
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(ids(&log), git);
    let summaries: Vec<&str> = log.iter().map(|e| e.commit.summary.as_str()).collect();
    assert_eq!(summaries, ["a: cap x", "a: add y", "a: describe", "plan"]);
    let classes: Vec<Vec<tplan_git::LogClass>> = log.iter().map(|e| e.classes.clone()).collect();
    assert_eq!(
        classes[0],
        ["revision"],
        "a max_length on a string that had none"
    );
    assert_eq!(classes[1], ["addition"], "an optional property added");
    assert_eq!(classes[3], ["added"]);
    // Releases: what each commit shipped in.
    assert!(log[0].releases.is_empty());
    assert_eq!(log[1].releases, ["plan-v1.1.0"]);
    assert_eq!(log[2].releases, ["plan-v1.0.0", "plan-v1.1.0"]);
    assert_eq!(log[0].commit.author, "Pat");
    // -n
    assert_eq!(
        store
            .log("HEAD", &LogSubject::Event(Key::new("a").unwrap()), Some(2))
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn an_event_is_changed_by_its_shared_properties_too() {
    let repo = history();
    let store = repo.store("");
    let log = store
        .log("HEAD", &LogSubject::Event(Key::new("b").unwrap()), None)
        .unwrap();
    let summaries: Vec<&str> = log.iter().map(|e| e.commit.summary.as_str()).collect();
    assert_eq!(summaries, ["price: cap", "b: total", "b: describe", "plan"]);
    assert_eq!(log[0].classes, ["revision"]);

    let price = store
        .log(
            "HEAD",
            &LogSubject::Property(Key::new("price").unwrap()),
            None,
        )
        .unwrap();
    let summaries: Vec<&str> = price.iter().map(|e| e.commit.summary.as_str()).collect();
    assert_eq!(summaries, ["price: cap", "b: total"]);

    let plan = store.log("HEAD", &LogSubject::Plan, None).unwrap();
    // Every commit: the merge too, as it differs from both parents.
    assert_eq!(plan.len(), 8);
    assert_eq!(
        ids(&plan),
        repo.git(&["log", "--format=%H"])
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        store.subject_at("HEAD", "price").unwrap(),
        Some(LogSubject::Property(Key::new("price").unwrap()))
    );
    assert_eq!(
        store.subject_at("HEAD", "a").unwrap(),
        Some(LogSubject::Event(Key::new("a").unwrap()))
    );
    assert_eq!(store.subject_at("HEAD", "nope").unwrap(), None);
}

#[test]
fn blame_names_the_commit_behind_each_property() {
    let repo = history();
    let store = repo.store("");
    let blame = store.blame("HEAD", &Key::new("a").unwrap()).unwrap();
    let rows: Vec<(&str, &str)> = blame
        .iter()
        .map(|b| (b.property.as_str(), b.commit.summary.as_str()))
        .collect();
    assert_eq!(rows, [("x", "a: cap x"), ("y", "a: add y")]);
    let blame = store.blame("HEAD", &Key::new("b").unwrap()).unwrap();
    let rows: Vec<(&str, &str)> = blame
        .iter()
        .map(|b| (b.property.as_str(), b.commit.summary.as_str()))
        .collect();
    assert_eq!(
        rows,
        [("total", "price: cap")],
        "the shared property's change"
    );
    assert_eq!(blame[0].shared.as_deref(), Some("price"));
    // At an older revision.
    let blame = store.blame("plan-v1.1.0", &Key::new("a").unwrap()).unwrap();
    let rows: Vec<(&str, &str)> = blame
        .iter()
        .map(|b| (b.property.as_str(), b.commit.summary.as_str()))
        .collect();
    assert_eq!(rows, [("x", "a: describe"), ("y", "a: add y")]);
}
