//! What a code or name means: the searches behind every output mode.

use crate::catalog::{self, Doc, Entry, Explanation, Flavor, Kind, ServerEntry};
use crate::innodb::{self, FileCode};
use crate::os_error;
use crate::rules::FlavorRules;

/// One meaning of a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    Os {
        code: i32,
        message: String,
    },
    Handler(&'static Entry),
    Bdb(&'static Entry),
    /// A server error, with its message in the language asked for (English by default).
    Server {
        entry: &'static ServerEntry,
        message: &'static str,
    },
    Client(&'static Entry),
    Global(&'static Entry),
    /// One of InnoDB's own file codes: reached by name, never by a number.
    InnoDb(&'static FileCode),
}

impl Match {
    /// A server error in English.
    pub fn server(entry: &'static ServerEntry) -> Match {
        Match::Server {
            entry,
            message: entry.message(),
        }
    }

    /// The same match with a server message in `lang` (a code of the flavor's
    /// languages), falling back to English where that language has no text, as the
    /// server does. Other kinds have only one language.
    pub fn in_language(self, flavor: &Flavor, lang: Option<&str>) -> Match {
        match (self, lang) {
            (Match::Server { entry, message }, Some(lang)) => Match::Server {
                entry,
                message: flavor.translation(entry.code, lang).unwrap_or(message),
            },
            (m, _) => m,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Match::Os { .. } => Kind::Os,
            Match::Handler(_) => Kind::Handler,
            Match::Bdb(_) => Kind::Bdb,
            Match::Server { .. } => Kind::Server,
            Match::Client(_) => Kind::Client,
            Match::Global(_) => Kind::Global,
            Match::InnoDb(_) => Kind::InnoDb,
        }
    }

    pub fn code(&self) -> i32 {
        match self {
            Match::Os { code, .. } => *code,
            Match::Server { entry, .. } => entry.code,
            Match::Handler(e) | Match::Bdb(e) | Match::Client(e) | Match::Global(e) => e.code,
            Match::InnoDb(c) => c.code,
        }
    }

    /// The symbolic name, if the code has one (errno names for OS codes). Not inlined, nor
    /// is the message: each is a match over every table, and a copy at each of the many
    /// places that ask costs binary size (the default build is held to 2.5 MB); the lines
    /// perror prints by the thousand read their rows directly.
    #[inline(never)]
    pub fn name(&self) -> Option<&'static str> {
        let name = match self {
            Match::Os { code, .. } => return os_error::errno_name(*code),
            Match::Server { entry, .. } => entry.name(),
            Match::Handler(e) | Match::Bdb(e) | Match::Client(e) | Match::Global(e) => e.name(),
            Match::InnoDb(c) => c.name,
        };
        (!name.is_empty()).then_some(name)
    }

    #[inline(never)]
    pub fn message(&self) -> &str {
        match self {
            Match::Os { message, .. } => message,
            Match::Server { message, .. } => message,
            Match::Handler(e) | Match::Bdb(e) | Match::Client(e) | Match::Global(e) => e.message(),
            Match::InnoDb(c) => c.message,
        }
    }

    /// Server errors carry a SQLSTATE; the client library reports its own errors as HY000.
    pub fn sqlstate(&self) -> Option<&'static str> {
        match self {
            Match::Server { entry, .. } => Some(entry.sqlstate()),
            Match::Client(_) => Some("HY000"),
            _ => None,
        }
    }
}

/// The matches of one code, at most three (the OS text, an engine's, a server's; or a
/// client error alone), kept inline: most codes asked about have none, and a `Vec` for
/// each one found cost `perror $(seq 0 5000)` a tenth of its instructions in malloc and
/// free.
#[derive(Debug, Default)]
pub struct Matches {
    items: [Option<Match>; 3],
}

impl Matches {
    fn push(&mut self, m: Match) {
        if let Some(slot) = self.items.iter_mut().find(|s| s.is_none()) {
            *slot = Some(m);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items[0].is_none()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Match> {
        self.items.iter().flatten()
    }
}

impl IntoIterator for Matches {
    type Item = Match;
    type IntoIter = std::iter::Flatten<std::array::IntoIter<Option<Match>, 3>>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter().flatten()
    }
}

impl From<Matches> for Vec<Match> {
    fn from(m: Matches) -> Vec<Match> {
        m.into_iter().collect()
    }
}

/// What the flavor's original perror finds for a code, in its order: the OS text, then
/// the handler text (MariaDB: or the legacy Berkeley DB one), then the server error
/// (MySQL: or, for 1–94, mysys's global error, which it prints in its place). Which
/// tables are consulted is the flavor's
/// [`Rules::consults`](crate::rules::Rules::consults).
pub fn perror_matches(flavor: &Flavor, code: i32) -> Vec<Match> {
    perror_found(flavor, code).into()
}

fn perror_found(flavor: &Flavor, code: i32) -> Matches {
    let consults = &flavor.rules().consults;
    let mut found = Matches::default();
    if let Some(message) = os_error::message(code) {
        found.push(Match::Os { code, message });
    }
    let engine = match flavor.handler.get(code) {
        Some(e) => Some(Match::Handler(e)),
        None if consults.bdb => catalog::bdb().get(code).map(Match::Bdb),
        None => None,
    };
    if let Some(e) = engine {
        found.push(e);
    }
    // MySQL's perror: `if (code <= EE_ERROR_LAST) global else server` in effect; the
    // tables do not overlap (global 1–94, server 1000 and up), so the order is moot.
    let global = consults
        .global
        .then(|| flavor.global.get(code).map(Match::Global))
        .flatten();
    if let Some(s) = global.or_else(|| flavor.server.get(code).map(Match::server)) {
        found.push(s);
    }
    found
}

/// perror's matches, and where it has none, the client library's error of that code
/// (which both originals call illegal).
pub fn matches(flavor: &Flavor, code: i32) -> Vec<Match> {
    found(flavor, code).into()
}

fn found(flavor: &Flavor, code: i32) -> Matches {
    let mut found = perror_found(flavor, code);
    if found.is_empty()
        && let Some(e) = flavor.client.get(code)
    {
        found.push(Match::Client(e));
    }
    found
}

/// What a code means: with our extensions [`matches()`], without them exactly
/// [`perror_matches`].
#[inline]
pub fn code_matches(flavor: &Flavor, code: i32, extensions: bool) -> Matches {
    if extensions {
        found(flavor, code)
    } else {
        perror_found(flavor, code)
    }
}

/// The one match of a kind and code, for a symbol that named it.
pub fn by_kind(flavor: &Flavor, kind: Kind, code: i32) -> Option<Match> {
    if kind == Kind::Bdb && !flavor.rules().consults.bdb {
        return None;
    }
    match kind {
        Kind::Os => os_error::message(code).map(|message| Match::Os { code, message }),
        Kind::Server => flavor.server.get(code).map(Match::server),
        Kind::Handler => flavor.handler.get(code).map(Match::Handler),
        Kind::Bdb => catalog::bdb().get(code).map(Match::Bdb),
        Kind::Client => flavor.client.get(code).map(Match::Client),
        Kind::Global => flavor.global.get(code).map(Match::Global),
        Kind::InnoDb => innodb::code_of(flavor.family(), code).map(Match::InnoDb),
    }
}

/// An error by its kind and code: what write-ups are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorKey {
    pub kind: Kind,
    pub code: i32,
}

/// `server-1158`, the name of the write-up's file in data/explain/ and its JSON `key`.
impl std::fmt::Display for ErrorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.kind.as_str(), self.code)
    }
}

