//! Finding MariaDB's own messages in a line: the server's; mysys's global errors, which the
//! server logs too (`Can't create/write to file …`); and the client library's, which
//! replication and clients log (`Lost connection to server during query`). Each message's
//! printf format becomes a [`Template`] of literal pieces with wildcards between them
//! (`%s`, `%d`, `%iE`, …), compiled once per run.
//!
//! The scanner looks for one literal piece of each template, its anchor; [`Template::
//! verify`] then places the other pieces around an anchor hit. Every piece after the
//! anchor is placed at its leftmost occurrence and every piece before it at its rightmost,
//! which finds a placement whenever one exists, because pieces are separated by
//! wildcards and the message may be surrounded by anything.

use memchr::memmem;

use crate::catalog::Kind;

/// How far from its anchor a message's other pieces are looked for: bounds the work per
/// anchor found, and a message's expansion in a log line is far shorter.
pub const REACH: usize = 1024;

/// Templates need a piece of this many literal bytes: shorter ones (`NO`, `%s`,
/// `hashchk`) would annotate ordinary words.
pub const MIN_ANCHOR: usize = 10;

/// Messages too generic to tell from ordinary log text by their words alone: a few
/// common words and a wildcard that swallows the rest (`Failed to create %s` is said of
/// anything InnoDB or Galera fails to create). Their codes are still found in fields.
pub const TOO_GENERIC: &[(Kind, i32)] = &[
    // ER_UNKNOWN_ERROR: "Unknown error", also the start of strerror's "Unknown error N".
    (Kind::Server, 1105),
    // ER_CREATE_FILEGROUP_FAILED, ER_SLAVE_CREATE_EVENT_FAILURE: "Failed to create %s".
    (Kind::Server, 1528),
    (Kind::Server, 1596),
    // ER_DROP_FILEGROUP_FAILED, ER_EVENT_DROP_FAILED: "Failed to drop %s".
    (Kind::Server, 1529),
    (Kind::Server, 1541),
    // ER_ALTER_FILEGROUP_FAILED: "Failed to alter: %s".
    (Kind::Server, 1533),
    // ER_SLAVE_FATAL_ERROR: "Fatal error: %s".
    (Kind::Server, 1593),
    // ER_GTID_OPEN_TABLE_FAILED: "Failed to open %s.%s".
    (Kind::Server, 1944),
];

/// How MySQL words messages that MariaDB has since reworded, under the same codes: the
/// client library's connection errors (libmysql/errmsg.cc, "MySQL server" where MariaDB
/// says "server"), and the server's ER_NOT_KEYFILE (MySQL 5.x and MariaDB before 10.x:
/// "Incorrect key file"). DBAs paste both.
pub const LEGACY_MESSAGES: &[(Kind, i32, &str)] = &[
    (
        Kind::Client,
        2002,
        "Can't connect to local MySQL server through socket '%-.100s' (%d)",
    ),
    (
        Kind::Client,
        2003,
        "Can't connect to MySQL server on '%-.100s' (%d)",
    ),
    (
        Kind::Client,
        2005,
        "Unknown MySQL server host '%-.100s' (%d)",
    ),
    (Kind::Client, 2006, "MySQL server has gone away"),
    (
        Kind::Client,
        2013,
        "Lost connection to MySQL server during query",
    ),
    (
        Kind::Client,
        2055,
        "Lost connection to MySQL server at '%s', system error: %d",
    ),
    (
        Kind::Server,
        1034,
        "Incorrect key file for table '%-.200s'; try to repair it",
    ),
];

/// Messages a server or client library prints under another error's code: the code a
/// reader gets is the second. MariaDB's handler reports a duplicate key as ER_DUP_ENTRY
/// (1062) in ER_DUP_ENTRY_WITH_KEY_NAME's words (`Duplicate entry '42' for key 'PRIMARY'`;
/// sql/handler.cc, print_keydup_error); both client libraries report a lost connection as
/// CR_SERVER_LOST (2013) in CR_SERVER_LOST_EXTENDED's words (`Lost connection to server at
/// 'handshake: reading initial communication packet', system error: 104`; libmariadb's
/// my_set_error and libmysql's set_mysql_extended_error, both given CR_SERVER_LOST).
pub const REPORTED_AS: &[(Kind, i32, i32)] =
    &[(Kind::Server, 1586, 1062), (Kind::Client, 2055, 2013)];

