//! From raw arguments to [`Settings`]: the my_getopt dialect reads the command line, clap
//! turns the canonical options it yields into typed values, and nothing runs before the
//! settings are complete.

pub mod defs;
pub mod dialect;
pub mod help;

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

use clap::{Arg as ClapArg, ArgAction, ArgMatches, Command};

use crate::catalog::{Flavor, Kind};
use crate::error::Error;
use defs::{ArgKind, Completes, FLAGS, Flag};
use dialect::{Item, Value};

/// What to do with the arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// perror's own job: look up each argument.
    Lookup,
    Explain,
    /// Every known code, or those of one kind.
    List(Option<Kind>),
    Grep(String),
    Annotate,
}

/// One command-line argument as bytes: borrowed from C's argv (which lives as long as the
/// process) when the binary starts, owned otherwise.
pub type Arg = std::borrow::Cow<'static, [u8]>;

/// Everything a run needs to know, decided before anything runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// argv[0] as given, for messages.
    pub prog: Vec<u8>,
    pub flavor: &'static Flavor,
    pub verbose: bool,
    /// Answer beyond MariaDB's perror (client codes, names, SQLSTATEs).
    pub extensions: bool,
    pub json: bool,
    pub mode: Mode,
    /// `--lang` as given; resolved against the flavor's languages when used.
    pub lang: Option<String>,
    pub only_matching: bool,
    /// `--all-messages`: annotate informational messages on `[Note]` lines too.
    pub all_messages: bool,
    /// `--top[=N]`.
    pub top: Option<usize>,
    /// The positional arguments, as bytes.
    pub args: Vec<Arg>,
}

impl Settings {
    pub fn new(prog: Vec<u8>, flavor: &'static Flavor) -> Settings {
        Settings {
            prog,
            flavor,
            verbose: true,
            extensions: true,
            json: false,
            mode: Mode::Lookup,
            lang: None,
            only_matching: false,
            all_messages: false,
            top: None,
            args: Vec::new(),
        }
    }
}

/// The outcome of reading the command line.
#[derive(Debug)]
pub enum Parsed {
    Run(Settings),
    /// `--help`/`-?`/`-I`, with the settings as they stood when it was seen.
    Help(Settings),
    Version(Settings),
    /// my_getopt gave up with this status (its message is already printed).
    Exit(u8),
}

/// The top `--top` accepts when no number is given.
pub const DEFAULT_TOP: usize = 10;

/// Reads the command line. `notes` receives my_getopt's stderr lines in order, so they
/// come out before anything the run prints (as the original's do).
pub fn parse(
    prog: &[u8],
    args: &[Vec<u8>],
    env_flavor: Option<&[u8]>,
    notes: &mut dyn FnMut(&[u8]),
) -> Result<Parsed, Error> {
    let args = args.iter().map(|a| Arg::Owned(a.clone())).collect();
    parse_owned(prog, args, env_flavor, notes)
}

/// [`parse`], keeping the arguments rather than copying them (`perror $(seq 0 5000)`).
pub fn parse_owned(
    prog: &[u8],
    args: Vec<Arg>,
    env_flavor: Option<&[u8]>,
    notes: &mut dyn FnMut(&[u8]),
) -> Result<Parsed, Error> {
    let default_flavor = match env_flavor {
        Some(name) if !name.is_empty() => find_flavor(&String::from_utf8_lossy(name))?,
        _ => Flavor::default_flavor(),
    };
    let base = Settings::new(prog.to_vec(), default_flavor);
    // The common case, `perror 104 1158`, needs neither the dialect nor clap (nor a copy
    // of the arguments).
    if args.iter().all(|a| a.len() < 2 || a[0] != b'-') {
        return Ok(Parsed::Run(Settings { args, ..base }));
    }
    let mut canonical: Vec<OsString> = Vec::new();
    let mut positional: Vec<Arg> = Vec::new();
    let mut command = command();
    let mut failed = None;
    for item in dialect::parse(prog, &args) {
        match item {
            Item::Note(line) => notes(&line),
            Item::Fail(status) => failed = Some(status),
            Item::Positional(p) => positional.push(Arg::Owned(p)),
            Item::Opt(flag, _) if flag.long == "help" || flag.long == "info" => {
                return Ok(Parsed::Help(settings(&mut command, &canonical, base)?));
            }
            Item::Opt(flag, _) if flag.long == "version" => {
                return Ok(Parsed::Version(settings(&mut command, &canonical, base)?));
            }
            Item::Opt(flag, value) => {
                let arg = canonical_arg(flag, &value);
                // Check the value now, as my_getopt acts on each option in turn: a bad
                // --flavor stops before a later --help.
                validate(flag, &value)?;
                canonical.push(arg);
            }
        }
    }
    if let Some(status) = failed {
        return Ok(Parsed::Exit(status));
    }
    let mut settings = settings(&mut command, &canonical, base)?;
    settings.args = positional;
    Ok(Parsed::Run(settings))
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

fn validate(flag: &Flag, value: &Value) -> Result<(), Error> {
    let Value::Text(text) = value else {
        return Ok(());
    };
    let text = String::from_utf8_lossy(text);
    match flag.completes {
        Completes::Flavors => find_flavor(&text).map(|_| ()),
        Completes::Kinds if !text.is_empty() => parse_kind(&text).map(|_| ()),
        _ if flag.long == "top" => parse_top(&text).map(|_| ()),
        _ => Ok(()),
    }
}

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
        option: "list",
        value: text.to_string(),
        reason: format!("expected one of {}", Kind::ALL.map(Kind::as_str).join(", ")),
    })
}

