//! The UI's TypeScript types are generated from the Rust types the commands
//! take and return (ui/src/bindings/). This test fails when the checked-in
//! files no longer match; `UPDATE_BINDINGS=1 cargo test --test bindings`
//! writes them anew.

use std::collections::BTreeMap;
use std::path::Path;

use ts_rs::{Config, TS};

/// Every .ts file under `dir`, by its path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.extension().is_some_and(|x| x == "ts") {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn export(dir: &Path) {
    use accord_core::model::*;
    use accord_core::store::query::ListPage;
    use accord_core::workspace::*;
    use accord_desktop::commands::autosync::AutoSynced;
    use accord_desktop::commands::sync::QuarantineView;
    use accord_desktop::error::UiError;
    use accord_desktop::ipc::*;
    // u64/i64 cross as JSON numbers, so they are numbers in TypeScript.
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    macro_rules! all {
        ($($t:ty),+ $(,)?) => { $( <$t>::export_all(&cfg).unwrap(); )+ };
    }
    all!(
        AppStatus,
        accord_core::problem::Problem,
        accord_core::problem::HiddenChar,
        ImportRequest,
        accord_core::import::ImportPreview,
        accord_core::import::ImportSummary,
        accord_core::import::ImportProblem,
        accord_core::import::FileFacts,
        accord_core::import::Format,
        Suggestion,
        SuggestionKind,
        SuggestedRec,
        RelatedRec,
        ListQuery,
        Lookups,
        JoinArgs,
        InviteArgs,
        InviteView,
        InviteState,
        Standing,
        Changed,
        PrintRequest,
        PrintPreview,
        Written,
        TableFormat,
        UiError,
        QuarantineView,
        InitOptions,
        ListPage,
        RecommendationView,
        HistoryEntry,
        ConflictView,
        Dashboard,
        ActivityRow,
        IndicatorView,
        MeetingView,
        Device,
        Adopted,
        SyncReport,
        SyncProgress,
        AutoSynced,
        CheckReport,
        Assessment,
        Activity,
        Measurement,
        Comment,
        Level,
        Mechanism,
        Response,
        OrgKind,
        ActivityStatus,
        accord_core::workspace::Editable,
        accord_core::workspace::Saved,
        accord_core::workspace::ArchivedRecord,
        accord_core::store::query::SortBy,
    );
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path());
    let generated = files(tmp.path());
    let checked_in_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&checked_in_dir);
        std::fs::create_dir_all(&checked_in_dir).unwrap();
        for (name, text) in &generated {
            let path = checked_in_dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        return;
    }
    let checked_in = files(&checked_in_dir);
    let stale: Vec<&String> = generated
        .keys()
        .chain(checked_in.keys())
        .filter(|k| generated.get(*k) != checked_in.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is out of date ({stale:?}); run: UPDATE_BINDINGS=1 cargo test --test bindings"
    );
}
