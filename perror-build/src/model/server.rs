//! A flavor's server errors: `server.tsv`, for MySQL also `server-error-log.tsv`, and the
//! other languages' texts of `server-translations.tsv`.

use std::collections::HashMap;

use super::Kind;
use super::flavor::Language;
use super::symbols::{Symbols, check_name};
use crate::source::{At, Source, read_tsv};
use crate::tsv::DataError;

/// A server error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerRow {
    pub code: i32,
    pub name: String,
    /// Five letters or digits.
    pub sqlstate: String,
    /// Five letters or digits, or empty when upstream gives none.
    pub odbc_state: String,
    /// The English text.
    pub message: String,
    pub section: ServerSection,
    /// The texts in other languages, in the file's order; empty unless translations
    /// were read.
    pub translations: Vec<Translated>,
}

/// Which of the server's message files an error is in. MariaDB has one; MySQL keeps the
/// messages it sends to clients (`server.tsv`) apart from those it only writes to its
/// error log (10000 and up, `server-error-log.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerSection {
    Client,
    ErrorLog,
}

/// A server error's text in another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// The language's index in the flavor's languages.
    pub lang: usize,
    pub message: String,
}

const HEADER: [&str; 5] = ["code", "name", "sqlstate", "odbc_state", "message"];

/// The server files, in code order: all of the error log's codes follow the clients'.
const FILES: [(&str, ServerSection); 2] = [
    ("server.tsv", ServerSection::Client),
    ("server-error-log.tsv", ServerSection::ErrorLog),
];

/// Reads the flavor's server files (only `server.tsv` is required) into one list in code
/// order, adding the names to `symbols`.
pub(crate) fn load(
    source: &dyn Source,
    dir: &str,
    symbols: &mut Symbols,
) -> Result<Vec<ServerRow>, DataError> {
    let mut rows: Vec<ServerRow> = Vec::new();
    for (file, section) in FILES {
        let rel = format!("{dir}/{file}");
        if section != ServerSection::Client && !source.exists(&rel) {
            continue;
        }
        for record in &read_tsv(source, &rel, &HEADER)? {
            let at = At::new(&rel, record);
            let row = row(at, section, rows.last().map(|r| r.code))?;
            symbols
                .add_name(&row.name, Kind::Server, row.code)
                .map_err(|e| at.error(e))?;
            check_states(at)?;
            rows.push(row);
        }
    }
    Ok(rows)
}

/// One record as a row, its code after `previous`.
fn row(at: At, section: ServerSection, previous: Option<i32>) -> Result<ServerRow, DataError> {
    let code = at.code(0)?;
    if previous.is_some_and(|p| p >= code) {
        return Err(at.error(format!("code {code} is out of order or repeated")));
    }
    check_name(at.field(1)).map_err(|e| at.error(e))?;
    Ok(ServerRow {
        code,
        name: at.field(1).to_string(),
        sqlstate: at.field(2).to_string(),
        odbc_state: at.field(3).to_string(),
        message: at.field(4).to_string(),
        section,
        translations: Vec::new(),
    })
}

fn check_states(at: At) -> Result<(), DataError> {
    for (col, state) in [("sqlstate", at.field(2)), ("odbc_state", at.field(3))] {
        let ok = state.len() == 5 && state.bytes().all(|b| b.is_ascii_alphanumeric());
        if !(ok || (col == "odbc_state" && state.is_empty())) {
            return Err(at.error(format!("{col} {state:?} is not five letters or digits")));
        }
    }
    Ok(())
}

