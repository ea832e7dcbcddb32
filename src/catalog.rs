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
    /// InnoDB's own file error codes (`OS error 71` in its log lines), reached by name
    /// (`OS_FILE_NOT_FOUND`) and in logs, never by a number perror reads.
    InnoDb,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Os,
        Kind::Handler,
        Kind::Bdb,
        Kind::Server,
        Kind::Client,
        Kind::Global,
        Kind::InnoDb,
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
            Kind::InnoDb => "innodb",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name))
    }
}

use std::sync::OnceLock;

/// Where a text lies: in `TEXT`, the hot blob, or in one of the `COLD` segments
/// (other flavors' English, the translations), which perror-build deflates and the first
/// span into them inflates. The segment is in the top bits of `at`.
///
/// Rows hold spans, not `&'static str`: a pointer in a static is a relative relocation
/// that the dynamic loader patches at every start of a PIE binary (33,000 of them cost
/// `perror 1158` 70% of its instructions), while numbers need no patching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    at: u32,
    len: u32,
}

impl Span {
    /// Must match perror-build's `emit::SEGMENT_SHIFT` (its tests check).
    const SEGMENT_SHIFT: u32 = 28;

    fn text(self) -> &'static str {
        let segment = (self.at >> Self::SEGMENT_SHIFT) as usize;
        let at = (self.at & ((1 << Self::SEGMENT_SHIFT) - 1)) as usize;
        let range = at..at + self.len as usize;
        // The generator only emits spans on character boundaries of their segment.
        match segment {
            0 => TEXT.get(range),
            n => cold_segment(n)
                .get(range)
                .and_then(|b| std::str::from_utf8(b).ok()),
        }
        .unwrap_or_default()
    }
}

/// Cold segment `n` (1 and up), inflated once, on first use; empty if there is none.
fn cold_segment(n: usize) -> &'static [u8] {
    static INFLATED: [OnceLock<Vec<u8>>; COLD_SEGMENTS] =
        [const { OnceLock::new() }; COLD_SEGMENTS];
    let Some(cold) = n.checked_sub(1) else {
        return &[];
    };
    match (INFLATED.get(cold), COLD.get(cold)) {
        (Some(bytes), Some(deflated)) => bytes.get_or_init(|| inflate(deflated)),
        _ => &[],
    }
}

/// A cold segment's bytes. Were the stream damaged, every span into it would read as
/// empty rather than panic (the tests inflate every segment).
fn inflate(deflated: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    match flate2::read::DeflateDecoder::new(deflated).read_to_end(&mut bytes) {
        Ok(_) => bytes,
        Err(_) => Vec::new(),
    }
}

/// A flavor's translations, as perror-build lays them out in their own cold segment, all
/// numbers little-endian `u32`: for each server row in order, where its translations
/// start (and one more for where the last ends), then the translations, two words each:
/// where the text lies (a [`Span`]'s `at`) and the language (an index into
/// [`Flavor::languages`]) in the top byte over the text's length.
struct TranslationIndex {
    bytes: &'static [u8],
    server_rows: usize,
}

impl TranslationIndex {
    fn word(&self, i: usize) -> Option<u32> {
        let b = self.bytes.get(i * 4..i * 4 + 4)?;
        Some(u32::from_le_bytes(b.try_into().ok()?))
    }

    /// The text of server row `row` in language `lang`.
    fn find(&self, row: usize, lang: usize) -> Option<&'static str> {
        let from = self.word(row)? as usize;
        let to = self.word(row + 1)? as usize;
        let rows_at = self.server_rows + 1;
        (from..to).find_map(|t| {
            let at = self.word(rows_at + 2 * t)?;
            let lang_len = self.word(rows_at + 2 * t + 1)?;
            ((lang_len >> 24) as usize == lang).then(|| {
                Span {
                    at,
                    len: lang_len & 0x00ff_ffff,
                }
                .text()
            })
        })
    }
}

/// A SQLSTATE as its five bytes; all zero when there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State([u8; 5]);

