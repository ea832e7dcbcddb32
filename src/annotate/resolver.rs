//! The resolver's codes. The client library prints `(%d)` after the host of an
//! unknown-host error (CR_UNKNOWN_HOST, 2005: `Unknown MySQL server host 'db' (-2)`), and
//! that number is what the host lookup returned, not an errno: getaddrinfo's `EAI_*`
//! codes (negative in glibc) or, on Windows, the Winsock error (11001).

/// What an annotation calls the number.
pub const LABEL: &str = "resolver code";

/// A resolver code.
#[derive(Debug, PartialEq, Eq)]
pub struct ResolverCode {
    pub code: i32,
    pub name: &'static str,
    pub message: &'static str,
}

const fn code(code: i32, name: &'static str, message: &'static str) -> ResolverCode {
    ResolverCode {
        code,
        name,
        message,
    }
}

/// glibc's `EAI_*` values (netdb.h) with gai_strerror's texts, and Winsock's host-lookup
/// errors (winerror.h). A log may come from another machine than the one reading it, so
/// these are the values those systems use, not this one's.
pub static CODES: &[ResolverCode] = &[
    code(
        -2,
        "EAI_NONAME",
        "Name or service not known (glibc getaddrinfo): the host name does not resolve",
    ),
    code(
        -3,
        "EAI_AGAIN",
        "Temporary failure in name resolution (glibc getaddrinfo): no DNS answer yet; the lookup may succeed later",
    ),
    code(
        -4,
        "EAI_FAIL",
        "Non-recoverable failure in name resolution (glibc getaddrinfo)",
    ),
    code(
        -5,
        "EAI_NODATA",
        "No address associated with hostname (glibc getaddrinfo)",
    ),
    code(
        -8,
        "EAI_SERVICE",
        "Servname not supported for ai_socktype (glibc getaddrinfo)",
    ),
    code(
        -9,
        "EAI_ADDRFAMILY",
        "Address family for hostname not supported (glibc getaddrinfo)",
    ),
    code(
        -10,
        "EAI_MEMORY",
        "Memory allocation failure (glibc getaddrinfo)",
    ),
    code(
        -11,
        "EAI_SYSTEM",
        "System error (glibc getaddrinfo): errno says which",
    ),
    code(
        11001,
        "WSAHOST_NOT_FOUND",
        "No such host is known (Windows): the host name does not resolve",
    ),
    code(
        11002,
        "WSATRY_AGAIN",
        "Nonauthoritative host not found (Windows): a temporary DNS failure; the lookup may succeed later",
    ),
    code(
        11003,
        "WSANO_RECOVERY",
        "A non-recoverable error occurred during a database lookup (Windows)",
    ),
    code(
        11004,
        "WSANO_DATA",
        "The requested name is valid, but no data of the requested type was found (Windows)",
    ),
];

pub fn find(code: i32) -> Option<&'static ResolverCode> {
    CODES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_glibc_s_match_this_libc_on_linux() {
        for (i, c) in CODES.iter().enumerate() {
            assert!(CODES[..i].iter().all(|d| d.code != c.code), "{}", c.name);
        }
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        for (name, value) in [
            ("EAI_NONAME", libc::EAI_NONAME),
            ("EAI_AGAIN", libc::EAI_AGAIN),
            ("EAI_FAIL", libc::EAI_FAIL),
            ("EAI_MEMORY", libc::EAI_MEMORY),
            ("EAI_SYSTEM", libc::EAI_SYSTEM),
        ] {
            assert_eq!(find(value).map(|c| c.name), Some(name));
        }
    }
}