/// The code a message of `kind` and `code` is reported under ([`REPORTED_AS`]).
pub fn reported_as(kind: Kind, code: i32) -> i32 {
    REPORTED_AS
        .iter()
        .find(|&&(k, c, _)| k == kind && c == code)
        .map_or(code, |&(_, _, reported)| reported)
}

/// Whether a message format says anything beyond its wildcards: a word of three letters
/// or more in its literal text. MySQL's `%s` (ER_IB_MSG_749 and hundreds like it) does not.
pub fn has_words(format: &str) -> bool {
    literal_pieces(format.as_bytes()).iter().any(|piece| {
        piece
            .split(|b| !b.is_ascii_alphabetic())
            .any(|word| word.len() >= 3)
    })
}

/// Where the number `code` stands beside its OS error text at `text`, in the forms
/// servers, clients and Galera print: `110 (Connection timed out)` and `-111 (Connection
/// refused)` and `-113(No route to host)` (Galera), `111 "Connection refused"` (`%M`),
/// `(111) Connection refused`,
/// `98: Address already in use`, `24 - Too many open files` (MySQL's `%s`), `Address
/// already in use (98)`. The placement then spans the number and the text; the number's
/// first digit comes with it.
pub fn errno_beside(line: &[u8], text: Placement, code: i32) -> Option<(Placement, usize)> {
    let before = &line[..text.start];
    let after = &line[text.end..];
    let number_ending_at = |end: usize| -> Option<usize> {
        let digits = line[..end]
            .iter()
            .rev()
            .take(5)
            .take_while(|b| b.is_ascii_digit())
            .count();
        let start = end - digits;
        let start = if start > 0 && line[start - 1] == b'-' {
            start - 1
        } else {
            start
        };
        let value: i32 = std::str::from_utf8(&line[start..end]).ok()?.parse().ok()?;
        let clean = start == 0 || !line[start - 1].is_ascii_alphanumeric();
        (digits > 0 && digits < 5 && clean && value.abs() == code).then_some(start)
    };
    let first_digit = |start: usize| start + usize::from(line[start] == b'-');
    let closes = |open: &[u8], close: &[u8]| before.ends_with(open) && after.starts_with(close);
    let start = if closes(b" (", b")") || closes(b" \"", b"\"") || before.ends_with(b": ") {
        number_ending_at(text.start - 2)
    } else if closes(b"(", b")") {
        number_ending_at(text.start - 1)
    } else if before.ends_with(b" - ") {
        number_ending_at(text.start - 3)
    } else if before.ends_with(b") ") {
        number_ending_at(text.start - 2)
            .filter(|&s| s > 0 && line[s - 1] == b'(')
            .map(|s| s - 1)
    } else if closes(b" ", b")") {
        // `(111 Connection refused)` (Python's mysql-connector).
        number_ending_at(text.start - 1).filter(|&s| s > 0 && line[s - 1] == b'(')
    } else {
        None
    };
    if let Some(start) = start {
        let digit = first_digit(start + usize::from(line[start] == b'('));
        return Some((
            Placement {
                start,
                end: text.end,
            },
            digit,
        ));
    }
    // `Address already in use (98)`.
    let inner = after.strip_prefix(b" (")?;
    let digits = inner
        .iter()
        .take(5)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let value: i32 = std::str::from_utf8(&inner[..digits]).ok()?.parse().ok()?;
    (digits > 0 && inner.get(digits) == Some(&b')') && value == code).then_some((
        Placement {
            start: text.start,
            end: text.end + 2 + digits + 1,
        },
        text.end + 2,
    ))
}

