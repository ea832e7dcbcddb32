//! The compiled message tables: one [`Flavor`] per supported MariaDB or MySQL release,
//! built by build.rs from `data/` into perfect-hash maps. Nothing at run time parses data.

/// Which table an error comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The operating system's errno (text from the host libc).
    Os,
    /// Storage-engine (handler) errors, HA_ERR_*.
    Handler,
    /// perror's built-in legacy Berkeley DB codes.
    Bdb,
    /// Server errors from errmsg-utf8.txt, ER_* and WARN_* (MySQL: from both of its
    /// message files, see [`ServerSection`]).
    Server,
    /// Client library errors, CR_* (2000…) and Connector/C's (5000…).
    Client,
    /// mysys global errors, EE_*.
    Global,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Os,
        Kind::Handler,
        Kind::Bdb,
        Kind::Server,
        Kind::Client,
        Kind::Global,
    ];

    /// The stable lower-case name used in `--json`, `--list KIND` and the docs.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Os => "os",
            Kind::Handler => "handler",
            Kind::Bdb => "bdb",
            Kind::Server => "server",
            Kind::Client => "client",
            Kind::Global => "global",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name))
    }
}

/// A row of a code-indexed table (handler, client, global, bdb).
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    pub code: i32,
    /// Empty where upstream gives the code no name (handler 125, for one).
    pub name: &'static str,
    pub message: &'static str,
}

/// A server error.
#[derive(Debug, PartialEq, Eq)]
pub struct ServerEntry {
    pub code: i32,
    pub name: &'static str,
    pub sqlstate: &'static str,
    /// Empty when upstream gives none.
    pub odbc_state: &'static str,
    /// The English text, as comp_err compiles it.
    pub message: &'static str,
    /// Which of the server's message files the error is in.
    pub section: ServerSection,
}

/// Which message file a server error comes from. MariaDB has one; MySQL keeps the
/// messages it sends to clients (1000–6999, `server.tsv`) apart from those it only writes
/// to its error log (10000 and up, `server-error-log.tsv`). MySQL's perror prints both
/// alike; `--json` and `--list` say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServerSection {
    /// Sent to clients (MySQL's `messages_to_clients.txt`; all of MariaDB's).
    Client,
    /// Written to the error log only (MySQL's `messages_to_error_log.txt`).
    ErrorLog,
}

impl ServerSection {
    /// The stable name used in `--json`.
    pub fn as_str(self) -> &'static str {
        match self {
            ServerSection::Client => "client",
            ServerSection::ErrorLog => "error-log",
        }
    }
}

/// Which codes a table has, one bit each from `first` on: a cheap "no" before hashing.
pub struct Presence {
    first: i32,
    bits: &'static [u64],
}

impl Presence {
    fn contains(&self, code: i32) -> bool {
        let Ok(at) = usize::try_from(i64::from(code) - i64::from(self.first)) else {
            return false;
        };
        self.bits
            .get(at / 64)
            .is_some_and(|w| w & (1 << (at % 64)) != 0)
    }
}

/// Code -> row: a perfect-hash map, consulted only for codes the bitmap says are there.
pub struct Index {
    present: Presence,
    rows: phf::Map<i32, usize>,
}

impl Index {
    fn row(&self, code: i32) -> Option<usize> {
        if !self.present.contains(code) {
            return None;
        }
        self.rows.get(&code).copied()
    }
}

/// Rows in code order, and their index: one per table of a flavor.
pub struct Table<E: 'static = Entry> {
    rows: &'static [E],
    index: Index,
}

/// The server errors, whose rows carry SQLSTATEs.
pub type ServerTable = Table<ServerEntry>;

impl<E> Table<E> {
    pub fn get(&self, code: i32) -> Option<&'static E> {
        self.index.row(code).map(|i| &self.rows[i])
    }

    /// Every row, in code order.
    pub fn rows(&self) -> &'static [E] {
        self.rows
    }
}

/// A language of errmsg-utf8.txt: its short code (`ger`) and name (`german`).
#[derive(Debug, PartialEq, Eq)]
pub struct Language {
    pub code: &'static str,
    pub name: &'static str,
}

/// The shape of the `--version` line, which changed in MariaDB 11 and is MySQL's own in
/// MySQL (data/flavors.tsv's `version_style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionStyle {
    /// `perror Ver 2.11, for debian-linux-gnu (x86_64)` (10.11).
    Ver,
    /// `perror from 11.8.9-MariaDB, client 2.11 for debian-linux-gnu (x86_64)` (11.x).
    From,
    /// `perror  Ver 9.7.4-2 for Linux on x86_64 ((Debian))` (MySQL 8 and 9).
    Mysql,
}

