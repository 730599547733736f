//! `tplan publish`: an approved proposal becomes a plan release.
//!
//! Everything is computed and every object written first: the semantic
//! merge of the head into the base, the release (each changed event's next
//! SchemaVer, the plan's semver), `tplan.lock`, `tplan.toml`'s version and
//! the changelog section in a merge commit on the base, an annotated
//! `plan-v<semver>` tag, the release's Iglu schemas added to the registry
//! tree on `refs/tplan/registry`, and the proposal's `merged` record. Then
//! all four refs move in one transaction, each by compare-and-swap: two
//! publishers racing on one base cannot both win, and the loser changes
//! nothing. The work tree follows last, when the base is checked out.

use std::collections::BTreeMap;
use std::path::Path;

use gix::bstr::ByteSlice;
use gix::objs::tree::EntryKind;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};
use gix::refs::{FullName, Target};
use tplan_edit::release::{CHANGELOG, prepend_changelog, render_lock, set_plan_version};
use tplan_plan::files::{LOCK, MANIFEST};
use tplan_plan::model::Date;
use tplan_plan::proposal::{Person, ProposalState, Published};
use tplan_plan::{Entry, PlanFiles};
use tplan_schema::{iglu_schema_at, iglu_uri};

use tplan_evolution::Class;
use tplan_evolution::merge::{Labels, merge_plans};

use crate::gate::lint_conflicts_loaded;
use tplan_evolution::policy::PolicyVerdict;
use tplan_evolution::release::{Release, ReleaseError, changelog_section, plan_release};

use crate::error::StoreError;
use crate::failpoint;
use crate::identity::Actor;
use crate::proposal::require_open;
use crate::refs::REGISTRY_REF;
use crate::store::Store;
use crate::tree::PathChange;

/// How to publish.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions<'a> {
    /// `--bump EVENT=CLASS`: raise an event's class above the computed one.
    pub bumps: BTreeMap<String, Class>,
    /// Who publishes; `None`: the configured git identity.
    pub actor: Actor<'a>,
    /// Today, for lint's deprecation checks.
    pub today: Option<Date>,
}

/// A publish computed, its objects written, no ref moved yet.
#[derive(Debug)]
pub struct PreparedPublish {
    /// The proposal.
    pub number: u64,
    /// Its title.
    pub title: String,
    /// The base branch.
    pub base: String,
    /// The release.
    pub release: Release,
    /// The tag, `plan-v<semver>`.
    pub tag: String,
    /// The publish commit on the base.
    pub commit: gix::ObjectId,
    /// The changelog section (also the tag's message).
    pub changelog: String,
    /// The registry paths added, with their schemas.
    pub schemas: Vec<(String, String)>,
    /// The policy's verdict that allowed it.
    pub verdict: PolicyVerdict,
    /// The plan folder's path of the changelog (from the repository root).
    pub changelog_path: String,
    base_ref: FullName,
    base_tip: gix::ObjectId,
    tag_object: gix::ObjectId,
    registry_old: Option<gix::ObjectId>,
    registry_new: gix::ObjectId,
    proposal_old: gix::ObjectId,
    proposal_new: gix::ObjectId,
    /// When the base is checked out: what the work tree must follow.
    worktree: Option<Vec<PathChange>>,
}

