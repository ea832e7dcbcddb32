//! The importer on a small MariaDB-shaped tree (tests/fixtures/mini) that holds every
//! awkward case the real files have.

use std::path::Path;

use xtask::import::{self, Flavor};
use xtask::tsv;

fn mini() -> Flavor {
    import::import_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"))
        .expect("the fixture imports")
}

/// The records of one generated file, as field vectors.
fn rows(flavor: &Flavor, file: &str, header: &[&str]) -> Vec<Vec<String>> {
    let text = &flavor
        .files
        .iter()
        .find(|(name, _)| *name == file)
        .unwrap_or_else(|| panic!("no {file}"))
        .1;
    tsv::parse(file, text, header)
        .unwrap()
        .into_iter()
        .map(|r| r.fields)
        .collect()
}

fn row(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

#[test]
fn flavor_name_and_provenance_come_from_version() {
    let f = mini();
    assert_eq!(
        (f.name.as_str(), f.version.as_str()),
        ("mariadb-99.1", "99.1.2")
    );
    let provenance = rows(&f, "provenance.tsv", &["key", "value"]);
    assert_eq!(provenance[0], row(&["upstream_version", "99.1.2"]));
}

#[test]
fn server_errors_follow_both_section_directives() {
    let server = rows(
        &mini(),
        "server.tsv",
        &["code", "name", "sqlstate", "odbc_state", "message"],
    );
    let codes: Vec<(&str, &str)> = server
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("1000", "ER_FIRST"),
            ("1001", "ER_NO_STATE"),
            ("1002", "ER_EMPTY"),
            ("1003", "ER_INNER_QUOTES"),
            ("1004", "ER_NO_ENGLISH"),
            ("1005", "ER_STRAY_LANG"),
            ("1900", "WARN_AFTER_SKIP"),
            ("3000", "ER_AFTER_START"),
        ]
    );
}

#[test]
fn states_escapes_and_empty_texts() {
    let server = rows(
        &mini(),
        "server.tsv",
        &["code", "name", "sqlstate", "odbc_state", "message"],
    );
    assert_eq!(
        server[0],
        row(&["1000", "ER_FIRST", "42S02", "S0002", "First %s"])
    );
    // No SQLSTATE: comp_err's HY000. Escapes decoded; an unknown escape loses its backslash.
    assert_eq!(
        server[1],
        row(&[
            "1001",
            "ER_NO_STATE",
            "HY000",
            "",
            "Line one\nLine \"two\" A z"
        ])
    );
    // comp_err turns an empty literal into a lone quote.
    assert_eq!(server[2][4], "\"");
    // The text runs to the last quote of the line.
    assert_eq!(server[3][4], "A \"quoted\" word");
}

#[test]
fn missing_english_is_empty_with_a_warning() {
    let f = mini();
    let server = rows(
        &f,
        "server.tsv",
        &["code", "name", "sqlstate", "odbc_state", "message"],
    );
    assert_eq!(server[4], row(&["1004", "ER_NO_ENGLISH", "HY000", "", ""]));
    assert!(
        f.warnings
            .iter()
            .any(|w| w.contains("ER_NO_ENGLISH has no eng text")),
        "{:?}",
        f.warnings
    );
}

#[test]
fn translations_keep_declared_languages_only() {
    let f = mini();
    let tr = rows(&f, "server-translations.tsv", &["code", "lang", "message"]);
    assert_eq!(
        tr,
        [
            row(&["1000", "ger", "Erste %s"]),
            row(&["1002", "ger", "\""]),
            row(&["1004", "ger", "Nur Deutsch"])
        ]
    );
    assert!(
        f.warnings
            .iter()
            .any(|w| w.contains("undeclared language \"fin\""))
    );
    let langs = rows(&f, "languages.tsv", &["code", "name"]);
    assert_eq!(
        langs,
        [
            row(&["eng", "english"]),
            row(&["ger", "german"]),
            row(&["fre", "french"])
        ],
        "a list over two lines"
    );
}

#[test]
fn handler_table_names_only_from_the_error_block() {
    let f = mini();
    let handler = rows(&f, "handler.tsv", &["code", "name", "message"]);
    assert_eq!(
        handler,
        [
            row(&["120", "HA_ERR_KEY_NOT_FOUND", "Didn't find the key"]),
            row(&["121", "", "Undefined handler error 121"]),
            row(&["122", "HA_FTS_ODD_NAME", "Odd name"]),
        ]
    );
    let aliases = rows(&f, "aliases.tsv", &["alias", "name"]);
    assert_eq!(
        aliases,
        [row(&["HA_ERR_ALIAS", "HA_ERR_KEY_NOT_FOUND"])],
        "aliases of non-errors are dropped"
    );
}

#[test]
fn client_tables_with_gaps_strings_and_comments() {
    let client = rows(&mini(), "client.tsv", &["code", "name", "message"]);
    assert_eq!(
        client,
        [
            row(&["2000", "CR_UNKNOWN_ERROR", "Unknown error"]),
            // 2001 is an empty slot with no name: a gap. 2002 has a name: kept.
            row(&["2002", "CR_NAMED_BUT_EMPTY", ""]),
            row(&[
                "2003",
                "CR_LAST_ONE",
                "Tab\there, quote \" and /* not a comment */"
            ]),
            row(&[
                "5000",
                "CR_EVENT_CREATE_FAILED",
                "Creating an event failed (Errorcode: %d)"
            ]),
        ]
    );
}

#[test]
fn global_errors_skip_unnamed_empty_slots() {
    let global = rows(&mini(), "global.tsv", &["code", "name", "message"]);
    assert_eq!(
        global,
        [
            row(&[
                "1",
                "EE_CANTCREATEFILE",
                "Can't create/write to file '%s' (Errcode: %iE)"
            ]),
            row(&["3", "EE_EOFERR", "Unexpected end-of-file"]),
        ]
    );
}

#[test]
fn malformed_catalogue_names_the_line() {
    let bad = "languages english=eng;\ndefault-language eng\nstart-error-number 1000\nER_A\n  eng no quote\n";
    let e = xtask::import::errmsg::parse(bad).unwrap_err();
    assert_eq!(e.line, 5);
    let e = xtask::import::errmsg::parse("default-language eng\nER_A\n").unwrap_err();
    assert!(e.reason.contains("before start-error-number"), "{e}");
    let e = xtask::import::errmsg::parse(
        "default-language eng\nstart-error-number 5\nskip-to-error-number 4\n",
    )
    .unwrap_err();
    assert!(e.reason.contains("goes back"), "{e}");
}
