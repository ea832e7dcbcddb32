//! InnoDB's own file error numbers. `Cannot open datafile … OS error: 71` and `File …:
//! 'read' returned OS error 123` do not print the errno: they print what
//! `os_file_get_last_error()` made of it (storage/innobase/include/os0file.h): a code of
//! its own for the errnos it knows (71 for ENOENT, 72 for ENOSPC, …), and for any other
//! errno the errno plus `OS_FILE_ERROR_MAX`, which is 200 in MariaDB and 100 in MySQL.
//! So 123 is MySQL's errno 23 (ENFILE), or no code at all in MariaDB; 228 is MariaDB's
//! errno 28 (ENOSPC), or MySQL's errno 128.
//!
//! Which server wrote a line is read from the line itself ([`dialect`]): MySQL 8 and
//! later tag every line `[MY-NNNNNN] [InnoDB]`; MariaDB writes `[ERROR] InnoDB:`. A line
//! that says neither is decided by the number: InnoDB never prints 101–199 in MariaDB
//! other than its own 125, so a number there is MySQL's errno + 100; from 200 up the
//! annotating flavor (MariaDB) decides.

use super::CodeKind;
use crate::catalog::Kind;

pub use crate::innodb::{FILE_CODES, FileCode};

/// The InnoDB file code `code`, if it is one of the server that wrote the line.
pub fn file_code(code: i32, dialect: Dialect) -> Option<&'static FileCode> {
    let mine = match dialect {
        Dialect::MariaDb => crate::innodb::is_of(code, crate::catalog::Family::MariaDb),
        Dialect::MySql => crate::innodb::is_of(code, crate::catalog::Family::MySql),
        Dialect::Unknown => true,
    };
    FILE_CODES.iter().find(|c| c.code == code).filter(|_| mine)
}

/// `OS_FILE_ERROR_MAX`: what InnoDB adds to an errno it has no code for.
pub const MARIADB_ERROR_MAX: i32 = 200;
pub const MYSQL_ERROR_MAX: i32 = 100;

/// Which server wrote a line, as far as the line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    MariaDb,
    MySql,
    Unknown,
}

/// MySQL 8's `[MY-012646] [InnoDB]` format, or MariaDB's `InnoDB: ` after the level.
pub fn dialect(line: &[u8]) -> Dialect {
    let has = |s: &[u8]| memchr::memmem::find(line, s).is_some();
    if has(b"[MY-") || has(b"[InnoDB]") {
        Dialect::MySql
    } else if has(b"mariadbd") || has(b"MariaDB") {
        Dialect::MariaDb
    } else {
        Dialect::Unknown
    }
}

/// What InnoDB's `OS error N` is: its own file code, or an errno it offset by
/// `OS_FILE_ERROR_MAX`, with the label that says which.
pub fn resolve(code: i32, dialect: Dialect) -> Option<(CodeKind, i32, &'static str)> {
    if let Some(c) = file_code(code, dialect) {
        return Some((CodeKind::InnoDbFile, c.code, LABEL));
    }
    let max = match dialect {
        Dialect::MySql => MYSQL_ERROR_MAX,
        Dialect::MariaDb => MARIADB_ERROR_MAX,
        Dialect::Unknown if code > MYSQL_ERROR_MAX && code < MARIADB_ERROR_MAX => MYSQL_ERROR_MAX,
        Dialect::Unknown => MARIADB_ERROR_MAX,
    };
    let errno = code.checked_sub(max).filter(|&e| e > 0)?;
    let label = if max == MYSQL_ERROR_MAX {
        MYSQL_OFFSET_LABEL
    } else {
        MARIADB_OFFSET_LABEL
    };
    crate::os_error::message(errno).map(|_| (CodeKind::Table(Kind::Os), errno, label))
}

/// The field's label, and the labels saying which offset was taken off.
pub const LABEL: &str = "InnoDB OS error";
pub const MYSQL_OFFSET_LABEL: &str = "InnoDB OS error (MySQL: errno + 100)";
pub const MARIADB_OFFSET_LABEL: &str = "InnoDB OS error (MariaDB: errno + 200)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_codes_then_errno_plus_the_servers_offset() {
        let os = CodeKind::Table(Kind::Os);
        assert_eq!(resolve(71, Dialect::MariaDb).map(|r| r.1), Some(71));
        assert_eq!(
            resolve(71, Dialect::MariaDb).map(|r| r.0),
            Some(CodeKind::InnoDbFile)
        );
        // MySQL 8.0.30 on Windows: `'read' returned OS error 123`, after errno 23.
        assert_eq!(
            resolve(123, Dialect::MySql),
            Some((os, 23, MYSQL_OFFSET_LABEL))
        );
        assert_eq!(
            resolve(228, Dialect::MariaDb),
            Some((os, 28, MARIADB_OFFSET_LABEL))
        );
        assert_eq!(
            resolve(228, Dialect::MySql).map(|r| r.1),
            Some(128),
            "EKEYREVOKED"
        );
        assert_eq!(resolve(300, Dialect::MySql), None, "no errno 200");
        assert_eq!(resolve(122, Dialect::Unknown).map(|r| r.1), Some(22));
        assert_eq!(resolve(222, Dialect::Unknown).map(|r| r.1), Some(22));
        assert_eq!(
            resolve(125, Dialect::MySql).map(|r| r.1),
            Some(25),
            "not MySQL's code"
        );
        assert_eq!(
            resolve(125, Dialect::MariaDb).map(|r| r.0),
            Some(CodeKind::InnoDbFile)
        );
        assert_eq!(resolve(83, Dialect::MariaDb), None);
        assert_eq!(resolve(5, Dialect::MariaDb), None, "below every offset");
    }

    #[test]
    fn the_line_says_which_server_wrote_it() {
        assert_eq!(
            dialect(b"2024-11-21T14:29:08Z 1 [ERROR] [MY-012646] [InnoDB] File x: 'read' returned OS error 123."),
            Dialect::MySql
        );
        assert_eq!(
            dialect(b"2026-09-16  3:52:57 4 [ERROR] mariadbd: x"),
            Dialect::MariaDb
        );
        assert_eq!(dialect(b"[ERROR] InnoDB: x OS error: 71"), Dialect::Unknown);
    }
}