impl State {
    fn text(&'static self) -> &'static str {
        if self.0[0] == 0 {
            return "";
        }
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// A row of a code-indexed table (handler, client, global, bdb).
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    pub code: i32,
    name: Span,
    message: Span,
}

impl Entry {
    /// Empty where upstream gives the code no name (handler 125, for one).
    pub fn name(&self) -> &'static str {
        self.name.text()
    }

    pub fn message(&self) -> &'static str {
        self.message.text()
    }
}

/// A server error.
#[derive(Debug, PartialEq, Eq)]
pub struct ServerEntry {
    pub code: i32,
    /// The name's span, its length in `name_len`: 28 bytes a row rather than 32, over
    /// ~9,000 rows.
    name_at: u32,
    message: Span,
    sqlstate: State,
    odbc_state: State,
    name_len: u8,
    section: ServerSection,
}

impl ServerEntry {
    pub fn name(&self) -> &'static str {
        Span {
            at: self.name_at,
            len: u32::from(self.name_len),
        }
        .text()
    }

    pub fn sqlstate(&'static self) -> &'static str {
        self.sqlstate.text()
    }

    /// Empty when upstream gives none.
    pub fn odbc_state(&'static self) -> &'static str {
        self.odbc_state.text()
    }

    /// The English text, as comp_err compiles it.
    pub fn message(&self) -> &'static str {
        self.message.text()
    }

    /// Which of the server's message files the error is in.
    pub fn section(&self) -> ServerSection {
        self.section
    }
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

/// How `name` sorts against an upper-case key: by its upper-case spelling, the order
/// build.rs writes a flavor's symbols in.
fn upper_cmp(name: &str, upper_key: &str) -> std::cmp::Ordering {
    name.bytes()
        .map(|b| b.to_ascii_uppercase())
        .cmp(upper_key.bytes())
}

/// A symbol of a flavor: its name, and the table and code it names.
#[derive(Debug)]
pub struct Symbol {
    /// The name's span, its length in a byte of its own (names are short): 12 bytes a
    /// symbol rather than 16, over ~10,000 symbols.
    at: u32,
    code: i32,
    len: u8,
    kind: Kind,
}

impl Symbol {
    fn name(&self) -> &'static str {
        Span {
            at: self.at,
            len: u32::from(self.len),
        }
        .text()
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
    rows: Rows<E>,
    index: Index,
}

/// The server errors, whose rows carry SQLSTATEs.
pub type ServerTable = Table<ServerEntry>;

impl<E> Table<E> {
    pub fn get(&self, code: i32) -> Option<&'static E> {
        self.index.row(code).and_then(|i| self.rows().get(i))
    }

    /// Every row, in code order.
    pub fn rows(&self) -> &'static [E] {
        self.rows.get()
    }
}

/// A table's rows: as Rust arrays in the binary for the default flavor, whose tables
/// every run reads, or as bytes in a cold segment, decoded on first use, for another
/// flavor (MySQL's server rows and symbols alone would be ~270 kB as arrays).
pub enum Rows<E: 'static> {
    Hot(&'static [E]),
    Cold(&'static ColdRows<E>),
}

impl<E> Rows<E> {
    fn get(&self) -> &'static [E] {
        match self {
            Rows::Hot(rows) => rows,
            Rows::Cold(cold) => cold.rows(),
        }
    }
}

/// A cold table: its segment, how many rows it has and how to read one, and the rows
/// once decoded.
pub struct ColdRows<E> {
    segment: usize,
    count: usize,
    row_size: usize,
    decode: fn(&[u8]) -> E,
    decoded: OnceLock<Box<[E]>>,
}

impl<E> ColdRows<E> {
    // Unused in a build whose every flavor is hot (PERROR_HOT_FLAVORS, the packages').
    #[allow(dead_code)]
    const fn new(segment: usize, count: usize) -> ColdRows<E>
    where
        E: FromRow,
    {
        ColdRows {
            segment,
            count,
            row_size: E::SIZE,
            decode: E::from_row,
            decoded: OnceLock::new(),
        }
    }

