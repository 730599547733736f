//! A new plan (`tplan init`): the files to write, refused before anything
//! is written when the folder has a plan or any of those files already.

use serde::Serialize;

use crate::template;
use tplan_plan::files::{MANIFEST, PlanFiles};
use tplan_plan::parse::valid_vendor;

/// What `tplan init` was asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The plan's name; the folder's name when `None`.
    pub name: Option<String>,
    /// The namespace of published schemas; `com.example` when `None`.
    pub vendor: Option<String>,
    /// The example plan instead of a manifest alone.
    pub example: bool,
    /// The folder's name, the default plan name.
    pub folder: String,
}

/// Why a new plan was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum InitError {
    /// The folder holds a plan already.
    #[error("a plan already exists: `{path}`")]
    #[diagnostic(
        code("plan-exists"),
        help("tplan never overwrites a plan; edit it, or choose another folder")
    )]
    PlanExists {
        /// The manifest, as the user names it.
        path: String,
    },
    /// `--vendor` is not reverse-DNS.
    #[error("`{vendor}` is not a vendor like `com.acme`")]
    #[diagnostic(code("bad-vendor"), help("use letters, digits, `_`, `-` and `.`"))]
    BadVendor {
        /// The vendor as given.
        vendor: String,
    },
    /// `--name` is blank.
    #[error("the plan name cannot be empty")]
    #[diagnostic(code("empty-name"))]
    EmptyName,
    /// A file the plan would write exists.
    #[error("`{path}` already exists")]
    #[diagnostic(
        code("file-exists"),
        help("tplan never overwrites files; init in an empty folder")
    )]
    FileExists {
        /// The file, as the user names it.
        path: String,
    },
    /// The files written do not make a plan (a bug in the templates).
    #[error("the new plan does not load: {reason}")]
    #[diagnostic(code("template-broken"))]
    DoesNotLoad {
        /// The first error.
        reason: String,
    },
}

/// A new plan's files, checked to load.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlan {
    /// Path in the plan folder and text, for the caller to write.
    pub files: Vec<(String, String)>,
    /// The plan's name.
    pub name: String,
    /// Its vendor.
    pub vendor: String,
    /// Owners in it.
    pub owners: usize,
    /// Sources in it.
    pub sources: usize,
    /// Shared properties in it.
    pub properties: usize,
    /// Events in it.
    pub events: usize,
    /// Whether it is the example plan.
    pub example: bool,
}

/// The files of a new plan. `exists` says whether a file of the plan folder
/// exists, and names it for the user when it does.
pub fn new_plan(
    options: &Options,
    exists: &dyn Fn(&str) -> Option<String>,
) -> Result<NewPlan, InitError> {
    if let Some(path) = exists(MANIFEST) {
        return Err(InitError::PlanExists { path });
    }
    if let Some(vendor) = &options.vendor
        && !valid_vendor(vendor)
    {
        return Err(InitError::BadVendor {
            vendor: vendor.clone(),
        });
    }
    if options.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err(InitError::EmptyName);
    }
    let files: Vec<(String, String)> = if options.example {
        template::example(options.name.as_deref(), options.vendor.as_deref())
            .into_iter()
            .map(|(p, t)| (p.to_string(), t))
            .collect()
    } else {
        let name = options.name.as_deref().unwrap_or(&options.folder);
        let vendor = options.vendor.as_deref().unwrap_or("com.example");
        vec![(MANIFEST.to_string(), template::manifest(name, vendor))]
    };
    // Refuse before writing anything: an existing file is the user's.
    if let Some(path) = files.iter().find_map(|(path, _)| exists(path)) {
        return Err(InitError::FileExists { path });
    }
    let mut plan_files = PlanFiles::new();
    for (p, t) in &files {
        plan_files.insert_bytes(p.clone(), t.clone().into_bytes());
    }
    let plan = tplan_schema::plan_from_files(&plan_files).map_err(|e| InitError::DoesNotLoad {
        reason: e.to_string(),
    })?;
    Ok(NewPlan {
        files,
        name: plan.manifest.name.clone(),
        vendor: plan.manifest.vendor.clone(),
        owners: plan.owners.len(),
        sources: plan.sources.len(),
        properties: plan.properties.len(),
        events: plan.events.len(),
        example: options.example,
    })
}

/// `tplan init --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InitReport {
    /// The plan folder (absolute).
    pub path: String,
    /// The plan's name.
    pub name: String,
    /// Its vendor.
    pub vendor: String,
    /// Whether a git repository was created for it.
    pub created_repository: bool,
    /// Owners in it.
    pub owners: usize,
    /// Sources in it.
    pub sources: usize,
    /// Shared properties in it.
    pub properties: usize,
    /// Events in it.
    pub events: usize,
    /// The merge driver configured (`tplan merge-file %O %A %B %P`).
    pub merge_driver: String,
    /// Whether it is the example plan (the next steps differ).
    #[serde(skip)]
    pub example: bool,
}

impl NewPlan {
    /// The report once the files are written and git is set up.
    pub fn report(
        &self,
        path: String,
        created_repository: bool,
        merge_driver: String,
    ) -> InitReport {
        InitReport {
            path,
            name: self.name.clone(),
            vendor: self.vendor.clone(),
            created_repository,
            owners: self.owners,
            sources: self.sources,
            properties: self.properties,
            events: self.events,
            merge_driver,
            example: self.example,
        }
    }
}
