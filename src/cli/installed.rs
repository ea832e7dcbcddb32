//! The default flavor a package recorded for this host: the release of the perror that the
//! installed perror replaced.
//!
//! One binary is packaged for every Debian release, but the perror it diverts is MariaDB
//! 10.11's on Debian 12, 11.8's on Debian 13 and MySQL's beside `mysql-server-core`. The
//! package's maintainer scripts (debian/postinst, run again by a dpkg trigger whenever the
//! original is installed, upgraded or removed) write that release's flavor name to a file
//! whose path the packaged build is given at compile time (`PERROR_FLAVOR_FILE`, set by
//! `cargo xtask dist`). Other builds have no such path and never look.
//!
//! Reading it costs one open and one read of a few bytes, and only when neither
//! `PERROR_FLAVOR` nor (later) `--flavor` is given. A missing, empty or unknown name
//! (say, a file left by a release of the package that knew another flavor) is no
//! error: the build's default applies, as without a package.

use std::io::Read;

use crate::catalog::Flavor;

/// Where the packaged build reads the recorded flavor; `None` in other builds.
pub const FLAVOR_FILE: Option<&str> = option_env!("PERROR_FLAVOR_FILE");

/// The flavor recorded for this host, if this build reads one and one is recorded.
pub fn recorded_flavor() -> Option<&'static Flavor> {
    let mut file = std::fs::File::open(FLAVOR_FILE?).ok()?;
    // A flavor name is short; a longer file is no flavor name.
    let mut buf = [0u8; 64];
    let mut len = 0;
    while len < buf.len() {
        match file.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    flavor_named_in(&buf[..len])
}

/// The flavor a recorded file names: one flavor name or alias, surrounding white space
/// (the line feed) ignored.
pub fn flavor_named_in(contents: &[u8]) -> Option<&'static Flavor> {
    let name = std::str::from_utf8(contents).ok()?.trim();
    if name.is_empty() {
        return None;
    }
    Flavor::find(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_name_is_the_flavor_it_names() {
        for f in Flavor::all() {
            let line = format!("{}\n", f.name);
            assert_eq!(
                flavor_named_in(line.as_bytes()).map(|g| g.name),
                Some(f.name)
            );
        }
        assert_eq!(
            flavor_named_in(b"  10.11 \n").map(|f| f.name),
            Some("mariadb-10.11")
        );
    }

    #[test]
    fn nothing_usable_recorded_is_no_flavor() {
        for contents in [
            &b""[..],
            b"\n",
            b"mariadb-5.5\n",
            b"mariadb-10.11\nmysql-9.7\n",
            b"\xff\xfe",
        ] {
            assert!(flavor_named_in(contents).is_none(), "{contents:?}");
        }
    }
}
