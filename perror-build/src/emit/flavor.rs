//! A flavor's items: its tables, symbols, languages and translations, and the `Flavor`.

use super::index::index;
use super::shared::code_table;
use super::{Emitter, out};
use crate::model::{
    Flavor, Kind, Language, LogLevels, ServerRow, ServerSection, Symbol, VersionStyle,
};

/// The flavor's items, named after [`ident`], their texts in the blob's current segment
/// (the translations in their own).
pub(super) fn emit(e: &mut Emitter, f: &Flavor, translations: bool, cold: bool) {
    let ident = ident(&f.name);
    let storage = match cold {
        true => Storage::Cold(&f.name),
        false => Storage::Hot,
    };
    server_table(e, &ident, &f.server, storage);
    for (table, rows) in [
        ("HANDLER", &f.handler),
        ("CLIENT", &f.client),
        ("GLOBAL", &f.global),
    ] {
        code_table(e, &format!("{ident}_{table}"), rows);
    }
    let names = symbols(e, &ident, &f.symbols, storage);
    languages(e, &ident, &f.languages);
    log_levels(e, &ident, &f.log_levels);
    let index = translations.then(|| translation_index(e, f));
    flavor(e, &ident, f, index.unwrap_or(0), &names);
}

/// The Rust name of a flavor's `Flavor` static (`mariadb-11.8` → `MARIADB_11_8`), and the
/// prefix of its other items.
pub(super) fn ident(name: &str) -> String {
    name.to_uppercase().replace(['-', '.'], "_")
}

/// Where a flavor's big tables (server rows, symbols) go: as Rust arrays for the default
/// flavor, which every run reads; as bytes in a cold segment of their own for another
/// flavor, which catalog.rs decodes on first use (MySQL's alone are ~270 kB as arrays).
#[derive(Clone, Copy)]
pub(super) enum Storage<'f> {
    Hot,
    /// The flavor's name, for the segment's.
    Cold(&'f str),
}

/// The row bytes of a cold table: catalog.rs's `FromRow` reads them back.
pub(super) mod row_bytes {
    /// A server row: code, name `at`, message `at` and length (little-endian), both
    /// SQLSTATEs' five bytes, the name's length and the section (0 client, 1 error log).
    pub const SERVER: usize = 28;
    /// A symbol: name `at`, code (little-endian), the name's length, the kind's place in
    /// catalog::Kind::ALL.
    pub const SYMBOL: usize = 10;
}

fn server_table(e: &mut Emitter, ident: &str, rows: &[ServerRow], storage: Storage) {
    let mut bytes = Vec::with_capacity(rows.len() * row_bytes::SERVER);
    let mut lines = String::new();
    for r in rows {
        // The name's length in a byte of its own: 28 bytes a row rather than 32.
        let name = e.blob.span(&r.name);
        assert!(name.len < 256, "name {} is over 255 bytes", r.name);
        let message = e.blob.span(&r.message);
        match storage {
            Storage::Hot => lines.push_str(&format!(
                "    ServerEntry {{ code: {}, name_at: {}, message: {message}, sqlstate: {}, odbc_state: {}, name_len: {}, section: {} }},\n",
                r.code,
                name.at(),
                state(&r.sqlstate),
                state(&r.odbc_state),
                name.len,
                section(r.section)
            )),
            Storage::Cold(_) => {
                bytes.extend(r.code.to_le_bytes());
                bytes.extend(name.at().to_le_bytes());
                bytes.extend(message.at().to_le_bytes());
                bytes.extend((message.len as u32).to_le_bytes());
                bytes.extend(state_bytes(&r.sqlstate));
                bytes.extend(state_bytes(&r.odbc_state));
                bytes.push(name.len as u8);
                bytes.push(match r.section {
                    ServerSection::Client => 0,
                    ServerSection::ErrorLog => 1,
                });
            }
        }
    }
    let rows_ref = table_rows(
        e,
        &format!("{ident}_SERVER_ROWS"),
        "ServerEntry",
        rows.len(),
        (lines, bytes),
        storage,
        "server rows",
    );
    let codes: Vec<i32> = rows.iter().map(|r| r.code).collect();
    out!(
        e,
        "static {ident}_SERVER: ServerTable = ServerTable {{ rows: {rows_ref}, index: {} }};",
        index(&codes)
    );
}

/// Emits a table's rows as an array (hot) or as a cold bytes segment with a `ColdRows`
/// static (cold); the `Rows` expression that refers to them.
fn table_rows(
    e: &mut Emitter,
    item: &str,
    row_type: &str,
    count: usize,
    (lines, bytes): (String, Vec<u8>),
    storage: Storage,
    what: &str,
) -> String {
    match storage {
        Storage::Hot => {
            out!(e, "static {item}: [{row_type}; {count}] = [");
            e.out.push_str(&lines);
            e.out.push_str("];\n");
            format!("Rows::Hot(&{item})")
        }
        Storage::Cold(flavor) => {
            let segment = e.blob.bytes_segment(&format!("{flavor} {what}"), bytes);
            out!(
                e,
                "static {item}: ColdRows<{row_type}> = ColdRows::new({segment}, {count});"
            );
            format!("Rows::Cold(&{item})")
        }
    }
}

/// A SQLSTATE's five bytes; zeros for none.
fn state_bytes(s: &str) -> [u8; 5] {
    let mut bytes = [0u8; 5];
    if s.len() == 5 {
        bytes.copy_from_slice(s.as_bytes());
    }
    bytes
}

