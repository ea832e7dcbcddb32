//! my_getopt, the option grammar of the original perrors, reproduced exactly in front of
//! clap. MariaDB's and MySQL's differ in a handful of rules, which are the fields of a
//! [`Dialect`]; [`Dialect::of`] a flavor's family says which it speaks.
//!
//! A [`Reader`] turns raw arguments into [`Item`]s in command-line order, one argument at a
//! time: options with their values, positional arguments, the lines my_getopt prints on
//! stderr along the way, and the exit status where it gives up. It only reads [`FLAGS`];
//! acting on the items (each option's declared `update`, clap's parse of their canonical
//! spelling) is `cli::parse`'s job, which asks for the dialect anew for every argument:
//! `--flavor` changes the dialect of the options after it.
//!
//! The grammar both dialects share, as the real binaries show it (each rule is checked by
//! a golden case of every flavor):
//! - `--` ends the options; a lone `-` and every later argument are positional.
//! - `-` and `_` are the same letter in long names.
//! - `--skip-`, `--disable-`, `--enable-`, `--maximum-` and `--loose-` prefixes chain
//!   (`--loose-skip-verbose`); only the last one stripped acts.
//! - Short options bundle (`-sv`); the rest of a bundle is a value for an option that
//!   takes one.
//!
//! Where they differ, MariaDB's then MySQL's (see [`MARIADB`] and [`MYSQL`]):
//! - Long names and prefixes match in any case, and by unique prefix (with an `Info:`
//!   line); MySQL matches names and prefixes exactly.
//! - `--x.silent` drops a "struct" prefix up to the first dot; MySQL has none.
//! - A boolean's `1…`/`0…` value counts by its first byte; MySQL takes whole words only.
//! - An error does not stop the reading: every bad option is reported, the status of the
//!   last one is the exit status (`perror --foo --ver` exits 3, `--ver --foo` 2), unless
//!   `--help` or `--version` comes later and exits 0 first. MySQL stops at the first
//!   error, even inside a bundle.
//! - Lines read `prog: unknown option '--foo'`, `Warning: prog: …`; MySQL's
//!   `progshort: [ERROR] unknown option '--foo'.`, `progshort: [Warning] prog: …`.

use super::defs::{ArgKind, FLAGS, Flag, Value};
use crate::error::ExitStatus;

/// How one my_getopt reads options and words its lines, where MariaDB's and MySQL's differ.
#[derive(Debug, PartialEq, Eq)]
pub struct Dialect {
    /// Long names and the special prefixes match in any ASCII case, or only as written.
    pub names_fold_case: bool,
    /// A unique prefix of a long name stands for the name (with an `Info:` line), and a
    /// prefix of several names is ambiguous.
    pub unique_prefixes: bool,
    /// `--key.name` is `--name`.
    pub struct_prefixes: bool,
    /// A boolean's value counts by its first byte when that is `1` or `0` (`10` is on),
    /// besides the words `true`/`on`/`false`/`off`; otherwise only the whole values
    /// `1`/`0` and those words count.
    pub booleans_by_first_digit: bool,
    /// The first error ends the reading, before any later option acts.
    pub stops_at_first_error: bool,
    /// "unknown option" and "unknown variable" for a long option name the program.
    pub prog_in_unknown_name: bool,
    pub frame: Frame,
}

/// How a line around a message's text says who speaks and how serious it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// `Warning: ` or `Info: ` before a warning's or a note's text; an error's text alone.
    LevelWord,
    /// `progshort: [ERROR] ` (`[Warning]`, `[Note]`) before the text and a full stop after
    /// it, where progshort is argv\[0\]'s last path component; the tag, the text and its
    /// stop are cut to `limit` bytes. The line feed is always written.
    ProgTagAndStop { limit: usize },
}

impl Dialect {
    /// How the family's perror reads its options.
    pub fn of(family: crate::catalog::Family) -> &'static Dialect {
        match family {
            crate::catalog::Family::MariaDb => &MARIADB,
            crate::catalog::Family::MySql => &MYSQL,
        }
    }
}

/// MariaDB's my_getopt (10.11, 11.x).
pub static MARIADB: Dialect = Dialect {
    names_fold_case: true,
    unique_prefixes: true,
    struct_prefixes: true,
    booleans_by_first_digit: true,
    stops_at_first_error: false,
    prog_in_unknown_name: true,
    frame: Frame::LevelWord,
};

