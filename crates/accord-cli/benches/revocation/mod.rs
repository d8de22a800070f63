//! A revocation that forces a rebuild, shared by the folder sync and working
//! copy benchmarks.

use std::path::Path;

use accord_core::Workspace;

/// A revocation reaches an office that held the revoked device's work
/// beyond what the revocation accepted (half of it): the sync holds that
/// work out and rebuilds the device's organisation document, against raw
/// Automerge loading that document from the changes that still count.
pub fn revocation(
    ws: &mut Workspace,
    device: &accord_core::model::Device,
    office_dir: &Path,
    folder: &Path,
) {
    use accord_core::doc::DocId;
    let doc = DocId::Org(device.org);
    let theirs: Vec<automerge::Change> = ws
        .all_changes()
        .unwrap()
        .into_iter()
        .filter(|(d, _)| *d == doc)
        .map(|(_, b)| automerge::Change::from_bytes(b).unwrap())
        .filter(|c| hex::encode(&c.actor_id().to_bytes()[..32]) == device.key)
        .collect();
    // The revoker held the first half of them, in the order they were made
    // (each of the benchmark's edits has an actor of its own).
    let mut frontier = format!("device {}", device.key);
    for c in &theirs[..theirs.len() / 2] {
        let actor = hex::encode(c.actor_id().to_bytes());
        frontier.push_str(&format!("\n{doc} {actor} {}", c.seq()));
    }
    ws.edit_fields(
        device.id,
        &[
            accord_core::workspace::FieldEdit {
                field: "revoked".into(),
                value: "yes".into(),
            },
            accord_core::workspace::FieldEdit {
                field: "revoked_frontier".into(),
                value: frontier,
            },
        ],
    )
    .unwrap();
    ws.sync_folder(folder, &mut |_| {}).unwrap();
    let mut office = Workspace::open(office_dir).unwrap();
    let t = std::time::Instant::now();
    let report = office.sync_folder(folder, &mut |_| {}).unwrap();
    let ours = t.elapsed();
    assert_eq!(
        report.held_out,
        theirs.len() - theirs.len() / 2,
        "{report:?}"
    );
    let counting = office.doc_changes(doc).unwrap();
    let t = std::time::Instant::now();
    let mut raw = automerge::Automerge::new();
    raw.load_incremental(&counting).unwrap();
    let raw = t.elapsed();
    println!(
        "a revocation reaching an office that held {} of the device's changes beyond it: held out and its document rebuilt in {:.0} ms; raw automerge loading that document {:.1} ms; ratio {:.1}x",
        report.held_out,
        ours.as_secs_f64() * 1000.0,
        raw.as_secs_f64() * 1000.0,
        ours.as_secs_f64() / raw.as_secs_f64()
    );
}
