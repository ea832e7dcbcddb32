//! perror: MariaDB's `perror`, byte for byte, and more.
//!
//! The pipeline, in module order: build.rs compiles `data/` into [`catalog`]; [`code`] and
//! [`lookup`] find what an argument means; [`render`] prints it the way perror does;
//! [`cli`] turns the command line into settings and [`run`] carries them out, writing
//! through [`output`]. [`error`] holds every failure and its exit status.

#![deny(unsafe_code)]

pub mod annotate;
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

/// This program's version, as `--version` and the man page give it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

use std::io::Write;
use std::os::unix::ffi::OsStringExt;

/// The whole program; returns the exit status.
pub fn main() -> u8 {
    let (prog, args) = cli::os_args();
    main_with(std::iter::once(prog).chain(args))
}

/// The whole program, given argv (program name first); returns the exit status. The
/// binary calls this from C's `main`, without std's start-up (see src/main.rs).
pub fn main_with(argv: impl IntoIterator<Item = Vec<u8>>) -> u8 {
    open_standard_fds();
    restore_sigpipe();
    let mut argv = argv.into_iter();
    let prog = argv.next().unwrap_or_else(|| b"perror".to_vec());
    let args: Vec<Vec<u8>> = argv.collect();
    let env_flavor = std::env::var_os("PERROR_FLAVOR").map(|v| v.into_vec());
    let mut out = output::Stdout::new();
    let result = run::dispatch(&prog, args, env_flavor.as_deref(), &mut out)
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

/// Opens /dev/null on any of descriptors 0, 1 and 2 that is closed, as std's start-up
/// does for Rust's own `main`: `perror 104 >&-` then succeeds quietly, and no file perror
/// opens later becomes its standard output by accident.
fn open_standard_fds() {
    let mut fds = [0, 1, 2].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    #[allow(unsafe_code)]
    // SAFETY: `fds` is a live array of three pollfd for the whole call; a zero timeout
    // returns at once. open() gets a NUL-terminated path.
    unsafe {
        if libc::poll(fds.as_mut_ptr(), 3, 0) == -1 {
            // poll failing (EINTR, ENOMEM) is not worth dying over: carry on as we are.
            return;
        }
        for pfd in &fds {
            if pfd.revents & libc::POLLNVAL != 0 {
                libc::open(c"/dev/null".as_ptr(), libc::O_RDWR, 0);
            }
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
