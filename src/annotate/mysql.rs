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

/// Whether `code` is one of MySQL's error-log codes: in their range, and known to MySQL's
/// tables where they are built in (OpenSSL's `error:14094410:SSL routines` is not one).
pub fn is_error_log_code(code: i32) -> bool {
    (ERROR_LOG_FIRST..ERROR_LOG_END).contains(&code) && (!has_tables() || entry(code).is_some())
}

/// Past MySQL's error-log codes (9.7's end below 16000; 50000 and up are reserved).
const ERROR_LOG_END: i32 = 50000;

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

/// The levels MySQL's source logs `code` at (`error-log-levels.tsv`), if known.
pub fn levels(code: i32) -> Option<crate::catalog::LogLevels> {
    mysql_flavor()?.log_levels(code)
}

/// The code MySQL's tables give the error `name` (upper case), if they have it.
pub fn code_of_name(name: &str) -> Option<i32> {
    mysql_flavor()?.symbol_entry(name).map(|(_, _, code)| code)
}

/// Whether MySQL's message for `code` says anything beyond placeholders; a code MySQL's
/// tables lack is news to the reader, so it does.
pub fn has_words(code: i32) -> bool {
    entry(code).is_none_or(|(_, message)| super::messages::has_words(message))
}

/// Whether MySQL numbers the error `name` as `code` too: MariaDB's ER_NET_READ_ERROR is
/// MySQL's 1158, but MariaDB's 3024 (ER_UNUSED_1) is not MySQL's ER_QUERY_TIMEOUT.
pub fn same_error(code: i32, name: &str) -> bool {
    !name.is_empty() && entry(code).is_some_and(|(mysql_name, _)| mysql_name == name)
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