/// MySQL's my_getopt (8.x, 9.x). Each rule is one its perror shows:
pub static MYSQL: Dialect = Dialect {
    // `perror --SILENT 5` and `perror --SKIP-verbose 5` are unknown options.
    names_fold_case: false,
    // `perror --verb 5` is an unknown option, `perror --ver=1 5` an unknown variable.
    unique_prefixes: false,
    // `perror --x.silent 5` is an unknown option.
    struct_prefixes: false,
    // `perror --verbose=10 5` warns and ignores the value.
    booleans_by_first_digit: false,
    // `perror -1V` reports `-1` and prints no version; `perror --foo --bar` reports `--foo` only.
    stops_at_first_error: true,
    // `perror --foo` says `perror: [ERROR] unknown option '--foo'.`, but `perror -x`
    // says `perror: [ERROR] perror: unknown option '-x'.`.
    prog_in_unknown_name: false,
    // `[ERROR] ` and the text are cut to 1023 bytes (as by a 1024-byte buffer with its
    // NUL), the full stop first: `perror --$(printf 'a%.0s' $(seq 996))` ends its line
    // `aaa'`, and a `[Warning]` line keeps two bytes less of its text. The name in front
    // is argv[0]'s last component and never cut; argv[0] inside the text is as given:
    // run as /usr/bin/perror, `perror -x` says `perror: [ERROR] /usr/bin/perror: unknown
    // option '-x'.`.
    frame: Frame::ProgTagAndStop { limit: 1023 },
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A line for stderr, complete without its line feed.
    Note(Vec<u8>),
    Opt(&'static Flag, Value),
    Positional(Vec<u8>),
    /// An error: unless help or version comes first, the run ends with the status of the
    /// last of these once all options are read. In a dialect that stops at the first
    /// error, it is the last item the reader gives.
    Fail(ExitStatus),
}

/// How serious a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Error,
    Warning,
    Info,
}

