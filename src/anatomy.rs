//! What a code's message is made of, for `--explain` (and for a pasted message): its
//! template's conversions in words and what each stands for, the codes the message
//! carries and how to look them up, and what the same number is in the other flavors.
//! All of it is read from the catalog; nothing here is written per code.

use std::fmt::Write as _;

use crate::catalog::{Flavor, Kind};
use crate::lookup::{self, Match};
use crate::printf::{self, Conversion, Part};

/// One conversion of a template and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// As written: `%-.192sT`.
    pub raw: String,
    /// What it stands for, from the words before it (`table`, `errno`), or the kind of
    /// value (`text`, `number`).
    pub name: String,
    /// What it prints, in words.
    pub words: String,
    /// Which part of the template it is.
    pub part: usize,
}

/// A code a message carries in one of its conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carried {
    /// `%iE`, `%M`: my_strerror's number: an errno, or from 120 up a storage engine's.
    ErrorNumber,
    /// `errno: %d`, `Errcode: %d`, `system error: %d`: an errno.
    Errno,
    /// `Got error %d '%s' from %s`: a storage engine's (handler) error.
    Handler,
    /// `Got fatal error %d from master`, `error code=%d`: a server error.
    Server,
}

/// Words before a number conversion that say which code it is (case ignored; the quote
/// or parenthesis just before the conversion is skipped).
const CARRIERS: &[(&str, Carried)] = &[
    ("errno: ", Carried::Errno),
    ("errno ", Carried::Errno),
    ("errno=", Carried::Errno),
    ("errcode: ", Carried::Errno),
    ("errorcode: ", Carried::Errno),
    ("system error: ", Carried::Errno),
    ("os errno ", Carried::Errno),
    ("read error: (", Carried::Errno),
    ("write error: (", Carried::Errno),
    ("got error ", Carried::Handler),
    ("got temporary error ", Carried::Handler),
    ("got fatal error ", Carried::Server),
    ("error code=", Carried::Server),
    ("error_code: ", Carried::Server),
];

impl Carried {
    /// What kind of code it is, in words.
    pub fn words(self) -> &'static str {
        match self {
            Carried::ErrorNumber => "an errno, or from 120 up a storage engine (handler) error",
            Carried::Errno => "an errno (an OS error)",
            Carried::Handler => "a storage engine (handler) error",
            Carried::Server => "a server error",
        }
    }

    /// What `number` is, as this kind of code, in `flavor`'s tables.
    pub fn lookup(self, flavor: &Flavor, number: i32) -> Option<Match> {
        let handler = || lookup::by_kind(flavor, Kind::Handler, number);
        let os = || lookup::by_kind(flavor, Kind::Os, number);
        match self {
            // my_strerror: HA_ERR_FIRST (120) and up are the handler's.
            Carried::ErrorNumber if number >= 120 => handler().or_else(os),
            Carried::ErrorNumber | Carried::Errno => os(),
            Carried::Handler => handler().or_else(os),
            Carried::Server => lookup::by_kind(flavor, Kind::Server, number)
                .or_else(|| lookup::by_kind(flavor, Kind::Client, number)),
        }
    }
}

/// A code a template carries: in which placeholder, and of which kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInside {
    /// Index into [`Anatomy::placeholders`].
    pub placeholder: usize,
    pub kind: Carried,
}

/// What another flavor makes of the same kind and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The same error, the same message.
    Same,
    /// The same error; its message differs only in how conversions are spelled.
    SameSpelledOtherwise,
    /// The same error (the same name), worded otherwise.
    SameWordedOtherwise,
    /// Another error.
    Another,
    /// No error of that kind and number.
    None,
}

/// Flavors that see the number alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub flavors: Vec<&'static str>,
    pub verdict: Verdict,
    pub name: Option<&'static str>,
    pub message: Option<&'static str>,
}

