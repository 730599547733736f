//! Why an import was refused; nothing was written.

/// An import refused as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum ImportError {
    /// A folder without `schemas/`.
    #[error("`{dir}` is not an Iglu registry: it has no `schemas` folder")]
    #[diagnostic(
        code("not-a-registry"),
        help("a static registry holds `schemas/<vendor>/<name>/jsonschema/<M-R-A>`")
    )]
    NotRegistry {
        /// The folder, as the user named it.
        dir: String,
    },
    /// A registry whose every file failed its checks.
    #[error("no valid schema in `{dir}`")]
    #[diagnostic(code("no-valid-schema"))]
    NoValidSchema {
        /// The folder, as the user named it.
        dir: String,
        /// Each file's reason, one a line.
        #[help]
        reasons: Option<String>,
    },
    /// `--vendor` names no vendor of the registry.
    #[error("the registry has no schema of vendor `{vendor}` (it has {vendors})")]
    #[diagnostic(code("unknown-vendor"))]
    UnknownVendor {
        /// The vendor asked for.
        vendor: String,
        /// The registry's vendors, quoted.
        vendors: String,
    },
    /// The plan has events of another vendor.
    #[error(
        "the plan's vendor is `{plan_vendor}` and it has events; the registry's schemas are `{vendor}`'s"
    )]
    #[diagnostic(
        code("vendor-mismatch"),
        help(
            "import into a plan of vendor `{vendor}` (`tplan init --vendor {vendor}`), or set `[plan] vendor` first"
        )
    )]
    VendorMismatch {
        /// The plan's vendor.
        plan_vendor: String,
        /// The registry's.
        vendor: String,
    },
    /// A source file that cannot be read as its format at all.
    #[error("`{file}`: {reason}")]
    #[diagnostic(code("unreadable-source"))]
    Unreadable {
        /// The file, as the user named it.
        file: String,
        /// Why.
        reason: String,
    },
    /// Not one event could be imported.
    #[error("nothing to import from {source_name}")]
    #[diagnostic(code("nothing-to-import"))]
    NothingToImport {
        /// The source, for people (`plan.csv`, `Iglu registry acme`).
        source_name: String,
        /// What was left out and why, one a line.
        #[help]
        skipped: Option<String>,
    },
    /// A plan file could not be written where the import stages them.
    #[error("cannot write `{path}` of the import: {reason}")]
    #[diagnostic(code("cannot-stage"))]
    Staging {
        /// The plan path.
        path: String,
        /// Why.
        reason: String,
    },
    /// The plan has uncommitted changes.
    #[error("the plan has uncommitted changes ({files}); an import starts from a committed plan")]
    #[diagnostic(
        code("uncommitted-plan"),
        help("commit them with `tplan commit -m MSG`, or `git stash` them")
    )]
    Uncommitted {
        /// The changed files, quoted.
        files: String,
    },
}

/// `a`, `b` as `` `a`, `b` ``.
pub(crate) fn quoted<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lines as an optional help text (none when there are none).
pub(crate) fn lines(items: &[String]) -> Option<String> {
    Some(items.join("\n")).filter(|s| !s.is_empty())
}
