//! The `mtaudit` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match mtaudit::config::parse_command_line(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(e) => {
            eprintln!("mtaudit: {e}");
            return ExitCode::from(2);
        }
    };
    // Not locked for the whole run: a worker thread's panic message must not wait
    // on it.
    let outcome = mtaudit::run::run(cli, &mut std::io::stderr());
    ExitCode::from(outcome.exit_code())
}
