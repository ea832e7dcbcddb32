//! perror: MariaDB's `perror`, byte for byte, and more.
//!
//! The pipeline, in module order: build.rs compiles `data/` into [`catalog`]; [`code`] and
//! [`lookup`] find what an argument means; [`render`] prints it the way perror does;
//! [`cli`] turns the command line into settings and [`run`] carries them out, writing
//! through [`output`]. [`error`] holds every failure and its exit status.

#![deny(unsafe_code)]

pub mod answer;
pub mod catalog;
pub mod cli;
pub mod code;
pub mod error;
pub mod json;
pub mod lookup;
#[allow(unsafe_code)]
pub mod os_error;
pub mod output;
pub mod render;
pub mod resolve;
pub mod run;

use std::io::Write;
use std::os::unix::ffi::OsStringExt;

/// The whole program; returns the exit status.
pub fn main() -> u8 {
    restore_sigpipe();
    let (prog, args) = cli::os_args();
    let env_flavor = std::env::var_os("PERROR_FLAVOR").map(|v| v.into_vec());
    let mut out = output::Stdout::new();
    let result = run::dispatch(&prog, &args, env_flavor.as_deref(), &mut out)
        .and_then(|status| out.flush().map(|()| status).map_err(error::Error::Write));
    match result {
        Ok(status) => status,
        Err(e) => {
            let mut line = prog;
            line.extend_from_slice(format!(": {e}").as_bytes());
            output::eprint_bytes(&line);
            e.exit_status()
        }
    }
}

/// Dies of SIGPIPE on a closed pipe, quietly, as C programs (and the original) do:
/// `perror $(seq 0 5000) | head -1` ends with status 141 and no message. Rust ignores
/// SIGPIPE by default, which would turn that into write errors.
fn restore_sigpipe() {
    #[allow(unsafe_code)]
    // SAFETY: setting a signal's disposition to SIG_DFL at start-up, before any other
    // thread exists, has no memory-safety preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
