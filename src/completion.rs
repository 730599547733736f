//! Shell completion of the plan's own values, computed when the shell
//! asks (`COMPLETE=bash tplan …`, set up by `tplan completions SHELL`):
//! event keys from the work tree's `events/` folder, open proposals' numbers
//! from git. Each reads as little as it can and fails silently: a shell
//! waiting on completion must never see an error.

use clap_complete::engine::CompletionCandidate;

/// The events of the plan around the current directory, by key.
pub fn event_keys() -> Vec<CompletionCandidate> {
    let Some(dir) = std::env::current_dir()
        .ok()
        .and_then(|cwd| tplan_git::find_plan_dir(&cwd))
    else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir.join("events")) else {
        return Vec::new();
    };
    let mut keys: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let key = name.strip_suffix(".toml")?;
            tplan_plan::Key::new(key).ok().map(|k| k.to_string())
        })
        .collect();
    keys.sort();
    keys.into_iter().map(CompletionCandidate::new).collect()
}

/// The open proposals' numbers, each with its title.
pub fn proposal_numbers() -> Vec<CompletionCandidate> {
    let Ok(cwd) = std::env::current_dir() else {
        return Vec::new();
    };
    let Ok(ws) = crate::workspace::Workspace::discover(&cwd) else {
        return Vec::new();
    };
    let Ok(list) = ws
        .store
        .proposal_list(Some(tplan_plan::proposal::ProposalState::Open))
    else {
        return Vec::new();
    };
    list.proposals
        .iter()
        .map(|p| {
            let r = &p.proposal.record;
            CompletionCandidate::new(r.number.to_string()).help(Some(r.title.clone().into()))
        })
        .collect()
}
