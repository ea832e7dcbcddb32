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
    /// The first flag matched (named in ambiguity messages).
    first: Option<&'static Flag>,
    /// The flag chosen: the exact match, or the last prefix match.
    chosen: Option<&'static Flag>,
}

/// my_getopt's findopt: an exact name wins at once; otherwise every flag the pattern is a
/// prefix of counts. A unique prefix is accepted with an `Info:` line.
fn find(pattern: &[u8], notes: &mut Vec<Item>) -> Found {
    let mut found = Found {
        count: 0,
        first: None,
        chosen: None,
    };
    for &flag in FLAGS {
        let name = flag.long.as_bytes();
        if !starts_with(name, pattern) {
            continue;
        }
        if name.len() == pattern.len() {
            return Found {
                count: 1,
                first: Some(flag),
                chosen: Some(flag),
            };
        }
        found.count += 1;
        found.first.get_or_insert(flag);
        found.chosen = Some(flag);
    }
    if found.count == 1 {
        let mut line = b"Info: Using unique option prefix '".to_vec();
        line.extend_from_slice(pattern);
        line.extend_from_slice(
            b"' is error-prone and can break in the future. Please use the full name '",
        );
        line.extend_from_slice(found.chosen.map_or("", |f| f.long).as_bytes());
        line.extend_from_slice(b"' instead.");
        notes.push(Item::Note(line));
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

/// Reads all arguments (without the program name). `prog` is argv[0] as given.
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

/// One `--body` argument.
fn long_option<'a>(
    prog: &[u8],
    body: &[u8],
    rest: &mut impl Iterator<Item = &'a [u8]>,
    items: &mut Vec<Item>,
) {
    let mut opt = &body[struct_offset(body)..];
    let mut length = opt.iter().position(|&b| b == b'=').unwrap_or(opt.len());
    let mut value: Option<Vec<u8>> = (length < opt.len()).then(|| opt[length + 1..].to_vec());
    let mut must_be_var = false;
    let mut loose = false;

    let mut found = find(&opt[..length], items);
    if found.count == 0 {
        must_be_var = value.is_some();
        let mut i = 0;
        while i < PREFIXES.len() {
            let (prefix, word) = PREFIXES[i];
            let n = word.len();
            if !(opt.len() > n && starts_with(opt, word) && matches!(opt[n], b'-' | b'_')) {
                i += 1;
                continue;
            }
            opt = &opt[n + 1..];
            length -= n + 1;
            loose |= prefix == Prefix::Loose;
            found = find(&opt[..length], items);
            if found.count == 0 {
                i = 0; // another prefix may follow: --loose-skip-verbose
                continue;
            }
            if found.count > 1 {
                let first = found.first.map_or("", |f| f.long).as_bytes();
                items.push(line(&[
                    prog,
                    b": ambiguous option '--",
                    word,
                    b"-",
                    opt,
                    b"' (--",
                    word,
                    b"-",
                    first,
                    b")",
                ]));
                // The prefix's action is skipped: `--maximum-v` ends as an ambiguous
                // option (exit 3), not a non-unique variable (exit 6).
                break;
            }
            match prefix {
                // --skip-x=0 is a double negation: x is enabled.
                Prefix::Skip | Prefix::Disable => {
                    let on = value.as_deref() == Some(b"0");
                    value = Some(if on { b"1".to_vec() } else { b"0".to_vec() });
                }
                Prefix::Enable => {
                    let off = value.as_deref() == Some(b"0");
                    value = Some(if off { b"0".to_vec() } else { b"1".to_vec() });
                }
                Prefix::Maximum => must_be_var = true,
                Prefix::Loose => {}
            }
            break;
        }
        if found.count == 0 {
            let (what, status): (&[&[u8]], ExitStatus) = if must_be_var {
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
            if loose {
                let mut warning = b"Warning: ".to_vec();
                warning.extend(what.concat());
                items.push(Item::Note(warning));
                return;
            }
            items.push(line(what));
            items.push(Item::Fail(status));
            return;
        }
    }
    if found.count > 1 {
        if must_be_var {
            items.push(line(&[
                prog,
                b": variable prefix '",
                opt,
                b"' is not unique",
            ]));
            items.push(Item::Fail(ExitStatus::VarPrefixNotUnique));
        } else {
            let first = found.first.map_or("", |f| f.long).as_bytes();
            let last = found.chosen.map_or("", |f| f.long).as_bytes();
            items.push(line(&[
                prog,
                b": ambiguous option '--",
                opt,
                b"' (",
                first,
                b", ",
                last,
                b")",
            ]));
            items.push(Item::Fail(ExitStatus::AmbiguousOption));
        }
        return;
    }
    let Some(flag) = found.chosen else {
        return;
    };
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