/// Which original perror a flavor reproduces. Everything that differs between the two
/// (what perror consults, how it reads arguments, how it words its lines) is a value of
/// [`crate::rules::Rules`], reached through [`Flavor::rules`]; code asks the rule, never
/// the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    MariaDb,
    MySql,
}

impl VersionStyle {
    /// The version line's shape says whose perror it is.
    pub fn family(self) -> Family {
        match self {
            VersionStyle::Ver | VersionStyle::From => Family::MariaDb,
            VersionStyle::Mysql => Family::MySql,
        }
    }
}

/// Everything that differs between supported releases.
pub struct Flavor {
    /// `mariadb-11.8`.
    pub name: &'static str,
    /// Other names accepted by `--flavor` (`11.8`).
    pub aliases: &'static [&'static str],
    /// The upstream release the data was imported from (`11.8.9`).
    pub upstream_version: &'static str,
    pub version_style: VersionStyle,
    /// The version the original perror reports for itself.
    pub perror_version: &'static str,
    pub server: &'static ServerTable,
    pub handler: &'static Table,
    pub client: &'static Table,
    pub global: &'static Table,
    /// Upper-case name -> (kind, code). The name as spelled is the row's (or, for an
    /// alias, the key).
    names: &'static phf::Map<&'static str, (Kind, i32)>,
    pub languages: &'static [Language],
    translations: &'static phf::Map<i32, &'static [(u8, &'static str)]>,
}

impl std::fmt::Debug for Flavor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flavor")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Flavor {
    /// Every flavor compiled in, the default first.
    pub fn all() -> &'static [&'static Flavor] {
        FLAVORS
    }

    /// Finds a flavor by name or alias (`mariadb-10.11`, `10.11`).
    pub fn find(name: &str) -> Option<&'static Flavor> {
        FLAVORS
            .iter()
            .copied()
            .find(|f| f.name == name || f.aliases.contains(&name))
    }

    /// The flavor chosen at build time (`PERROR_DEFAULT_FLAVOR`), mariadb-11.8 otherwise.
    pub fn default_flavor() -> &'static Flavor {
        Flavor::find(DEFAULT_FLAVOR).unwrap_or(FLAVORS[0])
    }

    /// Whose perror this flavor reproduces.
    pub fn family(&self) -> Family {
        self.version_style.family()
    }

    /// How this flavor's original reads arguments, what it consults and how it words its
    /// lines.
    pub fn rules(&self) -> &'static crate::rules::Rules {
        crate::rules::Rules::of(self.family())
    }

    /// Resolves an upper-case symbol (`ER_NET_READ_ERROR`, `HA_ERR_TABLE_CORRUPT`,
    /// `ER_XPLUGIN_IPV6_AVAILABLE`), with the name as the catalog spells it
    /// (`ER_XPLUGIN_IPv6_AVAILABLE`). A name MySQL retired twice (`OBSOLETE_…`) gives
    /// its first code.
    pub fn symbol_entry(&self, upper_name: &str) -> Option<(&'static str, Kind, i32)> {
        let (key, &(kind, code)) = self.names.get_entry(upper_name)?;
        Some((self.spelling(key, kind, code), kind, code))
    }

    /// How the catalog spells the name `key` (upper case) of `kind`/`code`: as the row
    /// does, unless `key` is an alias, which is spelled as its key.
    fn spelling(&self, key: &'static str, kind: Kind, code: i32) -> &'static str {
        let row = match kind {
            Kind::Server => self.server.get(code).map(|e| e.name),
            _ => self.table(kind).and_then(|t| t.get(code)).map(|e| e.name),
        };
        row.filter(|name| name.eq_ignore_ascii_case(key))
            .unwrap_or(key)
    }

    /// The server error whose name is exactly `name`, byte for byte: how MySQL's perror
    /// reads an `ER_…` argument (`er_dup_entry` is no name to it).
    pub fn server_by_exact_name(&self, name: &[u8]) -> Option<&'static ServerEntry> {
        let upper = std::str::from_utf8(name).ok()?.to_ascii_uppercase();
        match self.names.get(upper.as_str()) {
            Some((Kind::Server, code)) => {
                self.server.get(*code).filter(|e| e.name.as_bytes() == name)
            }
            _ => None,
        }
    }

    /// Every symbol this flavor knows, as spelled, in no particular order.
    pub fn symbols(&self) -> impl Iterator<Item = (&'static str, Kind, i32)> {
        self.names
            .entries()
            .map(|(key, &(kind, code))| (self.spelling(key, kind, code), kind, code))
    }

    /// The table of a code-indexed kind; `None` for `Os` and `Server`.
    pub fn table(&self, kind: Kind) -> Option<&'static Table> {
        match kind {
            Kind::Handler => Some(self.handler),
            Kind::Client => Some(self.client),
            Kind::Global => Some(self.global),
            Kind::Bdb => Some(&BDB),
            Kind::Os | Kind::Server => None,
        }
    }

    /// A server error's text in another language, if the data has one (and translations
    /// were compiled in).
    pub fn translation(&self, code: i32, lang_code: &str) -> Option<&'static str> {
        let lang = self.languages.iter().position(|l| l.code == lang_code)?;
        self.translations
            .get(&code)?
            .iter()
            .find(|(l, _)| usize::from(*l) == lang)
            .map(|(_, t)| *t)
    }

    /// Whether other languages' texts were compiled in (the `translations` feature).
    pub fn has_translations(&self) -> bool {
        !self.translations.is_empty()
    }
}

