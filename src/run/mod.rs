//! Runs settled [`Settings`](crate::cli::Settings): one module per mode.

pub mod annotate;
pub mod codes;
pub mod compare;
pub mod explain;
pub mod list;

use std::io::Write;

use crate::cli::{self, Mode, Parsed, help};
use crate::error::{Error, ExitStatus};

/// Reads the command line and does what it asks, writing results to `out` and
/// diagnostics straight to stderr. Returns the exit status.
pub fn dispatch(
    prog: &[u8],
    args: Vec<cli::Arg>,
    env_flavor: Option<&[u8]>,
    out: &mut impl Write,
) -> Result<ExitStatus, Error> {
    let parsed = cli::parse(prog, args, env_flavor, &mut |line| {
        crate::output::eprint_bytes(line)
    })?;
    let settings = match parsed {
        Parsed::Exit(status) => return Ok(status),
        Parsed::Help(usage) => {
            help::write_usage(out, &usage).map_err(Error::Write)?;
            return Ok(ExitStatus::Success);
        }
        Parsed::NoArguments(usage) => {
            help::write_usage(out, &usage).map_err(Error::Write)?;
            return Ok(ExitStatus::NoArguments);
        }
        Parsed::Version(usage) => {
            out.write_all(&help::version_line(&usage.prog, usage.options.flavor))
                .map_err(Error::Write)?;
            return Ok(ExitStatus::Success);
        }
        Parsed::Run(s) => s,
    };
    match settings.mode {
        Mode::Lookup { extensions } => codes::run(&settings, extensions, out),
        Mode::Compare { extensions } => compare::run(&settings, extensions, out),
        Mode::Explain => explain::run(&settings, out),
        Mode::List(kind) => list::list(&settings, kind, out),
        Mode::Grep(ref pattern) => list::grep(&settings, pattern, out),
        Mode::Annotate {
            only_matching,
            top,
            all_messages,
            explain,
        } => annotate::run(&settings, only_matching, top, all_messages, explain, out),
    }
}
