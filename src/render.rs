//! Every wording perror prints: its output lines byte for byte, what each kind is
//! called, SQLSTATE lines, the lines that say why nothing was found, and `--explain`'s
//! text. Other modules decide what to say; this one says it.

mod anatomy;

use std::fmt::Write as _;

pub use anatomy::look_up_next;

use std::io::{self, Write};

use crate::answer::{Answer, Failure, StateInfo};
use crate::catalog::{Family, Flavor, Kind};
use crate::lookup::{self, Match, WriteUpFor};
use crate::pasted::Recognised;
use crate::resolve::Target;

/// How the flavor's perror words its lines (and how our additions word theirs): its
/// family's style, and the link its release prints after a server error.
pub fn lines_of(flavor: &Flavor) -> Lines {
    Lines {
        style: match flavor.family() {
            Family::MariaDb => &MARIADB_LINES,
            Family::MySql => &MYSQL_LINES,
        },
        learn_more: flavor.learn_more,
    }
}

/// A flavor's lines: its family's [`LineStyle`] and its release's `Learn more:` link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lines {
    pub style: &'static LineStyle,
    /// [`Flavor::learn_more`]: the link with `{code}`, `{from}` and `{to}`; empty for no
    /// line.
    pub learn_more: &'static str,
}

impl std::ops::Deref for Lines {
    type Target = LineStyle;

    fn deref(&self) -> &LineStyle {
        self.style
    }
}

impl Lines {
    /// Writes the link for `code` (`https://err.mariadb.com/1062`), which the flavor
    /// prints (its link is not empty). Piece by piece, as perror's lines are written.
    fn write_learn_more(&self, out: &mut impl Write, code: i32) -> io::Result<()> {
        // The usual form, the code at the end (`https://err.mariadb.com/{code}`), without
        // a search for fields: `perror $(seq 0 5000)` writes a thousand links.
        if let Some(prefix) = self.learn_more.strip_suffix("{code}")
            && memchr::memchr(b'{', prefix.as_bytes()).is_none()
        {
            out.write_all(prefix.as_bytes())?;
            return write_code(out, code, 0);
        }
        out.write_all(self.expanded(code).as_bytes())
    }

    /// The link for `code` with every field filled in (not generic: rarely needed, and
    /// one copy of it is enough).
    #[inline(never)]
    fn expanded(&self, code: i32) -> String {
        let mut url = String::new();
        let mut rest = self.learn_more;
        while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
            url.push_str(&rest[..open]);
            let field = &rest[open..];
            let end = memchr::memchr(b'}', field.as_bytes()).map_or(field.len(), |c| c + 1);
            // The hundred the code is in: `1000-to-1099` for 1062.
            let from = code - code.rem_euclid(100);
            match &field[..end] {
                "{code}" => _ = write!(url, "{code}"),
                "{from}" => _ = write!(url, "{from}"),
                "{to}" => _ = write!(url, "{}", from + 99),
                other => url.push_str(other),
            }
            rest = &field[end..];
        }
        url.push_str(rest);
        url
    }
}

/// How one original perror words its lines, kind by kind: perror's own lines
/// (handler, server, and MySQL's global lines) byte for byte, and our additions' lines
/// (client, and MariaDB's global lines) in the same manner. OS lines are the same in
/// both (`OS error code %3d:  %s`), and so are `-s` lines (the message alone).
#[derive(Debug, PartialEq, Eq)]
pub struct LineStyle {
    pub handler: Template,
    pub server: Template,
    pub global: Template,
    pub client: Template,
}

/// One kind's verbose line: `<title><code><label>: <message>`.
#[derive(Debug, PartialEq, Eq)]
pub struct Template {
    /// The words before the code, with their space: `MariaDB error code `.
    pub title: &'static str,
    pub code: CodeFormat,
    pub label: Label,
}

/// How a code is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeFormat {
    /// printf's `%<width>d`: right-aligned in at least `width` columns (0: as it is).
    Decimal { width: usize },
    /// MySQL's `MY-%06d`: `MY-001062`, `MY-010914`.
    MySql,
}

