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
    limit_malloc_arenas(cli.audit.thread_count());
    // Not locked for the whole run: a worker thread's panic message must not wait
    // on it.
    let outcome = mtaudit::run::run(cli, &mut std::io::stderr());
    ExitCode::from(outcome.exit_code())
}

/// glibc's malloc gives each thread that allocates an arena of its own, up
/// to eight per core, and an arena keeps much of what was freed in it. The
/// threads that build the lexicons at start-up would leave arenas behind
/// that a one-thread run never reuses: one arena per audit thread keeps a
/// one-thread run on the 9 MB corpus at 99 MB instead of 110.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas(threads: usize) {
    use std::ffi::c_int;
    extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    // glibc's malloc.h: #define M_ARENA_MAX -8
    const M_ARENA_MAX: c_int = -8;
    let arenas = c_int::try_from(threads).unwrap_or(c_int::MAX);
    // SAFETY: mallopt only sets a tuning parameter of glibc's allocator,
    // and no other thread is running yet.
    unsafe {
        mallopt(M_ARENA_MAX, arenas);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas(_threads: usize) {}