/// A write-up (`--explain`) and the error it was written for, which is another one when
/// the write-up is shared (`see:` in data/explain/).
#[derive(Debug, Clone, Copy)]
pub struct WriteUp {
    pub key: ErrorKey,
    pub doc: &'static Doc,
}

impl WriteUp {
    /// Whether this write-up was written for another error than `kind`/`code`.
    pub fn is_shared(&self, kind: Kind, code: i32) -> bool {
        self.key != ErrorKey { kind, code }
    }
}

/// What data/explain/ has for an error in a flavor.
#[derive(Debug, Clone, Copy)]
pub enum WriteUpFor {
    /// No write-up for the code.
    None,
    Found(WriteUp),
    /// The write-up of this kind and code was written for another family's error of
    /// that number, and this flavor's is another error (another name): MariaDB's 1236
    /// is ER_MASTER_FATAL_ERROR_READING_BINLOG, MySQL's ER_SOURCE_…. `written_for` is
    /// the other family's name of it.
    OtherError {
        written_for: &'static str,
        family: catalog::Family,
    },
}

impl WriteUpFor {
    pub fn found(self) -> Option<WriteUp> {
        match self {
            WriteUpFor::Found(w) => Some(w),
            _ => None,
        }
    }
}

/// The write-up for an error of `flavor`, if there is one. Write-ups are written for a
/// product family (data/explain/: `server-1236.md` for both, `server-1236.mysql.md` for
/// MySQL's alone) and may be limited to some of its releases. Where the flavor's family
/// has none but the other family has one for the number, and the number is another
/// error there (MariaDB's 1236 is ER_MASTER_FATAL_ERROR_READING_BINLOG, MySQL's
/// ER_SOURCE_…), [`WriteUpFor::OtherError`] says so.
pub fn write_up(flavor: &Flavor, kind: Kind, code: i32) -> WriteUpFor {
    let family = flavor.family();
    if let Some(found) = family_write_up(family, kind, code) {
        return match found.doc.is_for(flavor) {
            true => WriteUpFor::Found(found),
            false => WriteUpFor::None,
        };
    }
    let name_in = |f: &Flavor| by_kind(f, kind, code).and_then(|m| m.name());
    let ours = name_in(flavor);
    for other in catalog::Family::ALL.into_iter().filter(|f| *f != family) {
        if family_write_up(other, kind, code).is_none() {
            continue;
        }
        let theirs = Flavor::all()
            .iter()
            .find(|f| f.family() == other)
            .and_then(|f| name_in(f));
        if let Some(written_for) = theirs.filter(|t| Some(*t) != ours) {
            return WriteUpFor::OtherError {
                written_for,
                family: other,
            };
        }
    }
    WriteUpFor::None
}

