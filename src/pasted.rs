//! A pasted message as an argument: `perror "Got error 28 from storage engine InnoDB"`.
//! Finds which error of the flavor's tables (the server's, the client library's, mysys's,
//! the storage engines' and the C library's texts; MySQL's tables too, under a MariaDB
//! flavor, when the text is MySQL's) the text is a filled-in copy of, the values its
//! conversions were given, and the codes among them.
//!
//! `--annotate`'s recogniser finds the same messages in a log, but is built for
//! gigabytes: compiling its searchers costs ~60 M instructions, seventy times a lookup.
//! One argument is a few hundred bytes, so each template is checked directly, behind a
//! filter that turns most away at their first two letters: every pair of adjacent
//! literal bytes of a template must occur in the text.

use crate::anatomy::{self, Carried};
use crate::catalog::{Family, Flavor, Kind};
use crate::os_error;
use crate::printf::{self, Conversion, Part};

/// A template needs this many literal bytes in a row to be recognised, as in
/// `--annotate`: shorter ones (`NO`, `%s: %s`) would take ordinary words for messages.
pub const MIN_LITERAL: usize = 10;

/// Texts longer than this are not looked at: a message is a line, and binding is linear
/// in the text for each template that passes the filter.
pub const MAX_TEXT: usize = 4096;

/// The OS codes whose texts are candidates: Linux's errnos stop at 133 (EHWPOISON).
const MAX_ERRNO: i32 = 133;

/// What a pasted text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognised {
    /// The flavor whose tables hold the message (another than the one asked, for MySQL's
    /// text under a MariaDB flavor).
    pub tables: &'static str,
    pub kind: Kind,
    pub code: i32,
    /// The values given to the template's conversions, in order.
    pub values: Vec<Value>,
    /// The codes among them.
    pub inside: Vec<Inside>,
}

/// A value a conversion was given: `table` = `./shop/orders`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub name: String,
    pub text: String,
}

/// A code among the values: `error` = 28, an errno or a handler code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inside {
    pub name: String,
    pub kind: Carried,
    pub number: i32,
}

impl Recognised {
    pub fn flavor(&self) -> &'static Flavor {
        Flavor::find(self.tables).unwrap_or_else(Flavor::default_flavor)
    }
}

/// Whether an argument reads as a message rather than a word: two words or more, at
/// least [`MIN_LITERAL`] bytes, and no number where atoi would read one.
pub fn looks_like_text(arg: &[u8]) -> bool {
    let trimmed = arg.trim_ascii();
    let starts_number = {
        let t = trimmed
            .strip_prefix(b"-")
            .or_else(|| trimmed.strip_prefix(b"+"))
            .unwrap_or(trimmed);
        t.first().is_some_and(u8::is_ascii_digit)
    };
    trimmed.len() >= MIN_LITERAL && trimmed.contains(&b' ') && !starts_number
}

/// The error `text` is a filled-in message of, in `flavor`'s tables (or, under a MariaDB
/// flavor, MySQL's where only they have it).
pub fn recognise(flavor: &'static Flavor, text: &[u8]) -> Option<Recognised> {
    if text.len() > MAX_TEXT || text.len() < MIN_LITERAL {
        return None;
    }
    let pairs = Pairs::of(text);
    best_in(flavor, text, &pairs).or_else(|| {
        let mysql = Flavor::all()
            .iter()
            .copied()
            .find(|f| f.family() == Family::MySql)?;
        (flavor.family() != Family::MySql)
            .then(|| best_in(mysql, text, &pairs))
            .flatten()
    })
}

/// A candidate: which error, its template and how well it matched.
struct Candidate {
    kind: Kind,
    code: i32,
    template: std::borrow::Cow<'static, str>,
    binding: printf::Binding,
}

/// Kinds in the order a tie goes to: the server's message over the client's, mysys's,
/// a storage engine's and the C library's.
fn preference(kind: Kind) -> u8 {
    match kind {
        Kind::Server => 0,
        Kind::Client => 1,
        Kind::Global => 2,
        Kind::Handler | Kind::Bdb | Kind::InnoDb => 3,
        Kind::Os => 4,
    }
}

fn best_in(flavor: &'static Flavor, text: &[u8], pairs: &Pairs) -> Option<Recognised> {
    let family = flavor.family();
    let mut best: Option<Candidate> = None;
    let mut consider = |kind: Kind, code: i32, template: std::borrow::Cow<'static, str>| {
        if !pairs.may_hold(&template) {
            return;
        }
        let parts = printf::parse(&template, family);
        let Some(binding) = printf::bind(&parts, text) else {
            return;
        };
        let better = match &best {
            None => true,
            Some(b) => {
                (binding.literal_len, std::cmp::Reverse(preference(kind)))
                    > (b.binding.literal_len, std::cmp::Reverse(preference(b.kind)))
            }
        };
        if better {
            best = Some(Candidate {
                kind,
                code,
                template,
                binding,
            });
        }
    };
    for e in flavor.server.rows() {
        consider(Kind::Server, e.code, e.message().into());
    }
    for kind in [Kind::Client, Kind::Global, Kind::Handler] {
        if let Some(table) = flavor.table(kind) {
            for e in table.rows() {
                consider(kind, e.code, e.message().into());
            }
        }
    }
    for code in 1..=MAX_ERRNO {
        // A `%` in the C library's text is no conversion.
        if let Some(message) = os_error::message(code).filter(|m| !m.contains('%')) {
            consider(Kind::Os, code, message.into());
        }
    }
    let best = best?;
    let parts = printf::parse(&best.template, family);
    let placeholders = anatomy::placeholders(&parts);
    let mut values = Vec::new();
    let mut inside = Vec::new();
    for bound in &best.binding.values {
        let Some(p) = placeholders.iter().find(|p| p.part == bound.part) else {
            continue;
        };
        let raw = &text[bound.at.clone()];
        let Part::Spec(spec) = parts[bound.part] else {
            continue;
        };
        let shown = match spec.conversion {
            Conversion::Identifier => raw
                .strip_prefix(b"`")
                .and_then(|r| r.strip_suffix(b"`"))
                .unwrap_or(raw),
            _ => raw,
        };
        values.push(Value {
            name: p.name.clone(),
            text: String::from_utf8_lossy(shown).into_owned(),
        });
        if let Some(kind) = anatomy::carried(&parts, bound.part) {
            let digits = bound
                .number_end
                .map_or(raw, |end| &text[bound.at.start..end]);
            if let Ok(number) = std::str::from_utf8(digits).unwrap_or_default().parse() {
                inside.push(Inside {
                    name: p.name.clone(),
                    kind,
                    number,
                });
            }
        }
    }
    Some(Recognised {
        tables: flavor.name,
        kind: best.kind,
        code: best.code,
        values,
        inside,
    })
}