    fn rows(&'static self) -> &'static [E] {
        self.decoded.get_or_init(|| {
            cold_segment(self.segment)
                .chunks_exact(self.row_size)
                .take(self.count)
                .map(self.decode)
                .collect()
        })
    }
}

/// A row as perror-build writes it into a cold segment (`emit::flavor::row_bytes`), all
/// numbers little-endian.
pub trait FromRow: Sized + 'static {
    const SIZE: usize;
    /// `bytes` is `SIZE` long.
    fn from_row(bytes: &[u8]) -> Self;
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

fn byte_at(bytes: &[u8], at: usize) -> u8 {
    bytes.get(at).copied().unwrap_or(0)
}

fn state_at(bytes: &[u8], at: usize) -> State {
    State(
        bytes
            .get(at..at + 5)
            .and_then(|b| b.try_into().ok())
            .unwrap_or([0; 5]),
    )
}

impl FromRow for ServerEntry {
    const SIZE: usize = 28;
    fn from_row(b: &[u8]) -> ServerEntry {
        ServerEntry {
            code: u32_at(b, 0) as i32,
            name_at: u32_at(b, 4),
            message: Span {
                at: u32_at(b, 8),
                len: u32_at(b, 12),
            },
            sqlstate: state_at(b, 16),
            odbc_state: state_at(b, 21),
            name_len: byte_at(b, 26),
            section: match byte_at(b, 27) {
                1 => ServerSection::ErrorLog,
                _ => ServerSection::Client,
            },
        }
    }
}

impl FromRow for Symbol {
    const SIZE: usize = 10;
    fn from_row(b: &[u8]) -> Symbol {
        Symbol {
            at: u32_at(b, 0),
            code: u32_at(b, 4) as i32,
            len: byte_at(b, 8),
            kind: Kind::ALL
                .get(usize::from(byte_at(b, 9)))
                .copied()
                .unwrap_or(Kind::Server),
        }
    }
}

/// A language of errmsg-utf8.txt: its short code (`ger`) and name (`german`).
#[derive(Debug, PartialEq, Eq)]
pub struct Language {
    code: Span,
    name: Span,
}

impl Language {
    pub fn code(&self) -> &'static str {
        self.code.text()
    }

    pub fn name(&self) -> &'static str {
        self.name.text()
    }
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

/// Which original perror a flavor reproduces. The catalog only records it: what follows
/// from it (what perror consults, how it reads arguments, how it words its lines) is
/// decided above the catalog, which knows nothing of those decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    MariaDb,
    MySql,
}

impl Family {
    /// Every family, in the order write-ups are keyed.
    pub const ALL: [Family; 2] = [Family::MariaDb, Family::MySql];

    /// Its spelling in data/explain/'s file names and keys (`mysql`).
    pub fn as_str(self) -> &'static str {
        match self {
            Family::MariaDb => "mariadb",
            Family::MySql => "mysql",
        }
    }

    /// What the family's products are called in prose (`MySQL`).
    pub fn product(self) -> &'static str {
        match self {
            Family::MariaDb => "MariaDB",
            Family::MySql => "MySQL",
        }
    }
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
    /// How the original forms its `Learn more:` link after a server error
    /// (data/flavors.tsv's `learn_more`): a URL with `{code}`, and `{from}` and `{to}` for
    /// the hundred the code is in; empty where it prints no such line.
    pub learn_more: &'static str,
    pub server: &'static ServerTable,
    pub handler: &'static Table,
    pub client: &'static Table,
    pub global: &'static Table,
    /// Sorted by upper-case name, each spelled as its row spells it (an alias as its
    /// key). A sorted array searched by halving rather than a phf map: phf's keys would
    /// be `&'static str` (one relocation each, ~5,000 a flavor), and a lookup by name is
    /// rare (one per symbolic argument), so 13 string compares are nothing.
    names: Rows<Symbol>,
    pub languages: &'static [Language],
    /// (code, [`LogLevels`] bits) in code order: the levels MySQL's source logs each
    /// error-log message at (`error-log-levels.tsv`); empty for MariaDB.
    log_levels: &'static [(i32, u8)],
    /// The cold segment of its [`TranslationIndex`]; 0 without the `translations`
    /// feature.
    translations: usize,
}

