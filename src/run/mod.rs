//! Runs settled [`Settings`]: one module per mode.

pub mod codes;

use std::io::Write;

use crate::cli::{self, Mode, Parsed, help};
use crate::error::{Error, exit};

/// Reads the command line and does what it asks, writing results to `out` and
/// diagnostics straight to stderr. Returns the exit status.
pub fn dispatch(
    prog: &[u8],
    args: &[Vec<u8>],
    env_flavor: Option<&[u8]>,
    out: &mut impl Write,
) -> Result<u8, Error> {
    let parsed = cli::parse(prog, args, env_flavor, &mut |line| {
        crate::output::eprint_bytes(line)
    })?;
    let settings = match parsed {
        Parsed::Exit(status) => return Ok(status),
        Parsed::Help(s) => {
            help::write_usage(out, &s).map_err(Error::Write)?;
            return Ok(exit::OK);
        }
        Parsed::Version(s) => {
            out.write_all(&help::version_line(&s))
                .map_err(Error::Write)?;
            return Ok(exit::OK);
        }
        Parsed::Run(s) => s,
    };
    match settings.mode {
        Mode::Lookup if settings.args.is_empty() => {
            // A bare `perror` prints the usage and fails.
            help::write_usage(out, &settings).map_err(Error::Write)?;
            Ok(exit::NOT_FOUND)
        }
        Mode::Lookup => codes::run(&settings, out),
        _ => Err(Error::NotImplemented),
    }
}