/// One message as a pattern.
#[derive(Debug, Clone)]
pub struct Template {
    /// Whose message it is: [`Kind::Server`], [`Kind::Global`] or [`Kind::Client`].
    pub kind: Kind,
    pub code: i32,
    /// Literal pieces in order; a wildcard lies between each two, and maybe before the
    /// first and after the last (which changes nothing, as a line may hold more text).
    pieces: Vec<Box<[u8]>>,
    /// A searcher for each piece, built once: building one costs more than searching
    /// the few dozen bytes after an anchor. Forward for the pieces after the anchor's,
    /// backward for those before.
    after: Vec<memmem::Finder<'static>>,
    before: Vec<memmem::FinderRev<'static>>,
    /// The piece holding the anchor, and where in it the anchor starts and ends.
    anchor_piece: usize,
    anchor: std::ops::Range<usize>,
    /// The bytes the pieces hold: the most specific of two templates has more.
    pub literal_len: usize,
    /// How many bytes of the first piece are context, not the message.
    pub lead: usize,
    /// The message only reports a normal event (`super::is_news_message`): settled once
    /// per run, not per line.
    pub news: bool,
}

/// Where a template matched in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// From the first literal piece's first byte…
    pub start: usize,
    /// …to the last one's end.
    pub end: usize,
}

impl Template {
    /// The template of a message's first line, or `None` if no piece has [`MIN_ANCHOR`]
    /// bytes. The anchor is the longest piece until [`Self::choose_anchor`] picks
    /// another.
    pub fn new(kind: Kind, code: i32, message: &str) -> Option<Template> {
        let first_line = message.split('\n').next().unwrap_or_default();
        let mut pieces = literal_pieces(first_line.as_bytes());
        // A message that ends in a wildcard may end before it: MySQL's `Got error 122 from
        // storage engine` is MariaDB's `Got error %iE from storage engine %s` without the
        // engine's name, and without the space before it.
        if let Some(last) = pieces.last_mut()
            && !first_line.as_bytes().ends_with(last)
        {
            let kept = last.trim_ascii_end().len();
            *last = last[..kept].into();
            if last.is_empty() {
                pieces.pop();
            }
        }
        let (anchor_piece, longest) = pieces
            .iter()
            .enumerate()
            .max_by_key(|(i, p)| (p.len(), std::cmp::Reverse(*i)))?;
        if longest.len() < MIN_ANCHOR {
            return None;
        }
        Some(Template {
            kind,
            code,
            anchor_piece,
            anchor: 0..longest.len(),
            literal_len: pieces.iter().map(|p| p.len()).sum(),
            lead: 0,
            news: false,
            after: Vec::new(),
            before: Vec::new(),
            pieces,
        })
    }

    /// Makes the anchor the `len` bytes of literal text that `cost` ranks lowest (the
    /// first such, on a tie); keeps it if no piece is that long.
    pub fn choose_anchor<C: Ord>(&mut self, len: usize, mut cost: impl FnMut(&[u8]) -> C) {
        let windows = self.pieces.iter().enumerate().flat_map(|(i, piece)| {
            piece
                .windows(len)
                .enumerate()
                .map(move |(offset, w)| (i, offset, w))
        });
        if let Some((i, offset, _)) = windows.min_by_key(|&(i, offset, w)| (cost(w), i, offset)) {
            (self.anchor_piece, self.anchor) = (i, offset..offset + len);
        }
    }

    /// The same template, whose first `lead` bytes are the context the message is looked
    /// for in rather than the message.
    pub fn with_lead(mut self, lead: usize) -> Template {
        self.lead = lead;
        self
    }