impl std::fmt::Debug for Flavor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flavor")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The levels a server logs one message at, as its call sites give them (MySQL's
/// `LogErr(INFORMATION_LEVEL, …)`): several when the message is logged at several places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogLevels(u8);

impl LogLevels {
    const ERROR: u8 = 1;
    const WARNING: u8 = 2;
    const INFORMATION: u8 = 4;
    const SYSTEM: u8 = 8;

    /// Logged as an error or a warning somewhere.
    pub fn has_problem(self) -> bool {
        self.0 & (Self::ERROR | Self::WARNING) != 0
    }

    /// Logged as a note or a system message somewhere.
    pub fn has_event(self) -> bool {
        self.0 & (Self::INFORMATION | Self::SYSTEM) != 0
    }

    /// Only ever a note or a system message: the news of a normal event.
    pub fn only_events(self) -> bool {
        self.has_event() && !self.has_problem()
    }
}

impl Flavor {
    /// The levels the server logs `code` at, if its data says (MySQL's error-log codes
    /// with a call site).
    pub fn log_levels(&self, code: i32) -> Option<LogLevels> {
        self.log_levels
            .binary_search_by_key(&code, |&(c, _)| c)
            .ok()
            .map(|i| LogLevels(self.log_levels[i].1))
    }

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

    /// Resolves an upper-case symbol (`ER_NET_READ_ERROR`, `HA_ERR_TABLE_CORRUPT`,
    /// `ER_XPLUGIN_IPV6_AVAILABLE`), with the name as the catalog spells it
    /// (`ER_XPLUGIN_IPv6_AVAILABLE`). A name MySQL retired twice (`OBSOLETE_…`) gives
    /// its first code.
    pub fn symbol_entry(&self, upper_name: &str) -> Option<(&'static str, Kind, i32)> {
        let names = self.names.get();
        let at = names
            .binary_search_by(|s| upper_cmp(s.name(), upper_name))
            .ok()?;
        let s = names.get(at)?;
        Some((s.name(), s.kind, s.code))
    }

    /// The server error whose name is exactly `name`, byte for byte: how MySQL's perror
    /// reads an `ER_…` argument (`er_dup_entry` is no name to it).
    pub fn server_by_exact_name(&self, name: &[u8]) -> Option<&'static ServerEntry> {
        let upper = std::str::from_utf8(name).ok()?.to_ascii_uppercase();
        match self.symbol_entry(&upper) {
            Some((_, Kind::Server, code)) => self
                .server
                .get(code)
                .filter(|e| e.name().as_bytes() == name),
            _ => None,
        }
    }

    /// Every symbol this flavor knows, as spelled, in no particular order.
    pub fn symbols(&self) -> impl Iterator<Item = (&'static str, Kind, i32)> {
        self.names.get().iter().map(|s| (s.name(), s.kind, s.code))
    }

    /// The table of a code-indexed kind; `None` for `Os` and `Server`.
    pub fn table(&self, kind: Kind) -> Option<&'static Table> {
        match kind {
            Kind::Handler => Some(self.handler),
            Kind::Client => Some(self.client),
            Kind::Global => Some(self.global),
            Kind::Bdb => Some(&BDB),
            Kind::Os | Kind::Server | Kind::InnoDb => None,
        }
    }

    /// A server error's text in another language, if the data has one (and translations
    /// were compiled in).
    pub fn translation(&self, code: i32, lang_code: &str) -> Option<&'static str> {
        let lang = self.languages.iter().position(|l| l.code() == lang_code)?;
        let row = self.server.index.row(code)?;
        let index = TranslationIndex {
            bytes: cold_segment(self.translations),
            server_rows: self.server.rows().len(),
        };
        index.find(row, lang)
    }

    /// Whether other languages' texts were compiled in (the `translations` feature).
    pub fn has_translations(&self) -> bool {
        self.translations != 0
    }
}

/// A long-form write-up for `--explain` (data/explain/).
#[derive(Debug, PartialEq, Eq)]
pub enum Explanation {
    Doc(Doc),
    /// Shares the write-up of another error (`server-1158`), by its key.
    See(u64),
}