/// What a line of my_getopt's says, before the dialect words it.
#[derive(Debug, Clone, Copy)]
enum Report<'a> {
    /// The argument without its `--`: `foo`, `loose-foo`.
    UnknownOption(&'a [u8]),
    /// The argument without its `--`: `foo=1`.
    UnknownVariable(&'a [u8]),
    UnknownLetter(u8),
    NoArgumentAllowed(&'a str),
    ArgumentRequired(&'a str),
    LetterArgumentRequired(u8),
    InvalidBoolean {
        name: &'a str,
        value: &'a [u8],
    },
    UniquePrefix {
        pattern: &'a [u8],
        name: &'a str,
    },
    Ambiguous {
        pattern: &'a [u8],
        first: &'a str,
        last: &'a str,
    },
    /// A prefix such as `skip` left an ambiguous name.
    AmbiguousAfterPrefix {
        prefix: &'a [u8],
        pattern: &'a [u8],
        first: &'a str,
    },
    VarPrefixNotUnique(&'a [u8]),
}

impl Dialect {
    /// The line for `report`, as this dialect words it for the program `prog` (argv\[0\]
    /// as given).
    fn line(&self, prog: &[u8], level: Level, report: Report) -> Item {
        let text = self.text(prog, report);
        Item::Note(match self.frame {
            Frame::LevelWord => {
                let word: &[u8] = match level {
                    Level::Error => b"",
                    Level::Warning => b"Warning: ",
                    Level::Info => b"Info: ",
                };
                [word, &text].concat()
            }
            Frame::ProgTagAndStop { limit } => {
                let tag: &[u8] = match level {
                    Level::Error => b"ERROR",
                    Level::Warning => b"Warning",
                    Level::Info => b"Note",
                };
                let mut tagged = [b"[", tag, b"] ", &text, b"."].concat();
                tagged.truncate(limit);
                [prog_short(prog), b": ", &tagged].concat()
            }
        })
    }

    fn text(&self, prog: &[u8], report: Report) -> Vec<u8> {
        let by_prog = |parts: &[&[u8]]| {
            let mut text = [prog, b": "].concat();
            parts.iter().for_each(|p| text.extend_from_slice(p));
            text
        };
        match report {
            Report::UnknownOption(body) => {
                let parts: [&[u8]; 3] = [b"unknown option '--", body, b"'"];
                if self.prog_in_unknown_name {
                    by_prog(&parts)
                } else {
                    parts.concat()
                }
            }
            Report::UnknownVariable(body) => {
                let parts: [&[u8]; 3] = [b"unknown variable '", body, b"'"];
                if self.prog_in_unknown_name {
                    by_prog(&parts)
                } else {
                    parts.concat()
                }
            }
            Report::UnknownLetter(letter) => by_prog(&[b"unknown option '-", &[letter], b"'"]),
            Report::NoArgumentAllowed(name) => {
                by_prog(&[b"option '--", name.as_bytes(), b"' cannot take an argument"])
            }
            Report::ArgumentRequired(name) => {
                by_prog(&[b"option '--", name.as_bytes(), b"' requires an argument"])
            }
            Report::LetterArgumentRequired(letter) => {
                by_prog(&[b"option '-", &[letter], b"' requires an argument"])
            }
            Report::InvalidBoolean { name, value } => by_prog(&[
                b"ignoring option '--",
                name.as_bytes(),
                b"' due to invalid value '",
                value,
                b"'",
            ]),
            Report::UniquePrefix { pattern, name } => [
                b"Using unique option prefix '",
                pattern,
                b"' is error-prone and can break in the future. Please use the full name '",
                name.as_bytes(),
                b"' instead.",
            ]
            .concat(),
            Report::Ambiguous {
                pattern,
                first,
                last,
            } => by_prog(&[
                b"ambiguous option '--",
                pattern,
                b"' (",
                first.as_bytes(),
                b", ",
                last.as_bytes(),
                b")",
            ]),
            Report::AmbiguousAfterPrefix {
                prefix,
                pattern,
                first,
            } => by_prog(&[
                b"ambiguous option '--",
                prefix,
                b"-",
                pattern,
                b"' (--",
                prefix,
                b"-",
                first.as_bytes(),
                b")",
            ]),
            Report::VarPrefixNotUnique(pattern) => {
                by_prog(&[b"variable prefix '", pattern, b"' is not unique"])
            }
        }
    }

    /// `-` and `_` are the same letter in option names; case, as the dialect says.
    fn same(&self, a: u8, b: u8) -> bool {
        let fold = |c: u8| match c {
            b'-' => b'_',
            c if self.names_fold_case => c.to_ascii_lowercase(),
            c => c,
        };
        fold(a) == fold(b)
    }

    fn starts_with(&self, name: &[u8], prefix: &[u8]) -> bool {
        name.len() >= prefix.len() && name.iter().zip(prefix).all(|(&a, &b)| self.same(a, b))
    }

    /// my_getopt's findopt: an exact name wins at once; otherwise, where unique prefixes
    /// count, every flag the pattern is a prefix of.
    fn find(&self, pattern: &[u8]) -> Found {
        let mut found = Found::NONE;
        for &flag in FLAGS {
            let name = flag.long.as_bytes();
            if !self.starts_with(name, pattern) {
                continue;
            }
            if name.len() == pattern.len() {
                return Found {
                    count: 1,
                    exact: true,
                    first: Some(flag),
                    chosen: Some(flag),
                };
            }
            if !self.unique_prefixes {
                continue;
            }
            found.count += 1;
            found.first.get_or_insert(flag);
            found.chosen = Some(flag);
        }
        found
    }

    /// A boolean's value, or `None` for one the dialect does not take.
    fn boolean(&self, v: &[u8]) -> Option<bool> {
        let word = |words: [&[u8]; 2]| words.iter().any(|w| v.eq_ignore_ascii_case(w));
        let digit = |d: u8| {
            if self.booleans_by_first_digit {
                v.first() == Some(&d)
            } else {
                v == [d]
            }
        };
        if digit(b'1') || word([b"true", b"on"]) {
            Some(true)
        } else if digit(b'0') || word([b"false", b"off"]) {
            Some(false)
        } else {
            None
        }
    }

    /// Where the option name starts: after a "struct" prefix `key.` when the dialect has
    /// them and the first dot (not the first byte) comes at least two bytes before the
    /// first `=` or the end. `perror --x.silent` is `--silent`; `--x.` and `--.silent` are
    /// not struct options.
    fn struct_offset(&self, body: &[u8]) -> usize {
        if !self.struct_prefixes {
            return 0;
        }
        let end = body.iter().position(|&b| b == b'=').unwrap_or(body.len());
        let dot = body
            .iter()
            .skip(1)
            .position(|&b| b == b'.')
            .map_or(body.len(), |p| p + 1);
        if end > dot + 1 { dot + 1 } else { 0 }
    }
}

/// argv\[0\]'s last path component (`perror` for `/usr/bin/perror`; empty for `/a/b/`).
fn prog_short(prog: &[u8]) -> &[u8] {
    prog.rsplit(|&b| b == b'/').next().unwrap_or(prog)
}

/// Special prefixes, in my_getopt's order (the order decides which is tried first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    Skip,
    Disable,
    Enable,
    Maximum,
    Loose,
}

const PREFIXES: [(Prefix, &[u8]); 5] = [
    (Prefix::Skip, b"skip"),
    (Prefix::Disable, b"disable"),
    (Prefix::Enable, b"enable"),
    (Prefix::Maximum, b"maximum"),
    (Prefix::Loose, b"loose"),
];

/// What a name pattern matches among the flags.
struct Found {
    /// How many different flags match (exact match counts as one).
    count: usize,
    /// The pattern is a flag's whole name.
    exact: bool,
    /// The first flag matched (named in ambiguity messages).
    first: Option<&'static Flag>,
    /// The flag chosen: the exact match, or the last prefix match.
    chosen: Option<&'static Flag>,
}

impl Found {
    const NONE: Found = Found {
        count: 0,
        exact: false,
        first: None,
        chosen: None,
    };

    fn first_name(&self) -> &'static str {
        self.first.map_or("", |f| f.long)
    }

    fn chosen_name(&self) -> &'static str {
        self.chosen.map_or("", |f| f.long)
    }
}

/// Reads the arguments (without the program name) one at a time, each in the dialect
/// the caller names for it.
pub struct Reader<'p, I> {
    /// `argv[0]` as given.
    prog: &'p [u8],
    args: I,
    end_of_options: bool,
    /// An error ended the reading.
    stopped: bool,
}