impl Store {
    /// Computes proposal `number`'s publish and writes its objects; no ref
    /// moves. Refuses a proposal that is not open, a dirty plan, a policy
    /// not met, a merge with conflicts, and a version already published
    /// with other content.
    pub fn prepare_publish(
        &self,
        number: u64,
        options: &PublishOptions<'_>,
    ) -> Result<PreparedPublish, StoreError> {
        let stored = self.proposal(number)?;
        require_open(&stored.record)?;
        self.refuse_merge_in_progress()?;
        let dirty = self.changed_plan_files()?;
        if !dirty.is_empty() {
            return Err(StoreError::DirtyPlan {
                files: dirty.iter().map(|c| self.repo_path(&c.path)).collect(),
                action: " (or `git stash` them) before publishing".into(),
            });
        }
        let base_ref =
            FullName::try_from(format!("refs/heads/{}", stored.record.base)).map_err(|_| {
                StoreError::NoSuchBranch {
                    name: stored.record.base.clone(),
                }
            })?;
        if self
            .repo
            .try_find_reference(base_ref.as_bstr().to_str_lossy().as_ref())?
            .is_none()
        {
            return Err(StoreError::NoSuchBranch {
                name: stored.record.base.clone(),
            });
        }
        let proposal_old = stored.tip;
        let assessment = self.assess(stored)?;
        let record = assessment.proposal.record.clone();
        if !assessment.verdict.passes {
            return Err(StoreError::PolicyNotMet {
                number,
                unmet: assessment.verdict.unmet.clone(),
            });
        }
        let revs = assessment.revs;
        let today = options.today.unwrap_or_else(Date::today);

        // The merge of the head into the base, from the object database.
        let base_tree = self.tree_of(Some(revs.base))?;
        let head_tree = self.tree_of(Some(revs.head))?;
        let (_, base_files) = self.read_plan(&revs.base.to_string())?;
        let (merged_tree, merged_files) = if revs.merge_base == revs.base {
            let (_, head_files) = self.read_plan(&revs.head.to_string())?;
            (head_tree, head_files)
        } else {
            let mb_tree = self.tree_of(Some(revs.merge_base))?;
            let outside = self.merge_outside(mb_tree, base_tree, head_tree)?;
            let (mb_files, head_files) =
                self.read_pair(&revs.merge_base.to_string(), &revs.head.to_string())?;
            let labels = Labels {
                ours: &record.base,
                theirs: &record.head,
            };
            let merged = merge_plans(&mb_files, &base_files, &head_files, labels);
            if !merged.conflicts.is_empty() {
                return Err(conflicts(&merged.conflicts, self));
            }
            let mut files = base_files.clone();
            let mut editor = self.repo.edit_tree(outside)?;
            for (path, text) in &merged.files {
                let repo_path = self.repo_path(path);
                match text {
                    Some(text) => {
                        files.insert_bytes(path.clone(), text.clone().into_bytes());
                        let id = self.repo.write_blob(text.as_bytes())?.detach();
                        editor.upsert(repo_path.as_str(), EntryKind::Blob, id)?;
                    }
                    None => {
                        files.remove(path);
                        editor.remove(repo_path.as_str())?;
                    }
                }
            }
            (editor.write()?.detach(), files)
        };
        let loaded = tplan_plan::load(&merged_files);
        let lint = lint_conflicts_loaded(&loaded, &merged_files, &base_files, today);
        if !lint.is_empty() {
            return Err(conflicts(&lint, self));
        }

        // The release: against the plan as last released. With a release
        // tag, only what differs from it is read and parsed.
        let base_rev = revs.base.to_string();
        let base_light = self.parse_at(&self.read_plan_without_events(&base_rev)?, &base_rev)?;
        let first = base_light.lock.events.is_empty();
        let (last_plan, next_plan) = match self.last_release(&base_light, revs.base, first)? {
            Some(released) => {
                let scratch = self.scratch_commit(merged_tree)?;
                let (last_files, next_files) =
                    self.read_pair(&released.to_string(), &scratch.to_string())?;
                (
                    self.parse_at(
                        &last_files,
                        &format!("plan-v{}", base_light.manifest.version),
                    )?,
                    self.parse_at(&next_files, &record.head)?,
                )
            }
            None => (self.parse_at(&base_files, &base_rev)?, loaded.plan),
        };
        let release =
            plan_release(&last_plan, &next_plan, first, &options.bumps).map_err(|e| match e {
                ReleaseError::Nothing => StoreError::NothingToPublish { number },
                other => StoreError::Release(other.to_string()),
            })?;
        let tag = format!("plan-v{}", release.version);
        if let Some(existing) = self
            .repo
            .try_find_reference(format!("refs/tags/{tag}").as_str())?
        {
            return Err(StoreError::RefExists {
                name: tag,
                actual: existing.id().to_string(),
            });
        }

        // The files publish writes.
        let publisher = self.identity(options.actor)?;
        let time = self.action_time(options.actor)?;
        let date = time.get(..10).unwrap_or(&time).to_string();
        let intro = release_intro(number, &record.title, &record.author, &assessment.verdict);
        let changelog = changelog_section(&release, &date, &intro);
        let manifest_text = text_of(&merged_files, MANIFEST);
        let manifest = set_plan_version(&manifest_text, &release.version).map_err(|message| {
            StoreError::InvalidPlanAt {
                rev: record.head.clone(),
                file: self.repo_path(MANIFEST),
                message,
            }
        })?;
        let changelog_path = self.repo_path(CHANGELOG);
        let old_changelog = self.blob_text_at(merged_tree, &changelog_path)?;
        let new_changelog = prepend_changelog(old_changelog.as_deref(), &changelog);
        let mut editor = self.repo.edit_tree(merged_tree)?;
        for (path, text) in [
            (self.repo_path(MANIFEST), manifest),
            (self.repo_path(LOCK), render_lock(&release.lock)),
            (changelog_path.clone(), new_changelog),
        ] {
            let id = self.repo.write_blob(text.as_bytes())?.detach();
            editor.upsert(path.as_str(), EntryKind::Blob, id)?;
        }
        let publish_tree = editor.write()?.detach();
        let message = format!(
            "Publish plan {}: {} (#{number})\n\n{changelog}",
            release.version, record.title
        );
        let (author, committer) = self.signatures(options.actor)?;
        let mut author_time = gix::date::parse::TimeBuf::default();
        let mut committer_time = gix::date::parse::TimeBuf::default();
        let commit = self
            .repo
            .new_commit_as(
                committer.to_ref(&mut committer_time),
                author.to_ref(&mut author_time),
                message.as_str(),
                publish_tree,
                [revs.base, revs.head],
            )?
            .id;
        let tag_object = self
            .repo
            .write_object(gix::objs::Tag {
                target: commit,
                target_kind: gix::objs::Kind::Commit,
                name: tag.as_str().into(),
                tagger: Some(committer.clone()),
                message: changelog.as_str().into(),
                signature: None,
            })?
            .detach();

        // The registry: this release's schemas added; published ones are immutable.
        let registry_old = match self.repo.try_find_reference(REGISTRY_REF)? {
            Some(mut r) => Some(r.peel_to_id()?.detach()),
            None => None,
        };
        let registry_tree = self.tree_of(registry_old)?;
        let mut editor = self.repo.edit_tree(registry_tree)?;
        let mut schemas = Vec::new();
        for e in &release.events {
            let (Some(version), Some(event)) = (e.version, next_plan.event(&e.key)) else {
                continue;
            };
            let path = iglu_uri(&next_plan, event, version).registry_path();
            let mut text =
                serde_json::to_string_pretty(&iglu_schema_at(&next_plan, event, version))
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
        let registry_tree = editor.write()?.detach();
        let registry_new = self
            .repo
            .new_commit_as(
                committer.to_ref(&mut committer_time),
                committer.to_ref(&mut author_time),
                format!(
                    "Release plan {}: {} schemas",
                    release.version,
                    schemas.len()
                )
                .as_str(),
                registry_tree,
                registry_old,
            )?
            .id;

        // The proposal, merged.
        let mut merged_record = record.clone();
        merged_record.state = ProposalState::Merged;
        merged_record.published = Some(Published {
            commit: commit.to_string(),
            head: revs.head.to_string(),
            version: release.version.to_string(),
            tag: tag.clone(),
            by: publisher,
            time,
        });
        let proposal_new = self.write_record(
            &merged_record,
            Some(proposal_old),
            &format!("Publish #{number} as {tag}"),
            options.actor,
        )?;

        // The work tree follows when the base is checked out.
        let worktree = match self.head()? {
            crate::branch::Head::Branch { name, .. } if name == record.base => {
                let changes = self.tree_changes(base_tree, publish_tree)?;
                self.refuse_blocked(&changes)?;
                Some(changes)
            }
            _ => None,
        };
        failpoint::hit("publish:objects-written");
        Ok(PreparedPublish {
            number,
            title: record.title,
            base: record.base,
            release,
            tag,
            commit,
            changelog,
            schemas,
            verdict: assessment.verdict,
            changelog_path,
            base_ref,
            base_tip: revs.base,
            tag_object,
            registry_old,
            registry_new,
            proposal_old,
            proposal_new,
            worktree,
        })
    }

    /// Moves the four refs in one transaction, then updates the work tree
    /// (when the base is checked out) and writes the registry to `out`.
    pub fn apply_publish(
        &self,
        prepared: &PreparedPublish,
        actor: Actor<'_>,
        out: Option<&Path>,
    ) -> Result<(), StoreError> {
        let log = |message: String| LogChange {
            mode: RefLog::AndReference,
            force_create_reflog: true,
            message: message.into(),
        };
        let summary = format!(
            "publish: plan {} (#{})",
            prepared.release.version, prepared.number
        );
        let edits = vec![
            RefEdit {
                change: Change::Update {
                    log: LogChange {
                        force_create_reflog: false,
                        ..log(summary.clone())
                    },
                    expected: PreviousValue::MustExistAndMatch(Target::Object(prepared.base_tip)),
                    new: Target::Object(prepared.commit),
                },
                name: prepared.base_ref.clone(),
                deref: false,
            },
            RefEdit {
                change: Change::Update {
                    log: LogChange {
                        mode: RefLog::AndReference,
                        force_create_reflog: false,
                        message: summary.clone().into(),
                    },
                    expected: PreviousValue::MustNotExist,
                    new: Target::Object(prepared.tag_object),
                },
                name: FullName::try_from(format!("refs/tags/{}", prepared.tag))
                    .map_err(gix::Error::from_error)?,
                deref: false,
            },
            RefEdit {
                change: Change::Update {
                    log: log(summary.clone()),
                    expected: match prepared.registry_old {
                        Some(id) => PreviousValue::MustExistAndMatch(Target::Object(id)),
                        None => PreviousValue::MustNotExist,
                    },
                    new: Target::Object(prepared.registry_new),
                },
                name: FullName::try_from(REGISTRY_REF).map_err(gix::Error::from_error)?,
                deref: false,
            },
            Store::proposal_edit(
                prepared.number,
                Some(prepared.proposal_old),
                prepared.proposal_new,
                &summary,
            ),
        ];
        let (_, committer) = self.signatures(actor)?;
        let mut time = gix::date::parse::TimeBuf::default();
        self.repo
            .edit_references_as(edits, Some(committer.to_ref(&mut time)))
            .map_err(crate::error::map_transaction_error)?;
        failpoint::hit("publish:refs-moved");
        if let Some(changes) = &prepared.worktree {
            self.write_changes(changes)?;
        }
        if let Some(dir) = out {
            self.write_registry(prepared.registry_new, dir)?;
        }
        Ok(())
    }

    /// The commit of the last release, when `base` names one (its plan
    /// version) that is tagged and part of its history; `None`: compare
    /// with `base` itself.
    fn last_release(
        &self,
        base: &tplan_plan::Plan,
        base_tip: gix::ObjectId,
        first: bool,
    ) -> Result<Option<gix::ObjectId>, StoreError> {
        if first {
            return Ok(None);
        }
        let tag = format!("refs/tags/plan-v{}", base.manifest.version);
        let Some(mut reference) = self.repo.try_find_reference(tag.as_str())? else {
            return Ok(None);
        };
        let id = reference.peel_to_id()?.detach();
        let Ok(commit) = self.repo.find_object(id)?.peel_to_commit() else {
            return Ok(None);
        };
        let mb = self
            .repo
            .merge_base(commit.id, base_tip)
            .map_err(gix::Error::from_error)?
            .map(|m| m.detach());
        Ok((mb == Some(commit.id)).then_some(commit.id))
    }

    /// A parentless commit of `tree`, so the tree can be read as a
    /// revision; no ref ever points at it.
    fn scratch_commit(&self, tree: gix::ObjectId) -> Result<gix::ObjectId, StoreError> {
        let (_, committer) = self.signatures(None).or_else(|_| {
            let tplan = self.reflog_committer()?;
            Ok::<_, StoreError>((tplan.clone(), tplan))
        })?;
        let mut time = gix::date::parse::TimeBuf::default();
        let sig = committer.to_ref(&mut time);
        Ok(self
            .repo
            .new_commit_as(
                sig,
                sig,
                "tplan publish: the merged plan",
                tree,
                None::<gix::ObjectId>,
            )?
            .id)
    }
}

fn text_of(files: &PlanFiles, path: &str) -> String {
    match files.get(path) {
        Some(Entry::File(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
        _ => String::new(),
    }
}

fn conflicts(found: &[tplan_evolution::merge::Conflict], store: &Store) -> StoreError {
    let mut files: Vec<String> = found.iter().map(|c| store.repo_path(&c.file)).collect();
    files.sort();
    files.dedup();
    StoreError::PublishConflicts {
        files,
        details: found.iter().map(|c| c.message.clone()).collect(),
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
