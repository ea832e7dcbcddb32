//! InnoDB's own file error codes (storage/innobase/include/os0file.h): what InnoDB's log
//! lines print as `OS error 71` in place of an errno it knows. No perror prints them;
//! `--annotate` reads them from InnoDB's lines, and they are reached by name
//! (`perror --explain OS_FILE_NOT_FOUND`). MariaDB and MySQL agree on 71–81; MariaDB adds
//! 36 and 125, MySQL 82 and 83.

use crate::catalog::Family;

/// One of InnoDB's file error codes.
#[derive(Debug, PartialEq, Eq)]
pub struct FileCode {
    pub code: i32,
    pub name: &'static str,
    /// What it means, and the errno InnoDB maps to it on Unix.
    pub message: &'static str,
}

const fn code(code: i32, name: &'static str, message: &'static str) -> FileCode {
    FileCode {
        code,
        name,
        message,
    }
}

/// os0file.h's codes, MariaDB's and MySQL's (MySQL's own numbers for a name too long and too
/// many open files are 82 and 83).
pub static FILE_CODES: &[FileCode] = &[
    code(
        36,
        "OS_FILE_NAME_TOO_LONG",
        "File name too long (MariaDB; errno ENAMETOOLONG)",
    ),
    code(71, "OS_FILE_NOT_FOUND", "File not found (errno ENOENT)"),
    code(72, "OS_FILE_DISK_FULL", "Disk full (errno ENOSPC)"),
    code(
        73,
        "OS_FILE_ALREADY_EXISTS",
        "File already exists (errno EEXIST)",
    ),
    code(
        74,
        "OS_FILE_PATH_ERROR",
        "Path error: not a directory, a directory, or another file system (errno ENOTDIR, EISDIR, EXDEV; EPERM in MariaDB)",
    ),
    code(
        75,
        "OS_FILE_AIO_RESOURCES_RESERVED",
        "Asynchronous I/O resources are used up for now (errno EAGAIN with native AIO)",
    ),
    code(
        76,
        "OS_FILE_SHARING_VIOLATION",
        "Sharing violation (Windows)",
    ),
    code(77, "OS_FILE_ERROR_NOT_SPECIFIED", "Unspecified file error"),
    code(
        78,
        "OS_FILE_INSUFFICIENT_RESOURCE",
        "Insufficient system resources (Windows)",
    ),
    code(
        79,
        "OS_FILE_AIO_INTERRUPTED",
        "Asynchronous I/O was interrupted (errno EINTR with native AIO)",
    ),
    code(
        80,
        "OS_FILE_OPERATION_ABORTED",
        "Operation aborted (Windows)",
    ),
    code(
        81,
        "OS_FILE_ACCESS_VIOLATION",
        "Access denied (errno EACCES)",
    ),
    code(
        82,
        "OS_FILE_NAME_TOO_LONG",
        "File name too long (MySQL; errno ENAMETOOLONG)",
    ),
    code(
        83,
        "OS_FILE_TOO_MANY_OPENED",
        "Too many open files (MySQL; errno EMFILE)",
    ),
    code(
        125,
        "OS_FILE_OPERATION_NOT_SUPPORTED",
        "Operation not supported (MariaDB; errno EOPNOTSUPP)",
    ),
];

/// Whether `code` is a file code of `family`'s InnoDB.
pub fn is_of(code: i32, family: Family) -> bool {
    match family {
        Family::MariaDb => !matches!(code, 82 | 83),
        Family::MySql => !matches!(code, 36 | 125),
    }
}

/// `family`'s InnoDB file code `code`.
pub fn code_of(family: Family, code: i32) -> Option<&'static FileCode> {
    FILE_CODES
        .iter()
        .find(|c| c.code == code)
        .filter(|c| is_of(c.code, family))
}

/// `family`'s InnoDB file code named `upper` (`OS_FILE_NOT_FOUND`).
pub fn by_name(family: Family, upper: &str) -> Option<&'static FileCode> {
    // OS_FILE_NAME_TOO_LONG is 36 in MariaDB and 82 in MySQL.
    FILE_CODES
        .iter()
        .find(|c| c.name == upper && is_of(c.code, family))
}

/// Every InnoDB file code of `family`, in code order.
pub fn all_of(family: Family) -> impl Iterator<Item = &'static FileCode> {
    FILE_CODES.iter().filter(move |c| is_of(c.code, family))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_and_distinct() {
        assert!(FILE_CODES.windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn each_family_has_its_own_few() {
        assert!(code_of(Family::MariaDb, 125).is_some());
        assert!(code_of(Family::MySql, 125).is_none());
        assert_eq!(
            by_name(Family::MySql, "OS_FILE_TOO_MANY_OPENED").map(|c| c.code),
            Some(83)
        );
        assert!(by_name(Family::MariaDb, "OS_FILE_TOO_MANY_OPENED").is_none());
        // OS_FILE_NAME_TOO_LONG is 36 in MariaDB and 82 in MySQL.
        assert_eq!(
            by_name(Family::MariaDb, "OS_FILE_NAME_TOO_LONG").map(|c| c.code),
            Some(36)
        );
        assert_eq!(
            by_name(Family::MySql, "OS_FILE_NAME_TOO_LONG").map(|c| c.code),
            Some(82)
        );
        assert_eq!(
            all_of(Family::MySql).count(),
            all_of(Family::MariaDb).count()
        );
    }
}
