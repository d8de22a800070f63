//! Peak memory of a real command, measured from a small process of its own.

// Shared by several benchmarks, each of which uses a part.
#![allow(dead_code)]

/// Runs a command and returns its exit status and peak memory (kB).
///
/// Linux counts in a child's peak the memory of the process that spawned
/// it (the exec keeps the old high-water mark), and this process holds a
/// whole workspace. So a fresh, small copy of this program spawns the
/// command and reports its peak.
pub fn run_measured(args: &[&std::ffi::OsStr]) -> (i32, i64) {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env(MEASURE, "1")
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text
        .split_whitespace()
        .map(|v| v.parse::<i64>().unwrap_or(-1));
    let status = it.next().unwrap_or(-1);
    (status as i32, it.next().unwrap_or(-1))
}

pub const MEASURE: &str = "ACCORD_BENCH_MEASURE";

/// The small copy: run the command given as arguments, print "status kB".
// The child is reaped by wait4, which also gives its peak memory.
#[allow(clippy::zombie_processes)]
pub fn measure_child() {
    let mut args = std::env::args_os();
    args.next(); // this program's own name
    let args: Vec<std::ffi::OsString> = args.collect();
    let child = std::process::Command::new(&args[0])
        .args(&args[1..])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, writing into values we own.
    unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    println!("{} {}", status, usage.ru_maxrss);
}
