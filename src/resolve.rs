//! What an argument names. MariaDB's perror reads every argument with atoi; MySQL's
//! reads `MY-…` and `ER_…` itself first ([`native_code`]). With our extensions an
//! argument may also be an error name (of any table, in any case), a `MY-nnnnnn` code or
//! a SQLSTATE. Anything else falls back to what the original does, so every argument it
//! understands reads as it always did.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::atoi::{atoi, reads_a_number};
use crate::catalog::{self, Family, Flavor, Kind};
use crate::lookup::code_matches;
use crate::os_error;
use crate::pasted::{self, Recognised};
use crate::rules::FlavorRules;

/// What an argument stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A code, read as atoi reads it.
    Code(i32),
    /// A symbol that names one error: `ER_NET_READ_ERROR`, `HA_ERR_TABLE_CORRUPT`,
    /// `CR_SERVER_LOST`, `EE_READ`, `DB_NOTFOUND`, `ECONNRESET`.
    Named {
        name: &'static str,
        kind: Kind,
        code: i32,
    },
    /// A SQLSTATE (`08S01`), upper case.
    SqlState(String),
    /// Shaped like an error name but none: the closest names, best first.
    UnknownName(Vec<&'static str>),
    /// A word atoi reads no number from (`deadlock`), with atoi's code (0): perror's own
    /// lookups answer that code, as the original does; our modes (`--explain`, `--json`)
    /// say it is nothing.
    Word(i32),
    /// `MY-nnnnnn` under a flavor whose perror does not read it (MariaDB's): MySQL's
    /// notation, so MySQL's code, answered from MySQL's tables.
    MySqlCode(i32),
    /// A pasted message of the flavor's tables (or MySQL's).
    Message(Box<Recognised>),
    /// Text shaped like a message (words and spaces) that is no message of the tables.
    UnknownText,
}

/// The code an argument stands for when it can be nothing else: every argument without
/// our extensions (read as the original reads it), and with them a number (digits alone,
/// but not five of them, which may be a SQLSTATE). `perror $(seq 0 5000)` asks only
/// this.
pub fn plain_code(flavor: &Flavor, arg: &[u8], extensions: bool) -> Option<i32> {
    if !extensions {
        return Some(native_code(flavor, arg).unwrap_or_else(|| atoi(arg)));
    }
    if arg.is_empty() || arg.len() == 5 {
        return None;
    }
    // Up to nine digits are read here, in the same pass that checks them; longer numbers
    // wrap and saturate the way atoi does, which atoi itself knows.
    let mut value: i32 = 0;
    for &b in arg {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.wrapping_mul(10).wrapping_add(i32::from(b - b'0'));
    }
    Some(if arg.len() <= 9 { value } else { atoi(arg) })
}

/// Prefixes of MariaDB's error names; an unknown name with one of these is a near miss,
/// not a number.
const NAME_PREFIXES: [&str; 7] = ["ER_", "WARN_", "HA_", "CR_", "CER_", "EE_", "DB_"];

/// What the original reads an argument as before atoi, if it does: the flavor's
/// [`NativeForms`](crate::rules::NativeForms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Native {
    Code(i32),
    /// `ER_` and no server error's exact name: the original reads 0 (`perror ER_NOPE`
    /// prints `OS error code   0:  Success`).
    UnknownName,
}

/// MySQL's perror, for an argument longer than 3 bytes: `MY-` (exact case) and atoi of
/// the rest, so `MY-1062`, `MY-001062` and `MY-+1062` are 1062 and `MY--1` is -1; `ER_`
/// and a server error's exact name (either section), so `ER_DUP_ENTRY` is 1062 and
/// `er_dup_entry`, `ER_DUP_ENTRY ` and `ER_HASHCHK` (retired: `OBSOLETE_ER_HASHCHK`) are
/// 0. `MY-` and `ER_` alone are atoi's 0. (`perror MY-1 ER_NO er_no MY--1`.)
fn native(flavor: &Flavor, arg: &[u8]) -> Option<Native> {
    let forms = &flavor.rules().native_forms;
    if arg.len() <= 3 {
        return None;
    }
    if forms.my_prefix && arg.starts_with(b"MY-") {
        return Some(Native::Code(atoi(&arg[3..])));
    }
    if forms.er_names && arg.starts_with(b"ER_") {
        return Some(
            flavor
                .server_by_exact_name(arg)
                .map_or(Native::UnknownName, |e| Native::Code(e.code)),
        );
    }
    None
}

