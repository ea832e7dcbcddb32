//! The emitter on the fixture flavors, read back: spans give the model's texts from the
//! segment the emitter chose, indexes take codes to their rows, the translation index
//! decodes to each row's translations, searched arrays are sorted, and the items are all
//! there.

use std::path::PathBuf;

use super::read_back::{
    array, cold_names, field, phf_entries_after, rows, segments, span_texts, text_at,
};
use super::*;
use crate::fixture;
use crate::model::{CodeRow, Options, Product, load};

fn build(default_flavor: &str) -> BuildInfo {
    BuildInfo {
        default_flavor: default_flavor.into(),
        hot_flavors: Vec::new(),
        system_type: "linux-gnu".into(),
        machine_type: "x86_64".into(),
        out_dir: PathBuf::from("/out"),
    }
}

fn catalog(options: &Options) -> Catalog {
    load(&fixture::data(), options).unwrap()
}

fn generated() -> (Catalog, Generated) {
    let c = catalog(&fixture::ALL);
    let g = emit(&c, &build("tiny-1.0"));
    (c, g)
}

/// The texts of each element of an array item.
fn texts<'s>(code: &str, head: &str, segments: &'s [Vec<u8>]) -> Vec<Vec<&'s str>> {
    array(code, head)
        .iter()
        .map(|l| span_texts(l, segments))
        .collect()
}

/// Each row's texts, as [`texts`] reads them back.
fn rows_texts<T>(rows: &[T], fields: impl Fn(&T) -> Vec<&str>) -> Vec<Vec<&str>> {
    rows.iter().map(fields).collect()
}

/// The text of a row that keeps its name's span in two fields (`name_at`, `name_len`).
fn name<'s>(line: &str, at: &str, len: &str, segments: &'s [Vec<u8>]) -> &'s str {
    text_at(segments, field(line, at), field(line, len))
}

#[test]
fn spans_give_back_the_rows_texts() {
    let (c, g) = generated();
    let segments = segments(&g);
    let code = &g.code;
    let read = |head: String| texts(code, &head, &segments);
    let code_rows = |rows| rows_texts(rows, |r: &CodeRow| vec![&r.name, &r.message]);
    for f in &c.flavors {
        let id = flavor::ident(&f.name);
        let server: Vec<Vec<&str>> = rows(code, &format!("static {id}_SERVER_ROWS"), &segments)
            .iter()
            .map(|l| {
                let mut texts = vec![name(l, "name_at", "name_len", &segments)];
                texts.extend(span_texts(l, &segments));
                texts
            })
            .collect();
        assert_eq!(server, rows_texts(&f.server, |r| vec![&r.name, &r.message]));
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
        let names: Vec<&str> = rows(code, &format!("static {id}_NAMES"), &segments)
            .iter()
            .map(|l| name(l, "at", "len", &segments))
            .collect();
        let spelled: Vec<&str> = f.symbols.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, spelled);
    }
    assert_eq!(read("static BDB_ROWS".into()), code_rows(&c.bdb));
    let states = rows_texts(&c.sqlstates, |s| vec![&s.state, &s.source, &s.meaning]);
    assert_eq!(read("static SQLSTATES".into()), states);
    let locales = rows_texts(&c.locales, |l| vec![&l.alias, &l.language]);
    assert_eq!(read("static LOCALES".into()), locales);
}

