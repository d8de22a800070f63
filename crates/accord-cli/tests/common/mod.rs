//! What the command-line scenarios share: running the `accord` binary on a
//! working copy, reading its JSON, and looking at a sync folder.

// Each test file uses a part.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Every command gets it: invites are sealed and opened with it, and no
/// terminal is there to ask for one.
pub const PASSPHRASE: &str = "correct horse battery staple";

pub fn command(ws: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_accord"));
    c.arg("--workspace")
        .arg(ws)
        .args(args)
        .env_remove("ACCORD_WORKSPACE")
        .env("ACCORD_PASSPHRASE", PASSPHRASE);
    c
}

pub fn accord(ws: &Path, args: &[&str]) -> Output {
    command(ws, args).output().expect("the accord binary runs")
}

/// Checks that a command succeeded; returns its standard output.
pub fn succeeded(args: &[&str], out: Output) -> String {
    assert!(
        out.status.success(),
        "accord {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs a command that must succeed; returns its standard output.
pub fn ok(ws: &Path, args: &[&str]) -> String {
    succeeded(args, accord(ws, args))
}

/// Checks that a command failed with a one-line reason, without panicking.
pub fn failed(args: &[&str], out: Output) -> String {
    assert!(!out.status.success(), "accord {args:?} succeeded");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "accord {args:?} panicked: {err}");
    assert!(err.starts_with("accord: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    err
}

pub fn json(ws: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(ws, &all)).expect("JSON output")
}

pub fn p(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

pub fn sync(ws: &Path, folder: &Path) -> Value {
    json(ws, &["sync", p(folder)])
}

/// The export of what every office shares: an organisation's drafts and
/// internal comments (the demo's coordinator has one) reach only its own
/// devices, so they are left out of the comparison.
pub fn export(ws: &Path) -> String {
    let mut dump: Value = serde_json::from_str(&ok(ws, &["--json", "export", "-"])).unwrap();
    if let Some(comments) = dump["records"]["comment"].as_array_mut() {
        comments.retain(|c| c["status"] != "draft" && c["visibility"] != "internal");
    }
    dump.to_string()
}

pub fn assert_sound(ws: &Path) {
    let out = ok(ws, &["check"]);
    assert!(out.contains("the working copy is sound"), "{out}");
}

pub fn count(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

pub fn list(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not a list: {v}"))
}

/// The code of the `n`th recommendation a working copy lists.
pub fn rec_code(ws: &Path, n: usize) -> String {
    let listed = json(ws, &["list", "--limit", "10"]);
    listed["items"][n]["code"].as_str().unwrap().to_owned()
}

/// Writes a new invite from `coordinator` for a device of `org` and joins
/// `ws` with it. Returns the new device's id.
pub fn invite_and_join(coordinator: &Path, org: &str, ws: &Path, person: &str) -> String {
    let file = ws.with_extension("invite");
    ok(coordinator, &["invite", "--org", org, "--out", p(&file)]);
    let joined = json(ws, &["join", p(&file), "--person", person]);
    joined["id"].as_str().unwrap().to_owned()
}

/// The key of the device with this id on a working copy's roster.
pub fn device_key(ws: &Path, id: &str) -> Option<String> {
    list(&json(ws, &["device", "list"]))
        .iter()
        .find(|d| d["id"] == id)
        .map(|d| d["key"].as_str().unwrap().to_owned())
}

/// The demo workspace in `a`, synced into an empty shared folder; `b` is
/// where a second office will join. Returns (a, b, folder).
pub fn demo_and_folder(tmp: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let a = tmp.join("a");
    let b = tmp.join("b");
    let folder = tmp.join("shared");
    std::fs::create_dir(&folder).unwrap();
    ok(&a, &["demo"]);
    sync(&a, &folder);
    (a, b, folder)
}

/// Joins a device and has it admitted the way offices do: it syncs, the
/// coordinator's next sync admits it, and its own next sync learns so.
pub fn join_admitted(coordinator: &Path, org: &str, ws: &Path, person: &str, folder: &Path) {
    let id = invite_and_join(coordinator, org, ws, person);
    assert_eq!(sync(ws, folder)["waiting_for_admission"], true);
    let admitted = sync(coordinator, folder)["admitted"].clone();
    let key = device_key(coordinator, &id).expect("the coordinator admitted the device");
    assert_eq!(admitted, serde_json::json!([key]));
    assert_eq!(sync(ws, folder)["waiting_for_admission"], false);
}

/// Starts every command before waiting for any, so that they overlap.
pub fn at_once(runs: &[(&Path, &[&str])]) -> Vec<Output> {
    let children: Vec<_> = runs
        .iter()
        .map(|(ws, args)| {
            command(ws, args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the accord binary starts")
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().expect("accord ends"))
        .collect()
}

pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Checks that every file under a final name in the folder is whole: each
/// envelope holds exactly the bytes its name promises. Returns the number
/// of envelopes and the temporary files (being written, or left by a
/// killed writer; readers pass over them).
pub fn whole_files(folder: &Path) -> (usize, Vec<PathBuf>) {
    let mut envelopes = 0;
    let mut temporary = Vec::new();
    for path in files_under(folder) {
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.starts_with('.') || name.ends_with(".tmp") {
            temporary.push(path);
            continue;
        }
        if name == "join-request.env" {
            continue;
        }
        let stem = name
            .strip_suffix(".env")
            .unwrap_or_else(|| panic!("not an envelope: {}", path.display()));
        let digest = hex::encode(Sha256::digest(std::fs::read(&path).unwrap()));
        assert_eq!(
            digest,
            stem,
            "{} does not hold what its name says",
            path.display()
        );
        envelopes += 1;
    }
    (envelopes, temporary)
}

/// As [`whole_files`], with no temporary file left behind. Returns the
/// number of envelopes.
pub fn assert_folder_clean(folder: &Path) -> usize {
    let (envelopes, temporary) = whole_files(folder);
    assert!(
        temporary.is_empty(),
        "temporary files are left in the folder: {temporary:?}"
    );
    envelopes
}

/// A new workspace made with `accord init`, its coordinator the ministry
/// MOJHA.
pub fn init_ministry(ws: &Path) {
    ok(
        ws,
        &[
            "init",
            "--org",
            "Ministry of Justice and Home Affairs",
            "--short",
            "MOJHA",
            "--kind",
            "government",
            "--person",
            "Secretariat",
        ],
    );
}
