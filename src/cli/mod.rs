//! From raw arguments to [`Settings`]: the my_getopt dialect reads the command line into
//! options and values, each option's declaration (`defs.rs`) applies its value to the
//! [`LowArgs`] read so far, clap parses the canonical spelling of the options, and
//! `settle` checks the options against each other and types them. Nothing runs before
//! the settings are complete.

pub mod defs;
pub mod dialect;
pub mod help;
pub mod installed;
pub mod low;

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

use clap::{Arg as ClapArg, ArgAction, Command};

use crate::catalog::{Flavor, Kind};
use crate::error::{Error, ExitStatus};
use defs::{ArgKind, Completes, FLAGS, Flag, Value};
use dialect::Item;
pub use low::LowArgs;
use low::Special;

/// What to do with the arguments, with the options that only make sense for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// perror's own job: look up each argument.
    Lookup {
        /// Answer beyond MariaDB's perror (client codes, names, SQLSTATEs).
        extensions: bool,
    },
    /// `--flavor=all`: look up each argument in every flavor, grouping those that agree.
    Compare {
        extensions: bool,
    },
    Explain,
    /// Every known code, or those of one kind.
    List(Option<Kind>),
    Grep(String),
    Annotate {
        /// Leave out lines without codes.
        only_matching: bool,
        /// `--top[=N]`: a table of the N most frequent codes instead of the log.
        top: Option<usize>,
        /// Annotate informational messages on `[Note]` lines too.
        all_messages: bool,
        /// `--explain`: under each annotation, its write-up's summary or what to look up
        /// next.
        explain: bool,
    },
}

/// One command-line argument as bytes: borrowed from C's argv (which lives as long as the
/// process) when the binary starts, owned otherwise.
pub type Arg = std::borrow::Cow<'static, [u8]>;

/// Everything a run needs to know, decided and checked before anything runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `argv[0]` as given, for messages.
    pub prog: Vec<u8>,
    pub flavor: &'static Flavor,
    /// The language of server messages, a code of the flavor's languages; `None` is
    /// English.
    pub lang: Option<&'static str>,
    pub verbose: bool,
    pub json: bool,
    pub mode: Mode,
    /// The positional arguments, as bytes.
    pub args: Vec<Arg>,
}

/// What the usage text needs: the program name and the options as they stand.
#[derive(Debug, Clone)]
pub struct Usage {
    pub prog: Vec<u8>,
    pub options: LowArgs,
}

/// The outcome of reading the command line.
#[derive(Debug)]
pub enum Parsed {
    Run(Settings),
    /// `--help`/`-?`/`-I`, with the options as they stood when it was seen.
    Help(Usage),
    Version(Usage),
    /// Nothing to look up: a bare `perror` prints the usage and fails.
    NoArguments(Usage),
    /// my_getopt gave up with this status (its message is already printed).
    Exit(ExitStatus),
}

/// Reads the command line. `notes` receives my_getopt's stderr lines in order, so they
/// come out before anything the run prints (as the original's do).
pub fn parse(
    prog: &[u8],
    args: Vec<Arg>,
    env_flavor: Option<&[u8]>,
    notes: &mut dyn FnMut(&[u8]),
) -> Result<Parsed, Error> {
    let default_flavor = match env_flavor {
        Some(name) if !name.is_empty() => defs::find_flavor(&String::from_utf8_lossy(name))?,
        // The release of the perror a package replaced on this host, else the build's.
        _ => installed::recorded_flavor().unwrap_or_else(Flavor::default_flavor),
    };
    let mut low = LowArgs::new(default_flavor);
    // The common case, `perror 104 1158`, needs neither the dialect nor clap (nor a copy
    // of the arguments).
    if args.iter().all(|a| a.len() < 2 || a[0] != b'-') {
        return settle(prog, low, args);
    }
    let mut canonical: Vec<OsString> = Vec::new();
    let mut positional: Vec<Arg> = Vec::new();
    let mut command = command();
    let mut failed = None;
    let mut reader = dialect::Reader::new(prog, args.iter().map(AsRef::as_ref));
    // Each argument is read in the dialect of the flavor in effect when it is read: the
    // default's (the build's or PERROR_FLAVOR's), and after a `--flavor`, that flavor's
    // (`perror --flavor=mysql --verb` is MySQL's unknown option, as its `perror --verb`).
    while let Some(items) = reader.next(dialect::Dialect::of(low.flavor.family())) {
        for item in items {
            match item {
                Item::Note(line) => notes(&line),
                Item::Fail(status) => failed = Some(status),
                Item::Positional(p) => positional.push(Arg::Owned(p)),
                Item::Opt(flag, value) => {
                    // Applied now, as my_getopt acts on each option in turn: a bad --flavor
                    // stops before a later --help.
                    (flag.update)(&mut low, &value)?;
                    if let Some(special) = low.special {
                        check_canonical(&mut command, &canonical)?;
                        mode(&low)?;
                        let usage = Usage {
                            prog: prog.to_vec(),
                            options: low,
                        };
                        return Ok(match special {
                            Special::Help => Parsed::Help(usage),
                            Special::Version => Parsed::Version(usage),
                        });
                    }
                    canonical.push(canonical_arg(flag, &value));
                }
            }
        }
    }
    if let Some(status) = failed {
        return Ok(Parsed::Exit(status));
    }
    check_canonical(&mut command, &canonical)?;
    settle(prog, low, positional)
}