/// What stands in parentheses after the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Nothing: `MariaDB error code 120: …`, `MySQL error code MY-000008: `.
    None,
    /// The error's name: `(ER_DUP_ENTRY)`.
    Name,
    /// The same word for every code: MySQL's `(handler)`.
    Fixed(&'static str),
}

/// MariaDB's perror: `MariaDB error code 1062 (ER_DUP_ENTRY): …` and a `Learn more:` link.
pub static MARIADB_LINES: LineStyle = LineStyle {
    handler: Template {
        title: "MariaDB error code ",
        code: CodeFormat::Decimal { width: 3 },
        label: Label::None,
    },
    server: Template {
        title: "MariaDB error code ",
        code: CodeFormat::Decimal { width: 3 },
        label: Label::Name,
    },
    global: Template {
        title: "MariaDB global error code ",
        code: CodeFormat::Decimal { width: 0 },
        label: Label::Name,
    },
    client: Template {
        title: "MariaDB client error code ",
        code: CodeFormat::Decimal { width: 0 },
        label: Label::Name,
    },
};

/// MySQL's perror: `MySQL error code MY-001062 (ER_DUP_ENTRY): …`, handler errors named
/// `(handler)`, mysys's global errors without a name, no link (`perror 1 120 1062`).
pub static MYSQL_LINES: LineStyle = LineStyle {
    handler: Template {
        title: "MySQL error code ",
        code: CodeFormat::MySql,
        label: Label::Fixed("handler"),
    },
    server: Template {
        title: "MySQL error code ",
        code: CodeFormat::MySql,
        label: Label::Name,
    },
    global: Template {
        title: "MySQL error code ",
        code: CodeFormat::MySql,
        label: Label::None,
    },
    // Not the original's (it calls 2000–2999 illegal): ours, in its manner.
    client: Template {
        title: "MySQL client error code ",
        code: CodeFormat::Decimal { width: 0 },
        label: Label::Name,
    },
};

/// The OS's lines, the same in every flavor: `OS error code %3d:  %s`.
const OS_TITLE: &str = "OS error code ";

/// MariaDB's legacy Berkeley DB lines: `MariaDB error code -30999: DB_INCOMPLETE: …`.
/// Only MariaDB's perror has the table ([`crate::rules::Consults::bdb`]).
const BDB_TITLE: &str = "MariaDB error code ";

impl LineStyle {
    /// The template of a kind's lines; `None` for OS and Berkeley DB codes, whose lines
    /// are the same in every flavor.
    fn template(&self, kind: Kind) -> Option<&Template> {
        match kind {
            Kind::Handler => Some(&self.handler),
            Kind::Server => Some(&self.server),
            Kind::Global => Some(&self.global),
            Kind::Client => Some(&self.client),
            Kind::Os | Kind::Bdb | Kind::InnoDb => None,
        }
    }

    /// What perror's lines call a code of this kind, with the space before the code:
    /// `OS error code `, `MariaDB error code `, `MySQL error code `.
    pub fn code_title_and_space(&self, kind: Kind) -> &'static str {
        match kind {
            Kind::Os => OS_TITLE,
            Kind::Bdb => BDB_TITLE,
            Kind::InnoDb => INNODB_TITLE,
            _ => self.template(kind).map_or("", |t| t.title),
        }
    }

    /// [`LineStyle::code_title_and_space`] without the space.
    pub fn code_title(&self, kind: Kind) -> &'static str {
        self.code_title_and_space(kind).trim_end()
    }

    /// A code as this flavor's lines name it, unpadded: `OS error code 104`, `MariaDB
    /// error code 1158`, `MySQL error code MY-001158` (`--annotate`'s wording).
    pub fn write_code_title(&self, out: &mut impl Write, kind: Kind, code: i32) -> io::Result<()> {
        out.write_all(self.code_title_and_space(kind).as_bytes())?;
        match self.template(kind).map(|t| t.code) {
            Some(CodeFormat::MySql) => write_mysql_code(out, code),
            _ => write_code(out, code, 0),
        }
    }
}

/// What `--annotate` calls InnoDB's file error codes (os0file.h's `OS error 71` style).
pub const INNODB_FILE_CODE_TITLE: &str = "InnoDB file error code";

