//! A flavor's items: its tables, symbols, languages and translations, and the `Flavor`.

use super::index::index;
use super::shared::code_table;
use super::{Emitter, out};
use crate::model::{Flavor, Kind, Language, ServerRow, Symbol, VersionStyle};

/// The flavor's items, named after [`ident`].
pub(super) fn emit(e: &mut Emitter, f: &Flavor, translations: bool) {
    let ident = ident(&f.name);
    server_table(e, &ident, &f.server);
    for (table, rows) in [
        ("HANDLER", &f.handler),
        ("CLIENT", &f.client),
        ("GLOBAL", &f.global),
    ] {
        code_table(e, &format!("{ident}_{table}"), rows);
    }
    symbols(e, &ident, &f.symbols);
    languages(e, &ident, &f.languages);
    translated(e, &ident, &f.server, translations);
    flavor(e, &ident, f);
}

/// The Rust name of a flavor's `Flavor` static (`mariadb-11.8` → `MARIADB_11_8`), and the
/// prefix of its other items.
pub(super) fn ident(name: &str) -> String {
    name.to_uppercase().replace(['-', '.'], "_")
}

fn server_table(e: &mut Emitter, ident: &str, rows: &[ServerRow]) {
    out!(
        e,
        "static {ident}_SERVER_ROWS: [ServerEntry; {}] = [",
        rows.len()
    );
    for r in rows {
        out!(
            e,
            "    ServerEntry {{ code: {}, name: {}, sqlstate: {}, odbc_state: {}, message: {} }},",
            r.code,
            e.blob.span(&r.name),
            state(&r.sqlstate),
            state(&r.odbc_state),
            e.blob.span(&r.message)
        );
    }
    e.out.push_str("];\n");
    let codes: Vec<i32> = rows.iter().map(|r| r.code).collect();
    out!(
        e,
        "static {ident}_SERVER: ServerTable = ServerTable {{ rows: &{ident}_SERVER_ROWS, index: {} }};",
        index(&codes)
    );
}

/// A SQLSTATE's five bytes as a `State(..)` expression; zeros for none.
fn state(s: &str) -> String {
    let mut bytes = [0u8; 5];
    if s.len() == 5 {
        bytes.copy_from_slice(s.as_bytes());
    }
    format!("State({bytes:?})")
}

/// Sorted by key: catalog.rs finds a name by halving.
fn symbols(e: &mut Emitter, ident: &str, symbols: &[Symbol]) {
    out!(e, "static {ident}_NAMES: [Symbol; {}] = [", symbols.len());
    for s in symbols {
        out!(
            e,
            "    Symbol {{ name: {}, kind: {}, code: {} }},",
            e.blob.span(&s.key),
            kind(s.kind),
            s.code
        );
    }
    e.out.push_str("];\n");
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

/// The translations, 8 bytes each (where the text starts; the language in the top byte of
/// the length), grouped by server row: row `i`'s are `TRANSLATIONS[TRANSLATED[i]..
/// TRANSLATED[i + 1]]`. Both are empty when translations were not read.
fn translated(e: &mut Emitter, ident: &str, rows: &[ServerRow], translations: bool) {
    let mut starts: Vec<usize> = Vec::new();
    let mut entries: Vec<String> = Vec::new();
    if translations {
        for r in rows {
            starts.push(entries.len());
            for t in &r.translations {
                assert!(
                    t.lang < 256 && t.message.len() < 1 << 24,
                    "language or text too large"
                );
                let at = e.blob.span(&t.message).at;
                let lang_len = (t.lang << 24) | t.message.len();
                entries.push(format!("Translation {{ at: {at}, lang_len: {lang_len} }}"));
            }
        }
        starts.push(entries.len());
    }
    out!(
        e,
        "static {ident}_TRANSLATED: [u32; {}] = {starts:?};",
        starts.len()
    );
    out!(
        e,
        "static {ident}_TRANSLATIONS: [Translation; {}] = [",
        entries.len()
    );
    for entry in &entries {
        out!(e, "    {entry},");
    }
    e.out.push_str("];\n");
}

fn flavor(e: &mut Emitter, ident: &str, f: &Flavor) {
    let aliases: Vec<String> = f.aliases.iter().map(|a| format!("{a:?}")).collect();
    out!(
        e,
        "pub static {ident}: Flavor = Flavor {{\n    name: {:?},\n    aliases: &[{}],\n    \
         upstream_version: {:?},\n    version_style: {},\n    perror_version: {:?},\n    \
         server: &{ident}_SERVER,\n    handler: &{ident}_HANDLER,\n    \
         client: &{ident}_CLIENT,\n    global: &{ident}_GLOBAL,\n    names: &{ident}_NAMES,\n    \
         languages: &{ident}_LANGUAGES,\n    \
         translated: &{ident}_TRANSLATED,\n    translations: &{ident}_TRANSLATIONS,\n}};\n",
        f.name,
        aliases.join(", "),
        f.upstream_version,
        version_style(f.version_style),
        f.perror_version,
    );
}

fn version_style(style: VersionStyle) -> &'static str {
    match style {
        VersionStyle::Ver => "VersionStyle::Ver",
        VersionStyle::From => "VersionStyle::From",
        VersionStyle::Mysql => "VersionStyle::Mysql",
    }
}
