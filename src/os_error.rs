//! Operating-system error texts from the host C library, the way perror looks them up.
//!
//! The C library calls themselves are in [`crate::sys`].

use crate::sys;

/// The host libc's text for errno `code`, or `None` when libc does not know the code.
///
/// perror skips a text that starts with "Unknown error" (any case) or equals the text of
/// a code no libc knows; glibc writes "Unknown error N", musl "No error information".
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn message(code: i32) -> Option<String> {
    generic_message(code)
}

/// glibc's own answer to "does this errno have a text", without formatting
/// "Unknown error N". With no `setlocale` call, strerror_r returns exactly this
/// untranslated text; a unit test checks the two agree on every code.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn message(code: i32) -> Option<String> {
    sys::errno_description(code).map(|text| String::from_utf8_lossy(text.to_bytes()).into_owned())
}

/// The portable way: strerror_r, and recognise the texts of unknown codes.
#[cfg_attr(all(target_os = "linux", target_env = "gnu"), allow(dead_code))]
fn generic_message(code: i32) -> Option<String> {
    let text = raw_message(code)?;
    let unknown = text
        .get(..13)
        .is_some_and(|p| p.eq_ignore_ascii_case("Unknown error"));
    if unknown || raw_message(UNASSIGNED_ERRNO).as_deref() == Some(text.as_str()) {
        return None;
    }
    Some(text)
}

/// A number far above any errno a libc assigns.
const UNASSIGNED_ERRNO: i32 = 10_000;

fn raw_message(code: i32) -> Option<String> {
    sys::strerror_r(code)
}

/// The symbolic name of an errno value on this platform (`ECONNRESET` for 104).
pub fn errno_name(code: i32) -> Option<&'static str> {
    ERRNO_NAMES
        .iter()
        .find(|(_, c)| *c == code)
        .map(|(n, _)| *n)
}

/// Every errno name this build knows, with its value on this platform.
pub fn errno_names() -> &'static [(&'static str, i32)] {
    ERRNO_NAMES
}

macro_rules! errno_table {
    ($($name:ident),* $(,)?) => {
        /// Names from the libc crate, so values are right for the target platform. Where two
        /// names share a value (EAGAIN/EWOULDBLOCK) the first listed is the canonical one.
        static ERRNO_NAMES: &[(&str, i32)] = &[$((stringify!($name), libc::$name)),*];
    };
}

errno_table!(
    EPERM,
    ENOENT,
    ESRCH,
    EINTR,
    EIO,
    ENXIO,
    E2BIG,
    ENOEXEC,
    EBADF,
    ECHILD,
    EAGAIN,
    ENOMEM,
    EACCES,
    EFAULT,
    ENOTBLK,
    EBUSY,
    EEXIST,
    EXDEV,
    ENODEV,
    ENOTDIR,
    EISDIR,
    EINVAL,
    ENFILE,
    EMFILE,
    ENOTTY,
    ETXTBSY,
    EFBIG,
    ENOSPC,
    ESPIPE,
    EROFS,
    EMLINK,
    EPIPE,
    EDOM,
    ERANGE,
    EDEADLK,
    ENAMETOOLONG,
    ENOLCK,
    ENOSYS,
    ENOTEMPTY,
    ELOOP,
    ENOMSG,
    EIDRM,
    ECHRNG,
    EL2NSYNC,
    EL3HLT,
    EL3RST,
    ELNRNG,
    EUNATCH,
    ENOCSI,
    EL2HLT,
    EBADE,
    EBADR,
    EXFULL,
    ENOANO,
    EBADRQC,
    EBADSLT,
    EBFONT,
    ENOSTR,
    ENODATA,
    ETIME,
    ENOSR,
    ENONET,
    ENOPKG,
    EREMOTE,
    ENOLINK,
    EADV,
    ESRMNT,
    ECOMM,
    EPROTO,
    EMULTIHOP,
    EDOTDOT,
    EBADMSG,
    EOVERFLOW,
    ENOTUNIQ,
    EBADFD,
    EREMCHG,
    ELIBACC,
    ELIBBAD,
    ELIBSCN,
    ELIBMAX,
    ELIBEXEC,
    EILSEQ,
    ERESTART,
    ESTRPIPE,
    EUSERS,
    ENOTSOCK,
    EDESTADDRREQ,
    EMSGSIZE,
    EPROTOTYPE,
    ENOPROTOOPT,
    EPROTONOSUPPORT,
    ESOCKTNOSUPPORT,
    EOPNOTSUPP,
    EPFNOSUPPORT,
    EAFNOSUPPORT,
    EADDRINUSE,
    EADDRNOTAVAIL,
    ENETDOWN,
    ENETUNREACH,
    ENETRESET,
    ECONNABORTED,
    ECONNRESET,
    ENOBUFS,
    EISCONN,
    ENOTCONN,
    ESHUTDOWN,
    ETOOMANYREFS,
    ETIMEDOUT,
    ECONNREFUSED,
    EHOSTDOWN,
    EHOSTUNREACH,
    EALREADY,
    EINPROGRESS,
    ESTALE,
    EUCLEAN,
    ENOTNAM,
    ENAVAIL,
    EISNAM,
    EREMOTEIO,
    EDQUOT,
    ENOMEDIUM,
    EMEDIUMTYPE,
    ECANCELED,
    ENOKEY,
    EKEYEXPIRED,
    EKEYREVOKED,
    EKEYREJECTED,
    EOWNERDEAD,
    ENOTRECOVERABLE,
    ERFKILL,
    EHWPOISON,
    EWOULDBLOCK,
    EDEADLOCK,
    ENOTSUP,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_have_texts() {
        assert_eq!(message(104).as_deref(), Some("Connection reset by peer"));
        assert_eq!(message(0).as_deref(), Some("Success"));
    }

    #[test]
    fn the_fast_path_agrees_with_strerror_r() {
        for code in (-200..5000).chain([i32::MIN, i32::MAX, 10_000, 65_536]) {
            assert_eq!(message(code), generic_message(code), "errno {code}");
        }
    }

    #[test]
    fn unknown_codes_have_none() {
        assert_eq!(message(-1), None);
        assert_eq!(message(4000), None);
        assert_eq!(message(i32::MIN), None);
    }

    /// The value of a name, as name resolution finds it (resolve.rs reads the table).
    fn errno_code(name: &str) -> Option<i32> {
        errno_names()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
    }

    #[test]
    fn names_both_ways() {
        assert_eq!(errno_name(104), Some("ECONNRESET"));
        assert_eq!(errno_code("ECONNREFUSED"), Some(111));
        assert_eq!(
            errno_name(libc::EAGAIN),
            Some("EAGAIN"),
            "the canonical name comes first"
        );
        assert_eq!(errno_code("EWOULDBLOCK"), Some(libc::EAGAIN));
    }
}