/// A write-up as shown under one family: a summary, the bullets of its three sections,
/// the pages its facts come from, and the flavors it is limited to. Each list is one
/// text, its items on lines of their own.
#[derive(Debug, PartialEq, Eq)]
pub struct Doc {
    summary: Span,
    causes: Span,
    find_out: Span,
    fix: Span,
    sources: Span,
    /// Bit `i` for `FLAVORS[i]`; 0 for every flavor of the family.
    flavors: u8,
}

/// A list stored as one text, its items on lines of their own.
fn items(span: Span) -> Vec<&'static str> {
    let text = span.text();
    match text.is_empty() {
        true => Vec::new(),
        false => text.split('\n').collect(),
    }
}

impl Doc {
    /// One line.
    pub fn summary(&self) -> &'static str {
        self.summary.text()
    }

    pub fn causes(&self) -> Vec<&'static str> {
        items(self.causes)
    }

    pub fn find_out(&self) -> Vec<&'static str> {
        items(self.find_out)
    }

    pub fn fix(&self) -> Vec<&'static str> {
        items(self.fix)
    }

    /// The official pages (MariaDB documentation, MySQL manual) it was checked against.
    pub fn sources(&self) -> Vec<&'static str> {
        items(self.sources)
    }

    /// Whether it is shown under `flavor` (a write-up may hold for some releases only).
    pub fn is_for(&self, flavor: &Flavor) -> bool {
        let at = FLAVORS.iter().position(|f| std::ptr::eq(*f, flavor));
        self.flavors == 0 || at.is_some_and(|i| self.flavors & (1 << i) != 0)
    }
}

/// The kinds of data/explain/'s file names, in the order of their number in
/// `EXPLANATIONS`' keys (perror-build's `emit::explain::KINDS`; a test compares them).
const WRITE_UP_KINDS: [&str; 7] = [
    "os", "handler", "server", "client", "global", "bdb", "innodb",
];

/// `EXPLANATIONS`' key for `family`'s write-up named `kind-code`.
fn write_up_key(family: Family, name: &str) -> Option<u64> {
    let (kind, code) = name.split_once('-')?;
    let kind = WRITE_UP_KINDS.iter().position(|k| *k == kind)? as u64;
    let family = match family {
        Family::MariaDb => 0u64,
        Family::MySql => 1,
    };
    let code = u64::from(code.parse::<i32>().ok()? as u32);
    Some(family << 40 | kind << 32 | code)
}

/// The file name (`server-1158`) of a write-up key.
fn write_up_name(key: u64) -> Option<String> {
    let kind = WRITE_UP_KINDS.get(usize::try_from((key >> 32) & 0xff).ok()?)?;
    Some(format!("{kind}-{}", key as u32 as i32))
}