/// The code the flavor's original reads an argument as before atoi, if it reads it
/// itself: MySQL's `MY-<atoi>` and exact `ER_NAME` forms (an unknown name is 0), per the
/// flavor's [`NativeForms`](crate::rules::NativeForms); `None` for every argument in
/// MariaDB.
pub fn native_code(flavor: &Flavor, arg: &[u8]) -> Option<i32> {
    native(flavor, arg).map(|n| match n {
        Native::Code(code) => code,
        Native::UnknownName => 0,
    })
}

/// What atoi reads an argument that is nothing else as: a number (`12abc` is 12) or a
/// word; a text shaped like a message is looked for among the messages first.
fn otherwise(flavor: &'static Flavor, arg: &[u8]) -> Target {
    if pasted::looks_like_text(arg) {
        return match pasted::recognise(flavor, arg) {
            Some(found) => Target::Message(Box::new(found)),
            None => Target::UnknownText,
        };
    }
    if reads_a_number(arg) {
        Target::Code(atoi(arg))
    } else {
        Target::Word(atoi(arg))
    }
}

pub fn resolve(flavor: &'static Flavor, arg: &[u8], extensions: bool) -> Target {
    if let Some(code) = plain_code(flavor, arg, extensions) {
        return Target::Code(code);
    }
    // What the original reads itself means the same with our extensions (`ER_DUP_ENTRY`,
    // `MY-1062`). An `ER_` name it does not know reads as 0, which it does not mean: that
    // one is ours to read (`ER_dup_entry`, or a near miss).
    if let Some(Native::Code(code)) = native(flavor, arg) {
        return Target::Code(code);
    }
    let Ok(text) = std::str::from_utf8(arg) else {
        return otherwise(flavor, arg);
    };
    if let Some(state) = sqlstate(flavor, text) {
        return Target::SqlState(state);
    }
    if let Some(code) = mysql8_code(text) {
        // MySQL's own perror reads `MY-` itself; elsewhere it is MySQL's code.
        let mysql_tables = Flavor::all().iter().any(|f| f.family() == Family::MySql);
        return if flavor.rules().native_forms.my_prefix || !mysql_tables {
            Target::Code(code)
        } else {
            Target::MySqlCode(code)
        };
    }
    if !is_identifier(text) {
        return otherwise(flavor, arg);
    }
    let upper = text.to_ascii_uppercase();
    if let Some(target) = symbol(flavor, &upper) {
        return target;
    }
    // Connector/C's own codes are also spelled CER_: CER_STMT_NO_RESULT is CR_STMT_NO_RESULT.
    if let Some(rest) = upper.strip_prefix("CER_") {
        if let Some(Target::Named {
            name,
            kind: Kind::Client,
            code,
        }) = symbol(flavor, &format!("CR_{rest}"))
        {
            if code >= 5000 {
                return Target::Named {
                    name,
                    kind: Kind::Client,
                    code,
                };
            }
        }
    }
    let errno_shaped = text.len() > 2
        && text.starts_with('E')
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if errno_shaped || NAME_PREFIXES.iter().any(|p| upper.starts_with(p)) {
        return Target::UnknownName(suggestions(flavor, &upper));
    }
    otherwise(flavor, arg)
}

fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The legacy Berkeley DB table, where the flavor's perror consults it.
fn bdb_rows(flavor: &Flavor) -> &'static [catalog::Entry] {
    if flavor.rules().consults.bdb {
        catalog::bdb().rows()
    } else {
        &[]
    }
}

/// An upper-case name in the flavor's tables, the legacy BDB table or the errno names.
fn symbol(flavor: &Flavor, upper: &str) -> Option<Target> {
    if let Some((name, kind, code)) = flavor.symbol_entry(upper) {
        return Some(Target::Named { name, kind, code });
    }
    if let Some(e) = bdb_rows(flavor).iter().find(|e| e.name() == upper) {
        return Some(Target::Named {
            name: e.name(),
            kind: Kind::Bdb,
            code: e.code,
        });
    }
    if let Some(c) = crate::innodb::by_name(flavor.family(), upper) {
        return Some(Target::Named {
            name: c.name,
            kind: Kind::InnoDb,
            code: c.code,
        });
    }
    let (name, code) = os_error::errno_names().iter().find(|(n, _)| *n == upper)?;
    Some(Target::Named {
        name,
        kind: Kind::Os,
        code: *code,
    })
}

