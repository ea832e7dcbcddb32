//! The code-indexed tables: handler, client and global errors per flavor, and bdb.

use super::Kind;
use super::symbols::{Symbols, check_name};
use crate::source::{At, Source, read_tsv};
use crate::tsv::DataError;

/// A row of a code-indexed table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    pub code: i32,
    /// Empty where upstream gives the code no name (handler 125, for one).
    pub name: String,
    pub message: String,
}

const HEADER: [&str; 3] = ["code", "name", "message"];

/// Reads the table at `rel`: codes strictly increasing, names (where given) C identifiers
/// new to `symbols`, to which they are added as `kind`.
pub(crate) fn load(
    source: &dyn Source,
    rel: &str,
    kind: Kind,
    symbols: &mut Symbols,
) -> Result<Vec<CodeRow>, DataError> {
    let records = read_tsv(source, rel, &HEADER)?;
    let mut rows: Vec<CodeRow> = Vec::with_capacity(records.len());
    for record in &records {
        let at = At::new(rel, record);
        let code = at.code(0)?;
        if rows.last().is_some_and(|p| p.code >= code) {
            return Err(at.error(format!("code {code} is out of order or repeated")));
        }
        let name = at.field(1);
        if !name.is_empty() {
            check_name(name).map_err(|e| at.error(e))?;
            symbols
                .add_name(name, kind, code)
                .map_err(|e| at.error(e))?;
        }
        rows.push(CodeRow {
            code,
            name: name.to_string(),
            message: at.field(2).to_string(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Memory;

    fn table(lines: &str) -> Result<Vec<CodeRow>, DataError> {
        let data = Memory::default().with("t.tsv", &format!("code\tname\tmessage\n{lines}"));
        load(&data, "t.tsv", Kind::Handler, &mut Symbols::default())
    }

    #[test]
    fn rows_load_in_order_with_empty_names_allowed() {
        let rows = table("-2\tA_B\tfirst\n7\t\tno name\n").unwrap();
        assert_eq!(
            rows,
            [
                CodeRow {
                    code: -2,
                    name: "A_B".into(),
                    message: "first".into()
                },
                CodeRow {
                    code: 7,
                    name: String::new(),
                    message: "no name".into()
                },
            ]
        );
    }

    #[test]
    fn bad_rows_are_named_by_file_and_line() {
        for (lines, error) in [
            ("x\tA\tm\n", "data/t.tsv:2: code \"x\" is not a number"),
            (
                "1\tA\tm\n1\tB\tm\n",
                "data/t.tsv:3: code 1 is out of order or repeated",
            ),
            (
                "2\tA\tm\n1\tB\tm\n",
                "data/t.tsv:3: code 1 is out of order or repeated",
            ),
            (
                "1\ta\tm\n",
                "data/t.tsv:2: name \"a\" is not an upper-case C identifier",
            ),
            ("1\tA\tm\n2\tA\tm\n", "data/t.tsv:3: name A is used twice"),
            (
                "1\tA\n",
                "data/t.tsv:2: 2 fields, expected 3 (code\tname\tmessage)",
            ),
        ] {
            assert_eq!(table(lines).unwrap_err().to_string(), error, "{lines:?}");
        }
    }

    #[test]
    fn names_are_added_to_the_flavors_symbols() {
        let data = Memory::default().with("t.tsv", "code\tname\tmessage\n3\tEE_X\tm\n");
        let mut symbols = Symbols::default();
        symbols.add_name("EE_X", Kind::Server, 1).unwrap();
        let e = load(&data, "t.tsv", Kind::Global, &mut symbols).unwrap_err();
        assert_eq!(e.to_string(), "data/t.tsv:2: name EE_X is used twice");
    }
}
