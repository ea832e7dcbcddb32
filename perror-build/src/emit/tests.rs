//! The emitter on the fixture flavors, read back: spans give the model's texts, indexes
//! take codes to their rows, searched arrays are sorted, and the items are all there.

use super::read_back::{array, phf_entries_after, span_texts, text};
use super::*;
use crate::fixture;
use crate::model::{CodeRow, Options, load};

fn build() -> BuildInfo {
    BuildInfo {
        default_flavor: "tiny-1.0".into(),
        system_type: "linux-gnu".into(),
        machine_type: "x86_64".into(),
    }
}

fn catalog(options: &Options) -> Catalog {
    load(&fixture::data(), options).unwrap()
}

fn generated() -> (Catalog, String) {
    let c = catalog(&fixture::ALL);
    let code = emit(&c, &build());
    (c, code)
}

/// The texts of each element of an array item.
fn texts<'b>(code: &str, head: &str, blob: &'b str) -> Vec<Vec<&'b str>> {
    array(code, head)
        .iter()
        .map(|l| span_texts(l, blob))
        .collect()
}

/// Each row's texts, as [`texts`] reads them back.
fn rows_texts<T>(rows: &[T], fields: impl Fn(&T) -> Vec<&str>) -> Vec<Vec<&str>> {
    rows.iter().map(fields).collect()
}

#[test]
fn spans_slice_the_blob_back_to_the_rows_texts() {
    let (c, code) = generated();
    let blob = text(&code);
    let read = |head: String| texts(&code, &head, &blob);
    let code_rows = |rows| rows_texts(rows, |r: &CodeRow| vec![&r.name, &r.message]);
    for f in &c.flavors {
        let id = flavor::ident(&f.name);
        let server = rows_texts(&f.server, |r| vec![&r.name, &r.message]);
        assert_eq!(read(format!("static {id}_SERVER_ROWS")), server);
        assert_eq!(
            read(format!("static {id}_HANDLER_ROWS")),
            code_rows(&f.handler)
        );
        assert_eq!(
            read(format!("static {id}_CLIENT_ROWS")),
            code_rows(&f.client)
        );
        assert_eq!(
            read(format!("static {id}_GLOBAL_ROWS")),
            code_rows(&f.global)
        );
        let languages = rows_texts(&f.languages, |l| vec![&l.code, &l.name]);
        assert_eq!(read(format!("static {id}_LANGUAGES")), languages);
        let names = rows_texts(&f.symbols, |s| vec![&s.key]);
        assert_eq!(read(format!("static {id}_NAMES")), names);
    }
    assert_eq!(read("static BDB_ROWS".into()), code_rows(&c.bdb));
    let states = rows_texts(&c.sqlstates, |s| vec![&s.state, &s.source, &s.meaning]);
    assert_eq!(read("static SQLSTATES".into()), states);
    let locales = rows_texts(&c.locales, |l| vec![&l.alias, &l.language]);
    assert_eq!(read("static LOCALES".into()), locales);
}

#[test]
fn a_text_is_stored_once() {
    let (_, code) = generated();
    let blob = text(&code);
    // "hashchk" is 1000's message in both flavors and a translation of tiny-1.0.
    assert_eq!(blob.matches("hashchk").count(), 1);
    assert_eq!(blob.matches("ER_HASHCHK").count(), 1);
}

#[test]
fn indexes_take_each_code_to_its_row() {
    let (c, code) = generated();
    for f in &c.flavors {
        let id = flavor::ident(&f.name);
        let server: Vec<i32> = f.server.iter().map(|r| r.code).collect();
        let tables = [
            ("SERVER", server),
            ("HANDLER", f.handler.iter().map(|r| r.code).collect()),
            ("CLIENT", f.client.iter().map(|r| r.code).collect()),
            ("GLOBAL", f.global.iter().map(|r| r.code).collect()),
        ];
        for (table, codes) in tables {
            let mut entries = phf_entries_after(&code, &format!("static {id}_{table}:"));
            entries.sort_by_key(|&(_, row)| row);
            let want: Vec<(i32, usize)> = codes.into_iter().zip(0..).collect();
            assert_eq!(entries, want, "{id} {table}");
        }
    }
    let mut bdb = phf_entries_after(&code, "static BDB:");
    bdb.sort_by_key(|&(_, row)| row);
    assert_eq!(bdb, [(-30999, 0), (-30998, 1)]);
}