/// A SQLSTATE's five bytes as a `State(..)` expression; zeros for none.
fn state(s: &str) -> String {
    let mut bytes = [0u8; 5];
    if s.len() == 5 {
        bytes.copy_from_slice(s.as_bytes());
    }
    format!("State({bytes:?})")
}

fn section(section: ServerSection) -> &'static str {
    match section {
        ServerSection::Client => "ServerSection::Client",
        ServerSection::ErrorLog => "ServerSection::ErrorLog",
    }
}

/// Sorted by upper-case key, the order catalog.rs finds a name in by halving; each
/// spelled as its row spells it (`ER_XPLUGIN_IPv6_AVAILABLE`), the length in a byte.
fn symbols(e: &mut Emitter, ident: &str, symbols: &[Symbol], storage: Storage) -> String {
    let mut bytes = Vec::with_capacity(symbols.len() * row_bytes::SYMBOL);
    let mut lines = String::new();
    for s in symbols {
        let name = e.blob.span(&s.name);
        assert!(name.len < 256, "name {} is over 255 bytes", s.name);
        match storage {
            Storage::Hot => lines.push_str(&format!(
                "    Symbol {{ at: {}, code: {}, len: {}, kind: {} }},\n",
                name.at(),
                s.code,
                name.len,
                kind(s.kind)
            )),
            Storage::Cold(_) => {
                bytes.extend(name.at().to_le_bytes());
                bytes.extend(s.code.to_le_bytes());
                bytes.push(name.len as u8);
                bytes.push(kind_number(s.kind));
            }
        }
    }
    table_rows(
        e,
        &format!("{ident}_NAMES"),
        "Symbol",
        symbols.len(),
        (lines, bytes),
        storage,
        "symbols",
    )
}

/// A kind's place in catalog::Kind::ALL (Os, Handler, Bdb, Server, Client, Global).
fn kind_number(kind: Kind) -> u8 {
    match kind {
        Kind::Handler => 1,
        Kind::Bdb => 2,
        Kind::Server => 3,
        Kind::Client => 4,
        Kind::Global => 5,
    }
}

fn kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Handler => "Kind::Handler",
        Kind::Bdb => "Kind::Bdb",
        Kind::Server => "Kind::Server",
        Kind::Client => "Kind::Client",
        Kind::Global => "Kind::Global",
    }
}

fn languages(e: &mut Emitter, ident: &str, languages: &[Language]) {
    out!(
        e,
        "static {ident}_LANGUAGES: [Language; {}] = [",
        languages.len()
    );
    for l in languages {
        out!(
            e,
            "    Language {{ code: {}, name: {} }},",
            e.blob.span(&l.code),
            e.blob.span(&l.name)
        );
    }
    e.out.push_str("];\n");
}

/// (code, level bits) in code order: catalog::Flavor::log_levels halves it.
fn log_levels(e: &mut Emitter, ident: &str, levels: &[LogLevels]) {
    out!(
        e,
        "static {ident}_LOG_LEVELS: [(i32, u8); {}] = [",
        levels.len()
    );
    for l in levels {
        out!(e, "    ({}, {}),", l.code, l.levels);
    }
    e.out.push_str("];\n");
}

/// The flavor's translations, cold (read only with `--lang` or `--json`), and their index
/// as a cold segment of its own, whose number this returns: catalog::TranslationIndex
/// decodes it. All numbers little-endian `u32`: for each server row, where its
/// translations start, and one more for where the last ends; then two words per
/// translation, where its text lies (a span's `at`) and its language (an index into the
/// flavor's languages) in the top byte over the text's length.
fn translation_index(e: &mut Emitter, f: &Flavor) -> usize {
    e.blob.go_cold("translations");
    let mut starts: Vec<u8> = Vec::new();
    let mut rows: Vec<u8> = Vec::new();
    let mut count: u32 = 0;
    for r in &f.server {
        starts.extend(count.to_le_bytes());
        for t in &r.translations {
            assert!(
                t.lang < 256 && t.message.len() < 1 << 24,
                "language or text too large"
            );
            let text = e.blob.span(&t.message);
            rows.extend(text.at().to_le_bytes());
            rows.extend((((t.lang as u32) << 24) | text.len as u32).to_le_bytes());
            count += 1;
        }
    }
    starts.extend(count.to_le_bytes());
    starts.extend(rows);
    e.blob
        .bytes_segment(&format!("{} translation index", f.name), starts)
}

/// The `Flavor`; `translations` is its index's segment, 0 for none.
fn flavor(e: &mut Emitter, ident: &str, f: &Flavor, translations: usize, names: &str) {
    let aliases: Vec<String> = f.aliases.iter().map(|a| format!("{a:?}")).collect();
    out!(
        e,
        "pub static {ident}: Flavor = Flavor {{\n    name: {:?},\n    aliases: &[{}],\n    \
         upstream_version: {:?},\n    version_style: {},\n    perror_version: {:?},\n    \
         learn_more: {:?},\n    \
         server: &{ident}_SERVER,\n    handler: &{ident}_HANDLER,\n    \
         client: &{ident}_CLIENT,\n    global: &{ident}_GLOBAL,\n    names: {names},\n    \
         languages: &{ident}_LANGUAGES,\n    log_levels: &{ident}_LOG_LEVELS,\n    translations: {translations},\n}};\n",
        f.name,
        aliases.join(", "),
        f.upstream_version,
        version_style(f.version_style),
        f.perror_version,
        f.learn_more,
    );
}

fn version_style(style: VersionStyle) -> &'static str {
    match style {
        VersionStyle::Ver => "VersionStyle::Ver",
        VersionStyle::From => "VersionStyle::From",
        VersionStyle::Mysql => "VersionStyle::Mysql",
    }
}