/// A long-form write-up for `--explain` (data/explain/).
#[derive(Debug, PartialEq, Eq)]
pub enum Explanation {
    Doc(Doc),
    /// Shares the write-up of another error (`server-1158`).
    See(&'static str),
}

/// A write-up: a summary and the bullets of its three sections.
#[derive(Debug, PartialEq, Eq)]
pub struct Doc {
    /// One line.
    pub summary: &'static str,
    pub causes: &'static [&'static str],
    pub find_out: &'static [&'static str],
    pub fix: &'static [&'static str],
}

/// The write-up for an error, by kind and code, following a `see:` link once.
/// Returns the key of the write-up actually found and the write-up.
pub fn explanation(kind: Kind, code: i32) -> Option<(String, &'static Explanation)> {
    let key = format!("{}-{code}", kind.as_str());
    match EXPLANATIONS.get(key.as_str())? {
        Explanation::See(target) => EXPLANATIONS.get(target).map(|e| (target.to_string(), e)),
        doc => Some((key, doc)),
    }
}

/// What a SQLSTATE class (`08`) or state (`08S01`) means, and where the meaning comes
/// from (`sql`, `odbc` or `mariadb`).
pub fn sqlstate_meaning(state: &str) -> Option<(&'static str, &'static str)> {
    SQLSTATES.get(state).copied()
}

/// The server language code a locale name or ISO code selects (`de_DE` → `ger`).
pub fn locale_language(locale: &str) -> Option<&'static str> {
    LOCALES.get(locale.to_ascii_lowercase().as_str()).copied()
}

/// perror's legacy Berkeley DB table, the same in every flavor.
pub fn bdb() -> &'static Table {
    &BDB
}

/// `system` and `machine` for the version line, fixed at build time.
pub fn build_platform() -> (&'static str, &'static str) {
    (SYSTEM_TYPE, MACHINE_TYPE)
}