impl<'a, 'p, I: Iterator<Item = &'a [u8]>> Reader<'p, I> {
    pub fn new(prog: &'p [u8], args: I) -> Reader<'p, I> {
        Reader {
            prog,
            args,
            end_of_options: false,
            stopped: false,
        }
    }

    /// The items of the next argument (with the value it takes from the argument after,
    /// if any), read in `dialect`; `None` once all are read or an error ended the
    /// reading.
    pub fn next(&mut self, dialect: &Dialect) -> Option<Vec<Item>> {
        if self.stopped {
            return None;
        }
        let arg = self.args.next()?;
        let mut getopt = Getopt {
            dialect,
            prog: self.prog,
            items: Vec::new(),
        };
        if self.end_of_options || arg.len() < 2 || arg[0] != b'-' {
            getopt.items.push(Item::Positional(arg.to_vec()));
        } else if arg[1] != b'-' {
            getopt.short_options(&arg[1..], &mut self.args);
        } else if arg.len() == 2 {
            self.end_of_options = true;
        } else {
            getopt.long_option(&arg[2..], &mut self.args);
        }
        let items = getopt.items;
        self.stopped =
            dialect.stops_at_first_error && items.iter().any(|i| matches!(i, Item::Fail(_)));
        Some(items)
    }
}

/// Reads all arguments in one dialect.
pub fn parse<A: AsRef<[u8]>>(dialect: &Dialect, prog: &[u8], args: &[A]) -> Vec<Item> {
    let mut reader = Reader::new(prog, args.iter().map(AsRef::as_ref));
    let mut items = Vec::new();
    while let Some(more) = reader.next(dialect) {
        items.extend(more);
    }
    items
}

/// One argument's reading: the dialect, and the items it gives.
struct Getopt<'d> {
    dialect: &'d Dialect,
    prog: &'d [u8],
    items: Vec<Item>,
}

/// An option name as the prefixes leave it, and what they did to it.
struct Name<'a> {
    /// What is left of the argument after `--` and any prefixes (the value included).
    opt: &'a [u8],
    /// The length of the name in `opt` (up to `=`).
    length: usize,
    /// The value after `=`, as the prefixes changed it (`--skip-x` is `--x=0`).
    value: Option<Vec<u8>>,
    /// `--maximum-`, or an unknown name given a value: only a variable could match.
    must_be_var: bool,
    /// `--loose-`: an unknown name is a warning, not an error.
    loose: bool,
}