#[test]
fn the_default_flavor_is_hot_and_each_other_flavor_cold_in_a_segment_of_its_own() {
    let (_, g) = generated();
    assert_eq!(
        cold_names(&g.code),
        [
            "translations",
            "tiny-1.0 translation index",
            "tiny-2.0",
            "tiny-2.0 server rows",
            "tiny-2.0 symbols",
            "tiny-2.0 translation index",
            "write-ups"
        ]
    );
    let segments = segments(&g);
    let holds = |segment: usize, text: &str| {
        segments[segment]
            .windows(text.len())
            .filter(|w| *w == text.as_bytes())
            .count()
    };
    // tiny-1.0's texts and the shared tables' are hot, tiny-2.0's own are not.
    for hot in [
        "ER_NO",
        "Unknown error",
        "CR_UNKNOWN_ERROR",
        "Non-existing key",
        "de_de",
    ] {
        assert_eq!(holds(0, hot), 1, "{hot}");
    }
    for tiny2 in ["IPv6 is available", "Unknown MySQL error", "Old again"] {
        assert_eq!((holds(0, tiny2), holds(3, tiny2)), (0, 1), "{tiny2}");
    }
    // Translations are cold, whichever the flavor.
    for translated in ["Nein", "The parser saw %s"] {
        assert_eq!((holds(0, translated), holds(1, translated)), (0, 1));
    }

    // Another default swaps them: tiny-2.0's texts hot, tiny-1.0's cold.
    let g = emit(&catalog(&fixture::ALL), &build("tiny-2.0"));
    assert_eq!(
        cold_names(&g.code),
        [
            "tiny-1.0",
            "tiny-1.0 server rows",
            "tiny-1.0 symbols",
            "translations",
            "tiny-1.0 translation index",
            "tiny-2.0 translation index",
            "write-ups"
        ]
    );
    let segments = super::read_back::segments(&g);
    let hot = String::from_utf8(segments[0].clone()).unwrap();
    assert!(hot.contains("IPv6 is available") && !hot.contains("ER_NO"));
    assert!(String::from_utf8_lossy(&segments[1]).contains("ER_NO"));
}

#[test]
fn a_text_already_hot_is_taken_from_there() {
    let (_, g) = generated();
    let segments = segments(&g);
    // "hashchk" is 1000's message in both flavors and a translation of tiny-1.0's, and
    // ER_HASHCHK a name in both: each is stored once, hot.
    for text in ["hashchk", "ER_HASHCHK", "HA_ERR_KEY_NOT_FOUND"] {
        let count = |s: &Vec<u8>| {
            s.windows(text.len())
                .filter(|w| *w == text.as_bytes())
                .count()
        };
        let counts: Vec<usize> = segments.iter().map(count).collect();
        assert_eq!(counts, [1, 0, 0, 0, 0, 0, 0, 0], "{text}");
    }
    let all = rows(&g.code, "static TINY_2_0_SERVER_ROWS", &segments);
    let row = all[0].as_str();
    let name_at = field(row, "name_at");
    assert_eq!(
        name_at >> SEGMENT_SHIFT,
        0,
        "tiny-2.0's 1000 names the hot ER_HASHCHK"
    );
    assert_eq!(name(row, "name_at", "name_len", &segments), "ER_HASHCHK");
}

#[test]
fn the_translation_index_decodes_to_each_rows_translations() {
    let (c, g) = generated();
    let segments = segments(&g);
    for (f, index) in c.flavors.iter().zip([2, 6]) {
        let id = flavor::ident(&f.name);
        let flavor_static = format!("pub static {id}: Flavor");
        let item = &g.code[g.code.find(&flavor_static).unwrap()..];
        assert!(
            item.contains(&format!("    translations: {index},\n}};")),
            "{id}"
        );
        let bytes = &segments[index];
        let word = |i: usize| u32::from_le_bytes(bytes[i * 4..i * 4 + 4].try_into().unwrap());
        let rows = f.server.len();
        let count = word(rows) as usize;
        assert_eq!(bytes.len(), 4 * (rows + 1) + 8 * count, "{id}");
        for (row, r) in f.server.iter().enumerate() {
            let decoded: Vec<(usize, &str)> = (word(row)..word(row + 1))
                .map(|t| {
                    let at = word(rows + 1 + 2 * t as usize);
                    let lang_len = word(rows + 2 + 2 * t as usize);
                    let text = text_at(&segments, at, lang_len & 0x00ff_ffff);
                    ((lang_len >> 24) as usize, text)
                })
                .collect();
            let want: Vec<(usize, &str)> = r
                .translations
                .iter()
                .map(|t| (t.lang, t.message.as_str()))
                .collect();
            assert_eq!(decoded, want, "{id} {}", r.code);
        }
    }
    // Spelled out for tiny-1.0: 1000 has one, 1002 two, 1005 none; then the eight-byte
    // rows, the first a hot text (tiny-1.0's own "hashchk").
    let tiny1 = &segments[2];
    let words: Vec<u32> = tiny1
        .chunks(4)
        .map(|w| u32::from_le_bytes(w.try_into().unwrap()))
        .collect();
    assert_eq!(words[..4], [0, 1, 3, 3]);
    assert_eq!(words[5], (1 << 24) | 7, "german, 7 bytes");
    assert_eq!(words[4] >> SEGMENT_SHIFT, 0, "hashchk is hot");
    assert_eq!(words[6] >> SEGMENT_SHIFT, 1, "Nein is in the translations");
}

