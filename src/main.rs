//! The `mtaudit` binary: parse the command line, run it, exit with its code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = mtaudit::cli::Cli::parse();
    let outcome = mtaudit::run::run(cli, &mut std::io::stderr().lock());
    ExitCode::from(outcome.exit_code())
}
