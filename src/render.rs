//! Every wording perror prints: its output lines byte for byte, what each kind is
//! called, SQLSTATE lines, the lines that say why nothing was found, and `--explain`'s
//! text. Other modules decide what to say; this one says it.

use std::io::{self, Write};

use crate::answer::{Answer, Failure, StateInfo};
use crate::catalog::{Flavor, Kind};
use crate::lookup::{self, Match};

/// What perror's lines call a code of this kind: `OS error code 104`, `MariaDB error code
/// 1158`. Storage-engine, Berkeley DB and server codes share the original's wording.
pub fn code_title(kind: Kind) -> &'static str {
    code_title_and_space(kind).trim_end()
}

/// [`code_title`] with the space before the code: one write for the hot lines.
pub fn code_title_and_space(kind: Kind) -> &'static str {
    match kind {
        Kind::Os => "OS error code ",
        Kind::Client => "MariaDB client error code ",
        Kind::Global => "MariaDB global error code ",
        Kind::Handler | Kind::Bdb | Kind::Server => "MariaDB error code ",
    }
}

/// What `--annotate` calls InnoDB's file error codes (os0file.h's `OS error 71` style).
pub const INNODB_FILE_CODE_TITLE: &str = "InnoDB file error code";

/// What `--annotate` calls MySQL 8's own codes (`MY-012592`).
pub const MYSQL_CODE_TITLE: &str = "MySQL error code";

/// What a kind is called in prose (`--explain`): `Server error 1158`.
fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Os => "OS error",
        Kind::Handler => "Storage engine error",
        Kind::Bdb => "Berkeley DB error",
        Kind::Server => "Server error",
        Kind::Client => "Client library error",
        Kind::Global => "mysys error",
    }
}