/// InnoDB's file codes' lines, ours alone (no perror prints them):
/// `InnoDB file error code 71 (OS_FILE_NOT_FOUND): File not found (errno ENOENT)`.
const INNODB_TITLE: &str = "InnoDB file error code ";

/// What `--annotate` calls MySQL's codes (`MY-012592`).
pub const MYSQL_CODE_TITLE: &str = "MySQL error code";

/// What `--annotate` says of a MySQL code (`[MY-…]`) it cannot look up: one MySQL's
/// tables lack (`tables`), or any, in a build without them.
pub fn unknown_mysql_code(tables: bool) -> &'static str {
    if tables {
        "a MySQL code that MySQL's tables here do not have"
    } else {
        "a MySQL code; this build has no MySQL tables"
    }
}

/// `--explain` in one line, for `--annotate --explain`: the write-up's summary, or what the
/// message says to look up next; `None` when there is neither.
pub fn one_line_explanation(flavor: &'static Flavor, kind: Kind, code: i32) -> Option<String> {
    if let Some(w) = lookup::write_up(flavor, kind, code).found() {
        return Some(w.doc.summary().to_string());
    }
    let m = lookup::by_kind(flavor, kind, code)?;
    look_up_next(flavor, &crate::anatomy::Anatomy::of(flavor, &m))
}

/// What a kind is called in prose (`--explain`): `Server error 1158`.
fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Os => "OS error",
        Kind::Handler => "Storage engine error",
        Kind::Bdb => "Berkeley DB error",
        Kind::Server => "Server error",
        Kind::Client => "Client library error",
        Kind::Global => "mysys error",
        Kind::InnoDb => "InnoDB file error",
    }
}

/// Writes `m` the way perror prints it in `style` (the flavor's [`lines_of`]). Verbose lines carry the code as the
/// template says (`%3d` as MariaDB's printf does, `MY-%06d` as MySQL's); silent ones
/// (`-s`) only the message.
///
/// The lines are written piece by piece rather than through `format_args!`, which costs
/// several times as much per line: `perror $(seq 0 5000)` prints thousands.
pub fn perror_line(
    out: &mut impl Write,
    m: &Match,
    style: &Lines,
    verbose: bool,
) -> io::Result<()> {
    match (m, verbose) {
        (Match::Os { code, message }, true) => {
            out.write_all(OS_TITLE.as_bytes())?;
            write_code(out, *code, 3)?;
            write_pieces(out, &[b":  ", message.as_bytes(), b"\n"])
        }
        // The legacy table's text is "NAME: message" in both modes:
        // `perror -s -- -30999` prints `DB_INCOMPLETE: Sync didn't finish`.
        (Match::Bdb(e), true) => {
            writeln!(
                out,
                "{BDB_TITLE}{:3}: {}: {}",
                e.code,
                e.name(),
                e.message()
            )
        }
        (Match::Bdb(e), false) => writeln!(out, "{}: {}", e.name(), e.message()),
        (Match::Server { entry, message }, true) => {
            write_templated(out, &style.server, entry.code, entry.name(), message)?;
            if style.learn_more.is_empty() {
                return Ok(());
            }
            out.write_all(b"Learn more: ")?;
            style.write_learn_more(out, entry.code)?;
            out.write_all(b"\n")
        }
        (Match::Handler(e), true) => {
            write_templated(out, &style.handler, e.code, e.name(), e.message())
        }
        (Match::Client(e), true) => {
            write_templated(out, &style.client, e.code, e.name(), e.message())
        }
        (Match::Global(e), true) => {
            write_templated(out, &style.global, e.code, e.name(), e.message())
        }
        (Match::InnoDb(c), true) => {
            writeln!(out, "{INNODB_TITLE}{} ({}): {}", c.code, c.name, c.message)
        }
        (m, false) => write_pieces(out, &[m.message().as_bytes(), b"\n"]),
    }
}

