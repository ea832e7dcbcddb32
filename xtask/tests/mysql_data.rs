//! The committed data/mysql-9.7 holds together: build.rs does not read it until the MySQL
//! flavor is registered in flavors.tsv, so these are its checks until then.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use xtask::import::errmsg::MYSQL_ERROR_LOG_FIRST;
use xtask::tsv;

const SERVER: [&str; 5] = ["code", "name", "sqlstate", "odbc_state", "message"];

fn read(file: &str, header: &[&str]) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data/mysql-9.7")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    tsv::parse(file, &text, header)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|r| r.fields)
        .collect()
}

fn codes(rows: &[Vec<String>]) -> Vec<i64> {
    rows.iter()
        .map(|r| {
            r[0].parse()
                .unwrap_or_else(|_| panic!("bad code {:?}", r[0]))
        })
        .collect()
}

fn reserved_sections() -> Vec<(i64, i64)> {
    read("provenance.tsv", &["key", "value"])
        .into_iter()
        .filter(|r| r[0] == "reserved_section")
        .map(|r| {
            let (a, b) = r[1].split_once('-').expect("FIRST-LAST");
            (a.parse().unwrap(), b.parse().unwrap())
        })
        .collect()
}

#[test]
fn each_server_file_keeps_to_its_side_of_10000_in_order() {
    let clients = codes(&read("server.tsv", &SERVER));
    let log = codes(&read("server-error-log.tsv", &SERVER));
    let first_log = i64::from(MYSQL_ERROR_LOG_FIRST);
    assert!(clients.iter().all(|&c| (1000..first_log).contains(&c)));
    assert!(log.iter().all(|&c| c >= first_log));
    for list in [&clients, &log] {
        assert!(list.windows(2).all(|w| w[0] < w[1]), "codes ascend");
    }
    let reserved = reserved_sections();
    assert!(!reserved.is_empty());
    for code in clients.iter().chain(&log) {
        assert!(
            !reserved.iter().any(|(a, b)| (a..=b).contains(&code)),
            "{code} is in a reserved section"
        );
    }
}

#[test]
fn names_repeat_only_when_obsolete() {
    let mut seen = HashSet::new();
    let mut repeated = Vec::new();
    for file in ["server.tsv", "server-error-log.tsv"] {
        for r in read(file, &SERVER) {
            if !seen.insert(r[1].clone()) {
                repeated.push(r[1].clone());
            }
        }
    }
    assert!(
        repeated.iter().all(|n| n.starts_with("OBSOLETE_")),
        "{repeated:?}"
    );
}

#[test]
fn translations_name_known_codes_and_languages() {
    let mut known: HashSet<String> = HashSet::new();
    for file in ["server.tsv", "server-error-log.tsv"] {
        known.extend(read(file, &SERVER).into_iter().map(|r| r[0].clone()));
    }
    let languages: HashMap<String, String> = read("languages.tsv", &["code", "name"])
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(languages.get("eng").map(String::as_str), Some("english"));
    let translations = read("server-translations.tsv", &["code", "lang", "message"]);
    assert!(!translations.is_empty());
    for r in &translations {
        assert!(
            known.contains(&r[0]),
            "translation of unknown code {}",
            r[0]
        );
        assert!(languages.contains_key(&r[1]), "unknown language {}", r[1]);
        assert_ne!(
            r[1], "eng",
            "English is the message column of the server files"
        );
    }
}

#[test]
fn handler_and_global_tables_have_no_gaps() {
    // MySQL's perror prints every slot from the first code to the last.
    for (file, first) in [("handler.tsv", 120), ("global.tsv", 1)] {
        let list = codes(&read(file, &["code", "name", "message"]));
        let expected: Vec<i64> = (first..first + list.len() as i64).collect();
        assert_eq!(list, expected, "{file}");
    }
}
