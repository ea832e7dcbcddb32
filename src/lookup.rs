//! What a code or name means: the searches behind every output mode.

use crate::catalog::{self, Doc, Entry, Explanation, Flavor, Kind, ServerEntry};
use crate::os_error;

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
        }
    }

    pub fn code(&self) -> i32 {
        match self {
            Match::Os { code, .. } => *code,
            Match::Server { entry, .. } => entry.code,
            Match::Handler(e) | Match::Bdb(e) | Match::Client(e) | Match::Global(e) => e.code,
        }
    }

    /// The symbolic name, if the code has one (errno names for OS codes).
    pub fn name(&self) -> Option<&'static str> {
        let name = match self {
            Match::Os { code, .. } => return os_error::errno_name(*code),
            Match::Server { entry, .. } => entry.name(),
            Match::Handler(e) | Match::Bdb(e) | Match::Client(e) | Match::Global(e) => e.name(),
        };
        (!name.is_empty()).then_some(name)
    }

    pub fn message(&self) -> &str {
        match self {
            Match::Os { message, .. } => message,
            Match::Server { message, .. } => message,
            Match::Handler(e) | Match::Bdb(e) | Match::Client(e) | Match::Global(e) => e.message(),
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

    /// MariaDB's knowledge-base page for server errors.
    pub fn url(&self) -> Option<String> {
        match self {
            Match::Server { entry, .. } => Some(format!("https://err.mariadb.com/{}", entry.code)),
            _ => None,
        }
    }
}

/// What MariaDB's perror finds for a code, in its order: the OS text, then the handler
/// (or legacy Berkeley DB) text, then the server error.
pub fn perror_matches(flavor: &Flavor, code: i32) -> Vec<Match> {
    let os = os_error::message(code).map(|message| Match::Os { code, message });
    let engine = match flavor.handler.get(code) {
        Some(e) => Some(Match::Handler(e)),
        None => catalog::bdb().get(code).map(Match::Bdb),
    };
    let server = flavor.server.get(code).map(Match::server);
    // Most codes have no meaning at all: allocate only when one is found, and once.
    let count =
        usize::from(os.is_some()) + usize::from(engine.is_some()) + usize::from(server.is_some());
    if count == 0 {
        return Vec::new();
    }
    let mut found = Vec::with_capacity(count);
    found.extend(os);
    found.extend(engine);
    found.extend(server);
    found
}

/// perror's matches, and where it has none, the client library's error of that code.
pub fn matches(flavor: &Flavor, code: i32) -> Vec<Match> {
    let mut found = perror_matches(flavor, code);
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
pub fn code_matches(flavor: &Flavor, code: i32, extensions: bool) -> Vec<Match> {
    if extensions {
        matches(flavor, code)
    } else {
        perror_matches(flavor, code)
    }
}

/// The one match of a kind and code, for a symbol that named it.
pub fn by_kind(flavor: &Flavor, kind: Kind, code: i32) -> Option<Match> {
    match kind {
        Kind::Os => os_error::message(code).map(|message| Match::Os { code, message }),
        Kind::Server => flavor.server.get(code).map(Match::server),
        Kind::Handler => flavor.handler.get(code).map(Match::Handler),
        Kind::Bdb => catalog::bdb().get(code).map(Match::Bdb),
        Kind::Client => flavor.client.get(code).map(Match::Client),
        Kind::Global => flavor.global.get(code).map(Match::Global),
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

/// The write-up for an error, if there is one.
pub fn write_up(kind: Kind, code: i32) -> Option<WriteUp> {
    let (name, Explanation::Doc(doc)) = catalog::explanation(kind, code)? else {
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
        let own = write_up(Kind::Server, 1158).expect("1158 has a write-up");
        assert_eq!(own.key.to_string(), "server-1158");
        assert!(!own.is_shared(Kind::Server, 1158));
        let shared = write_up(Kind::Server, 1159).expect("1159 shares 1158's");
        assert!(shared.is_shared(Kind::Server, 1159));
        assert_eq!(shared.key, own.key);
        assert!(write_up(Kind::Server, 999_999).is_none());
    }
}