/// Writes `m` the way perror prints it. Verbose lines carry the code (`%3d`, as the
/// original's printf does); silent ones (`-s`) only the message.
///
/// The common lines are written piece by piece rather than through `format_args!`, which
/// costs several times as much per line: `perror $(seq 0 5000)` prints thousands.
pub fn perror_line(out: &mut impl Write, m: &Match, verbose: bool) -> io::Result<()> {
    match (m, verbose) {
        (Match::Os { code, message }, true) => {
            out.write_all(code_title_and_space(Kind::Os).as_bytes())?;
            write_code(out, *code, 3)?;
            write_pieces(out, &[b":  ", message.as_bytes(), b"\n"])
        }
        (Match::Handler(e), true) => {
            out.write_all(code_title_and_space(Kind::Handler).as_bytes())?;
            write_code(out, e.code, 3)?;
            write_pieces(out, &[b": ", e.message().as_bytes(), b"\n"])
        }
        // The legacy table's text is "NAME: message" in both modes:
        // `perror -s -- -30999` prints `DB_INCOMPLETE: Sync didn't finish`.
        (Match::Bdb(e), true) => writeln!(
            out,
            "{}{:3}: {}: {}",
            code_title_and_space(Kind::Bdb),
            e.code,
            e.name(),
            e.message()
        ),
        (Match::Bdb(e), false) => writeln!(out, "{}: {}", e.name(), e.message()),
        (Match::Server { entry, message }, true) => {
            out.write_all(code_title_and_space(Kind::Server).as_bytes())?;
            write_code(out, entry.code, 3)?;
            write_pieces(
                out,
                &[
                    b" (",
                    entry.name().as_bytes(),
                    b"): ",
                    message.as_bytes(),
                    b"\nLearn more: https://err.mariadb.com/",
                ],
            )?;
            write_code(out, entry.code, 0)?;
            out.write_all(b"\n")
        }
        (Match::Client(e), true) => {
            out.write_all(code_title_and_space(Kind::Client).as_bytes())?;
            write_code(out, e.code, 0)?;
            write_pieces(
                out,
                &[
                    b" (",
                    e.name().as_bytes(),
                    b"): ",
                    e.message().as_bytes(),
                    b"\n",
                ],
            )
        }
        (Match::Global(e), true) => writeln!(
            out,
            "{}{} ({}): {}",
            code_title_and_space(Kind::Global),
            e.code,
            e.name(),
            e.message()
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

/// What each line of a `--flavor=all` group starts with, under its heading.
pub const COMPARISON_INDENT: &[u8] = b"    ";

/// The heading of a `--flavor=all` group: `3024 in mariadb-11.8, mariadb-10.11:`, or
/// `1158 in every flavor:` when they all answer alike.
pub fn comparison_heading(arg: &[u8], flavors: &[&Flavor], every: bool) -> Vec<u8> {
    let mut line = arg.to_vec();
    if every {
        line.extend_from_slice(b" in every flavor:\n");
    } else {
        let names: Vec<&str> = flavors.iter().map(|f| f.name).collect();
        line.extend_from_slice(format!(" in {}:\n", names.join(", ")).as_bytes());
    }
    line
}

/// Why nothing was found, as one line: perror's `Illegal error code: N`, or ours for a
/// name (`Illegal error name: ER_X; did you mean ER_Y?`).
pub fn failure_line(failure: &Failure) -> String {
    match failure {
        Failure::IllegalCode(code) => {
            let (line, len) = illegal_code_line(*code);
            String::from_utf8_lossy(&line[..len]).into_owned()
        }
        Failure::IllegalName { name, suggestions } => {
            let mut line = format!("Illegal error name: {name}");
            if !suggestions.is_empty() {
                line.push_str(&format!("; did you mean {}?", or_list(suggestions)));
            }
            line
        }
    }
}

/// `A`, `A or B`, `A, B or C`.
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// `SQLSTATE 08S01: Communication link failure (class 08: Connection exception)`.
pub fn sqlstate_line(info: &StateInfo) -> String {
    let mut line = format!("SQLSTATE {}", info.state);
    if let Some(m) = info.meaning {
        line.push_str(&format!(": {m}"));
    }
    if let Some(c) = info.class_meaning {
        line.push_str(&format!(" (class {}: {c})", info.class()));
    }
    line
}

/// One error that carries a SQLSTATE, as a lookup of the SQLSTATE lists it; `-s` prints
/// just its code, for scripts.
pub fn sqlstate_member_line(m: &Match, verbose: bool) -> String {
    match (verbose, m.name()) {
        (true, Some(name)) => format!(
            "{} {} ({name}): {}",
            code_title(Kind::Server),
            m.code(),
            m.message()
        ),
        _ => m.code().to_string(),
    }
}

/// Where `--explain`'s write-up bullets wrap.
const WIDTH: usize = 80;

/// `--explain`'s text for one answer: a SQLSTATE and its errors, or each match's facts
/// and write-up. Empty when nothing was found.
pub fn explanation(answer: &Answer) -> String {
    let mut text = String::new();
    if let Some(state) = &answer.sqlstate {
        text.push_str(&sqlstate_line(state));
        text.push('\n');
        for m in &answer.matches {
            text.push_str(&format!(
                "  {} {}: {}\n",
                m.code(),
                m.name().unwrap_or(""),
                m.message()
            ));
        }
        return text;
    }
    for (i, m) in answer.matches.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&explain_match(m));
    }
    text
}

/// The facts about one match, then its write-up if there is one.
fn explain_match(m: &Match) -> String {
    let mut s = format!("{} {}", kind_title(m.kind()), m.code());
    if let Some(name) = m.name() {
        s.push_str(&format!(" ({name})"));
    }
    s.push('\n');
    let field =
        |s: &mut String, label: &str, value: &str| s.push_str(&format!("  {label:<12}{value}\n"));
    field(&mut s, "message", m.message());
    if let Some(state) = m.sqlstate() {
        let line = sqlstate_line(&StateInfo::new(state));
        field(&mut s, "SQLSTATE", line.trim_start_matches("SQLSTATE "));
    }
    if let Some(url) = m.url() {
        field(&mut s, "learn more", &url);
    }
    let Some(write_up) = lookup::write_up(m.kind(), m.code()) else {
        return s;
    };
    if write_up.is_shared(m.kind(), m.code()) {
        let other = write_up.key;
        field(
            &mut s,
            "write-up",
            &format!(
                "shared with {} {}",
                kind_title(other.kind).to_lowercase(),
                other.code
            ),
        );
    }
    let doc = write_up.doc;
    s.push('\n');
    s.push_str(doc.summary());
    s.push('\n');
    for (title, bullets) in [
        ("Possible causes", doc.causes()),
        ("Finding out more", doc.find_out()),
        ("Fixing it", doc.fix()),
    ] {
        s.push('\n');
        s.push_str(title);
        s.push('\n');
        for b in bullets.iter() {
            s.push_str(&wrap_bullet(b));
        }
    }
    s
}

/// `  - text`, wrapped at [`WIDTH`] with continuation lines under the text.
fn wrap_bullet(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("  -");
    for word in text.split(' ') {
        if line.len() + 1 + word.len() > WIDTH && line.len() > 4 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("   ");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
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
    fn bullets_wrap_under_their_text() {
        let text = "word ".repeat(30);
        let wrapped = wrap_bullet(text.trim_end());
        assert!(wrapped.lines().all(|l| l.len() <= WIDTH), "{wrapped}");
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    ")));
        assert_eq!(
            wrapped.split_whitespace().filter(|w| *w == "word").count(),
            30
        );
    }

    #[test]
    fn failures_read_like_perror() {
        assert_eq!(
            failure_line(&Failure::IllegalCode(99999)),
            "Illegal error code: 99999"
        );
        let name = |suggestions| Failure::IllegalName {
            name: "ER_X".into(),
            suggestions,
        };
        assert_eq!(failure_line(&name(vec![])), "Illegal error name: ER_X");
        assert_eq!(
            failure_line(&name(vec!["A", "B", "C"])),
            "Illegal error name: ER_X; did you mean A, B or C?"
        );
    }

    #[test]
    fn sqlstate_lines_give_the_class() {
        assert_eq!(
            sqlstate_line(&StateInfo::new("08S01")),
            "SQLSTATE 08S01: Communication link failure (class 08: Connection exception)"
        );
    }

    #[test]
    fn client_lines_say_client() {
        assert_eq!(
            lines(2013, true),
            "MariaDB client error code 2013 (CR_SERVER_LOST): Lost connection to server during query\n"
        );
    }
}
