//! The one declaration of every option. The my_getopt dialect, clap, `--help`, the man
//! page and the shell completions are all derived from [`FLAGS`].
//!
//! Order matters, as in MariaDB's option arrays: `--help` lists options in this order, and
//! my_getopt's ambiguity message names the first and last options a prefix matches
//! (`perror --=1` says "(help, version)"), so `version` stays last. New long names must not
//! begin with h, i, s or v, or abbreviations the original accepts would change meaning.

/// How an option takes a value, in my_getopt's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// A switch that acts when seen: `--help`, `--silent`.
    NoArg,
    /// A boolean variable: `--verbose`, `--verbose=0`, `--skip-verbose`.
    Bool { default: bool },
    /// `--flavor=NAME` or `--flavor NAME`.
    Required,
    /// `--list` or `--list=KIND` (never the next argument).
    Optional,
}

/// What an option's value looks like, for help and completions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    None,
    /// A word (`=name` in --help).
    Name,
    /// A number (`=#` in --help).
    Number,
}

/// One option.
#[derive(Debug, PartialEq, Eq)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<u8>,
    pub kind: ArgKind,
    pub value: ValueKind,
    /// The one-line description, as `--help` prints it.
    pub help: &'static str,
    /// Longer prose for the man page.
    pub doc: &'static str,
    /// Values shells may complete (flavors and kinds are filled in from the catalog).
    pub completes: Completes,
    /// Options of the original perror, whose help lines must stay byte for byte.
    pub original: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completes {
    Nothing,
    Flavors,
    Kinds,
    Languages,
    Files,
}

macro_rules! flag {
    ($long:literal, $short:expr, $kind:expr, $value:expr, $completes:expr, $original:expr, $help:literal, $doc:literal) => {
        Flag {
            long: $long,
            short: $short,
            kind: $kind,
            value: $value,
            completes: $completes,
            original: $original,
            help: $help,
            doc: $doc,
        }
    };
}

use ArgKind::*;
use Completes as C;
use ValueKind as V;

#[rustfmt::skip]
pub static FLAGS: &[Flag] = &[
    flag!("help", Some(b'?'), NoArg, V::None, C::Nothing, true,
        "Displays this help and exits.",
        "Print the usage text, including the current value of every variable, and exit 0."),
    flag!("info", Some(b'I'), NoArg, V::None, C::Nothing, true,
        "Synonym for --help.",
        "The same as --help."),
    flag!("silent", Some(b's'), NoArg, V::None, C::Nothing, true,
        "Only print the error message.",
        "Print only the messages, without codes, names or links. The same as --skip-verbose."),
    flag!("verbose", Some(b'v'), Bool { default: true }, V::None, C::Nothing, true,
        "Print error code and message (default).",
        "Print each message with its code (the default). The last of -s and -v wins."),
    flag!("all-messages", None, Bool { default: false }, V::None, C::Nothing, false,
        "With --annotate, also explain informational messages on [Note] lines.",
        "With --annotate, also annotate what a [Note] (or MySQL [System]) line only reports as a normal \
         event: start-up and shutdown messages, MySQL's own [MY-...] code. Off by default."),
    flag!("annotate", None, NoArg, V::None, C::Files, false,
        "Read server logs (the arguments, or standard input) and explain every error code in them.",
        "Treat the arguments as log files (standard input when there are none or for -; .gz files are \
         decompressed) and print each line followed by what every error code in it means."),
    flag!("explain", None, NoArg, V::None, C::Nothing, false,
        "Explain each argument at length: kind, name, SQLSTATE, message, causes and fixes.",
        "Print everything known about each code or name: its kind, code, name, SQLSTATE and class, \
         errno name, message, knowledge-base link, and for common errors a write-up of likely causes, \
         how to find out more and how to fix it."),
    flag!("extensions", None, Bool { default: true }, V::None, C::Nothing, false,
        "Also answer what MariaDB's perror cannot: client codes, names, SQLSTATEs.",
        "Look up what MariaDB's perror rejects as an illegal code: client library errors, error \
         names (ER_…, HA_ERR_…, CR_…, EE_…, errno names), MY-nnnnnn codes and SQLSTATEs. On by \
         default; --skip-extensions answers exactly as MariaDB's perror does."),
    flag!("flavor", None, Required, V::Name, C::Flavors, false,
        "MariaDB release to answer as: mariadb-11.8 or mariadb-10.11 (default from PERROR_FLAVOR).",
        "The MariaDB release whose messages and behaviour to reproduce. Overrides the PERROR_FLAVOR \
         environment variable."),
    flag!("grep", None, Required, V::Name, C::Nothing, false,
        "List the errors whose name, message or SQLSTATE contains this text (any case).",
        "Search names, messages and SQLSTATEs of every table, ignoring case, and print the matches \
         in the normal output format."),
    flag!("json", None, Bool { default: false }, V::None, C::Nothing, false,
        "Print one JSON object per argument (JSON Lines).",
        "Print one JSON object per line instead of text; see README.md for the fields."),
    flag!("lang", None, Required, V::Name, C::Languages, false,
        "Print server messages in this language: german, ger, de_DE or de.",
        "Print server messages in another of the server's languages, by name (german), code (ger) or \
         locale (de_DE, de). A message missing in that language is printed in English, as the server \
         does."),
    flag!("list", None, Optional, V::Name, C::Kinds, false,
        "List every known error, or those of one kind: os, handler, bdb, server, client, global.",
        "Print every code the flavor knows, or those of one kind, in the normal output format."),
    flag!("only-matching", None, Bool { default: false }, V::None, C::Nothing, false,
        "With --annotate, leave out log lines that carry no error code.",
        "With --annotate, print only the lines that carry codes, with their explanations."),
    flag!("top", None, Optional, V::Number, C::Nothing, false,
        "With --annotate, print the N (default 10) most frequent codes instead.",
        "With --annotate, print a table of the N most frequent codes (10 when no N is given) with \
         their counts, kinds, names and messages instead of the annotated log."),
    flag!("version", Some(b'V'), NoArg, V::None, C::Nothing, true,
        "Displays version information and exits.",
        "Print the version line and exit 0."),
];

/// The flag with this long name.
pub fn flag(long: &str) -> &'static Flag {
    FLAGS
        .iter()
        .find(|f| f.long == long)
        .unwrap_or_else(|| panic!("no flag --{long} is declared"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_options_keep_the_original_abbreviations() {
        for f in FLAGS.iter().filter(|f| !f.original) {
            assert!(
                !f.long.starts_with(['h', 'i', 's', 'v']),
                "--{} would change an abbreviation",
                f.long
            );
            assert!(
                f.short.is_none(),
                "--{} must not take a short letter",
                f.long
            );
        }
    }

    #[test]
    fn version_is_declared_last_and_help_first() {
        assert_eq!(FLAGS.first().unwrap().long, "help");
        assert_eq!(FLAGS.last().unwrap().long, "version");
    }
}