    /// Every `LEN` bytes of literal text the anchor could be.
    pub fn literal_windows<const LEN: usize>(&self) -> impl Iterator<Item = [u8; LEN]> + '_ {
        self.pieces
            .iter()
            .flat_map(|p| p.windows(LEN))
            .map(|w| w.try_into().expect("LEN bytes"))
    }

    /// Builds the searchers [`Self::verify`] uses, once the anchor is chosen.
    pub fn prepare(&mut self) {
        let (before, after) = self.pieces.split_at(self.anchor_piece);
        self.after = after[1..]
            .iter()
            .map(|p| memmem::Finder::new(&p[..]).into_owned())
            .collect();
        self.before = before
            .iter()
            .rev()
            .map(|p| memmem::FinderRev::new(&p[..]).into_owned())
            .collect();
    }

    /// The literal the scanner looks for.
    pub fn anchor(&self) -> &[u8] {
        &self.pieces[self.anchor_piece][self.anchor.clone()]
    }

    /// Whether the whole template matches `line` with its anchor at `at`, its other
    /// pieces within [`REACH`] bytes of the anchor.
    pub fn verify(&self, line: &[u8], at: usize) -> Option<Placement> {
        let piece = &self.pieces[self.anchor_piece];
        let piece_start = at.checked_sub(self.anchor.start)?;
        let piece_end = piece_start + piece.len();
        if line.get(piece_start..piece_end)? != &piece[..] {
            return None;
        }
        let after = &line[..line.len().min(at.saturating_add(REACH))];
        let mut end = piece_end;
        for (i, piece) in self.pieces[self.anchor_piece + 1..].iter().enumerate() {
            let rest = after.get(end..)?;
            let found = match self.after.get(i) {
                Some(finder) => finder.find(rest),
                None => memmem::find(rest, piece),
            };
            end += found? + piece.len();
        }
        let before = at.saturating_sub(REACH);
        let mut start = piece_start;
        for (i, piece) in self.pieces[..self.anchor_piece].iter().rev().enumerate() {
            let span = line.get(before..start)?;
            let found = match self.before.get(i) {
                Some(finder) => finder.rfind(span),
                None => memmem::rfind(span, piece),
            };
            start = before + found?;
        }
        Some(Placement { start, end })
    }
}

/// The literal parts of a printf format, in order, empty ones left out: what lies between
/// its conversions. `%%` is a literal `%`.
fn literal_pieces(format: &[u8]) -> Vec<Box<[u8]>> {
    let mut pieces = Vec::new();
    let mut current = Vec::new();
    let mut rest = format;
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        if b != b'%' {
            current.push(b);
            continue;
        }
        if let Some(tail) = rest.strip_prefix(b"%") {
            current.push(b'%');
            rest = tail;
            continue;
        }
        match conversion_len(rest) {
            Some(len) => {
                rest = &rest[len..];
                if !current.is_empty() {
                    pieces.push(std::mem::take(&mut current).into_boxed_slice());
                }
            }
            // Not a conversion after all: the `%` is text.
            None => current.push(b'%'),
        }
    }
    if !current.is_empty() {
        pieces.push(current.into_boxed_slice());
    }
    pieces
}

