//! The importer on a small MySQL-shaped tree (tests/fixtures/mysql-mini): two catalogue
//! files read as one, charsets on the languages line, reserved sections, obsolete names,
//! and MySQL's own rules for texts and empty slots.

use std::path::Path;

use xtask::import::errmsg::{self, MYSQL, Parser};
use xtask::import::{self, Flavor};
use xtask::tsv;

const SERVER: [&str; 5] = ["code", "name", "sqlstate", "odbc_state", "message"];
const CODES: [&str; 3] = ["code", "name", "message"];

fn mini() -> Flavor {
    import::import_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mysql-mini"))
        .expect("the fixture imports")
}

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

/// Parses a clients file and an error-log file the way the importer does.
fn parse_pair(clients: &str, error_log: &str) -> Result<(), errmsg::ParseError> {
    let mut parser = Parser::new(MYSQL);
    parser.file(clients, Some(1000))?;
    parser.file(error_log, Some(errmsg::MYSQL_ERROR_LOG_FIRST))?;
    parser.finish().map(|_| ())
}

const LANGUAGES: &str = "languages english=eng latin1, german=ger latin1;\n";

#[test]
fn flavor_name_files_and_provenance() {
    let f = mini();
    assert_eq!(
        (f.name.as_str(), f.version.as_str()),
        ("mysql-98.7", "98.7.3")
    );
    let names: Vec<&str> = f.files.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "provenance.tsv",
            "languages.tsv",
            "server.tsv",
            "server-error-log.tsv",
            "server-translations.tsv",
            "handler.tsv",
            "client.tsv",
            "global.tsv",
            "aliases.tsv",
            "error-log-levels.tsv"
        ]
    );
    let provenance = rows(&f, "provenance.tsv", &["key", "value"]);
    assert_eq!(provenance[0], row(&["upstream_version", "98.7.3"]));
    assert!(provenance.contains(&row(&["source", "share/messages_to_error_log.txt"])));
    let reserved: Vec<&str> = provenance
        .iter()
        .filter(|r| r[0] == "reserved_section")
        .map(|r| r[1].as_str())
        .collect();
    assert_eq!(reserved, ["2000-2999", "50000-51999"]);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
}

#[test]
fn languages_drop_the_charset() {
    assert_eq!(
        rows(&mini(), "languages.tsv", &["code", "name"]),
        [
            row(&["eng", "english"]),
            row(&["ger", "german"]),
            row(&["bgn", "bulgarian"])
        ]
    );
}

#[test]
fn client_facing_errors_start_at_1000_and_follow_sections() {
    let server = rows(&mini(), "server.tsv", &SERVER);
    assert_eq!(
        server,
        [
            row(&["1000", "OBSOLETE_ER_FIRST", "HY000", "", "first"]),
            row(&["1001", "ER_DUP", "23000", "S1009", "Dup '%-.192s'"]),
            // MySQL's comp_err: an empty literal is an empty text (MariaDB's gives `"`).
            row(&["1002", "ER_EMPTY", "HY000", "", ""]),
            row(&[
                "1003",
                "ER_ESCAPES",
                "HY000",
                "",
                "A \"quoted\" word, \\N, it's, A\nnext line"
            ]),
            row(&["3000", "ER_AFTER_RESERVED", "HY000", "", "Third section"]),
            row(&["3001", "OBSOLETE_ER_TWICE", "HY000", "", "obsolete here"]),
            row(&[
                "3002",
                "ER_XPLUGIN_IPv6_NAME",
                "HY000",
                "",
                "Mixed case name"
            ]),
        ]
    );
}

#[test]
fn error_log_errors_start_at_10000_in_their_own_file() {
    let f = mini();
    assert_eq!(
        rows(&f, "server-error-log.tsv", &SERVER),
        [
            row(&["10000", "ER_LOG_FIRST", "XX999", "", "Parser saw: %s"]),
            // An obsolete name may repeat, as in 9.7's OBSOLETE_ER_XA_REPLICATION_FILTERS.
            row(&["10001", "OBSOLETE_ER_TWICE", "HY000", "", "obsolete again"]),
            row(&["15000", "ER_LOG_LATE", "HY000", "", "%s"]),
        ]
    );
    assert_eq!(
        rows(&f, "server-translations.tsv", &["code", "lang", "message"]),
        [
            row(&["1001", "ger", "Doppelt '%-.192s'"]),
            row(&["10000", "bgn", "Анализаторът видя: %s"]),
        ]
    );
}

#[test]
fn empty_slots_are_entries_in_mysql_tables() {
    let f = mini();
    assert_eq!(
        rows(&f, "global.tsv", &CODES),
        [
            row(&[
                "1",
                "EE_CANTCREATEFILE",
                "Can't create/write to file '%s' (OS errno %d - %s)"
            ]),
            row(&[
                "2",
                "EE_LINK",
                "Error on rename of '%s' to '%s' (OS errno %d - %s)"
            ]),
            // MySQL's perror prints `MySQL error code MY-000008: ` for such a slot.
            row(&["3", "", ""]),
            row(&[
                "4",
                "EE_EOFERR",
                "Unexpected EOF found when reading file '%s' (OS errno %d - %s)"
            ]),
        ]
    );
    assert_eq!(
        rows(&f, "handler.tsv", &CODES),
        [
            row(&[
                "120",
                "HA_ERR_KEY_NOT_FOUND",
                "Didn't find key on read or update"
            ]),
            row(&[
                "121",
                "HA_ERR_FOUND_DUPP_KEY",
                "Duplicate key on write or update"
            ]),
            row(&["122", "", "Undefined handler error 122"]),
        ]
    );
    assert_eq!(
        rows(&f, "client.tsv", &CODES),
        [
            row(&["2000", "CR_UNKNOWN_ERROR", "Unknown MySQL error"]),
            row(&[
                "2001",
                "CR_SOCKET_CREATE_ERROR",
                "Can't create UNIX socket (%d)"
            ]),
        ],
        "the array's final \"\" is its terminator"
    );
}

