//! MariaDB's option grammar (my_getopt), reproduced exactly, in front of clap.
//!
//! [`parse`] turns raw arguments into [`Item`]s in command-line order: options with their
//! values, positional arguments, the lines my_getopt prints on stderr along the way, and
//! the exit status where it gives up. It only reads [`FLAGS`]; acting on the items (each
//! option's declared `update`, clap's parse of their canonical spelling) is `cli::parse`'s job.
//!
//! The grammar, as the real binaries show it (each rule is checked by a golden case):
//! - `--` ends the options; a lone `-` and every later argument are positional.
//! - Long names match case-insensitively, `-` and `_` alike, and by unique prefix (with an
//!   `Info:` line); `--x.silent` drops a "struct" prefix up to the first dot.
//! - `--skip-`, `--disable-`, `--enable-`, `--maximum-` and `--loose-` prefixes chain
//!   (`--loose-skip-verbose`); only the last one stripped acts.
//! - Short options bundle (`-sv`); each unknown letter is reported and the rest of the
//!   bundle still runs, so `perror -1V` reports `-1` and then prints the version.
//! - An error does not stop the reading: every bad option is reported, and the status of
//!   the last one is the exit status (`perror --foo --ver` exits 3, `--ver --foo` 2),
//!   unless `--help` or `--version` comes later and exits 0 first.

use super::defs::{ArgKind, FLAGS, Flag, Value};
use crate::error::ExitStatus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A line for stderr, complete without its line feed.
    Note(Vec<u8>),
    Opt(&'static Flag, Value),
    Positional(Vec<u8>),
    /// An error: unless help or version comes first, the run ends with the status of the
    /// last of these once all options are read.
    Fail(ExitStatus),
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

/// `-` and `_` are the same letter in option names, and case does not matter.
fn same(a: u8, b: u8) -> bool {
    let fold = |c: u8| {
        if c == b'-' {
            b'_'
        } else {
            c.to_ascii_lowercase()
        }
    };
    fold(a) == fold(b)
}

fn starts_with(name: &[u8], prefix: &[u8]) -> bool {
    name.len() >= prefix.len() && name.iter().zip(prefix).all(|(&a, &b)| same(a, b))
}

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

    fn first_name(&self) -> &'static [u8] {
        self.first.map_or("", |f| f.long).as_bytes()
    }

    fn chosen_name(&self) -> &'static [u8] {
        self.chosen.map_or("", |f| f.long).as_bytes()
    }
}

