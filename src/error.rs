//! Every way a run can fail, and the exit status each one means. main.rs turns these into
//! `perror: <message>` on stderr and the status; nothing else exits.

use std::io;

/// Exit statuses (also documented in README.md and the man page).
pub mod exit {
    /// Everything asked for was found and printed.
    pub const OK: u8 = 0;
    /// An illegal code or unknown name, no arguments, or a write error.
    pub const NOT_FOUND: u8 = 1;
    /// A usage error: unknown option, flavor, language, kind, or unreadable log file.
    pub const USAGE: u8 = 2;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown flavor '{name}'; known flavors: {known}")]
    UnknownFlavor { name: String, known: String },
    #[error("unknown language '{name}'; known languages: {known}")]
    UnknownLanguage { name: String, known: String },
    #[error("this perror was built without translations; only English is available")]
    NoTranslations,
    #[error("invalid value '{value}' for --{option}: {reason}")]
    InvalidValue {
        option: &'static str,
        value: String,
        reason: String,
    },
    #[error("--{0} and --{1} cannot be used together")]
    Conflict(&'static str, &'static str),
    #[error("--{0} only works with --annotate")]
    NeedsAnnotate(&'static str),
    #[error("write error: {}", describe(.0))]
    Write(#[source] io::Error),
    /// `--annotate` could not open a log; the other logs are still read.
    #[error("cannot open '{name}': {}", describe(.source))]
    Open { name: String, source: io::Error },
    /// `--annotate` failed reading a log part-way (an I/O error, corrupt gzip).
    #[error("cannot read '{name}': {}", describe(.source))]
    Read { name: String, source: io::Error },
}

impl Error {
    pub fn exit_status(&self) -> u8 {
        match self {
            Error::Write(_) => exit::NOT_FOUND,
            _ => exit::USAGE,
        }
    }
}

/// An I/O error the way C's strerror words it ("No space left on device"), without Rust's
/// " (os error 28)" suffix.
pub fn describe(e: &io::Error) -> String {
    e.raw_os_error()
        .and_then(crate::os_error::message)
        .unwrap_or_else(|| e.to_string())
}
