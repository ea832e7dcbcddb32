//! What an argument names. MariaDB's perror reads every argument with atoi; with our
//! extensions an argument may also be an error name, a `MY-nnnnnn` code or a SQLSTATE.
//! Anything else falls back to atoi, so every number reads as it always did.

use crate::atoi::atoi;
use crate::catalog::{self, Flavor, Kind};
use crate::lookup::perror_matches;
use crate::os_error;

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
}

/// The code an argument stands for when it can be nothing else, decided without looking
/// at any table: every argument without our extensions, and with them a number (digits
/// alone, but not five of them, which may be a SQLSTATE). `perror $(seq 0 5000)` asks
/// only this.
pub fn plain_code(arg: &[u8], extensions: bool) -> Option<i32> {
    if !extensions {
        return Some(atoi(arg));
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

pub fn resolve(flavor: &Flavor, arg: &[u8], extensions: bool) -> Target {
    if let Some(code) = plain_code(arg, extensions) {
        return Target::Code(code);
    }
    let Ok(text) = std::str::from_utf8(arg) else {
        return Target::Code(atoi(arg));
    };
    if let Some(state) = sqlstate(flavor, text) {
        return Target::SqlState(state);
    }
    if let Some(code) = mysql8_code(text) {
        return Target::Code(code);
    }
    if !is_identifier(text) {
        return Target::Code(atoi(arg));
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
    Target::Code(atoi(arg))
}

fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// An upper-case name in the flavor's tables, the legacy BDB table or the errno names.
fn symbol(flavor: &Flavor, upper: &str) -> Option<Target> {
    if let Some((name, kind, code)) = flavor.symbol_entry(upper) {
        return Some(Target::Named { name, kind, code });
    }
    if let Some(e) = catalog::bdb().rows().iter().find(|e| e.name() == upper) {
        return Some(Target::Named {
            name: e.name(),
            kind: Kind::Bdb,
            code: e.code,
        });
    }
    let (name, code) = os_error::errno_names().iter().find(|(n, _)| *n == upper)?;
    Some(Target::Named {
        name,
        kind: Kind::Os,
        code: *code,
    })
}

/// `MY-001158`, the MySQL 8 form, is 1158.
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
    let known = catalog::sqlstate_meaning(&state).is_some()
        || flavor.server.rows().iter().any(|e| e.sqlstate() == state);
    if !known {
        return None;
    }
    let has_letter = state.bytes().any(|b| b.is_ascii_alphabetic());
    (has_letter || perror_matches(flavor, atoi(text.as_bytes())).is_empty()).then_some(state)
}

/// The names closest to `upper`: by edit distance, with names that start with it first.
pub fn suggestions(flavor: &Flavor, upper: &str) -> Vec<&'static str> {
    let names = flavor
        .symbols()
        .map(|(n, _, _)| n)
        .chain(catalog::bdb().rows().iter().map(|e| e.name()))
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
        assert_eq!(r("abc"), Target::Code(0));
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
        assert_eq!(r("MY-001158"), Target::Code(1158));
        assert_eq!(r("my-1158"), Target::Code(1158));
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
            Target::Code(0),
            "lower-case words are not errno names"
        );
    }

    #[test]
    fn skip_extensions_is_atoi() {
        let f = Flavor::find("mariadb-11.8").unwrap();
        assert_eq!(resolve(f, b"ER_NET_READ_ERROR", false), Target::Code(0));
        assert_eq!(resolve(f, b"08S01", false), Target::Code(8));
    }
}
