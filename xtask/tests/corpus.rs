//! The option corpora are well-formed, and MySQL's holds every case of MariaDB's (the same
//! input is what tells the two option dialects apart).

use xtask::golden::format;

fn cases(file: &str) -> Vec<Vec<Vec<u8>>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/corpus")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    format::corpus(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn mysql_corpus_parses_and_contains_the_mariadb_corpus() {
    let mariadb = cases("options.args");
    let mysql = cases("options-mysql.args");
    assert!(mysql.len() > mariadb.len());
    let missing: Vec<String> = mariadb
        .iter()
        .filter(|c| !mysql.contains(c))
        .map(|c| {
            format!(
                "{:?}",
                c.iter()
                    .map(|a| String::from_utf8_lossy(a))
                    .collect::<Vec<_>>()
            )
        })
        .collect();
    assert!(missing.is_empty(), "not in options-mysql.args: {missing:?}");
}

#[test]
fn mysql_corpus_has_no_duplicate_case() {
    let mysql = cases("options-mysql.args");
    for (i, case) in mysql.iter().enumerate() {
        assert!(
            !mysql[..i].contains(case),
            "case {} repeats an earlier one: {case:?}",
            i + 1
        );
    }
}