/// Reads `server-translations.tsv` into `rows`' translations: each code a server row's,
/// each language one of `languages`.
pub(crate) fn load_translations(
    source: &dyn Source,
    dir: &str,
    languages: &[Language],
    rows: &mut [ServerRow],
) -> Result<(), DataError> {
    let rel = format!("{dir}/server-translations.tsv");
    // A language given twice in languages.tsv means its last line.
    let lang_index: HashMap<&str, usize> = languages
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code.as_str(), i))
        .collect();
    for record in &read_tsv(source, &rel, &["code", "lang", "message"])? {
        let at = At::new(&rel, record);
        let code = at.code(0)?;
        let row = rows
            .binary_search_by_key(&code, |r| r.code)
            .map_err(|_| at.error(format!("code {code} is in no server file")))?;
        let lang = *lang_index.get(at.field(1)).ok_or_else(|| {
            at.error(format!(
                "language {:?} is not in languages.tsv",
                at.field(1)
            ))
        })?;
        rows[row].translations.push(Translated {
            lang,
            message: at.field(2).to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Memory;

    const HEAD: &str = "code\tname\tsqlstate\todbc_state\tmessage\n";

    fn server(client: &str, error_log: Option<&str>) -> Result<Vec<ServerRow>, DataError> {
        let mut data = Memory::default().with("f/server.tsv", &format!("{HEAD}{client}"));
        if let Some(lines) = error_log {
            data = data.with("f/server-error-log.tsv", &format!("{HEAD}{lines}"));
        }
        load(&data, "f", &mut Symbols::default())
    }

    fn error(client: &str, error_log: Option<&str>) -> String {
        server(client, error_log).unwrap_err().to_string()
    }

    #[test]
    fn rows_of_both_files_in_code_order_with_their_section() {
        let rows = server(
            "1000\tER_A\tHY000\t\ta\n1001\tER_b_IPv6\t08S01\tS1000\tb\n",
            Some("10000\tER_LOG\tHY000\t\tlog\n"),
        )
        .unwrap();
        let summary: Vec<(i32, &str, ServerSection)> = rows
            .iter()
            .map(|r| (r.code, r.name.as_str(), r.section))
            .collect();
        assert_eq!(
            summary,
            [
                (1000, "ER_A", ServerSection::Client),
                (1001, "ER_b_IPv6", ServerSection::Client),
                (10000, "ER_LOG", ServerSection::ErrorLog),
            ]
        );
        assert_eq!(
            (rows[1].sqlstate.as_str(), rows[1].odbc_state.as_str()),
            ("08S01", "S1000")
        );
        assert_eq!(rows[0].odbc_state, "");
    }

    #[test]
    fn bad_server_rows_name_file_and_line() {
        let ok = "1000\tER_A\tHY000\t\ta\n";
        for (client, log, want) in [
            (
                "10x0\tER_A\tHY000\t\ta\n",
                None,
                "data/f/server.tsv:2: code \"10x0\" is not a number",
            ),
            (
                "1000\ter_a\tHY000\t\ta\n",
                None,
                "data/f/server.tsv:2: name \"er_a\" is not an upper-case C identifier",
            ),
            (
                "1000\tER_A\tHY00\t\ta\n",
                None,
                "data/f/server.tsv:2: sqlstate \"HY00\" is not five letters or digits",
            ),
            (
                "1000\tER_A\t\t\ta\n",
                None,
                "data/f/server.tsv:2: sqlstate \"\" is not five letters or digits",
            ),
            (
                "1000\tER_A\tHY000\tX\ta\n",
                None,
                "data/f/server.tsv:2: odbc_state \"X\" is not five letters or digits",
            ),
            (
                "1000\tER_A\tHY000\t\ta\n1000\tER_B\tHY000\t\tb\n",
                None,
                "data/f/server.tsv:3: code 1000 is out of order or repeated",
            ),
            (
                "1000\tER_A\tHY000\t\ta\n1001\tER_a\tHY000\t\tb\n",
                None,
                "data/f/server.tsv:3: name ER_a is used twice",
            ),
            (
                ok,
                Some("999\tER_B\tHY000\t\tb\n"),
                "data/f/server-error-log.tsv:2: code 999 is out of order or repeated",
            ),
            (
                ok,
                Some("10000\tER_A\tHY000\t\tb\n"),
                "data/f/server-error-log.tsv:2: name ER_A is used twice",
            ),
            (
                ok,
                Some("10000\tER_B\n"),
                "data/f/server-error-log.tsv:2: 2 fields, expected 5 (code\tname\tsqlstate\todbc_state\tmessage)",
            ),
        ] {
            assert_eq!(error(client, log), want);
        }
        let e = load(&Memory::default(), "f", &mut Symbols::default()).unwrap_err();
        assert_eq!(e.file, "data/f/server.tsv", "server.tsv is required");
    }

    #[test]
    fn a_retired_name_may_repeat_across_files() {
        let rows = server(
            "3227\tOBSOLETE_ER_X\tHY000\t\told\n",
            Some("13175\tOBSOLETE_ER_X\tHY000\t\told again\n"),
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
    }

    fn translate(rows: &mut [ServerRow], lines: &str) -> Result<(), DataError> {
        let data = Memory::default().with(
            "f/server-translations.tsv",
            &format!("code\tlang\tmessage\n{lines}"),
        );
        let languages = ["eng", "ger", "ger"].map(|code| Language {
            code: code.into(),
            name: String::new(),
        });
        load_translations(&data, "f", &languages, rows)
    }

    #[test]
    fn translations_join_their_rows_in_file_order() {
        let mut rows = server(
            "1000\tER_A\tHY000\t\ta\n1001\tER_B\tHY000\t\tb\n",
            Some("10000\tER_LOG\tHY000\t\tlog\n"),
        )
        .unwrap();
        translate(&mut rows, "1001\tger\tB\n1001\teng\tBe\n10000\tger\tL\n").unwrap();
        let texts = |i: usize| -> Vec<(usize, &str)> {
            rows[i]
                .translations
                .iter()
                .map(|t| (t.lang, t.message.as_str()))
                .collect()
        };
        // A language listed twice is its last line (index 2), as it always was.
        assert_eq!(texts(0), []);
        assert_eq!(texts(1), [(2, "B"), (0, "Be")]);
        assert_eq!(texts(2), [(2, "L")]);
    }

    #[test]
    fn bad_translations_name_file_and_line() {
        let mut rows = server("1000\tER_A\tHY000\t\ta\n", None).unwrap();
        for (lines, want) in [
            ("x\tger\tA\n", "code \"x\" is not a number"),
            ("999\tger\tA\n", "code 999 is in no server file"),
            ("1000\tzzz\tA\n", "language \"zzz\" is not in languages.tsv"),
        ] {
            let e = translate(&mut rows, lines).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("data/f/server-translations.tsv:2: {want}")
            );
        }
    }
}
