//! The command line in a pipeline: output into a pipe that closes early
//! (`accord list | head`) ends the program quietly, never with a panic.

mod common;

use std::io::Read;
use std::process::Stdio;

use common::*;

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    ok(&ws, &["demo"]);
    // Output longer than a pipe holds (64 kB), so that writing goes on
    // after the reader stopped.
    for args in [
        &["--json", "list", "--limit", "204"][..],
        &["--json", "export", "-"][..],
    ] {
        let mut child = command(&ws, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read a little, as `head` does, then stop reading.
        let mut first = [0u8; 64];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "accord {args:?}: {err}");
    }
}