/// The operating system this build runs on as CMake names it (`Linux`, `Darwin`), which is
/// what MySQL's version line shows where MariaDB's shows the autoconf system type.
pub fn build_system_name() -> &'static str {
    match std::env::consts::OS {
        "linux" => "Linux",
        "android" => "Android",
        "macos" => "Darwin",
        "freebsd" => "FreeBSD",
        "netbsd" => "NetBSD",
        "openbsd" => "OpenBSD",
        "windows" => "Windows",
        "solaris" | "illumos" => "SunOS",
        other => other,
    }
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    fn f118() -> &'static Flavor {
        Flavor::find("mariadb-11.8").unwrap()
    }

    #[test]
    fn flavors_are_found_by_name_and_alias() {
        assert_eq!(Flavor::find("10.11").unwrap().name, "mariadb-10.11");
        assert_eq!(
            Flavor::find("mariadb-11.8").unwrap().upstream_version,
            "11.8.9"
        );
        assert!(Flavor::find("mariadb-9.9").is_none());
    }

    #[test]
    fn every_code_finds_exactly_its_row() {
        let codes = (-31_005..=16_000).chain([i32::MIN, i32::MAX]);
        for f in Flavor::all() {
            for code in codes.clone() {
                let server = f.server.rows().iter().find(|e| e.code == code);
                assert_eq!(f.server.get(code), server, "{} server {code}", f.name);
                for table in [f.handler, f.client, f.global, bdb()] {
                    let row = table.rows().iter().find(|e| e.code == code);
                    assert_eq!(table.get(code), row, "{} {code}", f.name);
                }
            }
        }
    }

    #[test]
    fn server_lookup_by_code_and_name() {
        let e = f118().server.get(1158).unwrap();
        assert_eq!(
            (e.name, e.sqlstate, e.message),
            (
                "ER_NET_READ_ERROR",
                "08S01",
                "Got an error reading communication packets"
            )
        );
        assert_eq!(
            f118()
                .symbol_entry("ER_NET_READ_ERROR")
                .map(|(_, k, c)| (k, c)),
            Some((Kind::Server, 1158))
        );
        assert!(f118().server.get(1999).is_none());
    }

    #[test]
    fn server_without_sqlstate_gets_hy000() {
        assert_eq!(f118().server.get(1000).unwrap().sqlstate, "HY000");
    }

    #[test]
    fn handler_client_global_and_aliases() {
        assert_eq!(
            f118().handler.get(120).unwrap().name,
            "HA_ERR_KEY_NOT_FOUND"
        );
        assert_eq!(f118().handler.get(125).unwrap().name, "");
        assert_eq!(
            f118().client.get(2013).unwrap().message,
            "Lost connection to server during query"
        );
        assert_eq!(
            f118()
                .symbol_entry("HA_ERR_TABLE_CORRUPT")
                .map(|(_, k, c)| (k, c)),
            Some((Kind::Handler, 127))
        );
        assert_eq!(
            f118().symbol_entry("EE_READ").map(|(_, k, c)| (k, c)),
            Some((Kind::Global, 2))
        );
        assert!(
            f118().client.get(2021).is_none(),
            "empty client slots are gaps"
        );
    }

    #[test]
    fn flavors_differ_where_upstream_does() {
        let old = Flavor::find("mariadb-10.11").unwrap();
        assert!(old.handler.get(201).is_none());
        assert_eq!(
            f118().handler.get(201).unwrap().name,
            "HA_ERR_LOCAL_TMP_SPACE_FULL"
        );
        assert!(
            old.server.get(4200).is_none() || old.server.rows().len() < f118().server.rows().len()
        );
    }

    #[test]
    fn rows_are_in_code_order() {
        for f in Flavor::all() {
            assert!(f.server.rows().windows(2).all(|w| w[0].code < w[1].code));
            assert!(f.handler.rows().windows(2).all(|w| w[0].code < w[1].code));
        }
    }

    #[test]
    fn bdb_is_shared() {
        assert_eq!(bdb().get(-30999).unwrap().name, "DB_INCOMPLETE");
        assert_eq!(bdb().rows().len(), 12);
    }

    #[test]
    fn explanations_follow_see_links() {
        let (key, doc) = explanation(Kind::Server, 1160).unwrap();
        assert_eq!(key, "server-1158");
        assert!(matches!(doc, Explanation::Doc(d) if !d.causes.is_empty()));
        assert!(explanation(Kind::Server, 1000).is_none());
    }

    #[test]
    fn sqlstates_and_locales() {
        assert_eq!(sqlstate_meaning("08").map(|m| m.0), Some("sql"));
        assert!(sqlstate_meaning("08S01").is_some());
        assert_eq!(locale_language("de_DE"), Some("ger"));
        assert_eq!(locale_language("DE"), Some("ger"));
    }

    fn mysql() -> &'static Flavor {
        Flavor::find("mysql").expect("data/flavors.tsv builds mysql-9.7")
    }

    /// Data rows of a file under data/.
    fn data_rows(rel: &str) -> usize {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/").to_string() + rel;
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        text.lines().count() - 1
    }

    #[test]
    fn mysql_is_a_flavor_of_mysql_s_perror() {
        let f = mysql();
        assert_eq!(f.name, "mysql-9.7");
        assert_eq!(Flavor::find("9.7").map(|f| f.name), Some("mysql-9.7"));
        assert_eq!(f.version_style, VersionStyle::Mysql);
        assert_eq!(f.family(), Family::MySql);
        assert_eq!(f118().family(), Family::MariaDb);
    }

    #[test]
    fn mysql_server_table_holds_both_files_each_row_knowing_its_own() {
        let rows = mysql().server.rows();
        let in_section = |s: ServerSection| rows.iter().filter(|e| e.section == s).count();
        assert_eq!(
            in_section(ServerSection::Client),
            data_rows("mysql-9.7/server.tsv")
        );
        assert_eq!(
            in_section(ServerSection::ErrorLog),
            data_rows("mysql-9.7/server-error-log.tsv")
        );
        // Clients' messages are numbered below 10000, the error log's from 10000 on.
        for e in rows {
            let error_log = e.code >= 10_000;
            assert_eq!(
                e.section == ServerSection::ErrorLog,
                error_log,
                "{}",
                e.code
            );
        }
        assert!(
            f118()
                .server
                .rows()
                .iter()
                .all(|e| e.section == ServerSection::Client)
        );
        // MySQL reserves these ranges for others (provenance.tsv's reserved_section).
        for reserved in [2000..=2999, 4500..=4999, 5000..=5999, 50_000..=51_999] {
            assert!(
                rows.iter().all(|e| !reserved.contains(&e.code)),
                "{reserved:?}"
            );
        }
        assert_eq!(
            mysql().server.get(10914).unwrap().name,
            "ER_ABORTING_USER_CONNECTION"
        );
    }

    #[test]
    fn mysql_keeps_retired_errors_under_their_obsolete_names() {
        let f = mysql();
        assert_eq!(f.server.get(1000).unwrap().name, "OBSOLETE_ER_HASHCHK");
        // Retired twice: both rows are there; the name leads to the first.
        let name = "OBSOLETE_ER_XA_REPLICATION_FILTERS";
        let codes: Vec<i32> = f
            .server
            .rows()
            .iter()
            .filter(|e| e.name == name)
            .map(|e| e.code)
            .collect();
        assert_eq!(codes.len(), 2, "{codes:?}");
        assert_eq!(f.symbol_entry(name), Some((name, Kind::Server, codes[0])));
    }

    #[test]
    fn mysql_names_are_read_exactly_by_perror_and_in_any_case_by_us() {
        let f = mysql();
        assert_eq!(
            f.server_by_exact_name(b"ER_DUP_ENTRY").map(|e| e.code),
            Some(1062)
        );
        assert_eq!(
            f.server_by_exact_name(b"ER_ABORTING_USER_CONNECTION")
                .map(|e| e.code),
            Some(10914)
        );
        let ipv6 = f
            .server_by_exact_name(b"ER_XPLUGIN_IPv6_AVAILABLE")
            .expect("mixed case");
        assert!(
            f.server_by_exact_name(b"ER_XPLUGIN_IPV6_AVAILABLE")
                .is_none()
        );
        assert!(f.server_by_exact_name(b"er_dup_entry").is_none());
        assert!(
            f.server_by_exact_name(b"HA_ERR_KEY_NOT_FOUND").is_none(),
            "server names only"
        );
        assert_eq!(
            f.symbol_entry("ER_XPLUGIN_IPV6_AVAILABLE"),
            Some(("ER_XPLUGIN_IPv6_AVAILABLE", Kind::Server, ipv6.code))
        );
        assert!(f118().server_by_exact_name(b"ER_DUP_ENTRY").is_some());
    }

    #[test]
    fn mysql_global_and_handler_tables_have_every_slot() {
        let f = mysql();
        let codes = |t: &Table| t.rows().iter().map(|e| e.code).collect::<Vec<_>>();
        assert_eq!(codes(f.global), (1..=94).collect::<Vec<_>>());
        assert_eq!(codes(f.handler), (120..=209).collect::<Vec<_>>());
        let empty = f.global.get(8).unwrap();
        assert_eq!((empty.name, empty.message), ("", ""));
        assert_eq!(f.handler.get(129).unwrap().name, "");
        assert_eq!(f.client.get(2013).unwrap().name, "CR_SERVER_LOST");
    }

    #[cfg(feature = "translations")]
    #[test]
    fn mysql_error_log_codes_have_translations_too() {
        let f = mysql();
        assert_eq!(
            f.server.get(13236).unwrap().section,
            ServerSection::ErrorLog
        );
        assert!(f.translation(13236, "bgn").is_some());
        assert!(
            f.translation(13236, "ger").is_none(),
            "English is the fallback"
        );
    }

    #[cfg(feature = "translations")]
    #[test]
    fn translations_by_language_code() {
        assert_eq!(f118().translation(1002, "ger"), Some("Nein"));
        assert_eq!(f118().translation(1002, "xxx"), None);
    }
}