impl Getopt<'_> {
    fn say(&mut self, level: Level, report: Report) {
        let line = self.dialect.line(self.prog, level, report);
        self.items.push(line);
    }

    fn fail(&mut self, report: Report, status: ExitStatus) {
        self.say(Level::Error, report);
        self.items.push(Item::Fail(status));
    }

    /// [`Dialect::find`], and the `Info:` line my_getopt prints when it accepts a unique
    /// prefix.
    fn find_noted(&mut self, pattern: &[u8]) -> Found {
        let found = self.dialect.find(pattern);
        if found.count == 1 && !found.exact {
            self.say(
                Level::Info,
                Report::UniquePrefix {
                    pattern,
                    name: found.chosen_name(),
                },
            );
        }
        found
    }

    /// One `--body` argument.
    fn long_option<'a>(&mut self, body: &[u8], rest: &mut impl Iterator<Item = &'a [u8]>) {
        let opt = &body[self.dialect.struct_offset(body)..];
        let length = opt.iter().position(|&b| b == b'=').unwrap_or(opt.len());
        let mut name = Name {
            opt,
            length,
            value: (length < opt.len()).then(|| opt[length + 1..].to_vec()),
            must_be_var: false,
            loose: false,
        };
        let mut found = self.find_noted(&opt[..length]);
        if found.count == 0 {
            name.must_be_var = name.value.is_some();
            found = self.strip_prefixes(&mut name);
            if found.count == 0 {
                self.unknown_option(body, &name);
                return;
            }
        }
        if found.count > 1 {
            self.ambiguous_option(&name, &found);
            return;
        }
        if let Some(flag) = found.chosen {
            self.take_value(flag, name.value, rest);
        }
    }

    /// Strips `--skip-`, `--loose-` and the other prefixes, in my_getopt's order, until a
    /// name matches, and applies the last one stripped (`--loose-skip-verbose`).
    fn strip_prefixes(&mut self, name: &mut Name) -> Found {
        loop {
            let opt = name.opt;
            let Some(&(prefix, word)) = PREFIXES.iter().find(|(_, word)| {
                let n = word.len();
                opt.len() > n
                    && self.dialect.starts_with(opt, word)
                    && matches!(opt[n], b'-' | b'_')
            }) else {
                return Found::NONE;
            };
            let n = word.len();
            name.opt = &opt[n + 1..];
            name.length -= n + 1;
            name.loose |= prefix == Prefix::Loose;
            let found = self.find_noted(&name.opt[..name.length]);
            if found.count == 0 {
                continue; // another prefix may follow: --loose-skip-verbose
            }
            if found.count > 1 {
                self.say(
                    Level::Error,
                    Report::AmbiguousAfterPrefix {
                        prefix: word,
                        pattern: name.opt,
                        first: found.first_name(),
                    },
                );
                // The prefix's action is skipped: `--maximum-v` ends as an ambiguous
                // option (exit 3), not a non-unique variable (exit 6).
                return found;
            }
            match prefix {
                // --skip-x=0 is a double negation: x is enabled.
                Prefix::Skip | Prefix::Disable => {
                    let on = name.value.as_deref() == Some(b"0");
                    name.value = Some(if on { b"1".to_vec() } else { b"0".to_vec() });
                }
                Prefix::Enable => {
                    let off = name.value.as_deref() == Some(b"0");
                    name.value = Some(if off { b"0".to_vec() } else { b"1".to_vec() });
                }
                Prefix::Maximum => name.must_be_var = true,
                Prefix::Loose => {}
            }
            return found;
        }
    }

    /// No flag has this name: an error, or with `--loose-` a warning.
    fn unknown_option(&mut self, body: &[u8], name: &Name) {
        let (report, status) = if name.must_be_var {
            (Report::UnknownVariable(body), ExitStatus::UnknownVariable)
        } else {
            (Report::UnknownOption(body), ExitStatus::UnknownOption)
        };
        if name.loose {
            self.say(Level::Warning, report);
        } else {
            self.fail(report, status);
        }
    }

    /// Several flags begin with this name.
    fn ambiguous_option(&mut self, name: &Name, found: &Found) {
        if name.must_be_var {
            self.fail(
                Report::VarPrefixNotUnique(name.opt),
                ExitStatus::VarPrefixNotUnique,
            );
        } else {
            self.fail(
                Report::Ambiguous {
                    pattern: name.opt,
                    first: found.first_name(),
                    last: found.chosen_name(),
                },
                ExitStatus::AmbiguousOption,
            );
        }
    }

    /// The flag's value, the way its kind takes one (for a required value, the next
    /// argument when there is no `=`).
    fn take_value<'a>(
        &mut self,
        flag: &'static Flag,
        value: Option<Vec<u8>>,
        rest: &mut impl Iterator<Item = &'a [u8]>,
    ) {
        match flag.kind {
            ArgKind::NoArg => {
                if value.is_some() {
                    self.fail(
                        Report::NoArgumentAllowed(flag.long),
                        ExitStatus::NoArgumentAllowed,
                    );
                    return;
                }
                self.items.push(Item::Opt(flag, Value::None));
            }
            ArgKind::Bool { .. } => match value.as_deref().map(|v| self.dialect.boolean(v)) {
                None => self.items.push(Item::Opt(flag, Value::Bool(true))),
                Some(Some(b)) => self.items.push(Item::Opt(flag, Value::Bool(b))),
                Some(None) => self.say(
                    Level::Warning,
                    Report::InvalidBoolean {
                        name: flag.long,
                        value: value.as_deref().unwrap_or_default(),
                    },
                ),
            },
            ArgKind::Required => {
                let Some(v) = value.or_else(|| rest.next().map(<[u8]>::to_vec)) else {
                    self.fail(
                        Report::ArgumentRequired(flag.long),
                        ExitStatus::ArgumentRequired,
                    );
                    return;
                };
                self.items.push(Item::Opt(flag, Value::Text(v)));
            }
            ArgKind::Optional => self
                .items
                .push(Item::Opt(flag, value.map_or(Value::None, Value::Text))),
        }
    }

    /// A bundle of short options (`-sv`).
    fn short_options<'a>(&mut self, letters: &[u8], rest: &mut impl Iterator<Item = &'a [u8]>) {
        let mut unknown = false;
        for (i, &letter) in letters.iter().enumerate() {
            let Some(flag) = FLAGS.iter().copied().find(|f| f.short == Some(letter)) else {
                if self.dialect.stops_at_first_error {
                    self.fail(Report::UnknownLetter(letter), ExitStatus::UnknownOption);
                    return;
                }
                // The bundle goes on: `perror -1V` reports `-1`, then prints the version.
                self.say(Level::Error, Report::UnknownLetter(letter));
                unknown = true;
                continue;
            };
            match flag.kind {
                ArgKind::NoArg => self.items.push(Item::Opt(flag, Value::None)),
                ArgKind::Bool { .. } => self.items.push(Item::Opt(flag, Value::Bool(true))),
                // The rest of the bundle is the value, or else the next argument.
                ArgKind::Required | ArgKind::Optional => {
                    let tail = &letters[i + 1..];
                    let value = if !tail.is_empty() {
                        Some(tail.to_vec())
                    } else if flag.kind == ArgKind::Required {
                        rest.next().map(<[u8]>::to_vec)
                    } else {
                        None
                    };
                    match value {
                        Some(v) => self.items.push(Item::Opt(flag, Value::Text(v))),
                        None if flag.kind == ArgKind::Optional => {
                            self.items.push(Item::Opt(flag, Value::None))
                        }
                        None => {
                            self.fail(
                                Report::LetterArgumentRequired(letter),
                                ExitStatus::ArgumentRequired,
                            );
                            return;
                        }
                    }
                    break;
                }
            }
        }
        if unknown {
            self.items.push(Item::Fail(ExitStatus::UnknownOption));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(dialect: &Dialect, prog: &str, args: &[&str]) -> Vec<String> {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.as_bytes().to_vec()).collect();
        parse(dialect, prog.as_bytes(), &args)
            .into_iter()
            .map(|item| match item {
                Item::Note(l) => format!("note {}", String::from_utf8_lossy(&l)),
                Item::Opt(f, Value::None) => format!("--{}", f.long),
                Item::Opt(f, Value::Bool(b)) => format!("--{}={b}", f.long),
                Item::Opt(f, Value::Text(t)) => {
                    format!("--{}={}", f.long, String::from_utf8_lossy(&t))
                }
                Item::Positional(p) => format!("arg {}", String::from_utf8_lossy(&p)),
                Item::Fail(s) => format!("exit {}", s.code()),
            })
            .collect()
    }

    fn run(args: &[&str]) -> Vec<String> {
        read(&MARIADB, "perror", args)
    }

    fn mysql(args: &[&str]) -> Vec<String> {
        read(&MYSQL, "perror", args)
    }

    #[test]
    fn positionals_and_end_of_options() {
        for dialect in [&MARIADB, &MYSQL] {
            assert_eq!(
                read(dialect, "perror", &["104", "-", "--", "-5", "--"]),
                ["arg 104", "arg -", "arg -5", "arg --"]
            );
        }
    }

    #[test]
    fn bundles_and_unknown_letters() {
        assert_eq!(run(&["-sv"]), ["--silent", "--verbose=true"]);
        assert_eq!(
            run(&["-1V"]),
            ["note perror: unknown option '-1'", "--version", "exit 2"],
            "the bundle goes on after an unknown letter"
        );
    }

    #[test]
    fn prefixes_case_and_dashes() {
        assert_eq!(run(&["--SKIP_verbose"]), ["--verbose=false"]);
        assert_eq!(run(&["--skip-verbose=0"]), ["--verbose=true"]);
        assert_eq!(
            run(&["--skip-loose-verbose"]),
            ["--verbose=true"],
            "only the last prefix acts"
        );
        assert_eq!(run(&["--loose-skip-verbose"]), ["--verbose=false"]);
        assert_eq!(run(&["--x.silent"]), ["--silent"]);
        assert_eq!(
            run(&["--skip"]),
            ["note perror: unknown option '--skip'", "exit 2"]
        );
    }

    #[test]
    fn unique_prefix_is_accepted_with_info() {
        assert_eq!(
            run(&["--sil"]),
            [
                "note Info: Using unique option prefix 'sil' is error-prone and can break in the future. Please use the full name 'silent' instead.",
                "--silent"
            ]
        );
    }

    #[test]
    fn ambiguity_messages() {
        assert_eq!(
            run(&["--ver"]),
            [
                "note perror: ambiguous option '--ver' (verbose, version)",
                "exit 3"
            ]
        );
        assert_eq!(
            run(&["--=1"]),
            [
                "note perror: ambiguous option '--=1' (help, version)",
                "exit 3"
            ]
        );
        assert_eq!(
            run(&["--skip-ver=1"]),
            [
                "note perror: ambiguous option '--skip-ver=1' (--skip-verbose)",
                "note perror: variable prefix 'ver=1' is not unique",
                "exit 6"
            ]
        );
    }

    #[test]
    fn an_ambiguous_name_after_a_prefix_skips_the_prefix_action() {
        assert_eq!(
            run(&["--maximum-v"]),
            [
                "note perror: ambiguous option '--maximum-v' (--maximum-verbose)",
                "note perror: ambiguous option '--v' (verbose, version)",
                "exit 3"
            ]
        );
    }

    #[test]
    fn errors_do_not_stop_the_reading() {
        assert_eq!(
            run(&["--foo", "--ver", "5"]),
            [
                "note perror: unknown option '--foo'",
                "exit 2",
                "note perror: ambiguous option '--ver' (verbose, version)",
                "exit 3",
                "arg 5"
            ]
        );
    }

    #[test]
    fn values_and_their_errors() {
        assert_eq!(
            run(&["--silent=1"]),
            [
                "note perror: option '--silent' cannot take an argument",
                "exit 4"
            ]
        );
        assert_eq!(
            run(&["--verbose=maybe", "5"]),
            [
                "note Warning: perror: ignoring option '--verbose' due to invalid value 'maybe'",
                "arg 5"
            ]
        );
        assert_eq!(
            run(&["--verbose=10", "--verbose=OFF"]),
            ["--verbose=true", "--verbose=false"]
        );
        assert_eq!(
            run(&["--flavor", "10.11", "5"]),
            ["--flavor=10.11", "arg 5"]
        );
        assert_eq!(
            run(&["--flavor"]),
            [
                "note perror: option '--flavor' requires an argument",
                "exit 5"
            ]
        );
        assert_eq!(run(&["--list"]), ["--list"]);
        assert_eq!(
            run(&["--defaults-file=x"]),
            ["note perror: unknown variable 'defaults-file=x'", "exit 7"]
        );
        assert_eq!(
            run(&["--loose-foo=1", "5"]),
            [
                "note Warning: perror: unknown variable 'loose-foo=1'",
                "arg 5"
            ]
        );
    }

    #[test]
    fn mysql_names_are_exact_and_case_sensitive() {
        assert_eq!(
            mysql(&["--silent", "--skip_verbose"]),
            ["--silent", "--verbose=false"]
        );
        assert_eq!(mysql(&["--only_matching"]), ["--only-matching=true"]);
        for name in [
            "--sil",
            "--SILENT",
            "--Verbose",
            "--SKIP-verbose",
            "--x.silent",
            "--ver_bose",
        ] {
            assert_eq!(
                mysql(&[name, "5"]),
                [
                    format!("note perror: [ERROR] unknown option '{name}'."),
                    "exit 2".into()
                ],
                "{name}"
            );
        }
        assert_eq!(
            mysql(&["--ver=1"]),
            ["note perror: [ERROR] unknown variable 'ver=1'.", "exit 7"],
            "no prefix matches, so no ambiguity"
        );
        assert_eq!(
            mysql(&["--=1"]),
            ["note perror: [ERROR] unknown variable '=1'.", "exit 7"]
        );
        assert_eq!(
            mysql(&["--LOOSE-VERBOSE=OFF"]),
            [
                "note perror: [ERROR] unknown variable 'LOOSE-VERBOSE=OFF'.",
                "exit 7"
            ],
            "prefixes are lower case only"
        );
    }

    #[test]
    fn mysql_prefixes_chain_as_mariadb_s() {
        assert_eq!(mysql(&["--loose-skip-verbose"]), ["--verbose=false"]);
        assert_eq!(mysql(&["--skip-loose-verbose"]), ["--verbose=true"]);
        assert_eq!(mysql(&["--skip-verbose=0"]), ["--verbose=true"]);
        assert_eq!(mysql(&["--maximum-silent"]), ["--silent"]);
        assert_eq!(
            mysql(&["--skip-silent"]),
            [
                "note perror: [ERROR] perror: option '--silent' cannot take an argument.",
                "exit 4"
            ]
        );
        assert_eq!(
            mysql(&["--loose-verb", "--loose-foo=1", "5"]),
            [
                "note perror: [Warning] unknown option '--loose-verb'.",
                "note perror: [Warning] unknown variable 'loose-foo=1'.",
                "arg 5"
            ]
        );
    }

    #[test]
    fn mysql_booleans_are_whole_words() {
        assert_eq!(
            mysql(&[
                "--verbose=0",
                "--verbose=TRUE",
                "--verbose=Off",
                "--verbose=1"
            ]),
            [
                "--verbose=false",
                "--verbose=true",
                "--verbose=false",
                "--verbose=true"
            ]
        );
        for value in ["10", "0xyz", "1 ", "yes", ""] {
            assert_eq!(
                mysql(&[&format!("--verbose={value}"), "5"]),
                [
                    format!(
                        "note perror: [Warning] perror: ignoring option '--verbose' due to invalid value '{value}'."
                    ),
                    "arg 5".into()
                ]
            );
        }
    }

    #[test]
    fn mysql_stops_at_the_first_error() {
        assert_eq!(
            mysql(&["--foo", "--bar", "--help", "5"]),
            ["note perror: [ERROR] unknown option '--foo'.", "exit 2"]
        );
        assert_eq!(
            mysql(&["-s1V", "5"]),
            [
                "--silent",
                "note perror: [ERROR] perror: unknown option '-1'.",
                "exit 2"
            ],
            "not even the rest of the bundle"
        );
        assert_eq!(
            mysql(&["--verbose=bad", "--loose-x", "--silent=1", "-x"]),
            [
                "note perror: [Warning] perror: ignoring option '--verbose' due to invalid value 'bad'.",
                "note perror: [Warning] unknown option '--loose-x'.",
                "note perror: [ERROR] perror: option '--silent' cannot take an argument.",
                "exit 4"
            ],
            "warnings do not stop it"
        );
        assert_eq!(
            mysql(&["--flavor"]),
            [
                "note perror: [ERROR] perror: option '--flavor' requires an argument.",
                "exit 5"
            ]
        );
    }

    #[test]
    fn mysql_names_argv0_as_given_and_by_its_last_component() {
        assert_eq!(
            read(&MYSQL, "/usr/bin/perror", &["-x"]),
            [
                "note perror: [ERROR] /usr/bin/perror: unknown option '-x'.",
                "exit 2"
            ]
        );
        assert_eq!(
            read(&MYSQL, "/usr/bin/perror", &["--foo"]),
            ["note perror: [ERROR] unknown option '--foo'.", "exit 2"]
        );
        assert_eq!(
            read(&MYSQL, "/a/b/", &["--foo"]),
            ["note : [ERROR] unknown option '--foo'.", "exit 2"]
        );
    }

    #[test]
    fn mysql_cuts_a_message_s_tag_and_text_at_1023_bytes() {
        let line = |letters: usize| {
            let arg = format!("--{}", "a".repeat(letters));
            let items = parse(&MYSQL, b"perror", &[arg]);
            let Item::Note(line) = &items[0] else {
                panic!("{items:?}")
            };
            line.clone()
        };
        let head = b"perror: [ERROR] unknown option '--".len();
        // 995 letters: the text is 1015 bytes with its stop; one more and the stop is cut.
        assert!(line(995).ends_with(b"aa'."));
        assert_eq!(line(995).len(), head + 995 + 2);
        assert!(line(996).ends_with(b"aa'"));
        assert_eq!(line(1200).len(), "perror: [ERROR] ".len() + 1015);
        let warning = parse(
            &MYSQL,
            b"perror",
            &[format!("--loose-{}", "a".repeat(1200))],
        );
        let Item::Note(warning) = &warning[0] else {
            panic!("{warning:?}")
        };
        assert!(warning.starts_with(b"perror: [Warning] unknown option '--loose-aaa"));
        assert_eq!(warning.len(), "perror: [Warning] ".len() + 1013);
        // The program's name before the tag is never cut.
        let long = "p".repeat(1100);
        let items = parse(&MYSQL, long.as_bytes(), &["--foo"]);
        assert_eq!(
            items[0],
            Item::Note(format!("{long}: [ERROR] unknown option '--foo'.").into_bytes())
        );
    }
}