/// `MY-001158`, the MySQL 8 form, is MySQL's 1158.
fn mysql8_code(text: &str) -> Option<i32> {
    let digits = text
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("MY-"))
        .map(|_| &text[3..])?;
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A SQLSTATE: five letters or digits naming a known state. One with a letter always
/// counts (`08S01`, `HY000`); an all-digit one only where MariaDB's perror would reject
/// the number (`23000` is a SQLSTATE, `01000` stays server error 1000).
fn sqlstate(flavor: &Flavor, text: &str) -> Option<String> {
    if text.len() != 5 || !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    // Only a state someone uses: one the standards name or an error carries. A class
    // alone is not enough, or `45abc` (which perror reads as 45) would be taken.
    let state = text.to_ascii_uppercase();
    let has_letter = state.bytes().any(|b| b.is_ascii_alphabetic());
    // Asked first: it is cheaper than the scan of the server table below, and decides
    // every code perror knows (`perror 10914` under MySQL).
    if !has_letter && !code_matches(flavor, atoi(text.as_bytes()), false).is_empty() {
        return None;
    }
    let known = catalog::sqlstate_meaning(&state).is_some() || carried(flavor, &state);
    known.then_some(state)
}

/// Whether an error of the flavor carries `state`. The states are gathered into a set
/// the first time a flavor is asked, not scanned for each argument: `perror
/// --flavor=mysql $(seq 10000 16000)` asks for every five-digit number perror does not
/// know, and MySQL has 6,562 errors.
fn carried(flavor: &Flavor, state: &str) -> bool {
    static STATES: OnceLock<Vec<OnceLock<HashSet<&'static str>>>> = OnceLock::new();
    let all = Flavor::all();
    let Some(at) = all.iter().position(|f| std::ptr::eq(*f, flavor)) else {
        return flavor.server.rows().iter().any(|e| e.sqlstate() == state);
    };
    STATES.get_or_init(|| all.iter().map(|_| OnceLock::new()).collect())[at]
        .get_or_init(|| flavor.server.rows().iter().map(|e| e.sqlstate()).collect())
        .contains(state)
}