#[test]
fn searched_arrays_are_sorted_by_their_key() {
    let (_, code) = generated();
    let blob = text(&code);
    for head in [
        "static TINY_1_0_NAMES",
        "static TINY_2_0_NAMES",
        "static SQLSTATES",
        "static LOCALES",
        "static EXPLANATIONS",
    ] {
        let keys: Vec<&str> = texts(&code, head, &blob).iter().map(|t| t[0]).collect();
        assert!(keys.len() > 1, "{head}");
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{head}: {keys:?}");
    }
}

#[test]
fn translations_are_grouped_by_server_row() {
    let (_, code) = generated();
    let blob = text(&code);
    assert!(
        code.contains("static TINY_1_0_TRANSLATED: [u32; 4] = [0, 1, 3, 3];\n"),
        "1000 has one, 1002 two, 1005 none"
    );
    let translations: Vec<(u32, &str)> = array(&code, "static TINY_1_0_TRANSLATIONS")
        .iter()
        .map(|l| {
            let numbers: Vec<u32> = l
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().unwrap())
                .collect();
            let (at, lang_len) = (numbers[0] as usize, numbers[1]);
            let len = (lang_len & 0x00ff_ffff) as usize;
            (lang_len >> 24, &blob[at..at + len])
        })
        .collect();
    assert_eq!(translations, [(1, "hashchk"), (1, "Nein"), (0, "No")]);
}

#[test]
fn an_english_only_catalog_has_empty_translation_tables() {
    let english = catalog(&Options {
        translations: false,
    });
    let code = emit(&english, &build());
    assert!(code.contains("static TINY_1_0_TRANSLATED: [u32; 0] = [];\n"));
    assert!(code.contains("static TINY_1_0_TRANSLATIONS: [Translation; 0] = [\n];\n"));
    assert!(!text(&code).contains("Nein"));
}

#[test]
fn write_ups_point_at_their_bullets() {
    let (_, code) = generated();
    let blob = text(&code);
    let bullets: Vec<&str> = texts(&code, "static BULLETS", &blob).concat();
    assert_eq!(
        bullets,
        [
            "a",
            "b",
            "c",
            "cause one continued",
            "cause two",
            "look",
            "fix it"
        ]
    );
    let explanations = array(&code, "static EXPLANATIONS");
    assert_eq!(
        explanations[1],
        format!(
            "    ({}, Explanation::Doc(Doc {{ summary: {}, causes: Bullets {{ at: 3, len: 2 }}, \
             find_out: Bullets {{ at: 5, len: 1 }}, fix: Bullets {{ at: 6, len: 1 }} }})),",
            span_at(&blob, "server-1000"),
            span_at(&blob, "Summary of it.")
        )
    );
    let see = span_texts(explanations[2], &blob);
    assert_eq!(see, ["server-1002", "server-1000"]);
    assert!(explanations[2].contains("Explanation::See("));
}

/// The span of the first occurrence of `s` in the blob.
fn span_at(blob: &str, s: &str) -> Span {
    Span {
        at: blob.find(s).unwrap(),
        len: s.len(),
    }
}

#[test]
fn the_flavor_items_are_all_there() {
    let (_, code) = generated();
    let items: Vec<&str> = code
        .lines()
        .filter(|l| l.starts_with("static ") || l.starts_with("pub "))
        .map(|l| l.split(" = ").next().unwrap())
        .collect();
    let mut want = Vec::new();
    for id in ["TINY_1_0", "TINY_2_0"] {
        let n = if id == "TINY_1_0" {
            [3, 2, 1, 1, 7, 2, 4, 3]
        } else {
            [5, 1, 1, 0, 7, 1, 6, 1]
        };
        want.extend([
            format!("static {id}_SERVER_ROWS: [ServerEntry; {}]", n[0]),
            format!("static {id}_SERVER: ServerTable"),
            format!("static {id}_HANDLER_ROWS: [Entry; {}]", n[1]),
            format!("static {id}_HANDLER: Table"),
            format!("static {id}_CLIENT_ROWS: [Entry; {}]", n[2]),
            format!("static {id}_CLIENT: Table"),
            format!("static {id}_GLOBAL_ROWS: [Entry; {}]", n[3]),
            format!("static {id}_GLOBAL: Table"),
            format!("static {id}_NAMES: [Symbol; {}]", n[4]),
            format!("static {id}_LANGUAGES: [Language; {}]", n[5]),
            format!("static {id}_TRANSLATED: [u32; {}]", n[6]),
            format!("static {id}_TRANSLATIONS: [Translation; {}]", n[7]),
            format!("pub static {id}: Flavor"),
        ]);
    }
    want.extend(
        [
            "pub static FLAVORS: &[&Flavor]",
            "static ERROR_LOG_SECTIONS: [(Span, i32); 1]",
            "pub const DEFAULT_FLAVOR: &str",
            "pub const SYSTEM_TYPE: &str",
            "pub const MACHINE_TYPE: &str",
            "static BDB_ROWS: [Entry; 2]",
            "static BDB: Table",
            "static SQLSTATES: [(Span, Span, Span); 3]",
            "static LOCALES: [(Span, Span); 4]",
            "static BULLETS: [Span; 7]",
            "static EXPLANATIONS: [(Span, Explanation); 3]",
            "static TEXT: &str",
        ]
        .map(String::from),
    );
    assert_eq!(items, want);
    assert!(code.starts_with("// @generated by build.rs from data/; do not edit.\n\n"));
    assert!(code.ends_with("\";\n"));
}