/// The options read, checked against each other and typed: the run, or the usage when
/// there is nothing to look up.
fn settle(prog: &[u8], low: LowArgs, args: Vec<Arg>) -> Result<Parsed, Error> {
    let mode = mode(&low)?;
    if matches!(mode, Mode::Lookup { .. } | Mode::Compare { .. }) && args.is_empty() {
        return Ok(Parsed::NoArguments(Usage {
            prog: prog.to_vec(),
            options: low,
        }));
    }
    let lang = language(low.flavor, low.lang.as_deref())?;
    Ok(Parsed::Run(Settings {
        prog: prog.to_vec(),
        flavor: low.flavor,
        lang,
        verbose: low.verbose,
        json: low.json,
        mode,
        args,
    }))
}

/// The one mode the options choose, with its own options; an option of another mode is
/// an error.
fn mode(low: &LowArgs) -> Result<Mode, Error> {
    if let [a, b, ..] = low.modes_given()[..] {
        return Err(Error::Conflict(a.long, b.long));
    }
    let mode = if low.annotate {
        Mode::Annotate {
            only_matching: low.only_matching,
            top: low.top,
            all_messages: low.all_messages,
            explain: low.explain,
        }
    } else if low.explain {
        Mode::Explain
    } else if let Some(pattern) = &low.grep {
        Mode::Grep(pattern.clone())
    } else if let Some(kind) = low.list {
        Mode::List(kind)
    } else if low.every_flavor {
        Mode::Compare {
            extensions: low.extensions,
        }
    } else {
        Mode::Lookup {
            extensions: low.extensions,
        }
    };
    if low.annotate && low.explain && low.top.is_some() {
        // --explain adds to annotations, and --top prints none.
        return Err(Error::Conflict(defs::EXPLAIN.long, defs::TOP.long));
    }
    if low.every_flavor && !matches!(mode, Mode::Compare { .. }) {
        return Err(Error::InvalidValue {
            option: defs::FLAVOR.long,
            value: defs::EVERY_FLAVOR.to_string(),
            reason: "every flavor can be compared on codes and names only, not with --annotate, \
                     --explain, --grep or --list"
                .to_string(),
        });
    }
    if !matches!(mode, Mode::Annotate { .. }) {
        if low.top.is_some() {
            return Err(Error::NeedsAnnotate(defs::TOP.long));
        }
        if low.only_matching {
            return Err(Error::NeedsAnnotate(defs::ONLY_MATCHING.long));
        }
        if low.all_messages {
            return Err(Error::NeedsAnnotate(defs::ALL_MESSAGES.long));
        }
    }
    Ok(mode)
}