#[test]
fn an_english_only_catalog_has_no_translations() {
    let english = catalog(&Options {
        translations: false,
    });
    let g = emit(&english, &build("tiny-1.0"));
    assert_eq!(
        cold_names(&g.code),
        [
            "tiny-2.0",
            "tiny-2.0 server rows",
            "tiny-2.0 symbols",
            "write-ups"
        ]
    );
    assert_eq!(g.code.matches("    translations: 0,\n};").count(), 2);
    let segments = segments(&g);
    assert!(
        segments
            .iter()
            .all(|s| !String::from_utf8_lossy(s).contains("Nein"))
    );
}

#[test]
fn indexes_take_each_code_to_its_row() {
    let (c, g) = generated();
    let code = &g.code;
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
            let mut entries = phf_entries_after(code, &format!("static {id}_{table}:"));
            entries.sort_by_key(|&(_, row)| row);
            let want: Vec<(i32, usize)> = codes.into_iter().zip(0..).collect();
            assert_eq!(entries, want, "{id} {table}");
        }
    }
    let mut bdb = phf_entries_after(code, "static BDB:");
    bdb.sort_by_key(|&(_, row)| row);
    assert_eq!(bdb, [(-30999, 0), (-30998, 1)]);
}

#[test]
fn searched_arrays_are_sorted_by_their_key() {
    let (_, g) = generated();
    let segments = segments(&g);
    for head in ["static SQLSTATES", "static LOCALES"] {
        let keys: Vec<&str> = texts(&g.code, head, &segments)
            .iter()
            .map(|t| t[0])
            .collect();
        assert!(keys.len() > 1, "{head}");
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{head}: {keys:?}");
    }
}

#[test]
fn symbols_are_spelled_as_their_rows_and_sorted_by_upper_case_key() {
    let (_, g) = generated();
    let segments = segments(&g);
    let lines = rows(&g.code, "static TINY_2_0_NAMES", &segments);
    let symbols: Vec<(&str, u32, &str)> = lines
        .iter()
        .map(|l| {
            let kind = l.split("kind: ").nth(1).unwrap().trim_end_matches(" },");
            (name(l, "at", "len", &segments), field(l, "code"), kind)
        })
        .collect();
    assert_eq!(
        symbols,
        [
            ("CR_UNKNOWN_ERROR", 2000, "Kind::Client"),
            ("ER_HASHCHK", 1000, "Kind::Server"),
            ("ER_IPV6", 3500, "Kind::Server"),
            ("ER_PARSER_TRACE", 10000, "Kind::Server"),
            ("ER_XPLUGIN_IPv6_AVAILABLE", 3500, "Kind::Server"),
            ("HA_ERR_KEY_NOT_FOUND", 120, "Kind::Handler"),
            ("OBSOLETE_ER_X", 3227, "Kind::Server"),
        ]
    );
    let keys: Vec<String> = symbols.iter().map(|s| s.0.to_ascii_uppercase()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
}

#[test]
fn write_ups_are_keyed_by_family_kind_and_code() {
    let (_, g) = generated();
    let segments = segments(&g);
    let explanations = array(&g.code, "static EXPLANATIONS");
    let keys: Vec<u64> = explanations
        .iter()
        .map(|e| {
            let key = e.trim().trim_start_matches('(').split(',').next().unwrap();
            key.parse().unwrap()
        })
        .collect();
    let expected: Vec<u64> = [
        (Product::MariaDb, "handler-120"),
        (Product::MariaDb, "server-1000"),
        (Product::MariaDb, "server-1002"),
        (Product::MySql, "handler-120"),
        (Product::MySql, "server-1000"),
        (Product::MySql, "server-1002"),
        (Product::MySql, "server-1003"),
    ]
    .iter()
    .map(|(p, k)| explain::key(*p, k).unwrap())
    .collect();
    assert_eq!(keys, expected);
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "searched by halving");
    assert_eq!(
        explain::key(Product::MySql, "server-1003"),
        Some(1 << 40 | 2 << 32 | 1003)
    );
    // Each section is one text, its bullets on lines of their own; the families'
    // renderings of a shared write-up differ where its {{…}} alternatives do.
    let doc = explanations[1];
    assert_eq!(
        span_texts(doc, &segments),
        [
            "Summary of it, MariaDB.",
            "cause one continued\ncause two",
            "look",
            "fix it",
            "https://example.org/server-1000"
        ]
    );
    assert!(doc.ends_with(", flavors: 0 })),"), "{doc}");
    assert_eq!(
        span_texts(explanations[4], &segments)[0],
        "Summary of it, MySQL."
    );
    assert!(explanations[5].contains(&format!(
        "Explanation::See({})",
        explain::key(Product::MySql, "server-1000").unwrap()
    )));
}