/// `<title><code><label>: <message>\n`. An empty message leaves the line ending in `: `
/// (MySQL's `perror 8` prints `MySQL error code MY-000008: `).
#[inline]
fn write_templated(
    out: &mut impl Write,
    t: &Template,
    code: i32,
    name: &str,
    message: &str,
) -> io::Result<()> {
    out.write_all(t.title.as_bytes())?;
    match t.code {
        CodeFormat::Decimal { width } => write_code(out, code, width)?,
        CodeFormat::MySql => write_mysql_code(out, code)?,
    }
    match t.label {
        Label::None => {}
        Label::Name => write_pieces(out, &[b" (", name.as_bytes(), b")"])?,
        Label::Fixed(word) => write_pieces(out, &[b" (", word.as_bytes(), b")"])?,
    }
    write_pieces(out, &[b": ", message.as_bytes(), b"\n"])
}

/// MySQL's `MY-%06d`. Only codes 0–999999 reach it (MySQL's tables end below 16000);
/// others are written as printf would (`MY--00001`), for completeness.
fn write_mysql_code(out: &mut impl Write, code: i32) -> io::Result<()> {
    let (buf, start) = decimal(code);
    let digits = &buf[start..];
    out.write_all(b"MY-")?;
    let (sign, digits) = match digits.split_first() {
        Some((b'-', rest)) => (&b"-"[..], rest),
        _ => (&b""[..], digits),
    };
    out.write_all(sign)?;
    let zeros = 6usize.saturating_sub(sign.len() + digits.len());
    out.write_all(&b"000000"[..zeros])?;
    out.write_all(digits)
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

/// Under a `--flavor=all` group: a flavor whose messages say the same with their
/// conversions spelled otherwise (`note: mariadb-10.11 spells the conversions otherwise:
/// Duplicate entry '%-.192T' for key %d`).
pub fn spelled_otherwise_line(flavor: &Flavor, answer: &Answer) -> String {
    let mut line = format!("note: {} spells the conversions otherwise: ", flavor.name);
    for (i, m) in answer.matches.iter().enumerate() {
        if i > 0 {
            line.push_str(" / ");
        }
        line.push_str(m.message());
    }
    line.push('\n');
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
        Failure::NoSuchText(text) => format!("No error has the text: {text}"),
        Failure::NoSuchWord(word) => format!(
            "Not an error code, name, SQLSTATE or message: {word}; \
             perror --grep {} searches the messages",
            shell_word(word)
        ),
    }
}

/// `word` in single quotes, as a shell reads it back whatever it holds.
fn shell_word(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// What a lookup prints for an answer, failure aside: a SQLSTATE's lines, or each match as
/// perror prints it, in the words of the flavor whose tables answered; for a pasted
/// message, then the values it gave its conversions and the codes among them.
pub fn write_answer(
    out: &mut impl Write,
    asked: &'static Flavor,
    answer: &Answer,
    verbose: bool,
) -> io::Result<()> {
    let tables = answer.tables_of(asked);
    let style = lines_of(tables);
    if let Some(state) = &answer.sqlstate {
        if verbose {
            writeln!(out, "{}", sqlstate_line(state))?;
        }
        for m in &answer.matches {
            writeln!(out, "{}", sqlstate_member_line(m, &style, verbose))?;
        }
        return Ok(());
    }
    for m in &answer.matches {
        perror_line(out, m, &style, verbose)?;
    }
    if let (Target::Message(found), true) = (&answer.target, verbose) {
        out.write_all(pasted_lines(found).as_bytes())?;
    }
    Ok(())
}

/// Under a pasted message's lines: the values it gave its conversions (`table:
/// ./shop/orders`), then each code among them, what it is (`error 28: OS error 28
/// (ENOSPC): No space left on device`).
pub fn pasted_lines(found: &Recognised) -> String {
    let tables = found.flavor();
    let mut s = String::new();
    for v in &found.values {
        let _ = writeln!(s, "    {}: {}", v.name, v.text);
    }
    for inside in &found.inside {
        let _ = write!(s, "    {} {}: ", inside.name, inside.number);
        match inside.kind.lookup(tables, inside.number) {
            Some(m) => {
                let _ = write!(s, "{} {}", kind_title(m.kind()), m.code());
                if let Some(name) = m.name() {
                    let _ = write!(s, " ({name})");
                }
                let _ = writeln!(s, ": {}", m.message());
            }
            None => _ = writeln!(s, "{}, but none this flavor knows", inside.kind.words()),
        }
    }
    s
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
pub fn sqlstate_member_line(m: &Match, style: &Lines, verbose: bool) -> String {
    match (verbose, m.name()) {
        (true, Some(name)) => {
            let mut line = Vec::new();
            // Writing to a Vec cannot fail.
            let _ = style.write_code_title(&mut line, m.kind(), m.code());
            format!(
                "{} ({name}): {}",
                String::from_utf8_lossy(&line),
                m.message()
            )
        }
        _ => m.code().to_string(),
    }
}

/// Where `--explain`'s write-up bullets wrap.
const WIDTH: usize = 80;

/// `--explain`'s text for one answer: a SQLSTATE and its errors, or each match's facts
/// and write-up. Empty when nothing was found.
pub fn explanation(flavor: &'static Flavor, answer: &Answer) -> String {
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
    let tables = answer.tables_of(flavor);
    if let Target::Message(found) = &answer.target {
        text.push_str(&pasted_explanation(tables, found));
    } else if !std::ptr::eq(tables, flavor) {
        text.push_str(&format!(
            "{}'s code, from {}'s tables\n\n",
            tables.family().product(),
            tables.name
        ));
    }
    for (i, m) in answer.matches.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&explain_match(tables, m));
    }
    text
}