/// A match's message, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anatomy {
    /// The template as the tables hold it (English).
    pub template: &'static str,
    /// The template with each conversion replaced by `<its name>`.
    pub readable: String,
    pub placeholders: Vec<Placeholder>,
    pub codes_inside: Vec<CodeInside>,
    /// The other flavors, grouped by what they make of the number (none for OS codes,
    /// which are the C library's everywhere).
    pub elsewhere: Vec<Elsewhere>,
}

impl Anatomy {
    /// The anatomy of `m`, one of `flavor`'s matches.
    pub fn of(flavor: &'static Flavor, m: &Match) -> Anatomy {
        let template = english(m);
        let parts = printf::parse(template, flavor.family());
        let placeholders = placeholders(&parts);
        let codes_inside = placeholders
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                carried(&parts, p.part).map(|kind| CodeInside {
                    placeholder: i,
                    kind,
                })
            })
            .collect();
        Anatomy {
            template,
            readable: readable(&parts, &placeholders),
            placeholders,
            codes_inside,
            elsewhere: elsewhere(flavor, m, template),
        }
    }
}

/// The English text of a match (a translated one may be asked for; the template's
/// conversions are the English one's).
fn english(m: &Match) -> &'static str {
    match m {
        Match::Server { entry, .. } => entry.message(),
        Match::Handler(e) | Match::Bdb(e) | Match::Client(e) | Match::Global(e) => e.message(),
        // InnoDB's file codes have a description of ours, not a template.
        Match::Os { .. } | Match::InnoDb(_) => "",
    }
}

/// Words that say nothing of what follows them.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "to", "for", "of", "in", "on", "at", "with", "from", "by", "and", "or", "is",
    "as", "than", "into", "not",
];

pub fn placeholders(parts: &[Part<'_>]) -> Vec<Placeholder> {
    let mut found: Vec<Placeholder> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let Part::Spec(spec) = part else { continue };
        let before = match i.checked_sub(1).map(|j| &parts[j]) {
            Some(Part::Text(t)) => *t,
            _ => "",
        };
        let name = name_from(before).unwrap_or_else(|| match spec.conversion.class() {
            printf::ValueClass::Text => "text".to_string(),
            printf::ValueClass::Number => "number".to_string(),
            printf::ValueClass::ErrorNumber => "error".to_string(),
        });
        found.push(Placeholder {
            raw: spec.raw.to_string(),
            name,
            words: spec.describe(),
            part: i,
        });
    }
    // `%sQ.%sQ`, `'%-.192s.%-.192s'`: a qualified name, the database then the table (or
    // whatever the words before the first say).
    for k in 1..found.len() {
        let between = &parts[found[k - 1].part + 1..found[k].part];
        if let [Part::Text(t)] = between
            && t.trim_matches(|c| c == '\'' || c == '`') == "."
        {
            found[k].name = std::mem::replace(&mut found[k - 1].name, "database".into());
        }
    }
    // `'%s'@'%s'`: a user and a host.
    for k in 1..found.len() {
        if let [Part::Text("'@'")] = &parts[found[k - 1].part + 1..found[k].part] {
            found[k - 1].name = "user".into();
            found[k].name = "host".into();
        }
    }
    // The same name twice: numbered, from the second on (`text`, `text 2`); but the same
    // argument twice (`'%2$*1$s' … '%2$*1$s'`) is the same value, with the same name.
    let position = |p: &Placeholder| match parts[p.part] {
        Part::Spec(spec) => spec.position,
        Part::Text(_) => None,
    };
    let mut seen: Vec<(String, usize, Option<u32>)> = Vec::new();
    for p in &mut found {
        let at = position(p);
        match seen.iter_mut().find(|(name, _, _)| *name == p.name) {
            Some((_, _, first)) if at.is_some() && *first == at => {}
            Some((_, nth, _)) => {
                *nth += 1;
                let _ = write!(p.name, " {nth}");
            }
            None => seen.push((p.name.clone(), 1, at)),
        }
    }
    found
}