#[test]
fn a_write_up_for_some_flavors_carries_their_mask() {
    let mut c = catalog(&fixture::ALL);
    c.write_ups[0].front.flavors = vec!["tiny-2.0".into()];
    let g = emit(&c, &build("tiny-1.0"));
    let explanations = array(&g.code, "static EXPLANATIONS");
    assert!(
        explanations[0].ends_with("flavors: 2 })),"),
        "{}",
        explanations[0]
    );
    assert!(
        explanations[1].ends_with("flavors: 0 })),"),
        "{}",
        explanations[1]
    );
}

#[test]
fn the_items_are_all_there() {
    let (_, g) = generated();
    let items: Vec<&str> = g
        .code
        .lines()
        .filter(|l| l.starts_with("static ") || l.starts_with("pub ") || l.starts_with("const "))
        .map(|l| l.split(" = ").next().unwrap())
        .collect();
    let mut want = vec!["pub const DEFAULT_FLAVOR: &str".to_string()];
    for id in ["TINY_1_0", "TINY_2_0"] {
        let n = if id == "TINY_1_0" {
            [3, 2, 1, 1, 7, 2]
        } else {
            [5, 1, 1, 0, 7, 1]
        };
        let (server_rows, names) = if id == "TINY_1_0" {
            (
                format!("static {id}_SERVER_ROWS: [ServerEntry; {}]", n[0]),
                format!("static {id}_NAMES: [Symbol; {}]", n[4]),
            )
        } else {
            (
                format!("static {id}_SERVER_ROWS: ColdRows<ServerEntry>"),
                format!("static {id}_NAMES: ColdRows<Symbol>"),
            )
        };
        want.extend([
            server_rows,
            format!("static {id}_SERVER: ServerTable"),
            format!("static {id}_HANDLER_ROWS: [Entry; {}]", n[1]),
            format!("static {id}_HANDLER: Table"),
            format!("static {id}_CLIENT_ROWS: [Entry; {}]", n[2]),
            format!("static {id}_CLIENT: Table"),
            format!("static {id}_GLOBAL_ROWS: [Entry; {}]", n[3]),
            format!("static {id}_GLOBAL: Table"),
            names,
            format!("static {id}_LANGUAGES: [Language; {}]", n[5]),
            format!("static {id}_LOG_LEVELS: [(i32, u8); 0]"),
            format!("pub static {id}: Flavor"),
        ]);
    }
    want.extend(
        [
            "pub static FLAVORS: &[&Flavor]",
            "pub const SYSTEM_TYPE: &str",
            "pub const MACHINE_TYPE: &str",
            "static BDB_ROWS: [Entry; 2]",
            "static BDB: Table",
            "static SQLSTATES: [(Span, Span, Span); 3]",
            "static LOCALES: [(Span, Span); 4]",
            "static EXPLANATIONS: [(u64, Explanation); 7]",
            "static TEXT: &str",
            "const COLD_SEGMENTS: usize",
            "static COLD: [&[u8]; COLD_SEGMENTS]",
        ]
        .map(String::from),
    );
    assert_eq!(items, want);
    assert!(
        g.code
            .starts_with("// @generated by build.rs from data/; do not edit.\n\n")
    );
    assert!(
        g.code
            .ends_with("    include_bytes!(\"/out/cold-7.deflate\"),\n];\n")
    );
    let paths: Vec<PathBuf> = g.cold.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(
        paths,
        (1..=7)
            .map(|n| PathBuf::from(format!("/out/cold-{n}.deflate")))
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_flavor_static_says_what_the_registration_does() {
    let (_, g) = generated();
    let code = &g.code;
    let tiny2 = code
        .split("pub static TINY_2_0: Flavor = Flavor {\n")
        .nth(1)
        .and_then(|rest| rest.split("};\n").next())
        .unwrap();
    assert_eq!(
        tiny2,
        "    name: \"tiny-2.0\",\n    aliases: &[\"t2\"],\n    upstream_version: \"2.0.1\",\n    \
         version_style: VersionStyle::Mysql,\n    perror_version: \"9.7\",\n    \
         learn_more: \"\",\n    \
         server: &TINY_2_0_SERVER,\n    handler: &TINY_2_0_HANDLER,\n    client: &TINY_2_0_CLIENT,\n    \
         global: &TINY_2_0_GLOBAL,\n    names: Rows::Cold(&TINY_2_0_NAMES),\n    languages: &TINY_2_0_LANGUAGES,\n    \
         log_levels: &TINY_2_0_LOG_LEVELS,\n    translations: 6,\n"
    );
    assert!(code.contains("    aliases: &[\"t1\", \"1.0\"],\n"));
    assert!(code.contains("    version_style: VersionStyle::From,\n"));
    assert!(code.contains("pub static FLAVORS: &[&Flavor] = &[&TINY_1_0, &TINY_2_0];\n"));
    assert!(code.contains("pub const DEFAULT_FLAVOR: &str = \"tiny-1.0\";\n"));
    assert!(code.contains("pub const SYSTEM_TYPE: &str = \"linux-gnu\";\n"));
    assert!(code.contains("pub const MACHINE_TYPE: &str = \"x86_64\";\n"));
}

#[test]
fn server_rows_carry_their_states_as_bytes_and_their_section() {
    let (_, g) = generated();
    let hot = array(&g.code, "static TINY_1_0_SERVER_ROWS");
    assert!(
        hot[1].contains("code: 1002,")
            && hot[1].contains(
                "sqlstate: State([72, 89, 48, 48, 48]), odbc_state: State([83, 49, 48, 48, 48])"
            ),
        "{}",
        hot[1]
    );
    assert!(
        hot[0].contains("odbc_state: State([0, 0, 0, 0, 0])"),
        "none is zeros"
    );
    let segments = segments(&g);
    let lines = rows(&g.code, "static TINY_2_0_SERVER_ROWS", &segments);
    let sections: Vec<&str> = lines
        .iter()
        .map(|l| l.split("section: ").nth(1).unwrap())
        .collect();
    assert_eq!(
        sections,
        [
            "ServerSection::Client },",
            "ServerSection::Client },",
            "ServerSection::Client },",
            "ServerSection::ErrorLog },",
            "ServerSection::ErrorLog },",
        ]
    );
}

#[test]
fn the_same_model_emits_the_same_bytes() {
    let (c, g) = generated();
    assert_eq!(emit(&c, &build("tiny-1.0")), g);
    assert_eq!(emit(&catalog(&fixture::ALL), &build("tiny-1.0")), g);
}

#[test]
fn writing_puts_the_cold_files_and_the_code_where_they_are_named() {
    let dir = std::env::temp_dir().join(format!("perror-build-emit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut build = build("tiny-1.0");
    build.out_dir = dir.clone();
    let g = emit(&catalog(&fixture::ALL), &build);
    g.write(&dir.join("catalog.rs")).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("catalog.rs")).unwrap(),
        g.code
    );
    for (n, (path, bytes)) in (1..).zip(&g.cold) {
        assert_eq!(*path, dir.join(format!("cold-{n}.deflate")));
        assert_eq!(std::fs::read(path).unwrap(), *bytes);
    }
    std::fs::remove_dir_all(&dir).unwrap();
    let e = g.write(&dir.join("catalog.rs")).unwrap_err();
    assert_eq!(
        (e.file, e.line),
        (dir.join("cold-1.deflate").display().to_string(), 0),
        "the first file that cannot be written"
    );
}

/// `PERROR_HOT_FLAVORS` (the packaged build names every flavor): a flavor named hot keeps
/// its texts, rows and symbols out of the cold segments, as the default's are.
#[test]
fn a_flavor_named_hot_is_hot_beside_the_default() {
    let mut info = build("tiny-1.0");
    info.hot_flavors = vec!["tiny-2.0".into()];
    let g = emit(&catalog(&fixture::ALL), &info);
    let cold = cold_names(&g.code);
    assert!(
        !cold
            .iter()
            .any(|c| ["tiny-2.0", "tiny-2.0 server rows", "tiny-2.0 symbols"].contains(c)),
        "{cold:?}"
    );
    assert!(
        g.code
            .contains("pub const DEFAULT_FLAVOR: &str = \"tiny-1.0\";"),
        "the default is still tiny-1.0"
    );
}