#[test]
fn reserved_sections_hold_no_error() {
    let e = parse_pair(
        &format!(
            "{LANGUAGES}reserved-error-section 1001 1999\nER_A\n eng \"a\"\nER_B\n eng \"b\"\n"
        ),
        "",
    )
    .unwrap_err();
    assert_eq!(e.line, 5, "{e}");
    assert!(e.reason.contains("reserved section 1001-1999"), "{e}");
    let e = parse_pair(
        &format!("{LANGUAGES}reserved-error-section 2000 2999\nstart-error-number 2500\n"),
        "",
    )
    .unwrap_err();
    assert!(e.reason.contains("reserved section"), "{e}");
    let e = parse_pair(
        &format!("{LANGUAGES}reserved-error-section 2000 2999\nreserved-error-section 2500 3500\n"),
        "",
    )
    .unwrap_err();
    assert!(e.reason.contains("overlaps"), "{e}");
    let e = parse_pair(&format!("{LANGUAGES}reserved-error-section 9 2\n"), "").unwrap_err();
    assert!(e.reason.contains("FIRST < LAST"), "{e}");
}

#[test]
fn mysql_grammar_refuses_what_its_comp_err_refuses() {
    let cases = [
        // A section may only move forward.
        (
            format!("{LANGUAGES}ER_A\n eng \"a\"\nER_B\n eng \"b\"\nstart-error-number 1001\n"),
            String::new(),
            "goes back",
        ),
        // No \n in a message to the error log; fine in a message to clients.
        (
            format!("{LANGUAGES}ER_A\n eng \"a\\nb\"\n"),
            "ER_L\n eng \"a\\nb\"\n".to_string(),
            "may not contain",
        ),
        (
            format!("{LANGUAGES}ER_A\n eng \"a\" b\n"),
            String::new(),
            "after the closing",
        ),
        (
            format!("{LANGUAGES}ER_A\n fin \"a\"\n"),
            String::new(),
            "undeclared language",
        ),
        (
            LANGUAGES.to_string(),
            "languages finnish=fin latin1;\n".to_string(),
            "second languages line",
        ),
        (
            "languages english=eng;\n".to_string(),
            String::new(),
            "name=code charset",
        ),
        (
            "start-error-number 1000\n".to_string(),
            String::new(),
            "before the languages line",
        ),
        (
            format!("{LANGUAGES}skip-to-error-number 1500\n"),
            String::new(),
            "neither a directive nor an error name",
        ),
        (
            format!("{LANGUAGES}MY_ERROR\n eng \"a\"\n"),
            String::new(),
            "neither a directive nor an error name",
        ),
        (
            format!("{LANGUAGES}ER_A\n eng \"a\"\n"),
            "ER_A\n eng \"again\"\n".to_string(),
            "defined twice",
        ),
    ];
    for (clients, error_log, reason) in cases {
        let e = parse_pair(&clients, &error_log)
            .expect_err(&format!("{clients:?} + {error_log:?} should fail"));
        assert!(e.reason.contains(reason), "{e} (wanted {reason:?})");
    }
}

#[test]
fn default_language_is_eng_unless_named() {
    let mut parser = Parser::new(MYSQL);
    parser
        .file(&format!("{LANGUAGES}ER_A\n ger \"a\"\n"), Some(1000))
        .unwrap();
    assert_eq!(parser.finish().unwrap().default_language, "eng");
    let mut parser = Parser::new(MYSQL);
    parser
        .file(&format!("{LANGUAGES}default-language ger\n"), Some(1000))
        .unwrap();
    assert_eq!(parser.finish().unwrap().default_language, "ger");
}

#[test]
fn levels_are_checked_against_the_catalogue_and_keep_code_name_levels() {
    let f = mini();
    assert_eq!(
        rows(&f, "error-log-levels.tsv", &["code", "name", "levels"]),
        [
            row(&["10000", "ER_LOG_FIRST", "ERROR,INFORMATION"]),
            row(&["15000", "ER_LOG_LATE", "SYSTEM"])
        ]
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mysql-mini");
    let tmp = std::env::temp_dir().join(format!("perror-levels-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    copy_tree(&root, &tmp);
    for (bad, why) in [
        ("10000\tER_WRONG\tERROR\t1", "no server error"),
        ("10000\tER_LOG_FIRST\tDEBUG\t1", "no level"),
    ] {
        let text = format!("code\tname\tlevels\tcall_sites\n{bad}\n");
        std::fs::write(tmp.join("error-log-levels.tsv"), text).unwrap();
        let e = import::import_tree(&tmp).err().expect(why).to_string();
        assert!(e.contains(why), "{e}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
