//! MySQL's codes, `[MY-012592]` in every MySQL 8 and 9 log line, `Error_code: MY-001062`
//! in replication errors, and `Last_IO_Errno: 13114` (10000 and up: MySQL's error-log
//! messages, which no MariaDB table has).
//!
//! MariaDB's tables are not MySQL's: the same number often means something else, so a
//! MySQL code is never looked up in them. Until perror has a MySQL flavor these codes
//! are labelled as MySQL's and left unexplained; [`meaning`] is the one place that will
//! look them up in the MySQL catalog.

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

/// What `code` means to MySQL. No MySQL table is compiled in yet: say what kind of code
/// it is.
pub fn meaning(code: i32) -> Meaning {
    let message = if code >= ERROR_LOG_FIRST {
        "a MySQL error-log message; this flavor has only MariaDB's tables"
    } else {
        "a MySQL server error; this flavor has only MariaDB's tables"
    };
    Meaning {
        code,
        name: None,
        message,
    }
}