fn parse_top(text: &str) -> Result<usize, Error> {
    text.parse::<usize>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| Error::InvalidValue {
            option: "top",
            value: text.to_string(),
            reason: "expected a positive number".to_string(),
        })
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
            .help(flag.help)
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
                    .flat_map(|f| std::iter::once(f.name).chain(f.aliases.iter().copied())),
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

/// Settings from the canonical options seen so far (the last of -s/-v wins).
fn settings(
    command: &mut Command,
    canonical: &[OsString],
    base: Settings,
) -> Result<Settings, Error> {
    if canonical.is_empty() {
        return Ok(base);
    }
    let matches = command
        .try_get_matches_from_mut(canonical.iter())
        .map_err(|e| Error::InvalidValue {
            option: "options",
            value: canonical
                .iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
            reason: e.kind().to_string(),
        })?;
    let mut s = base;
    if let Some(name) = matches.get_one::<String>("flavor") {
        s.flavor = find_flavor(name)?;
    }
    let given = |id: &str| matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine);
    let last = |id: &str| {
        if given(id) {
            matches.indices_of(id).and_then(|i| i.max())
        } else {
            None
        }
    };
    s.verbose = match (last("silent"), last("verbose")) {
        (Some(si), Some(vi)) if si > vi => false,
        (_, Some(_)) => *matches.get_one::<bool>("verbose").unwrap_or(&true),
        (Some(_), None) => false,
        (None, None) => true,
    };
    s.json = flag_bool(&matches, "json");
    s.extensions = matches
        .get_one::<bool>("extensions")
        .copied()
        .unwrap_or(true);
    s.only_matching = flag_bool(&matches, "only-matching");
    s.all_messages = flag_bool(&matches, "all-messages");
    s.lang = matches.get_one::<String>("lang").cloned();
    s.top = match matches.get_one::<String>("top") {
        None => None,
        Some(t) if t.is_empty() => Some(DEFAULT_TOP),
        Some(t) => Some(parse_top(t)?),
    };
    s.mode = mode(&matches)?;
    if s.top.is_some() && s.mode != Mode::Annotate {
        return Err(Error::NeedsAnnotate("top"));
    }
    if s.only_matching && s.mode != Mode::Annotate {
        return Err(Error::NeedsAnnotate("only-matching"));
    }
    if s.all_messages && s.mode != Mode::Annotate {
        return Err(Error::NeedsAnnotate("all-messages"));
    }
    Ok(s)
}

fn flag_bool(m: &ArgMatches, id: &str) -> bool {
    m.get_one::<bool>(id).copied().unwrap_or(false)
}

fn mode(m: &ArgMatches) -> Result<Mode, Error> {
    let chosen: Vec<&'static str> = ["annotate", "explain", "grep", "list"]
        .into_iter()
        .filter(|id| m.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
        .collect();
    if let [a, b, ..] = chosen[..] {
        return Err(Error::Conflict(a, b));
    }
    Ok(match chosen.first().copied() {
        Some("annotate") => Mode::Annotate,
        Some("explain") => Mode::Explain,
        Some("grep") => Mode::Grep(m.get_one::<String>("grep").cloned().unwrap_or_default()),
        Some("list") => match m.get_one::<String>("list").map(String::as_str) {
            None | Some("") => Mode::List(None),
            Some(k) => Mode::List(Some(parse_kind(k)?)),
        },
        _ => Mode::Lookup,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Parsed, Error> {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.as_bytes().to_vec()).collect();
        parse(b"perror", &args, None, &mut |_| {})
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
        let args: Vec<Vec<u8>> = vec![b"1".to_vec()];
        let Ok(Parsed::Run(s)) = parse(b"perror", &args, Some(b"10.11"), &mut |_| {}) else {
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

    #[test]
    fn modes_and_conflicts() {
        assert_eq!(
            settings_of(&["--list=server"]).mode,
            Mode::List(Some(Kind::Server))
        );
        assert_eq!(settings_of(&["--list"]).mode, Mode::List(None));
        assert_eq!(
            settings_of(&["--grep", "packets"]).mode,
            Mode::Grep("packets".into())
        );
        assert!(matches!(
            run(&["--list", "--annotate"]),
            Err(Error::Conflict(..))
        ));
        assert!(matches!(
            run(&["--top=3"]),
            Err(Error::NeedsAnnotate("top"))
        ));
        assert_eq!(settings_of(&["--annotate", "--top"]).top, Some(DEFAULT_TOP));
    }

    #[test]
    fn help_keeps_settings_seen_before_it() {
        let Ok(Parsed::Help(s)) = run(&["-s", "--help", "--flavor=10.11"]) else {
            panic!()
        };
        assert!(!s.verbose);
        assert_eq!(s.flavor.name, Flavor::default_flavor().name);
    }

    #[test]
    fn clap_command_is_consistent() {
        command().debug_assert();
    }
}
