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
    #[cfg(target_feature = "crt-static")]
    if let Some(known) = host_libc::text_for(code) {
        return known.map(str::to_string);
    }
    sys::errno_description(code).map(|text| String::from_utf8_lossy(text.to_bytes()).into_owned())
}

/// The static build (`cargo xtask dist`, the packaged binary) carries the C library it was
/// built with, whose errno texts may be older or newer than the host's: bookworm's glibc
/// 2.36 has no text for errno 134, sid's 2.43 has "Inappropriate file type or format",
/// and the original perror, linked dynamically, prints what the host's says
/// (`perror.mysql 134` on sid). For the codes whose text differs between glibc releases,
/// the static build asks the host's C library itself: whether its libc.so.6 holds the
/// text. Every other code is answered by the linked-in C library, as before.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[cfg_attr(not(target_feature = "crt-static"), allow(dead_code))]
mod host_libc {
    use std::sync::OnceLock;

    /// Errno texts that some glibc releases have and others have not (facts from glibc's
    /// errlist): the code, and its text where it has one.
    pub const VARYING: &[(i32, &str)] = &[(134, "Inappropriate file type or format")];

    /// Where Debian and other distributions put the C library.
    fn libc_paths() -> [String; 3] {
        let arch = std::env::consts::ARCH;
        [
            format!("/usr/lib/{arch}-linux-gnu/libc.so.6"),
            format!("/lib/{arch}-linux-gnu/libc.so.6"),
            "/lib64/libc.so.6".to_string(),
        ]
    }

    /// For a code of [`VARYING`]: `Some(Some(text))` if the host's C library has its text,
    /// `Some(None)` if it has not; `None` for every other code (or when no libc.so.6 can
    /// be read), which the linked-in C library answers.
    pub fn text_for(code: i32) -> Option<Option<&'static str>> {
        let &(_, text) = VARYING.iter().find(|(c, _)| *c == code)?;
        static HOST: OnceLock<Option<Vec<bool>>> = OnceLock::new();
        let has = HOST.get_or_init(|| {
            let strings = libc_paths().iter().find_map(|p| read_only_data(p))?;
            Some(
                VARYING
                    .iter()
                    .map(|(_, t)| holds_text(&strings, t))
                    .collect(),
            )
        });
        let at = VARYING.iter().position(|(c, _)| *c == code)?;
        let has = has.as_ref()?.get(at).copied()?;
        Some(has.then_some(text))
    }

    /// The `.rodata` section of the ELF file at `path`, where glibc keeps its error texts
    /// (150 KiB of sid's 2 MiB libc.so.6: searching it rather than the whole file keeps
    /// `perror $(seq 0 5000)` within a few percent); the whole file if its section table
    /// cannot be read.
    fn read_only_data(path: &str) -> Option<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        let file = std::fs::File::open(path).ok()?;
        let read = |offset: u64, len: usize| -> Option<Vec<u8>> {
            let mut buf = vec![0; len];
            file.read_exact_at(&mut buf, offset).ok()?;
            Some(buf)
        };
        let section = || -> Option<Vec<u8>> {
            let header = read(0, 64)?;
            if header.get(..4)? != b"\x7fELF" || header[4] != 2 || header[5] != 1 {
                return None;
            }
            let shoff = u64_at(&header, 0x28)?;
            let (entsize, count, names_at) = (
                u16_at(&header, 0x3A)?,
                u16_at(&header, 0x3C)?,
                u16_at(&header, 0x3E)?,
            );
            if entsize < 64 || count == 0 || names_at >= count {
                return None;
            }
            let table = read(shoff, entsize * count)?;
            let entry = |i: usize| table.get(i * entsize..(i + 1) * entsize);
            let names = entry(names_at)?;
            let names = read(u64_at(names, 0x18)?, u64_at(names, 0x20)? as usize)?;
            (0..count).find_map(|i| {
                let e = entry(i)?;
                let name = names.get(u32_at(e, 0)?..)?;
                if !name.starts_with(b".rodata\0") {
                    return None;
                }
                read(u64_at(e, 0x18)?, u64_at(e, 0x20)? as usize)
            })
        };
        section().or_else(|| std::fs::read(path).ok())
    }

    fn u16_at(b: &[u8], at: usize) -> Option<usize> {
        Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?).into())
    }

    fn u32_at(b: &[u8], at: usize) -> Option<usize> {
        usize::try_from(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?)).ok()
    }

    fn u64_at(b: &[u8], at: usize) -> Option<u64> {
        Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
    }

    /// Whether a C library's bytes hold `text` as a string of its own (NUL before and
    /// after), as glibc's error texts are stored.
    pub fn holds_text(libc: &[u8], text: &str) -> bool {
        let mut needle = Vec::with_capacity(text.len() + 2);
        needle.push(0);
        needle.extend_from_slice(text.as_bytes());
        needle.push(0);
        memchr::memmem::find(libc, &needle).is_some()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_text_counts_only_as_a_string_of_its_own() {
            let text = VARYING[0].1;
            let with = format!("\0Is a directory\0{text}\0Other\0");
            assert!(holds_text(with.as_bytes(), text));
            let within = format!("\0See: {text}\0");
            assert!(!holds_text(within.as_bytes(), text));
            assert!(!holds_text(b"\0Is a directory\0", text));
        }

        #[test]
        fn the_hosts_read_only_data_holds_its_errno_texts() {
            // This machine's own C library: its .rodata is found and holds a text every
            // glibc has.
            let Some(strings) = libc_paths().iter().find_map(|p| read_only_data(p)) else {
                panic!("no libc.so.6 at {:?}", libc_paths());
            };
            assert!(holds_text(&strings, "Operation not permitted"));
            let whole = libc_paths()
                .iter()
                .find_map(|p| std::fs::read(p).ok())
                .unwrap();
            assert!(
                strings.len() < whole.len() / 4,
                "the whole file, not .rodata"
            );
        }

        #[test]
        fn only_the_varying_codes_ask_the_host() {
            assert_eq!(text_for(104), None);
            assert_eq!(text_for(1158), None);
        }
    }
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