/// The word just before a conversion, if it names something: `table` in `Table '`,
/// `errno` in `(errno: `, `db` in ` to db: '`.
fn name_from(before: &str) -> Option<String> {
    let trimmed = before.trim_end_matches([' ', '\'', '`', '"', '(', ':', '=', '[']);
    let start = trimmed
        .bytes()
        .rposition(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .map_or(0, |at| at + 1);
    let word = trimmed[start..].to_ascii_lowercase();
    (word.len() > 1
        && !word.bytes().all(|b| b.is_ascii_digit())
        && !SMALL_WORDS.contains(&word.as_str()))
    .then_some(word)
}

/// Which code the conversion at `parts[i]` carries, if one.
pub fn carried(parts: &[Part<'_>], i: usize) -> Option<Carried> {
    let Part::Spec(spec) = parts[i] else {
        return None;
    };
    if spec.conversion == Conversion::ErrorNumberAndText {
        return Some(Carried::ErrorNumber);
    }
    if !matches!(spec.conversion, Conversion::Signed | Conversion::Unsigned) {
        return None;
    }
    let Some(Part::Text(before)) = i.checked_sub(1).map(|j| &parts[j]) else {
        return None;
    };
    let before = before.to_ascii_lowercase();
    CARRIERS
        .iter()
        .find(|(words, _)| before.ends_with(words))
        .map(|(_, kind)| *kind)
}

/// The template with each conversion as `<name>`: `Got error <error> "<its text>" from
/// storage engine <engine>`.
fn readable(parts: &[Part<'_>], placeholders: &[Placeholder]) -> String {
    let mut out = String::new();
    let mut next = placeholders.iter();
    for part in parts {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Spec(spec) => {
                let name = next.next().map_or("value", |p| p.name.as_str());
                let _ = match spec.conversion {
                    Conversion::Identifier => write!(out, "`<{name}>`"),
                    Conversion::ErrorNumberAndText => write!(out, "<{name}> \"<its text>\""),
                    _ => write!(out, "<{name}>"),
                };
            }
        }
    }
    out
}

/// What every other flavor makes of `m`'s kind and number, flavors that agree together.
fn elsewhere(flavor: &Flavor, m: &Match, template: &str) -> Vec<Elsewhere> {
    if m.kind() == Kind::Os {
        return Vec::new();
    }
    let mut groups: Vec<Elsewhere> = Vec::new();
    for &other in Flavor::all() {
        if std::ptr::eq(other, flavor) {
            continue;
        }
        let theirs = lookup::by_kind(other, m.kind(), m.code());
        let (verdict, name, message) = match &theirs {
            None => (Verdict::None, None, None),
            Some(t) => {
                let text = english(t);
                let verdict = if t.name() != m.name() {
                    Verdict::Another
                } else if text == template {
                    Verdict::Same
                } else if printf::same_meaning(template, flavor.family(), text, other.family()) {
                    Verdict::SameSpelledOtherwise
                } else {
                    Verdict::SameWordedOtherwise
                };
                (verdict, t.name(), Some(text))
            }
        };
        match groups
            .iter_mut()
            .find(|g| (g.verdict, g.name, g.message) == (verdict, name, message))
        {
            Some(g) => g.flavors.push(other.name),
            None => groups.push(Elsewhere {
                flavors: vec![other.name],
                verdict,
                name,
                message,
            }),
        }
    }
    groups
}

/// The command that explains `number` in `flavor`: `perror --explain 28`, with
/// `--flavor` where the flavor is not the build's default.
pub fn explain_command(flavor: &Flavor, number: &str) -> String {
    if std::ptr::eq(flavor, Flavor::default_flavor()) {
        format!("perror --explain {number}")
    } else {
        format!("perror --flavor={} --explain {number}", flavor.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flavor(name: &str) -> &'static Flavor {
        Flavor::find(name).unwrap()
    }

    fn anatomy(name: &str, kind: Kind, code: i32) -> Anatomy {
        let f = flavor(name);
        Anatomy::of(f, &lookup::by_kind(f, kind, code).unwrap())
    }

    #[test]
    fn placeholders_are_named_from_the_words_before_them() {
        let a = anatomy("mariadb-11.8", Kind::Server, 1005);
        let names: Vec<&str> = a.placeholders.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["database", "table", "errno"]);
        assert_eq!(
            a.readable,
            "Can't create table `<database>`.`<table>` (errno: <errno> \"<its text>\")"
        );
        assert_eq!(
            a.codes_inside,
            [CodeInside {
                placeholder: 2,
                kind: Carried::ErrorNumber
            }]
        );
        let a = anatomy("mariadb-11.8", Kind::Server, 1030);
        let names: Vec<&str> = a.placeholders.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["error", "engine"]);
        let a = anatomy("mariadb-11.8", Kind::Server, 1126);
        assert_eq!(a.codes_inside[0].kind, Carried::Errno);
        // ER_SLAVE_MUST_STOP names the same argument twice (`'%2$*1$s'`): one value.
        let a = anatomy("mariadb-11.8", Kind::Server, 1198);
        assert!(
            a.readable
                .contains("slave '<slave>'; run STOP SLAVE '<slave>' first"),
            "{}",
            a.readable
        );
    }

    #[test]
    fn every_conversion_of_every_message_is_described() {
        // No `--explain` shows a template without saying what its conversions are: every
        // `%` of every message is a described conversion, a `%%`, or a `%` printf prints
        // as it is.
        for f in Flavor::all() {
            let rows = f.server.rows().iter().map(|e| (Kind::Server, e.code));
            let tables = [Kind::Handler, Kind::Client, Kind::Global]
                .into_iter()
                .flat_map(|k| f.table(k).unwrap().rows().iter().map(move |e| (k, e.code)));
            for (kind, code) in rows.chain(tables) {
                let a = anatomy(f.name, kind, code);
                let specs = a.placeholders.len();
                let percents =
                    a.template.matches('%').count() - 2 * a.template.matches("%%").count();
                assert!(specs <= percents, "{} {code}", f.name);
                // `--annotate --explain` names the first code a message carries; where there
                // are two (ER_INCONSISTENT_ERROR's), they are of one kind.
                assert!(
                    a.codes_inside.windows(2).all(|w| w[0].kind == w[1].kind),
                    "{} {code}",
                    f.name
                );
                assert!(
                    a.placeholders
                        .iter()
                        .all(|p| !p.words.is_empty() && !p.name.is_empty()),
                    "{} {code}",
                    f.name
                );
                assert!(
                    a.readable.matches('<').count() >= specs,
                    "{} {code}",
                    f.name
                );
            }
        }
    }

    #[test]
    fn other_flavors_say_what_the_number_is_there() {
        let a = anatomy("mariadb-11.8", Kind::Server, 1062);
        let mysql = a
            .elsewhere
            .iter()
            .find(|e| e.flavors.contains(&"mysql-9.7"))
            .unwrap();
        assert_eq!(mysql.verdict, Verdict::SameSpelledOtherwise);
        let a = anatomy("mariadb-11.8", Kind::Server, 3024);
        let mysql = a
            .elsewhere
            .iter()
            .find(|e| e.flavors.contains(&"mysql-9.7"))
            .unwrap();
        assert_eq!(mysql.verdict, Verdict::Another);
        let a = anatomy("mysql-9.7", Kind::Server, 10914);
        assert!(a.elsewhere.iter().all(|e| e.verdict == Verdict::None));
        assert!(anatomy("mariadb-11.8", Kind::Os, 28).elsewhere.is_empty());
    }

    #[test]
    fn a_carried_number_is_looked_up_as_its_kind() {
        let f = flavor("mariadb-11.8");
        assert_eq!(
            Carried::ErrorNumber.lookup(f, 28).map(|m| m.kind()),
            Some(Kind::Os)
        );
        assert_eq!(
            Carried::ErrorNumber.lookup(f, 150).map(|m| m.kind()),
            Some(Kind::Handler)
        );
        assert_eq!(Carried::Errno.lookup(f, 150), None);
    }
}