/// The server language `--lang` names, as a code of the flavor's languages; `None` is
/// English. Accepts the server's names (`german`), codes (`ger`) and locales (`de_DE`, `de`).
fn language(flavor: &'static Flavor, wanted: Option<&str>) -> Result<Option<&'static str>, Error> {
    let Some(wanted) = wanted else {
        return Ok(None);
    };
    let languages = flavor.languages;
    let code = languages
        .iter()
        .find(|l| l.code().eq_ignore_ascii_case(wanted) || l.name().eq_ignore_ascii_case(wanted))
        .map(|l| l.code())
        .or_else(|| {
            crate::catalog::locale_language(wanted)
                .filter(|c| languages.iter().any(|l| l.code() == *c))
        });
    match code {
        Some("eng") => Ok(None),
        Some(code) if flavor.has_translations() => Ok(Some(code)),
        Some(_) => Err(Error::NoTranslations),
        None => Err(Error::UnknownLanguage {
            name: wanted.to_string(),
            known: languages
                .iter()
                .map(|l| format!("{} ({})", l.name(), l.code()))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// `--name`, `--name=true|false` or `--name=value`, the one spelling clap is given.
fn canonical_arg(flag: &Flag, value: &Value) -> OsString {
    let mut arg = OsString::from(format!("--{}", flag.long));
    match value {
        Value::None => {}
        Value::Bool(b) => arg.push(format!("={b}")),
        Value::Text(t) => {
            arg.push("=");
            arg.push(std::ffi::OsStr::from_bytes(t));
        }
    }
    arg
}

/// The clap command, built from [`FLAGS`]. Also the source of the man page and the
/// shell completions.
pub fn command() -> Command {
    let mut cmd = Command::new("perror")
        .about("Print a description for a system error code or a MariaDB error code.")
        .no_binary_name(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .args_override_self(true);
    for flag in FLAGS {
        let mut arg = ClapArg::new(flag.long)
            .long(flag.long)
            .help(flag.help_line().into_owned())
            .long_help(flag.doc);
        if let Some(short) = flag.short {
            arg = arg.short(char::from(short));
        }
        arg = match flag.kind {
            ArgKind::NoArg => arg.action(ArgAction::SetTrue),
            ArgKind::Bool { .. } => arg
                .action(ArgAction::Set)
                .num_args(1)
                .require_equals(true)
                .value_parser(clap::value_parser!(bool)),
            ArgKind::Required => arg
                .action(ArgAction::Set)
                .num_args(1)
                .require_equals(true)
                .allow_hyphen_values(true),
            ArgKind::Optional => arg
                .action(ArgAction::Set)
                .num_args(0..=1)
                .require_equals(true)
                .default_missing_value(""),
        };
        arg = match flag.completes {
            Completes::Flavors => arg.value_parser(clap::builder::PossibleValuesParser::new(
                Flavor::all()
                    .iter()
                    .flat_map(|f| std::iter::once(f.name).chain(f.aliases.iter().copied()))
                    .chain(std::iter::once(defs::EVERY_FLAVOR)),
            )),
            Completes::Kinds => arg.value_parser(clap::builder::PossibleValuesParser::new(
                std::iter::once("").chain(Kind::ALL.map(Kind::as_str)),
            )),
            _ => arg,
        };
        cmd = cmd.arg(arg);
    }
    cmd.arg(
        ClapArg::new("ERRORCODE")
            .num_args(0..)
            .action(ArgAction::Append)
            .value_parser(clap::value_parser!(OsString))
            .help("Error codes, names (ER_…, HA_ERR_…, CR_…, EE_…, E…) or SQLSTATEs; log files with --annotate"),
    )
}

/// clap's parse of the canonical options seen so far. The values were applied by the
/// declarations already; clap still has the last word on their spelling (UTF-8, the
/// exact names of flavors and kinds), as it always had.
fn check_canonical(command: &mut Command, canonical: &[OsString]) -> Result<(), Error> {
    if canonical.is_empty() {
        return Ok(());
    }
    command
        .try_get_matches_from_mut(canonical.iter())
        .map(|_| ())
        .map_err(|e| Error::InvalidValue {
            option: "options",
            value: canonical
                .iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
            reason: e.kind().to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Parsed, Error> {
        let args = args
            .iter()
            .map(|a| Arg::Owned(a.as_bytes().to_vec()))
            .collect();
        parse(b"perror", args, None, &mut |_| {})
    }

    fn settings_of(args: &[&str]) -> Settings {
        match run(args) {
            Ok(Parsed::Run(s)) => s,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn silent_and_verbose_last_wins() {
        assert!(!settings_of(&["-v", "-s", "1"]).verbose);
        assert!(settings_of(&["-s", "-v", "1"]).verbose);
        assert!(!settings_of(&["13", "-s", "14"]).verbose);
        assert!(!settings_of(&["--skip-verbose", "1"]).verbose);
    }

    #[test]
    fn flavor_from_env_option_and_alias() {
        let args = vec![Arg::Borrowed(b"1")];
        let Ok(Parsed::Run(s)) = parse(b"perror", args, Some(b"10.11"), &mut |_| {}) else {
            panic!()
        };
        assert_eq!(s.flavor.name, "mariadb-10.11");
        assert_eq!(
            settings_of(&["--flavor=mariadb-10.11", "1"]).flavor.name,
            "mariadb-10.11"
        );
        assert!(matches!(
            run(&["--flavor=9.9"]),
            Err(Error::UnknownFlavor { .. })
        ));
    }

    /// The notes and outcome of a command line read with `env_flavor` as PERROR_FLAVOR.
    fn read_with(env_flavor: &str, args: &[&str]) -> (Vec<String>, Result<Parsed, Error>) {
        let args = args
            .iter()
            .map(|a| Arg::Owned(a.as_bytes().to_vec()))
            .collect();
        let mut notes = Vec::new();
        let parsed = parse(b"perror", args, Some(env_flavor.as_bytes()), &mut |l| {
            notes.push(String::from_utf8_lossy(l).into_owned())
        });
        (notes, parsed)
    }

    #[test]
    fn the_flavor_s_dialect_reads_the_options() {
        let (notes, parsed) = read_with("mysql-9.7", &["--verb", "--foo", "1"]);
        assert_eq!(notes, ["perror: [ERROR] unknown option '--verb'."]);
        assert!(matches!(
            parsed,
            Ok(Parsed::Exit(ExitStatus::UnknownOption))
        ));
        let (notes, parsed) = read_with("mariadb-11.8", &["--verb", "1"]);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("Info: Using unique option prefix 'verb'"));
        assert!(matches!(parsed, Ok(Parsed::Run(s)) if s.verbose));
    }

    #[test]
    fn a_flavor_on_the_command_line_rules_the_options_after_it() {
        let (notes, parsed) = read_with("mariadb-11.8", &["--flavor=mysql", "--verb", "1"]);
        assert_eq!(notes, ["perror: [ERROR] unknown option '--verb'."]);
        assert!(matches!(
            parsed,
            Ok(Parsed::Exit(ExitStatus::UnknownOption))
        ));
        let (notes, parsed) = read_with("mysql-9.7", &["--flavor=11.8", "--verb", "1"]);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(matches!(parsed, Ok(Parsed::Run(s)) if s.flavor.name == "mariadb-11.8"));
        let (notes, parsed) = read_with(
            "mariadb-11.8",
            &["--foo", "--flavor=mysql", "--bar", "--baz"],
        );
        assert_eq!(
            notes,
            [
                "perror: unknown option '--foo'",
                "perror: [ERROR] unknown option '--bar'."
            ],
            "MariaDB's reading goes on past an error, MySQL's stops at one"
        );
        assert!(matches!(
            parsed,
            Ok(Parsed::Exit(ExitStatus::UnknownOption))
        ));
    }

    #[test]
    fn modes_carry_their_options_and_conflict() {
        assert_eq!(
            settings_of(&["--list=server"]).mode,
            Mode::List(Some(Kind::Server))
        );
        assert_eq!(settings_of(&["--list"]).mode, Mode::List(None));
        assert_eq!(
            settings_of(&["--grep", "packets"]).mode,
            Mode::Grep("packets".into())
        );
        assert_eq!(
            settings_of(&["--skip-extensions", "1"]).mode,
            Mode::Lookup { extensions: false }
        );
        assert!(matches!(
            run(&["--list", "--annotate"]),
            Err(Error::Conflict("annotate", "list"))
        ));
        assert!(matches!(
            run(&["--top=3"]),
            Err(Error::NeedsAnnotate("top"))
        ));
        assert!(matches!(
            run(&["--all-messages", "1"]),
            Err(Error::NeedsAnnotate("all-messages"))
        ));
        assert_eq!(
            settings_of(&["--annotate", "--top", "--only-matching"]).mode,
            Mode::Annotate {
                only_matching: true,
                top: Some(defs::DEFAULT_TOP),
                all_messages: false,
                explain: false,
            }
        );
    }

    #[test]
    fn lang_is_resolved_once_for_every_mode() {
        if Flavor::default_flavor().has_translations() {
            assert_eq!(settings_of(&["--lang=german", "1158"]).lang, Some("ger"));
        } else {
            assert!(matches!(
                run(&["--lang=german", "1158"]),
                Err(Error::NoTranslations)
            ));
        }
        assert_eq!(settings_of(&["--lang=en", "1158"]).lang, None);
        for args in [
            &["--lang=xxx", "1158"][..],
            &["--annotate", "--lang=xxx"],
            &["--list", "--lang=xxx"],
        ] {
            assert!(
                matches!(run(args), Err(Error::UnknownLanguage { .. })),
                "{args:?}"
            );
        }
        assert!(
            matches!(run(&["--lang=xxx"]), Ok(Parsed::NoArguments(_))),
            "a bare perror prints the usage whatever --lang says"
        );
    }

    #[test]
    fn help_keeps_options_seen_before_it() {
        let Ok(Parsed::Help(usage)) = run(&["-s", "--help", "--flavor=10.11"]) else {
            panic!()
        };
        assert!(!usage.options.verbose);
        assert_eq!(usage.options.flavor.name, Flavor::default_flavor().name);
    }

    #[test]
    fn clap_command_is_consistent() {
        command().debug_assert();
    }
}