/// my_getopt's findopt: an exact name wins at once; otherwise every flag the pattern is a
/// prefix of counts.
fn find(pattern: &[u8]) -> Found {
    let mut found = Found::NONE;
    for &flag in FLAGS {
        let name = flag.long.as_bytes();
        if !starts_with(name, pattern) {
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
        found.count += 1;
        found.first.get_or_insert(flag);
        found.chosen = Some(flag);
    }
    found
}

/// [`find`], and the `Info:` line my_getopt prints when it accepts a unique prefix.
fn find_noted(pattern: &[u8], items: &mut Vec<Item>) -> Found {
    let found = find(pattern);
    if found.count == 1 && !found.exact {
        items.push(line(&[
            b"Info: Using unique option prefix '",
            pattern,
            b"' is error-prone and can break in the future. Please use the full name '",
            found.chosen_name(),
            b"' instead.",
        ]));
    }
    found
}

fn line(parts: &[&[u8]]) -> Item {
    Item::Note(parts.concat())
}

/// Where the option name starts: after a "struct" prefix `key.` when the first dot (not
/// the first byte) comes at least two bytes before the first `=` or the end.
/// `perror --x.silent` is `--silent`; `--x.` and `--.silent` are not struct options.
fn struct_offset(body: &[u8]) -> usize {
    let end = body.iter().position(|&b| b == b'=').unwrap_or(body.len());
    let dot = body
        .iter()
        .skip(1)
        .position(|&b| b == b'.')
        .map_or(body.len(), |p| p + 1);
    if end > dot + 1 { dot + 1 } else { 0 }
}

/// Reads all arguments (without the program name). `prog` is `argv[0]` as given.
pub fn parse<A: AsRef<[u8]>>(prog: &[u8], args: &[A]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut end_of_options = false;
    let mut rest = args.iter().map(AsRef::as_ref);
    while let Some(arg) = rest.next() {
        if end_of_options || arg.len() < 2 || arg[0] != b'-' {
            items.push(Item::Positional(arg.to_vec()));
            continue;
        }
        if arg[1] != b'-' {
            short_options(prog, &arg[1..], &mut rest, &mut items);
            continue;
        }
        let body = &arg[2..];
        if body.is_empty() {
            end_of_options = true;
            continue;
        }
        long_option(prog, body, &mut rest, &mut items);
    }
    items
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

/// One `--body` argument.
fn long_option<'a>(
    prog: &[u8],
    body: &[u8],
    rest: &mut impl Iterator<Item = &'a [u8]>,
    items: &mut Vec<Item>,
) {
    let opt = &body[struct_offset(body)..];
    let length = opt.iter().position(|&b| b == b'=').unwrap_or(opt.len());
    let mut name = Name {
        opt,
        length,
        value: (length < opt.len()).then(|| opt[length + 1..].to_vec()),
        must_be_var: false,
        loose: false,
    };
    let mut found = find_noted(&opt[..length], items);
    if found.count == 0 {
        name.must_be_var = name.value.is_some();
        found = strip_prefixes(prog, &mut name, items);
        if found.count == 0 {
            unknown_option(prog, body, &name, items);
            return;
        }
    }
    if found.count > 1 {
        ambiguous_option(prog, &name, &found, items);
        return;
    }
    if let Some(flag) = found.chosen {
        take_value(prog, flag, name.value, rest, items);
    }
}

/// Strips `--skip-`, `--loose-` and the other prefixes, in my_getopt's order, until a
/// name matches, and applies the last one stripped (`--loose-skip-verbose`).
fn strip_prefixes(prog: &[u8], name: &mut Name, items: &mut Vec<Item>) -> Found {
    loop {
        let opt = name.opt;
        let Some(&(prefix, word)) = PREFIXES.iter().find(|(_, word)| {
            let n = word.len();
            opt.len() > n && starts_with(opt, word) && matches!(opt[n], b'-' | b'_')
        }) else {
            return Found::NONE;
        };
        let n = word.len();
        name.opt = &opt[n + 1..];
        name.length -= n + 1;
        name.loose |= prefix == Prefix::Loose;
        let found = find_noted(&name.opt[..name.length], items);
        if found.count == 0 {
            continue; // another prefix may follow: --loose-skip-verbose
        }
        if found.count > 1 {
            items.push(line(&[
                prog,
                b": ambiguous option '--",
                word,
                b"-",
                name.opt,
                b"' (--",
                word,
                b"-",
                found.first_name(),
                b")",
            ]));
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
fn unknown_option(prog: &[u8], body: &[u8], name: &Name, items: &mut Vec<Item>) {
    let (what, status): (&[&[u8]], ExitStatus) = if name.must_be_var {
        (
            &[prog, b": unknown variable '", body, b"'"],
            ExitStatus::UnknownVariable,
        )
    } else {
        (
            &[prog, b": unknown option '--", body, b"'"],
            ExitStatus::UnknownOption,
        )
    };
    if name.loose {
        items.push(line(&[b"Warning: ", &what.concat()]));
        return;
    }
    items.push(line(what));
    items.push(Item::Fail(status));
}

/// Several flags begin with this name.
fn ambiguous_option(prog: &[u8], name: &Name, found: &Found, items: &mut Vec<Item>) {
    if name.must_be_var {
        items.push(line(&[
            prog,
            b": variable prefix '",
            name.opt,
            b"' is not unique",
        ]));
        items.push(Item::Fail(ExitStatus::VarPrefixNotUnique));
    } else {
        items.push(line(&[
            prog,
            b": ambiguous option '--",
            name.opt,
            b"' (",
            found.first_name(),
            b", ",
            found.chosen_name(),
            b")",
        ]));
        items.push(Item::Fail(ExitStatus::AmbiguousOption));
    }
}

/// The flag's value, the way its kind takes one (for a required value, the next
/// argument when there is no `=`).
fn take_value<'a>(
    prog: &[u8],
    flag: &'static Flag,
    value: Option<Vec<u8>>,
    rest: &mut impl Iterator<Item = &'a [u8]>,
    items: &mut Vec<Item>,
) {
    let name = flag.long.as_bytes();
    match flag.kind {
        ArgKind::NoArg => {
            if value.is_some() {
                items.push(line(&[
                    prog,
                    b": option '--",
                    name,
                    b"' cannot take an argument",
                ]));
                items.push(Item::Fail(ExitStatus::NoArgumentAllowed));
                return;
            }
            items.push(Item::Opt(flag, Value::None));
        }
        ArgKind::Bool { .. } => match value.as_deref().map(bool_value) {
            None => items.push(Item::Opt(flag, Value::Bool(true))),
            Some(Some(b)) => items.push(Item::Opt(flag, Value::Bool(b))),
            Some(None) => {
                let v = value.unwrap_or_default();
                items.push(line(&[
                    b"Warning: ",
                    prog,
                    b": ignoring option '--",
                    name,
                    b"' due to invalid value '",
                    &v,
                    b"'",
                ]));
            }
        },
        ArgKind::Required => {
            let Some(v) = value.or_else(|| rest.next().map(<[u8]>::to_vec)) else {
                items.push(line(&[
                    prog,
                    b": option '--",
                    name,
                    b"' requires an argument",
                ]));
                items.push(Item::Fail(ExitStatus::ArgumentRequired));
                return;
            };
            items.push(Item::Opt(flag, Value::Text(v)));
        }
        ArgKind::Optional => items.push(Item::Opt(flag, value.map_or(Value::None, Value::Text))),
    }
}

/// A boolean's value as my_getopt reads it: only the first byte of `1…`/`0…` counts,
/// `true`/`on` and `false`/`off` in any case (`--verbose=10` is on, `--verbose=0x` off).
fn bool_value(v: &[u8]) -> Option<bool> {
    if v.first() == Some(&b'1') || v.eq_ignore_ascii_case(b"true") || v.eq_ignore_ascii_case(b"on")
    {
        Some(true)
    } else if v.first() == Some(&b'0')
        || v.eq_ignore_ascii_case(b"false")
        || v.eq_ignore_ascii_case(b"off")
    {
        Some(false)
    } else {
        None
    }
}

/// A bundle of short options (`-sv`).
fn short_options<'a>(
    prog: &[u8],
    letters: &[u8],
    rest: &mut impl Iterator<Item = &'a [u8]>,
    items: &mut Vec<Item>,
) {
    let mut unknown = false;
    for (i, &letter) in letters.iter().enumerate() {
        let Some(flag) = FLAGS.iter().copied().find(|f| f.short == Some(letter)) else {
            items.push(line(&[prog, b": unknown option '-", &[letter], b"'"]));
            unknown = true;
            continue;
        };
        match flag.kind {
            ArgKind::NoArg => items.push(Item::Opt(flag, Value::None)),
            ArgKind::Bool { .. } => items.push(Item::Opt(flag, Value::Bool(true))),
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
                    Some(v) => items.push(Item::Opt(flag, Value::Text(v))),
                    None if flag.kind == ArgKind::Optional => {
                        items.push(Item::Opt(flag, Value::None))
                    }
                    None => {
                        items.push(line(&[
                            prog,
                            b": option '-",
                            &[letter],
                            b"' requires an argument",
                        ]));
                        items.push(Item::Fail(ExitStatus::ArgumentRequired));
                        return;
                    }
                }
                break;
            }
        }
    }
    if unknown {
        items.push(Item::Fail(ExitStatus::UnknownOption));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Vec<String> {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.as_bytes().to_vec()).collect();
        parse(b"perror", &args)
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

    #[test]
    fn positionals_and_end_of_options() {
        assert_eq!(
            run(&["104", "-", "--", "-5", "--"]),
            ["arg 104", "arg -", "arg -5", "arg --"]
        );
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
}
