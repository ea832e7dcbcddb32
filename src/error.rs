//! Every way a run can fail, and every exit status. lib.rs turns an error into
//! `perror: <message>` on stderr and its status; nothing else exits.

use std::io;

/// Every exit status and what it means. This is docs/USAGE.md's exit-status table (a test
/// keeps it in step) and the man page's (`cargo xtask docs` writes it from here).
/// Several meanings may share a status, as they do in MariaDB's perror.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    /// An illegal code or unknown name.
    NotFound,
    /// A bare `perror`: the usage is printed.
    NoArguments,
    /// Standard output could not be written.
    WriteError,
    UnknownOption,
    /// Our own usage errors, and logs `--annotate` cannot read.
    Usage,
    AmbiguousOption,
    NoArgumentAllowed,
    ArgumentRequired,
    VarPrefixNotUnique,
    UnknownVariable,
    /// Not returned: the kernel's status for a process killed by SIGPIPE (128 + 13).
    BrokenPipe,
}

impl ExitStatus {
    /// In the order of the table.
    pub const ALL: [ExitStatus; 12] = [
        ExitStatus::Success,
        ExitStatus::NotFound,
        ExitStatus::NoArguments,
        ExitStatus::WriteError,
        ExitStatus::UnknownOption,
        ExitStatus::Usage,
        ExitStatus::AmbiguousOption,
        ExitStatus::NoArgumentAllowed,
        ExitStatus::ArgumentRequired,
        ExitStatus::VarPrefixNotUnique,
        ExitStatus::UnknownVariable,
        ExitStatus::BrokenPipe,
    ];

    /// The number the process exits with.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::NotFound | ExitStatus::NoArguments | ExitStatus::WriteError => 1,
            ExitStatus::UnknownOption | ExitStatus::Usage => 2,
            ExitStatus::AmbiguousOption => 3,
            ExitStatus::NoArgumentAllowed => 4,
            ExitStatus::ArgumentRequired => 5,
            ExitStatus::VarPrefixNotUnique => 6,
            ExitStatus::UnknownVariable => 7,
            ExitStatus::BrokenPipe => 141,
        }
    }

    /// What the status means, as the documentation says it (Markdown).
    pub fn meaning(self) -> &'static str {
        match self {
            ExitStatus::Success => "everything asked for was found and printed",
            ExitStatus::NotFound => "an illegal code (`Illegal error code: N`) or name",
            ExitStatus::NoArguments => "no arguments (usage printed)",
            ExitStatus::WriteError => "a write error",
            ExitStatus::UnknownOption => "an unknown option (my_getopt)",
            ExitStatus::Usage => {
                "an unknown flavor, language, kind or value of ours; a log `--annotate` \
                 cannot open or read"
            }
            ExitStatus::AmbiguousOption => "an ambiguous option prefix (`--ver`)",
            ExitStatus::NoArgumentAllowed => "a value given to a switch (`--silent=1`)",
            ExitStatus::ArgumentRequired => {
                "an option that needs a value has none (`--flavor` last)"
            }
            ExitStatus::VarPrefixNotUnique => "a non-unique variable prefix (`--skip-ver=1`)",
            ExitStatus::UnknownVariable => "an unknown variable (`--foo=1`, `--defaults-file=x`)",
            ExitStatus::BrokenPipe => "stdout closed early (SIGPIPE), as the original",
        }
    }

    /// The documented table: one row per status, the meanings that share it joined.
    pub fn table() -> Vec<(u8, String)> {
        let mut rows: Vec<(u8, String)> = Vec::new();
        for s in ExitStatus::ALL {
            match rows.last_mut() {
                Some((code, text)) if *code == s.code() => {
                    text.push_str("; ");
                    text.push_str(s.meaning());
                }
                _ => rows.push((s.code(), s.meaning().to_string())),
            }
        }
        rows
    }

    /// [`ExitStatus::table`] as docs/USAGE.md has it.
    pub fn markdown_table() -> String {
        let mut table = String::from("| status | meaning |\n| --- | --- |\n");
        for (code, meaning) in ExitStatus::table() {
            table.push_str(&format!("| {code} | {meaning} |\n"));
        }
        table
    }
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
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::Write(_) => ExitStatus::WriteError,
            _ => ExitStatus::Usage,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_documents_every_status() {
        let usage = include_str!("../docs/USAGE.md");
        assert!(
            usage.contains(&format!(
                "## Exit status\n\n{}\n",
                ExitStatus::markdown_table()
            )),
            "docs/USAGE.md's exit-status table is not ExitStatus::markdown_table():\n{}",
            ExitStatus::markdown_table()
        );
    }

    #[test]
    fn statuses_are_grouped_in_order() {
        let codes: Vec<u8> = ExitStatus::table().iter().map(|r| r.0).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4, 5, 6, 7, 141]);
    }
}