/// The length of the conversion after a `%`: flags, width, precision and argument
/// positions (`-.64`, `.*`, `2$*1$`, 10.11's backquote flag), length modifiers (`l`,
/// `ll`), the conversion letter, and MariaDB 11's suffixes (`%sQ` quotes an identifier,
/// `%sT` truncates, `%iE` adds the errno's text).
fn conversion_len(spec: &[u8]) -> Option<usize> {
    let mut len = spec
        .iter()
        .take_while(|b| {
            matches!(b, b'-' | b'+' | b' ' | b'#' | b'`' | b'.' | b'*' | b'$') || b.is_ascii_digit()
        })
        .count();
    len += spec[len..]
        .iter()
        .take_while(|b| matches!(b, b'l' | b'h' | b'z' | b'j' | b't' | b'q' | b'L'))
        .count();
    let conversion = *spec.get(len)?;
    if !b"sdiuxXcfgepMTb".contains(&conversion) {
        return None;
    }
    len += 1;
    let suffix = match conversion {
        b's' => spec.get(len).filter(|b| matches!(b, b'Q' | b'T')),
        b'i' => spec.get(len).filter(|&&b| b == b'E'),
        _ => None,
    };
    Some(len + usize::from(suffix.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(format: &str) -> Vec<String> {
        literal_pieces(format.as_bytes())
            .iter()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect()
    }

    fn beside(line: &str, text: &str, code: i32) -> Option<(usize, usize)> {
        let start = line.find(text).unwrap();
        let p = Placement {
            start,
            end: start + text.len(),
        };
        errno_beside(line.as_bytes(), p, code).map(|(p, _)| (p.start, p.end))
    }

    #[test]
    fn an_os_text_counts_only_beside_its_number() {
        let t = "Connection timed out";
        let line = "failed to reach primary view: 110 (Connection timed out)";
        assert_eq!(beside(line, t, 110), Some((30, line.len() - 1)));
        assert_eq!(
            beside("connection: -110 (Connection timed out)", t, 110),
            Some((12, 38))
        );
        assert_eq!(
            beside("failed: -110(Connection timed out)", t, 110),
            Some((8, 33))
        );
        assert_eq!(beside("x(Connection timed out)", t, 110), None);
        assert_eq!(
            beside("on 'h' (110 Connection timed out)", t, 110),
            Some((8, 32))
        );
        assert_eq!(
            beside("x 110 Connection timed out)", t, 110),
            None,
            "no parenthesis"
        );
        assert_eq!(
            beside("x (110) Connection timed out", t, 110),
            Some((2, 28))
        );
        assert_eq!(
            beside("x: 110: Connection timed out", t, 110),
            Some((3, 28))
        );
        assert_eq!(
            beside("gcs connect failed: Connection timed out", t, 110),
            None
        );
        assert_eq!(
            beside("x 111 (Connection timed out)", t, 110),
            None,
            "another number"
        );
        assert_eq!(
            beside("v1110 (Connection timed out)", t, 110),
            None,
            "inside a word"
        );
        let t = "Address already in use";
        assert_eq!(
            beside("failed with error: Address already in use (98). Do", t, 98),
            Some((19, 46))
        );
        assert_eq!(beside("Address already in use (98", t, 98), None);
        let t = "Too many open files";
        assert_eq!(
            beside("(Errcode: 24 - Too many open files)", t, 24),
            Some((10, 34))
        );
    }

    #[test]
    fn a_message_of_placeholders_says_nothing() {
        assert!(!has_words("%s"));
        assert!(!has_words("%s: %s (%d)"));
        assert!(has_words("Unable to lock %s error: %d"));
    }

    #[test]
    fn some_messages_are_reported_under_another_code() {
        assert_eq!(reported_as(Kind::Client, 2055), 2013);
        assert_eq!(reported_as(Kind::Server, 1586), 1062);
        assert_eq!(reported_as(Kind::Server, 2055), 2055);
    }

    #[test]
    fn conversions_of_both_flavors_are_wildcards() {
        assert_eq!(
            pieces("Can't create table %sQ.%sQ (errno: %iE)"),
            ["Can't create table ", ".", " (errno: ", ")"]
        );
        assert_eq!(
            pieces("Can't create table %`s.%`s (errno: %M)"),
            ["Can't create table ", ".", " (errno: ", ")"]
        );
        assert_eq!(
            pieces("%-.100sT command denied to user '%s'@'%s' for table %sQ.%sQ"),
            [" command denied to user '", "'@'", "' for table ", "."]
        );
        assert_eq!(
            pieces("Aborted connection %lld to db: '%-.192s'"),
            ["Aborted connection ", " to db: '", "'"]
        );
        assert_eq!(pieces("%strigger %.*s and %2$*1$s"), ["trigger ", " and "]);
        assert_eq!(pieces("100%% sure, 5% off"), ["100% sure, 5% off"]);
        assert_eq!(pieces("ends with %"), ["ends with %"]);
    }

    #[test]
    fn a_message_ending_in_a_wildcard_may_end_before_it() {
        let t = Template::new(Kind::Server, 1030, "Got error %iE from storage engine %s").unwrap();
        assert_eq!(find(&t, "Got error 122 from storage engine"), Some((0, 33)));
        let t = Template::new(Kind::Server, 1, "abc %s long enough anchor").unwrap();
        assert_eq!(find(&t, "abc x long enough ancho"), None);
    }

    #[test]
    fn short_messages_have_no_template() {
        assert!(Template::new(Kind::Server, 1002, "NO").is_none());
        assert!(Template::new(Kind::Server, 1, "%s: %s").is_none());
        assert!(
            Template::new(
                Kind::Server,
                1158,
                "Got an error reading communication packets"
            )
            .is_some()
        );
    }

    #[test]
    fn the_anchor_is_the_longest_piece_and_only_the_first_line_counts() {
        let t = Template::new(
            Kind::Server,
            1408,
            "%s: ready for connections.\nVersion: '%s'",
        )
        .unwrap();
        assert_eq!(t.anchor(), b": ready for connections.");
        let t = Template::new(
            Kind::Server,
            1184,
            "Aborted connection %lld to db: '%-.192s' user: '%-.48s' host: '%-.64s'%-.64s (%-.64s)",
        )
        .unwrap();
        assert_eq!(t.anchor(), b"Aborted connection ");
    }

    fn find(template: &Template, line: &str) -> Option<(usize, usize)> {
        let at = line.find(std::str::from_utf8(template.anchor()).unwrap())?;
        template
            .verify(line.as_bytes(), at)
            .map(|p| (p.start, p.end))
    }

    #[test]
    fn verify_places_pieces_on_both_sides() {
        let t = Template::new(Kind::Server, 1030, "Got error %iE from storage engine %s").unwrap();
        // The space before the engine's name is not required (see above).
        assert_eq!(t.anchor(), b" from storage engine");
        let line = r#"x Got error 28 "No space left on device" from storage engine InnoDB"#;
        assert_eq!(find(&t, line), Some((2, line.len() - " InnoDB".len())));
        assert_eq!(find(&t, "x got error 28 from storage engine InnoDB"), None);
        let t = Template::new(Kind::Server, 1146, "Table '%-.192s.%-.192s' doesn't exist").unwrap();
        assert_eq!(find(&t, "Table 'a.b' doesn't exist, ok"), Some((0, 25)));
        assert_eq!(find(&t, "Table 'ab' doesn't exist"), None);
    }

    #[test]
    fn a_chosen_anchor_may_sit_inside_any_piece() {
        let mut t =
            Template::new(Kind::Server, 1030, "Got error %iE from storage engine %s").unwrap();
        t.choose_anchor(10, |w| if w == b"rage engin" { 0 } else { 1 });
        assert_eq!(t.anchor(), b"rage engin");
        let line = r#"x Got error 28 "No space left on device" from storage engine InnoDB"#;
        let at = line.find("rage engin").unwrap();
        assert_eq!(
            t.verify(line.as_bytes(), at),
            Some(Placement {
                start: 2,
                end: line.len() - 7
            })
        );
        assert_eq!(t.verify(line.as_bytes(), 3), None);
        assert_eq!(
            t.verify(b"rage engine", 0),
            None,
            "the piece starts before the line"
        );
    }

    #[test]
    fn pieces_are_looked_for_within_reach_of_the_anchor() {
        let t = Template::new(Kind::Server, 1, "abc %s long enough anchor %s xyz").unwrap();
        let near = format!(
            "abc{} long enough anchor {}xyz",
            " ".repeat(REACH - 20),
            " ".repeat(REACH - 30)
        );
        assert!(t.verify(near.as_bytes(), REACH - 17).is_some());
        let far = format!("abc{} long enough anchor  xyz", " ".repeat(REACH));
        assert_eq!(t.verify(far.as_bytes(), REACH + 3), None);
        let far = format!("abc long enough anchor {}xyz", " ".repeat(REACH));
        assert_eq!(t.verify(far.as_bytes(), 3), None);
    }

    #[test]
    fn verify_never_reads_outside_the_line() {
        let t = Template::new(Kind::Server, 1, "abc %s long enough anchor %s xyz").unwrap();
        assert_eq!(t.verify(b" long enough anchor ", 0), None);
        assert_eq!(t.verify(b"long enough anchor", 0), None);
        assert_eq!(t.verify(b"", 5), None);
        assert_eq!(
            t.verify(b"abc  long enough anchor  xyz", 4),
            Some(Placement { start: 0, end: 28 })
        );
    }
}
