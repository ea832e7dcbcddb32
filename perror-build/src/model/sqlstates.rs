//! `sqlstate-classes.tsv`: what SQLSTATE classes and states mean.

use std::collections::HashSet;

use crate::source::{At, Source, read_tsv};
use crate::tsv::DataError;

/// A SQLSTATE class (`08`) or state (`08S01`), and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlState {
    pub state: String,
    /// Where the meaning comes from: `sql`, `odbc` or `mariadb`.
    pub source: String,
    pub meaning: String,
}

/// Every state, sorted (byte order, the order `str::cmp` searches in).
pub(crate) fn load(source: &dyn Source) -> Result<Vec<SqlState>, DataError> {
    let rel = "sqlstate-classes.tsv";
    let mut seen = HashSet::new();
    let mut states = Vec::new();
    for record in &read_tsv(source, rel, &["state", "source", "meaning"])? {
        let at = At::new(rel, record);
        let row = state(at)?;
        if !seen.insert(row.state.clone()) {
            return Err(at.error(format!("state {} is listed twice", row.state)));
        }
        states.push(row);
    }
    states.sort_by(|a, b| a.state.cmp(&b.state));
    Ok(states)
}

fn state(at: At) -> Result<SqlState, DataError> {
    let state = at.field(0);
    let ok = matches!(state.len(), 2 | 5)
        && state
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !ok {
        return Err(at.error(format!(
            "state {state:?} is not a 2-character class or a 5-character state"
        )));
    }
    if !matches!(at.field(1), "sql" | "odbc" | "mariadb") {
        return Err(at.error(format!(
            "source {:?} is not sql, odbc or mariadb",
            at.field(1)
        )));
    }
    if at.field(2).is_empty() {
        return Err(at.error("empty meaning"));
    }
    Ok(SqlState {
        state: state.to_string(),
        source: at.field(1).to_string(),
        meaning: at.field(2).to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Memory;

    fn states(lines: &str) -> Result<Vec<SqlState>, DataError> {
        let text = format!("state\tsource\tmeaning\n{lines}");
        load(&Memory::default().with("sqlstate-classes.tsv", &text))
    }

    #[test]
    fn states_load_sorted() {
        let rows = states("HY\todbc\tCLI\n08S01\todbc\tlink\n08\tsql\tconnection\n").unwrap();
        let keys: Vec<&str> = rows.iter().map(|r| r.state.as_str()).collect();
        assert_eq!(keys, ["08", "08S01", "HY"]);
        assert_eq!(
            (rows[0].source.as_str(), rows[0].meaning.as_str()),
            ("sql", "connection")
        );
    }

    #[test]
    fn bad_states_name_the_line() {
        for (lines, want) in [
            (
                "abc\tsql\tm\n",
                "2: state \"abc\" is not a 2-character class or a 5-character state",
            ),
            (
                "08s01\tsql\tm\n",
                "2: state \"08s01\" is not a 2-character class or a 5-character state",
            ),
            (
                "08\tother\tm\n",
                "2: source \"other\" is not sql, odbc or mariadb",
            ),
            ("08\tsql\t\n", "2: empty meaning"),
            ("08\tsql\tm\n08\todbc\tn\n", "3: state 08 is listed twice"),
        ] {
            let e = states(lines).unwrap_err().to_string();
            assert_eq!(e, format!("data/sqlstate-classes.tsv:{want}"));
        }
    }
}