/// Which pairs of adjacent bytes a text holds: 65,536 bits.
struct Pairs(Box<[u64; 1024]>);

impl Pairs {
    fn of(text: &[u8]) -> Pairs {
        let mut bits = Box::new([0u64; 1024]);
        for w in text.windows(2) {
            let pair = usize::from(w[0]) << 8 | usize::from(w[1]);
            bits[pair / 64] |= 1 << (pair % 64);
        }
        Pairs(bits)
    }

    fn holds(&self, a: u8, b: u8) -> bool {
        let pair = usize::from(a) << 8 | usize::from(b);
        self.0[pair / 64] & (1 << (pair % 64)) != 0
    }

    /// Whether the text may hold `template`: every pair of adjacent literal bytes is in
    /// it, and the template has a run of [`MIN_LITERAL`] literal bytes. Conversions are
    /// skipped generously: a pair left unchecked only lets more templates through to
    /// [`printf::bind`], which decides.
    fn may_hold(&self, template: &str) -> bool {
        let bytes = template.as_bytes();
        let mut run = 0;
        let mut longest = 0;
        let mut prev: Option<u8> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'%' {
                i += 1;
                while i < bytes.len() && b"-+ #0`.*$0123456789lhzjtqL".contains(&bytes[i]) {
                    i += 1;
                }
                // The letter, and a suffix that may follow it (`%sQ`, `%iE`).
                i += 1;
                if i < bytes.len() && b"QTE".contains(&bytes[i]) {
                    i += 1;
                }
                (prev, run) = (None, 0);
                continue;
            }
            if let Some(p) = prev
                && !self.holds(p, b)
            {
                return false;
            }
            run += 1;
            longest = longest.max(run);
            prev = Some(b);
            i += 1;
        }
        longest >= MIN_LITERAL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flavor(name: &str) -> &'static Flavor {
        Flavor::find(name).unwrap()
    }

    /// Whose tables, which kind and code, and the values (name, text).
    type Found = (String, Kind, i32, Vec<(String, String)>);

    fn recognised(name: &str, text: &str) -> Option<Found> {
        recognise(flavor(name), text.as_bytes()).map(|r| {
            (
                r.tables.to_string(),
                r.kind,
                r.code,
                r.values.into_iter().map(|v| (v.name, v.text)).collect(),
            )
        })
    }

    #[test]
    fn messages_are_found_with_their_values() {
        let (tables, kind, code, values) = recognised(
            "mariadb-11.8",
            "Table './shop/orders' is marked as crashed and should be repaired",
        )
        .unwrap();
        assert_eq!(
            (tables.as_str(), kind, code),
            ("mariadb-11.8", Kind::Server, 1194)
        );
        assert_eq!(values, [("table".to_string(), "./shop/orders".to_string())]);
        let r = recognise(
            flavor("mariadb-11.8"),
            b"Got error 28 from storage engine InnoDB",
        )
        .unwrap();
        assert_eq!(r.code, 1030);
        assert_eq!(
            r.inside,
            [Inside {
                name: "error".into(),
                kind: Carried::ErrorNumber,
                number: 28
            }]
        );
    }

    #[test]
    fn the_most_specific_message_wins() {
        let text = "Aborted connection 5 to db: 'shop' user: 'app' host: '10.0.0.7' (Got an error reading communication packets)";
        assert_eq!(recognised("mariadb-11.8", text).unwrap().2, 1184);
        assert_eq!(
            recognised("mariadb-11.8", "No space left on device").map(|r| (r.1, r.2)),
            Some((Kind::Os, 28))
        );
    }

    #[test]
    fn mysql_s_text_is_mysql_s() {
        let r = recognised(
            "mariadb-11.8",
            "Lost connection to MySQL server during query",
        )
        .unwrap();
        assert_eq!((r.0.as_str(), r.1, r.2), ("mysql-9.7", Kind::Client, 2013));
    }

    #[test]
    fn words_are_not_messages() {
        for text in [
            "deadlock",
            "abc",
            "NO",
            "hello world",
            "Got eror 28 from strage engine",
        ] {
            assert_eq!(recognised("mariadb-11.8", text), None, "{text}");
        }
        assert!(looks_like_text(b"hello world"));
        assert!(!looks_like_text(b"deadlock") && !looks_like_text(b"28 No space left"));
    }
}
