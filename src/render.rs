//! perror's output lines, byte for byte.

use std::io::{self, Write};

use crate::lookup::Match;

/// Writes `m` the way perror prints it. Verbose lines carry the code (`%3d`, as the
/// original's printf does); silent ones (`-s`) only the message.
///
/// The common lines are written piece by piece rather than through `format_args!`, which
/// costs several times as much per line: `perror $(seq 0 5000)` prints thousands.
pub fn perror_line(out: &mut impl Write, m: &Match, verbose: bool) -> io::Result<()> {
    match (m, verbose) {
        (Match::Os { code, message }, true) => {
            out.write_all(b"OS error code ")?;
            write_code(out, *code, 3)?;
            write_pieces(out, &[b":  ", message.as_bytes(), b"\n"])
        }
        (Match::Handler(e), true) => {
            out.write_all(b"MariaDB error code ")?;
            write_code(out, e.code, 3)?;
            write_pieces(out, &[b": ", e.message.as_bytes(), b"\n"])
        }
        // The legacy table's text is "NAME: message" in both modes:
        // `perror -s -- -30999` prints `DB_INCOMPLETE: Sync didn't finish`.
        (Match::Bdb(e), true) => writeln!(
            out,
            "MariaDB error code {:3}: {}: {}",
            e.code, e.name, e.message
        ),
        (Match::Bdb(e), false) => writeln!(out, "{}: {}", e.name, e.message),
        (Match::Server { entry, message }, true) => {
            out.write_all(b"MariaDB error code ")?;
            write_code(out, entry.code, 3)?;
            write_pieces(
                out,
                &[
                    b" (",
                    entry.name.as_bytes(),
                    b"): ",
                    message.as_bytes(),
                    b"\nLearn more: https://err.mariadb.com/",
                ],
            )?;
            write_code(out, entry.code, 0)?;
            out.write_all(b"\n")
        }
        (Match::Client(e), true) => {
            out.write_all(b"MariaDB client error code ")?;
            write_code(out, e.code, 0)?;
            write_pieces(
                out,
                &[
                    b" (",
                    e.name.as_bytes(),
                    b"): ",
                    e.message.as_bytes(),
                    b"\n",
                ],
            )
        }
        (Match::Global(e), true) => writeln!(
            out,
            "MariaDB global error code {} ({}): {}",
            e.code, e.name, e.message
        ),
        (m, false) => write_pieces(out, &[m.message().as_bytes(), b"\n"]),
    }
}

#[inline]
fn write_pieces(out: &mut impl Write, pieces: &[&[u8]]) -> io::Result<()> {
    for piece in pieces {
        out.write_all(piece)?;
    }
    Ok(())
}

/// `code` in decimal, right-aligned in at least `width` columns (printf's `%3d`).
#[inline]
fn write_code(out: &mut impl Write, code: i32, width: usize) -> io::Result<()> {
    let (buf, start) = decimal(code);
    out.write_all(&buf[start.min(buf.len() - width)..])
}

/// perror's complaint, `Illegal error code: N`, built without `fmt` (it is most of what
/// `perror $(seq 0 5000)` prints). The line is `buf[..len]`.
pub fn illegal_code_line(code: i32) -> ([u8; 31], usize) {
    const PREFIX: &[u8] = b"Illegal error code: ";
    let (digits, start) = decimal(code);
    let mut buf = [0u8; 31];
    buf[..PREFIX.len()].copy_from_slice(PREFIX);
    let len = PREFIX.len() + digits.len() - start;
    buf[PREFIX.len()..len].copy_from_slice(&digits[start..]);
    (buf, len)
}

/// `code` in decimal without `fmt`: the digits are `buf[start..]`, and `buf[..start]` is
/// spaces (for padding).
#[inline]
pub fn decimal(code: i32) -> ([u8; 12], usize) {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
                                2021222324252627282930313233343536373839\
                                4041424344454647484950515253545556575859\
                                6061626364656667686970717273747576777879\
                                8081828384858687888990919293949596979899";
    let mut buf = [b' '; 12];
    let mut start = buf.len();
    let mut n = code.unsigned_abs();
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        start -= 2;
        buf[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = n as usize * 2;
        start -= 2;
        buf[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        start -= 1;
        buf[start] = b'0' + n as u8;
    }
    if code < 0 {
        start -= 1;
        buf[start] = b'-';
    }
    (buf, start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Flavor;
    use crate::lookup::matches;

    #[test]
    fn illegal_code_lines_read_like_printf() {
        for code in [0, 7, -1, 99999, i32::MIN, i32::MAX] {
            let (buf, len) = illegal_code_line(code);
            assert_eq!(
                &buf[..len],
                format!("Illegal error code: {code}").as_bytes()
            );
        }
    }

    fn lines(code: i32, verbose: bool) -> String {
        let mut out = Vec::new();
        for m in matches(Flavor::find("mariadb-11.8").unwrap(), code) {
            perror_line(&mut out, &m, verbose).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn verbose_and_silent_server_lines() {
        assert_eq!(
            lines(1158, true),
            "MariaDB error code 1158 (ER_NET_READ_ERROR): Got an error reading communication packets\n\
             Learn more: https://err.mariadb.com/1158\n"
        );
        assert_eq!(
            lines(1158, false),
            "Got an error reading communication packets\n"
        );
    }

    #[test]
    fn codes_are_padded_to_three() {
        assert_eq!(lines(5, true), "OS error code   5:  Input/output error\n");
    }

    #[test]
    fn codes_are_written_as_printf_writes_them() {
        let edges = [
            -30999,
            i32::MIN,
            i32::MIN + 1,
            i32::MAX,
            999_999_999,
            1_000_000_000,
        ];
        for code in (-1_000..=12_000).chain(edges) {
            for width in [0, 3] {
                let mut out = Vec::new();
                write_code(&mut out, code, width).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), format!("{code:width$}"));
            }
        }
    }

    #[test]
    fn client_lines_say_client() {
        assert_eq!(
            lines(2013, true),
            "MariaDB client error code 2013 (CR_SERVER_LOST): Lost connection to server during query\n"
        );
    }
}