/// `family`'s write-up for an error, with the error it was written for.
fn family_write_up(family: catalog::Family, kind: Kind, code: i32) -> Option<WriteUp> {
    let (name, Explanation::Doc(doc)) = catalog::explanation(family, kind, code)? else {
        return None;
    };
    // The catalog names write-ups by their file names; this is the one place that reads
    // such a name back into a kind and a code.
    let (kind, code) = name.split_once('-')?;
    let key = ErrorKey {
        kind: Kind::from_name(kind)?,
        code: code.parse().ok()?,
    };
    Some(WriteUp { key, doc })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flavor() -> &'static Flavor {
        Flavor::find("mariadb-11.8").unwrap()
    }

    #[test]
    fn perror_order_os_then_handler_then_server() {
        let kinds: Vec<Kind> = perror_matches(flavor(), 120)
            .iter()
            .map(Match::kind)
            .collect();
        assert_eq!(kinds, [Kind::Os, Kind::Handler]);
        let kinds: Vec<Kind> = perror_matches(flavor(), 1158)
            .iter()
            .map(Match::kind)
            .collect();
        assert_eq!(kinds, [Kind::Server]);
        assert_eq!(perror_matches(flavor(), -30999)[0].kind(), Kind::Bdb);
    }

    #[test]
    fn client_only_where_perror_finds_nothing() {
        assert!(perror_matches(flavor(), 2013).is_empty());
        let m = matches(flavor(), 2013);
        assert_eq!(
            (m[0].kind(), m[0].name()),
            (Kind::Client, Some("CR_SERVER_LOST"))
        );
        assert_eq!(
            matches(flavor(), 1),
            perror_matches(flavor(), 1),
            "global errors never join by code"
        );
    }

    #[test]
    fn os_match_knows_errno_name() {
        let m = &perror_matches(flavor(), 104)[0];
        assert_eq!((m.name(), m.sqlstate()), (Some("ECONNRESET"), None));
    }

    #[test]
    fn write_ups_know_whom_they_were_written_for() {
        let f = flavor();
        let own = write_up(f, Kind::Server, 1158)
            .found()
            .expect("1158 has a write-up");
        assert_eq!(own.key.to_string(), "server-1158");
        assert!(!own.is_shared(Kind::Server, 1158));
        let shared = write_up(f, Kind::Server, 1159)
            .found()
            .expect("1159 shares 1158's");
        assert!(shared.is_shared(Kind::Server, 1159));
        assert_eq!(shared.key, own.key);
        assert!(matches!(
            write_up(f, Kind::Server, 999_999),
            WriteUpFor::None
        ));
    }

    fn mysql() -> &'static Flavor {
        Flavor::find("mysql-9.7").unwrap()
    }

    fn kinds(f: &Flavor, code: i32) -> Vec<Kind> {
        perror_matches(f, code).iter().map(Match::kind).collect()
    }

    #[test]
    fn mysql_consults_global_not_bdb() {
        assert_eq!(kinds(mysql(), 1), [Kind::Os, Kind::Global]);
        assert_eq!(
            kinds(flavor(), 1),
            [Kind::Os],
            "MariaDB's perror has no global line"
        );
        assert_eq!(
            kinds(mysql(), 8),
            [Kind::Os, Kind::Global],
            "the empty slot too"
        );
        assert_eq!(kinds(mysql(), 120), [Kind::Os, Kind::Handler]);
        assert!(kinds(mysql(), -30999).is_empty());
        assert_eq!(kinds(mysql(), 10914), [Kind::Server]);
        assert!(by_kind(mysql(), Kind::Bdb, -30999).is_none());
    }

    #[test]
    fn mysql_extensions_add_only_client_errors() {
        assert!(perror_matches(mysql(), 2013).is_empty());
        assert_eq!(
            matches(mysql(), 2013)
                .iter()
                .map(|m| (m.kind(), m.name()))
                .collect::<Vec<_>>(),
            [(Kind::Client, Some("CR_SERVER_LOST"))]
        );
    }

    #[test]
    fn write_ups_apply_to_mysql_only_for_the_same_error() {
        // 1062 is ER_DUP_ENTRY in both; 1594 is retired in MySQL (OBSOLETE_…), and only
        // MariaDB's has a write-up.
        assert!(write_up(mysql(), Kind::Server, 1062).found().is_some());
        assert!(write_up(mysql(), Kind::Os, 104).found().is_some());
        let WriteUpFor::OtherError {
            written_for,
            family,
        } = write_up(mysql(), Kind::Server, 1594)
        else {
            panic!("1594 is another name in MySQL")
        };
        assert_eq!(
            (written_for, family),
            (
                flavor().server.get(1594).unwrap().name(),
                catalog::Family::MariaDb
            )
        );
        assert_ne!(mysql().server.get(1594).unwrap().name(), written_for);
    }
}