#[test]
fn the_flavor_static_says_what_the_registration_does() {
    let (_, code) = generated();
    let tiny2 = code
        .split("pub static TINY_2_0: Flavor = Flavor {\n")
        .nth(1)
        .and_then(|rest| rest.split("};\n").next())
        .unwrap();
    assert_eq!(
        tiny2,
        "    name: \"tiny-2.0\",\n    aliases: &[\"t2\"],\n    upstream_version: \"2.0.1\",\n    \
         version_style: VersionStyle::Mysql,\n    perror_version: \"9.7\",\n    \
         server: &TINY_2_0_SERVER,\n    handler: &TINY_2_0_HANDLER,\n    client: &TINY_2_0_CLIENT,\n    \
         global: &TINY_2_0_GLOBAL,\n    names: &TINY_2_0_NAMES,\n    languages: &TINY_2_0_LANGUAGES,\n    \
         translated: &TINY_2_0_TRANSLATED,\n    translations: &TINY_2_0_TRANSLATIONS,\n"
    );
    assert!(code.contains("    aliases: &[\"t1\", \"1.0\"],\n"));
    assert!(code.contains("    version_style: VersionStyle::From,\n"));
    assert!(code.contains("pub static FLAVORS: &[&Flavor] = &[&TINY_1_0, &TINY_2_0];\n"));
    assert!(code.contains("pub const DEFAULT_FLAVOR: &str = \"tiny-1.0\";\n"));
    assert!(code.contains("pub const SYSTEM_TYPE: &str = \"linux-gnu\";\n"));
    assert!(code.contains("pub const MACHINE_TYPE: &str = \"x86_64\";\n"));
}

#[test]
fn server_rows_carry_their_states_as_bytes() {
    let (_, code) = generated();
    let rows = array(&code, "static TINY_1_0_SERVER_ROWS");
    assert!(
        rows[1].contains("code: 1002,")
            && rows[1].contains(
                "sqlstate: State([72, 89, 48, 48, 48]), odbc_state: State([83, 49, 48, 48, 48])"
            ),
        "{}",
        rows[1]
    );
    assert!(
        rows[0].contains("odbc_state: State([0, 0, 0, 0, 0])"),
        "none is zeros"
    );
}

#[test]
fn the_error_log_section_is_named_only_where_a_flavor_has_one() {
    let (_, code) = generated();
    let blob = text(&code);
    let sections = array(&code, "static ERROR_LOG_SECTIONS");
    assert_eq!(sections.len(), 1);
    assert_eq!(span_texts(sections[0], &blob), ["tiny-2.0"]);
    assert!(sections[0].ends_with(", 10000),"), "{}", sections[0]);

    // Without it, no item: a MariaDB-only catalog is what it always was.
    let data = fixture::with_tsv(
        "flavors.tsv",
        &[
            "flavor|aliases|version_style|perror_version",
            "tiny-1.0|t1,1.0|from|2.11",
        ],
    );
    let mariadb_only = load(&data, &fixture::ALL).unwrap();
    let code = emit(&mariadb_only, &build());
    assert!(!code.contains("ERROR_LOG_SECTIONS"));
    assert!(!text(&code).contains("tiny-1.0"));
}

#[test]
fn the_same_model_emits_the_same_bytes() {
    let (c, code) = generated();
    assert_eq!(emit(&c, &build()), code);
    assert_eq!(emit(&catalog(&fixture::ALL), &build()), code);
}
