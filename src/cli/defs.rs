//! The one declaration of every option: its names, how it takes a value, its help, and
//! what it does (`update`, which applies it to the [`LowArgs`] read so far, and
//! `variable`, its row in `--help`'s variables table). The my_getopt dialect, clap,
//! `--help`, the man page and the shell completions are all derived from [`FLAGS`]; no
//! other module names an option.
//!
//! Order matters, as in MariaDB's option arrays: `--help` lists options in this order, and
//! my_getopt's ambiguity message names the first and last options a prefix matches
//! (`perror --=1` says "(help, version)"), so `version` stays last. New long names must not
//! begin with h, i, s or v, or abbreviations the original accepts would change meaning.

use super::low::{LowArgs, Special};
use crate::catalog::{Flavor, Kind};
use crate::error::Error;

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

/// A value given to an option, as the dialect read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    None,
    Bool(bool),
    Text(Vec<u8>),
}

/// One option.
#[derive(Debug)]
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
    /// What the option does: applies its value to the options read so far. An error
    /// ends the run at once, as my_getopt acts on each option in turn.
    pub update: fn(&mut LowArgs, &Value) -> Result<(), Error>,
    /// The option's value after reading options, for `--help`'s variables table; every
    /// option that takes a value has one, as in my_getopt.
    pub variable: Option<fn(&LowArgs) -> String>,
}

impl Flag {
    /// The one-line description as `--help`, the man page and completions give it, with
    /// `{flavors}` replaced by the names of the flavors built in.
    pub fn help_line(&self) -> std::borrow::Cow<'static, str> {
        if !self.help.contains("{flavors}") {
            return self.help.into();
        }
        let names: Vec<&str> = Flavor::all().iter().map(|f| f.name).collect();
        self.help.replace("{flavors}", &names.join(", ")).into()
    }
}

/// Long names are unique: two flags are the same flag when their names are.
impl PartialEq for Flag {
    fn eq(&self, other: &Flag) -> bool {
        self.long == other.long
    }
}