/// What `--explain` says first of a pasted message: whose it is, the values it gave its
/// conversions and the codes among them, each with its one-line summary where it has a
/// write-up, and the command that says more.
fn pasted_explanation(tables: &'static Flavor, found: &Recognised) -> String {
    let name = lookup::by_kind(tables, found.kind, found.code)
        .and_then(|m| m.name())
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let mut s = format!(
        "The text is {} {}{name} of {}, filled in:\n",
        kind_title(found.kind).to_lowercase(),
        found.code,
        tables.name
    );
    for v in &found.values {
        let _ = writeln!(s, "  {:<12}{}", v.name, v.text);
    }
    for inside in &found.inside {
        let Some(m) = inside.kind.lookup(tables, inside.number) else {
            continue;
        };
        let _ = writeln!(
            s,
            "  {:<12}{} {}{}: {}",
            format!("{} {}", inside.name, inside.number),
            kind_title(m.kind()),
            m.code(),
            m.name().map(|n| format!(" ({n})")).unwrap_or_default(),
            m.message()
        );
        if let Some(w) = lookup::write_up(tables, m.kind(), m.code()).found() {
            let _ = writeln!(s, "  {:<12}{}", "", w.doc.summary());
        }
        let _ = writeln!(
            s,
            "  {:<12}{}",
            "",
            crate::anatomy::explain_command(tables, &inside.number.to_string())
        );
    }
    s.push('\n');
    s
}

/// The page a line after a server error points to in `style` (`Learn more:
/// https://err.mariadb.com/1062`), for `--json` and `--explain`.
pub fn learn_more_url(m: &Match, style: &Lines) -> Option<String> {
    match m {
        Match::Server { entry, .. } if !style.learn_more.is_empty() => {
            Some(style.expanded(entry.code))
        }
        _ => None,
    }
}

/// The facts about one match, the anatomy of its message, then its write-up if there is
/// one.
fn explain_match(flavor: &'static Flavor, m: &Match) -> String {
    let facts_and_write_up = facts_and_write_up(flavor, m);
    // The write-up, when there is one, starts after the facts' first blank line: the
    // anatomy goes between, rendered on its own, the write-up's text left as it is.
    let (facts, write_up) = match memchr::memmem::find(facts_and_write_up.as_bytes(), b"\n\n") {
        Some(at) => facts_and_write_up.split_at(at + 1),
        None => (facts_and_write_up.as_str(), ""),
    };
    [facts, &anatomy_text(flavor, m), write_up].concat()
}

/// `--explain`'s anatomy of a match's message (its sections, each after a blank line).
pub fn anatomy_text(flavor: &'static Flavor, m: &Match) -> String {
    anatomy::text(flavor, &crate::anatomy::Anatomy::of(flavor, m))
}

