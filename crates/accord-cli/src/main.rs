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
            match hint(&e) {
                Some(hint) => eprintln!("accord: {e:#}; {hint}"),
                None => eprintln!("accord: {e:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

/// What to type next, for the failures the core words without naming
/// commands (the app gives its own advice).
fn hint(e: &anyhow::Error) -> Option<&'static str> {
    use accord_core::Error;
    let e = e.chain().find_map(|c| c.downcast_ref::<Error>())?;
    Some(match e {
        Error::NoWorkspace(_) => {
            "run `accord init` to create one or `accord demo` for the demo workspace"
        }
        Error::WorkspaceExists(_) => "choose another --workspace or remove it first",
        Error::Invalid { field, .. } if field == "pick" => {
            "look at the values again with `accord conflicts`"
        }
        Error::Document { reason, .. } if reason.ends_with("rebuild the index") => {
            "run `accord check --rebuild`"
        }
        _ => return None,
    })
}
