//! The objects a publish writes before any ref moves: the publish commit on
//! the base (lock, manifest version, changelog), the annotated release tag,
//! and the registry commit with the release's Iglu schemas.

use gix::objs::tree::EntryKind;
use tplan_edit::release::{CHANGELOG, prepend_changelog, render_lock, set_plan_version};
use tplan_evolution::policy::PolicyVerdict;
use tplan_evolution::release::changelog_section;
use tplan_plan::files::{LOCK, MANIFEST};
use tplan_plan::proposal::{Person, Proposal};
use tplan_plan::{Entry, Plan, PlanFiles};
use tplan_schema::{iglu_schema_at, iglu_uri};

use super::merge::Merged;
use crate::error::StoreError;
use crate::identity::Actor;
use crate::refs::registry_ref;
use crate::review::ProposalRevs;
use crate::store::Store;

/// What the publish commit and the tag say.
pub(super) struct Release<'a> {
    /// The proposal's number.
    pub number: u64,
    /// Its record.
    pub record: &'a Proposal,
    /// The policy's verdict (the changelog names the approvers).
    pub verdict: &'a PolicyVerdict,
    /// The release.
    pub release: &'a tplan_evolution::release::Release,
    /// The tag's name.
    pub tag: &'a str,
    /// The release's date, `YYYY-MM-DD`.
    pub date: &'a str,
}

/// The publish commit and the tag, written.
pub(super) struct Written {
    /// The publish commit.
    pub commit: gix::ObjectId,
    /// Its tree.
    pub tree: gix::ObjectId,
    /// The changelog section (also the tag's message).
    pub changelog: String,
    /// The changelog's path from the repository root.
    pub changelog_path: String,
    /// The annotated tag object.
    pub tag_object: gix::ObjectId,
    /// Who committed, for the registry commit.
    pub committer: gix::actor::Signature,
}

/// The registry commit, written.
pub(super) struct Registry {
    /// The registry's commit before (`None`: the first publish).
    pub old: Option<gix::ObjectId>,
    /// Its new commit.
    pub new: gix::ObjectId,
    /// The schemas added: registry path and text.
    pub schemas: Vec<(String, String)>,
}

impl Store {
    /// The merge commit of head into base holding the new lock, manifest
    /// version and changelog, and the annotated tag pointing at it.
    pub(super) fn publish_commit(
        &self,
        r: Release<'_>,
        revs: ProposalRevs,
        merged: &Merged,
        actor: Actor<'_>,
    ) -> Result<Written, StoreError> {
        let (number, record, release) = (r.number, r.record, r.release);
        let intro = release_intro(number, &record.title, &record.author, r.verdict);
        let changelog = changelog_section(release, r.date, &intro);
        let manifest_text = text_of(&merged.files, MANIFEST);
        let manifest = set_plan_version(&manifest_text, &release.version).map_err(|message| {
            StoreError::InvalidPlanAt {
                rev: record.head.clone(),
                file: self.repo_path(MANIFEST),
                message,
            }
        })?;
        let changelog_path = self.repo_path(CHANGELOG);
        let old_changelog = self.blob_text_at(merged.tree, &changelog_path)?;
        let new_changelog = prepend_changelog(old_changelog.as_deref(), &changelog);
        let mut editor = self.repo.edit_tree(merged.tree)?;
        for (path, text) in [
            (self.repo_path(MANIFEST), manifest),
            (self.repo_path(LOCK), render_lock(&release.lock)),
            (changelog_path.clone(), new_changelog),
        ] {
            let id = self.repo.write_blob(text.as_bytes())?.detach();
            editor.upsert(path.as_str(), EntryKind::Blob, id)?;
        }
        let tree = editor.write()?.detach();
        let message = format!(
            "Publish plan {}: {} (#{number})\n\n{changelog}",
            release.version, record.title
        );
        let (author, committer) = self.signatures(actor)?;
        let parents = [revs.base.oid(), revs.head.oid()];
        let commit = self.write_commit((&author, &committer), &message, tree, parents)?;
        let tag_object = self
            .repo
            .write_object(gix::objs::Tag {
                target: commit,
                target_kind: gix::objs::Kind::Commit,
                name: r.tag.into(),
                tagger: Some(committer.clone()),
                message: changelog.as_str().into(),
                signature: None,
            })?
            .detach();
        Ok(Written {
            commit,
            tree,
            changelog,
            changelog_path,
            tag_object,
            committer,
        })
    }

    /// The registry tree with this release's schemas added, committed;
    /// published schemas are immutable.
    pub(super) fn publish_registry(
        &self,
        release: &tplan_evolution::release::Release,
        next_plan: &Plan,
        committer: &gix::actor::Signature,
    ) -> Result<Registry, StoreError> {
        let old = self.tip_of(&registry_ref())?;
        let registry_tree = self.tree_of(old)?;
        let mut editor = self.repo.edit_tree(registry_tree)?;
        let mut schemas = Vec::new();
        for e in &release.events {
            let (Some(version), Some(event)) = (e.version, next_plan.event(e.key.as_str())) else {
                continue;
            };
            let path = iglu_uri(next_plan, event, version).registry_path();
            let mut text = serde_json::to_string_pretty(&iglu_schema_at(next_plan, event, version))
                .expect("a schema serialises");
            text.push('\n');
            if let Some(existing) = self.blob_text_at(registry_tree, &path)? {
                if existing != text {
                    return Err(StoreError::VersionPublished { path });
                }
                continue;
            }
            let id = self.repo.write_blob(text.as_bytes())?.detach();
            editor.upsert(path.as_str(), EntryKind::Blob, id)?;
            schemas.push((path, text));
        }
        let tree = editor.write()?.detach();
        let message = format!(
            "Release plan {}: {} schemas",
            release.version,
            schemas.len()
        );
        let new = self.write_commit((committer, committer), &message, tree, old)?;
        Ok(Registry { old, new, schemas })
    }
}

/// The text of a plan file, empty when it is not one.
fn text_of(files: &PlanFiles, path: &str) -> String {
    match files.get(path) {
        Some(Entry::File(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
        _ => String::new(),
    }
}

/// `Gift cards (proposal #3 by Pat PM; approved by Ana Analyst, Li).`
fn release_intro(number: u64, title: &str, author: &str, verdict: &PolicyVerdict) -> String {
    let name = |p: &str| Person::parse(p).map_or(p.to_string(), |p| p.name);
    let approvers: Vec<String> = verdict
        .stances
        .iter()
        .filter(|s| s.counts)
        .map(|s| name(&s.reviewer))
        .collect();
    let approved = if approvers.is_empty() {
        String::new()
    } else {
        format!("; approved by {}", approvers.join(", "))
    };
    format!(
        "{title} (proposal #{number} by {}{approved}).",
        name(author)
    )
}