/// The facts about one match, then its write-up if there is one.
fn facts_and_write_up(flavor: &Flavor, m: &Match) -> String {
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
    if let Some(url) = learn_more_url(m, &lines_of(flavor)) {
        field(&mut s, "learn more", &url);
    }
    let write_up = match lookup::write_up(flavor, m.kind(), m.code()) {
        WriteUpFor::Found(w) => w,
        WriteUpFor::None => return s,
        WriteUpFor::OtherError {
            written_for,
            family,
        } => {
            field(
                &mut s,
                "write-up",
                &format!(
                    "none; the one for {} {} is about {}'s {written_for}, another error",
                    kind_title(m.kind()).to_lowercase(),
                    m.code(),
                    Family::product(family)
                ),
            );
            return s;
        }
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
        ("Sources", doc.sources()),
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

    fn printed(flavor: &str, code: i32, verbose: bool) -> String {
        let f = Flavor::find(flavor).unwrap();
        let mut out = Vec::new();
        for m in matches(f, code) {
            perror_line(&mut out, &m, &super::lines_of(f), verbose).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    fn lines(code: i32, verbose: bool) -> String {
        printed("mariadb-11.8", code, verbose)
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
    fn mysql_lines_read_like_mysql_s_perror() {
        // The shapes MySQL's perror prints (`perror 1062 129 2 8`), filled from its tables.
        let f = Flavor::find("mysql-9.7").unwrap();
        let my = |code| printed("mysql-9.7", code, true);
        let dup = f.server.get(1062).unwrap();
        assert_eq!(
            my(1062),
            format!(
                "MySQL error code MY-001062 (ER_DUP_ENTRY): {}\n",
                dup.message()
            )
        );
        let h = f.handler.get(129).unwrap();
        assert_eq!(
            my(129).lines().nth(1).unwrap(),
            format!("MySQL error code MY-000129 (handler): {}", h.message())
        );
        let g = f.global.get(2).unwrap();
        assert_eq!(
            my(2).lines().nth(1).unwrap(),
            format!("MySQL error code MY-000002: {}", g.message())
        );
        assert!(
            my(8).ends_with("\nMySQL error code MY-000008: \n"),
            "{}",
            my(8)
        );
        assert_eq!(printed("mysql-9.7", 8, false).lines().nth(1), Some(""));
        let cr = f.client.get(2013).unwrap();
        assert_eq!(
            my(2013),
            format!(
                "MySQL client error code 2013 (CR_SERVER_LOST): {}\n",
                cr.message()
            )
        );
    }

    #[test]
    fn mysql_codes_are_zero_padded_to_six() {
        for (code, want) in [
            (0, "MY-000000"),
            (120, "MY-000120"),
            (10914, "MY-010914"),
            (1_234_567, "MY-1234567"),
            (-1, "MY--00001"),
        ] {
            let mut out = Vec::new();
            write_mysql_code(&mut out, code).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want);
            assert_eq!(want, format!("MY-{code:06}"), "as printf's %06d");
        }
    }

    #[test]
    fn the_learn_more_link_is_the_release_s_data() {
        // MariaDB's development tree links to the documentation by the hundred the code
        // is in; were a release to ship that, flavors.tsv would say so.
        let dev = Lines {
            style: &MARIADB_LINES,
            learn_more: "https://mariadb.com/docs/server/reference/error-codes/\
                         mariadb-error-codes-{from}-to-{to}/e{code}",
        };
        let m = Match::server(
            Flavor::find("mariadb-11.8")
                .unwrap()
                .server
                .get(1062)
                .unwrap(),
        );
        assert_eq!(
            learn_more_url(&m, &dev).as_deref(),
            Some(
                "https://mariadb.com/docs/server/reference/error-codes/\
                 mariadb-error-codes-1000-to-1099/e1062"
            )
        );
        let mut out = Vec::new();
        perror_line(&mut out, &m, &dev, true).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("-1000-to-1099/e1062\n")
        );
        let none = Lines {
            style: &MYSQL_LINES,
            learn_more: "",
        };
        assert_eq!(learn_more_url(&m, &none), None);
        for f in Flavor::all() {
            let url = learn_more_url(&m, &lines_of(f));
            assert_eq!(url.is_some(), !f.learn_more.is_empty(), "{}", f.name);
        }
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
