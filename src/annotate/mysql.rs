//! MySQL's codes, `[MY-012592]` in every MySQL 8 and 9 log line, `Error_code: MY-001062`
//! in replication errors, and `Last_IO_Errno: 13114` (10000 and up: MySQL's error-log
//! messages, which no MariaDB table has).
//!
//! MariaDB's tables are not MySQL's: the same number often means something else, so a
//! MySQL code is never looked up in them. [`meaning`] looks it up in the MySQL catalog
//! instead, whatever the flavor selected: a MySQL log's code means what MySQL says.

use std::sync::OnceLock;

use crate::catalog::{Family, Flavor};
use crate::render;

/// What is known about a MySQL code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meaning {
    pub code: i32,
    pub name: Option<&'static str>,
    pub message: &'static str,
}

/// MySQL's error-log messages start here (`messages_to_error_log.txt`); below are the
/// messages it sends to clients.
pub const ERROR_LOG_FIRST: i32 = 10000;

/// The code as MySQL writes it: `MY-012592`.
pub fn display(code: i32) -> String {
    format!("MY-{code:06}")
}

/// The MySQL catalog compiled in (the first MySQL flavor of data/flavors.tsv), if any.
pub fn flavor() -> Option<&'static Flavor> {
    mysql_flavor()
}

fn mysql_flavor() -> Option<&'static Flavor> {
    static MYSQL: OnceLock<Option<&'static Flavor>> = OnceLock::new();
    *MYSQL.get_or_init(|| {
        Flavor::all()
            .iter()
            .copied()
            .find(|f| f.family() == Family::MySql)
    })
}

/// What `code` means to MySQL: the error MySQL's perror prints for it (mysys's global
/// errors 1–94, handler errors, server errors of either message file). A code MySQL's
/// tables lack (or a build without them) is said to be so.
pub fn meaning(code: i32) -> Meaning {
    match entry(code) {
        Some((name, message)) => Meaning {
            code,
            name: (!name.is_empty()).then_some(name),
            message,
        },
        None => unknown(code, has_tables()),
    }
}

/// The (name, message) of `code` in MySQL's tables; the name is empty where MySQL gives
/// none (mysys's global errors, unused handler slots).
fn entry(code: i32) -> Option<(&'static str, &'static str)> {
    let flavor = mysql_flavor()?;
    // The tables do not overlap (global 1–94, handler 120–209, server 1000 and up).
    flavor
        .global
        .get(code)
        .or_else(|| flavor.handler.get(code))
        .map(|e| (e.name(), e.message()))
        .or_else(|| flavor.server.get(code).map(|e| (e.name(), e.message())))
}

/// Whether MySQL's tables are compiled in (data/flavors.tsv registers a MySQL flavor).
pub fn has_tables() -> bool {
    mysql_flavor().is_some()
}

/// Whether MySQL's tables know `code` as an error: a global error (which MySQL names
/// not), or a handler or server error with a name (not an unused handler slot).
pub fn knows(code: i32) -> bool {
    let global = mysql_flavor().is_some_and(|f| f.global.get(code).is_some());
    global || entry(code).is_some_and(|(name, _)| !name.is_empty())
}

fn unknown(code: i32, tables: bool) -> Meaning {
    Meaning {
        code,
        name: None,
        message: render::unknown_mysql_code(tables),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_mysql_s_whatever_the_flavor() {
        let f = mysql_flavor().expect("data/flavors.tsv builds a MySQL flavor");
        let log = f.server.get(10914).expect("an error-log code");
        assert_eq!(
            meaning(10914),
            Meaning {
                code: 10914,
                name: Some(log.name()),
                message: log.message()
            }
        );
        assert_eq!(meaning(1062).name, Some("ER_DUP_ENTRY"));
        assert_eq!(meaning(67).name, f.global.get(67).map(|e| e.name()));
        assert!(f.server.get(14500).is_none());
        assert_eq!(meaning(14500).message, render::unknown_mysql_code(true));
    }
}
