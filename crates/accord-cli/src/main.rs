//! `accord`: the command line of Accord. Each command parses its arguments,
//! calls the core and prints the result, as a table for people or as JSON
//! for scripts (`--json`).

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a pipe whose reader has gone
    // (`accord list | head`) would panic; the default ends the program
    // quietly, as other command-line tools do.
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition before any thread
    // starts has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line for the reason; details (e.g. an import's row errors)
            // follow on their own lines.
            eprintln!("accord: {e:#}");
            ExitCode::FAILURE
        }
    }
}