/// The names closest to `upper`: by edit distance, with names that start with it first.
pub fn suggestions(flavor: &Flavor, upper: &str) -> Vec<&'static str> {
    let names = flavor
        .symbols()
        .map(|(n, _, _)| n)
        .chain(bdb_rows(flavor).iter().map(|e| e.name()))
        .chain(os_error::errno_names().iter().map(|(n, _)| *n));
    let limit = 2 + upper.len() / 8;
    let mut scored: Vec<(usize, &'static str)> = names
        .filter_map(|name| {
            let distance = if name.starts_with(upper) {
                1
            } else {
                edit_distance(upper, name)
            };
            (distance <= limit).then_some((distance, name))
        })
        .collect();
    scored.sort();
    scored.dedup_by_key(|(_, n)| *n);
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// Levenshtein distance over bytes (names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(arg: &str) -> Target {
        resolve(Flavor::find("mariadb-11.8").unwrap(), arg.as_bytes(), true)
    }

    #[test]
    fn numbers_read_as_ever() {
        assert_eq!(r("1158"), Target::Code(1158));
        assert_eq!(r("12abc"), Target::Code(12));
        assert_eq!(
            r("abc"),
            Target::Word(0),
            "atoi reads it as 0, and it is a word"
        );
        assert_eq!(r("01000"), Target::Code(1000), "perror knows 1000");
    }

    #[test]
    fn names_of_every_kind() {
        let named = |arg: &str| match r(arg) {
            Target::Named { kind, code, .. } => (kind, code),
            other => panic!("{arg}: {other:?}"),
        };
        assert_eq!(named("ER_NET_READ_ERROR"), (Kind::Server, 1158));
        assert_eq!(named("er_net_read_error"), (Kind::Server, 1158));
        assert_eq!(named("HA_ERR_TABLE_CORRUPT"), (Kind::Handler, 127));
        assert_eq!(named("CR_SERVER_LOST"), (Kind::Client, 2013));
        assert_eq!(named("CER_STMT_NO_RESULT"), (Kind::Client, 5025));
        assert_eq!(named("EE_READ"), (Kind::Global, 2));
        assert_eq!(named("DB_NOTFOUND"), (Kind::Bdb, -30991));
        assert_eq!(named("ECONNRESET"), (Kind::Os, 104));
        assert_eq!(named("WARN_DATA_TRUNCATED").0, Kind::Server);
    }

    #[test]
    fn mysql8_form() {
        // MySQL's notation: MySQL's code, whatever MariaDB's 1158 is.
        assert_eq!(r("MY-001158"), Target::MySqlCode(1158));
        assert_eq!(r("my-1158"), Target::MySqlCode(1158));
        let mysql = Flavor::find("mysql-9.7").unwrap();
        assert_eq!(resolve(mysql, b"my-1158", true), Target::Code(1158));
    }

    #[test]
    fn sqlstates() {
        assert_eq!(r("08S01"), Target::SqlState("08S01".into()));
        assert_eq!(r("hy000"), Target::SqlState("HY000".into()));
        assert_eq!(r("23000"), Target::SqlState("23000".into()));
        assert_eq!(r("42S02"), Target::SqlState("42S02".into()));
        assert_eq!(r("45abc"), Target::Code(45), "a known class is not enough");
        assert_eq!(r("08S99"), Target::Code(8));
    }

    #[test]
    fn near_misses_suggest() {
        let Target::UnknownName(s) = r("ER_NET_READ_EROR") else {
            panic!()
        };
        assert_eq!(s[0], "ER_NET_READ_ERROR");
        let Target::UnknownName(s) = r("ECONNRESTE") else {
            panic!()
        };
        assert!(s.contains(&"ECONNRESET"), "{s:?}");
        assert_eq!(
            r("eagle"),
            Target::Word(0),
            "lower-case words are not errno names"
        );
    }

    fn mysql() -> &'static Flavor {
        Flavor::find("mysql-9.7").unwrap()
    }

    #[test]
    fn mysql_reads_my_and_er_itself_even_without_extensions() {
        // As MySQL 9.7's perror reads them (the spec's table, §2).
        let cases: [(&str, i32); 21] = [
            ("MY-1062", 1062),
            ("MY-001062", 1062),
            ("MY-010914", 10914),
            ("MY-+1062", 1062),
            ("MY- 1062", 1062),
            ("MY-1062x", 1062),
            ("MY-4294968358", 1062),
            ("MY--1", -1),
            ("MY-", 0),
            ("MY1062", 0),
            ("my-1062", 0),
            ("MY-ER_DUP_ENTRY", 0),
            ("ER_DUP_ENTRY", 1062),
            ("ER_ABORTING_USER_CONNECTION", 10914),
            ("ER_XPLUGIN_IPv6_AVAILABLE", 11332),
            ("ER_NO", 1002),
            ("er_dup_entry", 0),
            ("ER_DUP_ENTRY ", 0),
            (" ER_DUP_ENTRY", 0),
            ("ER_HASHCHK", 0),
            ("OBSOLETE_ER_HASHCHK", 0),
        ];
        for (arg, code) in cases {
            assert_eq!(
                resolve(mysql(), arg.as_bytes(), false),
                Target::Code(code),
                "{arg:?}"
            );
        }
        assert_eq!(resolve(mysql(), b"ER_", false), Target::Code(0));
        assert_eq!(
            resolve(mysql(), b"WARN_DATA_TRUNCATED", false),
            Target::Code(0)
        );
        let mariadb = Flavor::find("mariadb-11.8").unwrap();
        assert_eq!(resolve(mariadb, b"ER_DUP_ENTRY", false), Target::Code(0));
        assert_eq!(resolve(mariadb, b"MY-1062", false), Target::Code(0));
    }

    #[test]
    fn mysql_extensions_read_only_what_the_original_misreads() {
        let r = |arg: &str| resolve(mysql(), arg.as_bytes(), true);
        assert_eq!(r("ER_DUP_ENTRY"), Target::Code(1062), "read natively");
        assert_eq!(r("MY-1062"), Target::Code(1062));
        assert_eq!(r("MY-abc"), Target::Code(0), "MY- is always the original's");
        assert_eq!(r("my-1062"), Target::Code(1062));
        assert!(matches!(
            r("er_dup_entry"),
            Target::Named {
                kind: Kind::Server,
                code: 1062,
                ..
            }
        ));
        assert!(matches!(
            r("ER_XPLUGIN_IPV6_AVAILABLE"),
            Target::Named {
                name: "ER_XPLUGIN_IPv6_AVAILABLE",
                ..
            }
        ));
        let Target::UnknownName(s) = r("ER_DUP_ENTRI") else {
            panic!()
        };
        assert_eq!(s[0], "ER_DUP_ENTRY");
        assert!(
            matches!(r("DB_NOTFOUND"), Target::UnknownName(_)),
            "no Berkeley DB table"
        );
        assert!(matches!(
            r("EE_READ"),
            Target::Named {
                kind: Kind::Global,
                code: 2,
                ..
            }
        ));
    }

    #[test]
    fn skip_extensions_is_atoi() {
        let f = Flavor::find("mariadb-11.8").unwrap();
        assert_eq!(resolve(f, b"ER_NET_READ_ERROR", false), Target::Code(0));
        assert_eq!(resolve(f, b"08S01", false), Target::Code(8));
    }
}