impl Eq for Flag {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completes {
    Nothing,
    Flavors,
    Kinds,
    Languages,
    Files,
}

use ArgKind::*;
use Completes as C;
use ValueKind as V;

/// What the declarations below leave out: a switch without help that does nothing.
const SWITCH: Flag = Flag {
    long: "",
    short: None,
    kind: NoArg,
    value: V::None,
    help: "",
    doc: "",
    completes: C::Nothing,
    original: false,
    update: |_, _| Ok(()),
    variable: None,
};

pub static HELP: Flag = Flag {
    long: "help",
    short: Some(b'?'),
    original: true,
    help: "Displays this help and exits.",
    doc: "Print the usage text, including the current value of every variable, and exit 0.",
    update: |low, _| {
        low.special = Some(Special::Help);
        Ok(())
    },
    ..SWITCH
};

pub static INFO: Flag = Flag {
    long: "info",
    short: Some(b'I'),
    original: true,
    help: "Synonym for --help.",
    doc: "The same as --help.",
    update: HELP.update,
    ..SWITCH
};

pub static SILENT: Flag = Flag {
    long: "silent",
    short: Some(b's'),
    original: true,
    help: "Only print the error message.",
    doc: "Print only the messages, without codes, names or links. The same as --skip-verbose.",
    update: |low, _| {
        low.verbose = false;
        Ok(())
    },
    ..SWITCH
};

pub static VERBOSE: Flag = Flag {
    long: "verbose",
    short: Some(b'v'),
    kind: Bool { default: true },
    original: true,
    help: "Print error code and message (default).",
    doc: "Print each message with its code (the default). The last of -s and -v wins.",
    update: |low, v| {
        low.verbose = is_on(v);
        Ok(())
    },
    variable: Some(|low| true_false(low.verbose)),
    ..SWITCH
};

pub static ALL_MESSAGES: Flag = Flag {
    long: "all-messages",
    kind: Bool { default: false },
    help: "With --annotate, also explain informational messages on [Note] lines.",
    doc: "With --annotate, also annotate what a [Note] (or MySQL [System]) line only reports as a normal \
          event: start-up and shutdown messages, MySQL's own [MY-...] code. Off by default.",
    update: |low, v| {
        low.all_messages = is_on(v);
        Ok(())
    },
    variable: Some(|low| true_false(low.all_messages)),
    ..SWITCH
};

pub static ANNOTATE: Flag = Flag {
    long: "annotate",
    completes: C::Files,
    help: "Read server logs (the arguments, or standard input) and explain every error code in them.",
    doc: "Treat the arguments as log files (standard input when there are none or for -; .gz files are \
          decompressed) and print each line followed by what every error code in it means.",
    update: |low, _| {
        low.annotate = true;
        Ok(())
    },
    ..SWITCH
};

pub static EXPLAIN: Flag = Flag {
    long: "explain",
    help: "Explain each argument at length: kind, name, SQLSTATE, message, causes and fixes.",
    doc: "Print everything known about each code or name: its kind, code, name, SQLSTATE and class, \
          errno name, message, knowledge-base link, and for common errors a write-up of likely causes, \
          how to find out more and how to fix it.",
    update: |low, _| {
        low.explain = true;
        Ok(())
    },
    ..SWITCH
};

pub static EXTENSIONS: Flag = Flag {
    long: "extensions",
    kind: Bool { default: true },
    // Worded for every flavor: MySQL's --help lists it too.
    help: "Also answer what the original perror cannot: client codes, names, SQLSTATEs.",
    doc: "Look up what the flavor's original perror rejects as an illegal code or misreads as a \
          number: client library errors, error names (ER_…, HA_ERR_…, CR_…, EE_…, errno names), \
          MY-nnnnnn codes and SQLSTATEs. On by default; --skip-extensions answers exactly as the \
          original perror does.",
    update: |low, v| {
        low.extensions = is_on(v);
        Ok(())
    },
    variable: Some(|low| true_false(low.extensions)),
    ..SWITCH
};

pub static FLAVOR: Flag = Flag {
    long: "flavor",
    kind: Required,
    value: V::Name,
    completes: C::Flavors,
    // {flavors}: every flavor built in (help_line).
    help: "Release to answer as: {flavors}; or all, to compare them. Default from PERROR_FLAVOR.",
    doc: "The release whose messages and behaviour to reproduce (see FLAVORS), by name or alias. \
          Overrides the PERROR_FLAVOR environment variable. --flavor=all answers each code in every \
          flavor, grouping the flavors that answer alike, to show where releases disagree.",
    update: |low, v| {
        let name = text(v);
        if name == EVERY_FLAVOR {
            low.every_flavor = true;
        } else {
            low.flavor = find_flavor(&name)?;
            low.every_flavor = false;
        }
        Ok(())
    },
    variable: Some(|low| {
        if low.every_flavor {
            EVERY_FLAVOR.to_string()
        } else {
            low.flavor.name.to_string()
        }
    }),
    ..SWITCH
};

pub static GREP: Flag = Flag {
    long: "grep",
    kind: Required,
    value: V::Name,
    help: "List the errors whose name, message or SQLSTATE contains this text (any case).",
    doc: "Search names, messages and SQLSTATEs of every table, ignoring case, and print the matches \
          in the normal output format.",
    update: |low, v| {
        low.grep = Some(text(v));
        Ok(())
    },
    variable: Some(|low| low.grep.clone().unwrap_or_else(no_default)),
    ..SWITCH
};

pub static JSON: Flag = Flag {
    long: "json",
    kind: Bool { default: false },
    help: "Print one JSON object per argument (JSON Lines).",
    doc: "Print one JSON object per line instead of text (JSON Lines): input (the argument), \
          matches (each with kind, code, name, sqlstate, message and url; with --explain, \
          explanation) and error (the failure line, or null); a SQLSTATE argument adds sqlstate, \
          an unknown name suggestions. With --list and --grep, one match object per line.",
    update: |low, v| {
        low.json = is_on(v);
        Ok(())
    },
    variable: Some(|low| true_false(low.json)),
    ..SWITCH
};

pub static LANG: Flag = Flag {
    long: "lang",
    kind: Required,
    value: V::Name,
    completes: C::Languages,
    help: "Print server messages in any of the server's languages, by name (german), code (ger) or locale (de_DE, de).",
    doc: "Print server messages in another of the server's languages, by name (german), code (ger) or \
          locale (de_DE, de). A message missing in that language is printed in English, as the server \
          does.",
    update: |low, v| {
        low.lang = Some(text(v));
        Ok(())
    },
    variable: Some(|low| low.lang.clone().unwrap_or_else(no_default)),
    ..SWITCH
};

pub static LIST: Flag = Flag {
    long: "list",
    kind: Optional,
    value: V::Name,
    completes: C::Kinds,
    help: "List every known error, or those of one kind: os, handler, bdb, server, client, global.",
    doc: "Print every code the flavor knows, or those of one kind, in the normal output format.",
    update: |low, v| {
        let kind = match text(v) {
            all if all.is_empty() => None,
            kind => Some(parse_kind(&kind)?),
        };
        low.list = Some(kind);
        Ok(())
    },
    variable: Some(|low| match low.list {
        Some(Some(kind)) => kind.as_str().to_string(),
        Some(None) => "(all)".to_string(),
        None => no_default(),
    }),
    ..SWITCH
};

pub static ONLY_MATCHING: Flag = Flag {
    long: "only-matching",
    kind: Bool { default: false },
    help: "With --annotate, leave out log lines that carry no error code.",
    doc: "With --annotate, print only the lines that carry codes, with their explanations.",
    update: |low, v| {
        low.only_matching = is_on(v);
        Ok(())
    },
    variable: Some(|low| true_false(low.only_matching)),
    ..SWITCH
};

pub static TOP: Flag = Flag {
    long: "top",
    kind: Optional,
    value: V::Number,
    help: "With --annotate, print the N (default 10) most frequent codes instead.",
    doc: "With --annotate, print a table of the N most frequent codes (10 when no N is given) with \
          their counts, kinds, names and messages instead of the annotated log.",
    update: |low, v| {
        low.top = Some(match v {
            Value::Text(t) => parse_top(&String::from_utf8_lossy(t))?,
            Value::None | Value::Bool(_) => DEFAULT_TOP,
        });
        Ok(())
    },
    variable: Some(|low| low.top.unwrap_or(0).to_string()),
    ..SWITCH
};

pub static VERSION: Flag = Flag {
    long: "version",
    short: Some(b'V'),
    original: true,
    help: "Displays version information and exits.",
    doc: "Print the version line and exit 0.",
    update: |low, _| {
        low.special = Some(Special::Version);
        Ok(())
    },
    ..SWITCH
};

/// Every option, in the order `--help` lists them and my_getopt searches them.
pub static FLAGS: &[&Flag] = &[
    &HELP,
    &INFO,
    &SILENT,
    &VERBOSE,
    &ALL_MESSAGES,
    &ANNOTATE,
    &EXPLAIN,
    &EXTENSIONS,
    &FLAVOR,
    &GREP,
    &JSON,
    &LANG,
    &LIST,
    &ONLY_MATCHING,
    &TOP,
    &VERSION,
];

/// The top `--top` gives when no number is given.
pub const DEFAULT_TOP: usize = 10;

/// A boolean option's value (the dialect gives every boolean one).
fn is_on(v: &Value) -> bool {
    matches!(v, Value::Bool(true))
}

/// An option's text, with invalid UTF-8 replaced (clap then rejects it, as before).
fn text(v: &Value) -> String {
    match v {
        Value::Text(t) => String::from_utf8_lossy(t).into_owned(),
        Value::None | Value::Bool(_) => String::new(),
    }
}

fn true_false(b: bool) -> String {
    if b { "TRUE" } else { "FALSE" }.to_string()
}

fn no_default() -> String {
    "(No default value)".to_string()
}

/// `--flavor`'s value that compares every flavor instead of choosing one.
pub const EVERY_FLAVOR: &str = "all";

pub fn find_flavor(name: &str) -> Result<&'static Flavor, Error> {
    Flavor::find(name).ok_or_else(|| Error::UnknownFlavor {
        name: name.to_string(),
        known: Flavor::all()
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

fn parse_kind(text: &str) -> Result<Kind, Error> {
    Kind::from_name(text).ok_or_else(|| Error::InvalidValue {
        option: LIST.long,
        value: text.to_string(),
        reason: format!("expected one of {}", Kind::ALL.map(Kind::as_str).join(", ")),
    })
}

fn parse_top(text: &str) -> Result<usize, Error> {
    text.parse::<usize>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| Error::InvalidValue {
            option: TOP.long,
            value: text.to_string(),
            reason: "expected a positive number".to_string(),
        })
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
        assert_eq!(FLAGS.first(), Some(&&HELP));
        assert_eq!(FLAGS.last(), Some(&&VERSION));
    }

    #[test]
    fn every_option_with_a_value_has_a_variable_row() {
        for f in FLAGS {
            assert_eq!(f.variable.is_some(), f.kind != NoArg, "--{}", f.long);
        }
    }

    #[test]
    fn the_flavor_help_names_every_flavor() {
        let help = FLAVOR.help_line();
        for f in Flavor::all() {
            assert!(help.contains(f.name), "{help}");
        }
        assert!(!help.contains('{'), "{help}");
        assert_eq!(HELP.help_line(), HELP.help);
    }

    #[test]
    fn names_are_unique() {
        for (i, f) in FLAGS.iter().enumerate() {
            assert!(FLAGS[..i].iter().all(|g| g.long != f.long), "--{}", f.long);
        }
    }
}
