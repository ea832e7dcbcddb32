//! perror: MariaDB's and MySQL's `perror`, byte for byte, and more.
//!
//! The pipeline, in module order: build.rs compiles `data/` into [`catalog`], whose
//! flavors each follow one original's [`rules`]; [`atoi`],
//! [`resolve`] and [`lookup`] find what an argument means and [`answer`] gathers it (or
//! why nothing was found); [`render`] holds every wording and prints it the way perror
//! does, [`json`] every `--json` shape; [`cli`] turns the command line into typed settings
//! and [`run`] carries them out, writing through [`output`]; [`annotate`] reads server
//! logs. [`error`] holds every failure and every exit status.
//!
//! Unsafe code is forbidden in every module but [`sys`], the one that calls into the C
//! library.

#![deny(unsafe_code)]

#[forbid(unsafe_code)]
pub mod anatomy;
#[forbid(unsafe_code)]
pub mod annotate;
#[forbid(unsafe_code)]
pub mod answer;
#[forbid(unsafe_code)]
pub mod atoi;
#[forbid(unsafe_code)]
pub mod catalog;
#[forbid(unsafe_code)]
pub mod cli;
#[forbid(unsafe_code)]
pub mod error;
#[forbid(unsafe_code)]
pub mod innodb;
#[forbid(unsafe_code)]
pub mod json;
#[forbid(unsafe_code)]
pub mod lookup;
#[forbid(unsafe_code)]
pub mod os_error;
#[forbid(unsafe_code)]
pub mod output;
#[forbid(unsafe_code)]
pub mod pasted;
#[forbid(unsafe_code)]
pub mod printf;
#[forbid(unsafe_code)]
pub mod render;
#[forbid(unsafe_code)]
pub mod resolve;
#[forbid(unsafe_code)]
pub mod rules;
#[forbid(unsafe_code)]
pub mod run;
// The one module that calls into the C library (and so holds every unsafe block).
#[allow(unsafe_code)]
pub mod sys;

/// This program's version, as `--version` and the man page give it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

use std::io::Write;
use std::os::unix::ffi::OsStringExt;

/// The whole program, given argv (program name first); returns the exit status. The
/// binary calls this from C's `main`, without std's start-up (see src/main.rs).
pub fn main_with(argv: impl IntoIterator<Item = cli::Arg>) -> u8 {
    sys::open_standard_fds();
    sys::restore_sigpipe();
    let mut argv = argv.into_iter();
    let prog = argv
        .next()
        .map_or_else(|| b"perror".to_vec(), |p| p.into_owned());
    let args: Vec<cli::Arg> = argv.collect();
    let env_flavor = std::env::var_os("PERROR_FLAVOR").map(|v| v.into_vec());
    let mut out = output::Stdout::new();
    let result = run::dispatch(&prog, args, env_flavor.as_deref(), &mut out)
        .and_then(|status| out.flush().map(|()| status).map_err(error::Error::Write));
    match result {
        Ok(status) => status.code(),
        Err(e) => {
            output::eprint_error(&prog, &e);
            e.exit_status().code()
        }
    }
}