/// Looks `key` up in a table sorted by its span's text. The small tables below are sorted
/// arrays rather than phf maps for the reason [`Flavor`]'s names are: phf keys would be
/// `&'static str`, one load-time relocation each.
fn find_sorted<T>(rows: &'static [T], key: &str, span: impl Fn(&T) -> Span) -> Option<&'static T> {
    let at = rows.binary_search_by(|r| span(r).text().cmp(key)).ok()?;
    rows.get(at)
}

/// The write-up of `family` for an error, by kind and code, following a `see:` link
/// once. Returns the key of the write-up actually found (`server-1158`) and the write-up.
pub fn explanation(
    family: Family,
    kind: Kind,
    code: i32,
) -> Option<(String, &'static Explanation)> {
    explanation_by_key(family, &format!("{}-{code}", kind.as_str()))
}

/// The write-up of `family` whose file is named `key` (`server-1158`, or `innodb-71` for
/// InnoDB's own file codes, which are no [`Kind`] of the catalog), following a `see:`
/// link once. Returns the name of the write-up actually found and the write-up.
pub fn explanation_by_key(family: Family, key: &str) -> Option<(String, &'static Explanation)> {
    let get = |key: u64| {
        let at = EXPLANATIONS.binary_search_by(|e| e.0.cmp(&key)).ok()?;
        EXPLANATIONS.get(at).map(|e| (key, &e.1))
    };
    let (key, found) = match get(write_up_key(family, key)?)? {
        (_, Explanation::See(target)) => get(*target)?,
        doc => doc,
    };
    Some((write_up_name(key)?, found))
}

/// What a SQLSTATE class (`08`) or state (`08S01`) means, and where the meaning comes
/// from (`sql`, `odbc` or `mariadb`).
pub fn sqlstate_meaning(state: &str) -> Option<(&'static str, &'static str)> {
    find_sorted(&SQLSTATES, state, |s| s.0).map(|s| (s.1.text(), s.2.text()))
}

/// The server language code a locale name or ISO code selects (`de_DE` → `ger`).
pub fn locale_language(locale: &str) -> Option<&'static str> {
    find_sorted(&LOCALES, &locale.to_ascii_lowercase(), |l| l.0).map(|l| l.1.text())
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

    /// `--flavor=mariadb` and `--flavor=mysql`: the newest release of each product
    /// (data/flavors.tsv gives the aliases; this checks they are where they belong).
    #[test]
    fn a_products_name_is_its_newest_release() {
        let release = |f: &Flavor| -> Vec<u32> {
            f.upstream_version
                .split('.')
                .map(|n| n.parse().unwrap())
                .collect()
        };
        for family in [Family::MariaDb, Family::MySql] {
            let newest = Flavor::all()
                .iter()
                .filter(|f| f.family() == family)
                .max_by_key(|f| release(f))
                .unwrap();
            let alias = family.product().to_ascii_lowercase();
            assert_eq!(Flavor::find(&alias).map(|f| f.name), Some(newest.name));
        }
    }

    fn f118() -> &'static Flavor {
        Flavor::find("mariadb-11.8").unwrap()
    }

    #[test]
    fn mysql_log_levels_come_from_the_data_and_mariadb_has_none() {
        let mysql = Flavor::find("mysql-9.7").unwrap();
        // MY-010914, an aborted connection, is only ever a note; MY-010055 a warning.
        let aborted = mysql.log_levels(10914).unwrap();
        assert!(aborted.only_events() && !aborted.has_problem());
        let unresolved = mysql.log_levels(10055).unwrap();
        assert!(unresolved.has_problem() && !unresolved.has_event());
        assert!(mysql.log_levels(1062).is_none());
        assert!(f118().log_levels(10914).is_none());
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
            (e.name(), e.sqlstate(), e.message()),
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
        assert_eq!(f118().server.get(1000).unwrap().sqlstate(), "HY000");
    }

    #[test]
    fn handler_client_global_and_aliases() {
        assert_eq!(
            f118().handler.get(120).unwrap().name(),
            "HA_ERR_KEY_NOT_FOUND"
        );
        assert_eq!(f118().handler.get(125).unwrap().name(), "");
        assert_eq!(
            f118().client.get(2013).unwrap().message(),
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
            f118().handler.get(201).unwrap().name(),
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
    fn every_symbol_is_found_by_halving() {
        // The generator must sort names by their upper-case spelling, the order
        // `symbol_entry` searches in (`ER_XPLUGIN_IPv6_AVAILABLE` is MySQL's mixed case).
        for f in Flavor::all() {
            assert!(f.symbols().count() > 1000, "{}", f.name);
            for (name, kind, code) in f.symbols() {
                let upper = name.to_ascii_uppercase();
                assert_eq!(f.symbol_entry(&upper), Some((name, kind, code)), "{name}");
            }
            assert!(f.symbol_entry("ER_NO_SUCH_NAME_AT_ALL").is_none());
        }
        assert!(sqlstate_meaning("ZZ999").is_none());
        assert!(locale_language("xx_NOWHERE").is_none());
    }

    #[test]
    fn every_cold_segment_inflates() {
        // A damaged stream would read as empty (see `inflate`), silently.
        for n in 1..=COLD_SEGMENTS {
            assert!(!cold_segment(n).is_empty(), "segment {n}");
        }
        assert!(cold_segment(0).is_empty() && cold_segment(COLD_SEGMENTS + 1).is_empty());
        // Other flavors' English lives there, and reads back.
        for f in Flavor::all() {
            let e = f.server.rows().last().unwrap();
            assert!(
                !e.message().is_empty() && !e.name().is_empty(),
                "{}",
                f.name
            );
        }
    }

    #[test]
    fn bdb_is_shared() {
        assert_eq!(bdb().get(-30999).unwrap().name(), "DB_INCOMPLETE");
        assert_eq!(bdb().rows().len(), 12);
    }

    #[test]
    fn explanations_follow_see_links_within_their_family() {
        for family in Family::ALL {
            let (key, doc) = explanation(family, Kind::Server, 1160).unwrap();
            assert_eq!(key, "server-1158");
            assert!(matches!(doc, Explanation::Doc(d) if !d.causes().is_empty()));
            assert!(explanation(family, Kind::Server, 1000).is_none());
        }
    }

    #[test]
    fn each_family_has_its_own_write_up_where_the_advice_differs() {
        let text = |family| match explanation(family, Kind::Server, 1213) {
            Some((_, Explanation::Doc(d))) => d.find_out().join("\n"),
            _ => panic!("1213 has a write-up in both families"),
        };
        assert!(text(Family::MariaDb).contains("Innodb_deadlocks"));
        assert!(!text(Family::MySql).contains("Innodb_deadlocks"));
        assert!(text(Family::MySql).contains("lock_deadlocks"));
        // MariaDB's 1594 (relay log read failure) has a write-up; MySQL retired 1594.
        assert!(explanation(Family::MariaDb, Kind::Server, 1594).is_some());
        assert!(explanation(Family::MySql, Kind::Server, 1594).is_none());
        // MySQL's 1236 shares the write-up of the error log's MY-013114.
        let (key, _) = explanation(Family::MySql, Kind::Server, 1236).unwrap();
        assert_eq!(key, "server-13114");
    }

    #[test]
    fn a_shared_write_up_speaks_each_products_names() {
        let fix = |family| match explanation(family, Kind::Os, 24) {
            Some((_, Explanation::Doc(d))) => d.fix().join("\n"),
            _ => panic!("os-24 has a write-up"),
        };
        assert!(fix(Family::MariaDb).contains("[mariadbd]"));
        assert!(fix(Family::MySql).contains("[mysqld]"));
        assert!(!fix(Family::MySql).contains("{{"));
    }

    #[test]
    fn every_write_up_cites_its_sources() {
        for (key, e) in EXPLANATIONS.iter() {
            if let Explanation::Doc(d) = e {
                assert!(!d.sources().is_empty(), "{key}");
                assert!(d.sources().iter().all(|u| u.starts_with("https://")));
            }
        }
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
            mysql().server.get(10914).unwrap().name(),
            "ER_ABORTING_USER_CONNECTION"
        );
    }

    #[test]
    fn mysql_keeps_retired_errors_under_their_obsolete_names() {
        let f = mysql();
        assert_eq!(f.server.get(1000).unwrap().name(), "OBSOLETE_ER_HASHCHK");
        // Retired twice: both rows are there; the name leads to the first.
        let name = "OBSOLETE_ER_XA_REPLICATION_FILTERS";
        let codes: Vec<i32> = f
            .server
            .rows()
            .iter()
            .filter(|e| e.name() == name)
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
        assert_eq!((empty.name(), empty.message()), ("", ""));
        assert_eq!(f.handler.get(129).unwrap().name(), "");
        assert_eq!(f.client.get(2013).unwrap().name(), "CR_SERVER_LOST");
    }

    #[cfg(feature = "translations")]
    #[test]
    fn mysql_error_log_codes_have_translations_too() {
        let f = mysql();
        assert_eq!(
            f.server.get(13236).unwrap().section(),
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
        assert_eq!(f118().translation(1999, "ger"), None, "no such server row");
        let old = Flavor::find("mariadb-10.11").unwrap();
        assert_eq!(old.translation(1002, "ger"), Some("Nein"));
    }
}
