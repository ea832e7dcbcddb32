//! `perror --annotate`: reads logs and says, under each line that carries error codes,
//! what each code means and which field it came from.
//!
//! The core is [`Annotator`], a pure function of the bytes fed to it: [`Annotator::feed`]
//! takes chunks of any size, cut anywhere, and [`Annotator::finish`] ends an input. Lines
//! pass through byte for byte; a line longer than [`WINDOW`] is scanned in windows that
//! overlap by [`KEEP`] bytes and passed through as they are scanned, so memory stays
//! bounded whatever the input. Where the bytes come from (files, stdin, gzip) is
//! `reader`'s business; what the codes are is `fields`' table and `messages`'
//! templates, found by `scan`.

mod anchors;
mod annotation;
mod color;
mod fields;
mod innodb;
mod meanings;
mod messages;
mod mysql;
pub mod reader;
mod resolver;
mod scan;
mod signals;
mod stamp;
mod top;

use std::io::{self, Write};

use memchr::{memchr, memchr_iter, memrchr};

use crate::catalog::{Flavor, Kind};
use crate::json;
use anchors::AnchorHit;
use annotation::{LineCodes, write_annotation};
pub use color::{Palette, wanted as color_wanted};
use meanings::{LineFacts, Meanings};
pub use scan::Recogniser;
use scan::{Found, Hit, settle};
use top::Tally;

/// Lines up to this long are held whole; longer ones are scanned in windows of this size.
pub const WINDOW: usize = 256 * 1024;
/// How much of a window the next one starts with. A code whose evidence spans at most
/// [`SPAN`] bytes, with up to [`CONTEXT`] bytes before it, is found exactly once, in the
/// window where it starts.
pub const KEEP: usize = SPAN + CONTEXT;
/// Fields are a few dozen bytes; a message reaches `messages::REACH` either side of its
/// anchor.
pub const SPAN: usize = 2 * messages::REACH;
pub const CONTEXT: usize = 2 * messages::REACH;

/// The most [`Annotator::feed`] looks at at once.
const PIECE: usize = 256 * 1024;

/// The label of codes found by their message.
pub const MESSAGE_LABEL: &str = "message";
/// The label of OS codes found by their text beside their number (`110 (Connection timed
/// out)`), as `%M` prints them.
pub const STRERROR_LABEL: &str = "strerror";

/// Which table a code is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CodeKind {
    /// One of the flavor's tables.
    Table(Kind),
    /// InnoDB's own file error codes (`OS error: 71`), which are not errnos.
    InnoDbFile,
    /// MySQL's codes (`[MY-012592]`), which MariaDB's tables do not hold.
    MySql,
    /// A signal that crashed the server (`mysqld got signal 11 ;`).
    Signal,
    /// The resolver's code in an unknown-host error (`… server host 'db' (-2)`).
    Resolver,
}

/// The server messages that report a normal event (start-up, shutdown, a replica
/// starting), by name, as MariaDB and MySQL both call them: news, not errors, and
/// quiet unless [`Annotator::all_messages`] asks, whatever the line's level (a MySQL 5.0
/// `mysqld: ready for connections.` has no level tag). MySQL's error-log messages have
/// their levels in the data instead ([`is_news_message`]).
pub const INFORMATIONAL: &[&str] = &[
    "ER_STARTUP",
    "ER_READY",
    "ER_NORMAL_SHUTDOWN",
    "ER_SHUTDOWN_COMPLETE",
    "ER_SLAVE_STARTED",
    "ER_SLAVE_STOPPED",
];

/// What an annotation run prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// Every line (or, with `only_matching`, those with codes), each followed by what its
    /// codes mean.
    Annotated { only_matching: bool },
    /// One JSON object per code found, nothing else.
    Json,
    /// Nothing while reading; [`Annotator::write_top`] prints the tally.
    Top,
}

/// How annotations look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// perror's `-v` wording (`OS error code 104 (ECONNRESET): …`) or `-s`'s bare text.
    pub verbose: bool,
    pub palette: Palette,
}

/// A code found in a line, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// Where its evidence starts in the line…
    pub start: usize,
    /// …and where a field's ends (a message's: where it starts).
    pub end: usize,
    /// The field it came from (`fields::Field::label`, a label saying how InnoDB's
    /// number was read, [`MESSAGE_LABEL`] or [`STRERROR_LABEL`]).
    pub label: &'static str,
    pub kind: CodeKind,
    pub code: i32,
}

/// Reads lines and writes them annotated. One per run: the tally and the lookups it
/// caches carry over from one input to the next.
pub struct Annotator<'r> {
    recogniser: &'r Recogniser,
    report: Report,
    style: Style,
    /// Annotate informational messages on `[Note]` lines too.
    all_messages: bool,
    /// `--explain`: a line under each annotation (and a field in JSON) from `--explain`.
    explain: Option<Explanations>,
    meanings: Meanings,
    tally: Tally,
    /// The input's name, for JSON.
    source: String,
    /// Lines of the input before the current one (kept up to date for JSON only, which is
    /// the one report that numbers lines).
    lines_before: u64,
    /// The current line's bytes not yet passed through, when the input so far ends
    /// inside it.
    partial: Vec<u8>,
    /// Whether windows of the current line were already scanned and passed through.
    partial_is_long: bool,
    /// Codes of the current line, one entry per meaning, labels merged.
    line: LineCodes,
    /// For `--top`: the current line's timestamp, if it has one.
    line_time: Option<String>,
    /// Scratch space, kept to save allocations.
    needles: Vec<usize>,
    anchors: Vec<AnchorHit>,
    hits: Vec<Hit>,
    named: Vec<i32>,
    found: Vec<Occurrence>,
}

impl<'r> Annotator<'r> {
    pub fn new(
        recogniser: &'r Recogniser,
        flavor: &'static Flavor,
        report: Report,
        style: Style,
    ) -> Self {
        Annotator {
            recogniser,
            report,
            style,
            all_messages: false,
            explain: None,
            meanings: Meanings::new(flavor),
            tally: Tally::default(),
            source: "-".to_string(),
            lines_before: 0,
            partial: Vec::new(),
            partial_is_long: false,
            line: LineCodes::default(),
            line_time: None,
            needles: Vec::new(),
            anchors: Vec::new(),
            hits: Vec::new(),
            named: Vec::new(),
            found: Vec::new(),
        }
    }

    /// Whether `[Note]` and `[System]` lines get annotations for what only reports a
    /// normal event: start-up and shutdown messages, MySQL's `[MY-…]` codes. Off by
    /// default: `[Note] mariadbd: ready for connections.` is not an error.
    pub fn all_messages(mut self, on: bool) -> Self {
        self.all_messages = on;
        self
    }

    /// Whether each annotation gets a line from `--explain` under it (its write-up's
    /// summary, or what its message says to look up next), and each JSON object that line
    /// as `explanation`. Off by default.
    pub fn explain(mut self, on: bool) -> Self {
        self.explain = on.then(|| Explanations::new(self.meanings.flavor()));
        self
    }

    /// Starts a new input, named `source` in JSON; line numbers start again at 1.
    pub fn begin(&mut self, source: &str) {
        self.source.clear();
        self.source.push_str(source);
        self.lines_before = 0;
    }

    /// Reads the next bytes of the input.
    pub fn feed<W: Write>(&mut self, chunk: &[u8], out: &mut W) -> io::Result<()> {
        // The first pass keeps the positions it finds in a piece: a bounded piece keeps
        // that bounded too.
        for piece in chunk.chunks(PIECE) {
            self.feed_piece(piece, out)?;
        }
        Ok(())
    }

    fn feed_piece<W: Write>(&mut self, piece: &[u8], out: &mut W) -> io::Result<()> {
        let mut rest = piece;
        if !self.partial.is_empty() || self.partial_is_long {
            let Some(nl) = memchr(b'\n', rest) else {
                return self.extend_partial(rest, out);
            };
            self.extend_partial(&rest[..=nl], out)?;
            self.end_partial(out)?;
            rest = &rest[nl + 1..];
        }
        if let Some(last_nl) = memrchr(b'\n', rest) {
            self.whole_lines(&rest[..=last_nl], out)?;
            rest = &rest[last_nl + 1..];
        }
        self.extend_partial(rest, out)
    }

    /// Ends the input: a last line without a line feed is annotated too.
    pub fn finish<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        if !self.partial.is_empty() || self.partial_is_long {
            self.end_partial(out)?;
        }
        Ok(())
    }

    /// `--top`: the `n` most frequent codes of every input so far.
    pub fn write_top<W: Write>(&mut self, n: usize, out: &mut W) -> io::Result<()> {
        self.tally
            .write(n, &mut self.meanings, self.style.palette, out)
    }

    /// `--top --json`: the same rows as JSON Lines.
    pub fn write_top_json<W: Write>(&mut self, n: usize, out: &mut W) -> io::Result<()> {
        self.tally.write_json(n, &mut self.meanings, out)
    }

    /// Complete lines (`region` ends with a line feed): the fast path. The scanner skips
    /// from one candidate line to the next; the lines between pass through in one write.
    fn whole_lines<W: Write>(&mut self, region: &[u8], out: &mut W) -> io::Result<()> {
        let passing_through = self.report
            == Report::Annotated {
                only_matching: false,
            };
        let numbering = self.report == Report::Json;
        let mut written = 0;
        let mut counted = 0;
        let mut from = 0;
        let (mut needles, mut anchors) = self.take_scratch();
        self.recogniser.find_needles(region, &mut needles);
        self.recogniser.find_anchors(region, &mut anchors);
        let mut found = Found {
            needles: &needles,
            anchors: &anchors,
        };
        while let Some(hit) = found.first() {
            let start = memrchr(b'\n', &region[from..hit]).map_or(from, |i| from + i + 1);
            let end = memchr(b'\n', &region[hit..]).map_or(region.len(), |i| hit + i + 1);
            if numbering {
                self.lines_before += count_lines(&region[counted..start]);
            }
            let line = &region[start..end];
            let (text, eol) = split_line_end(line);
            let (in_line, after) = found.split_before(end);
            // The common [Note] lines (ready for connections, shutdown) would be scanned
            // only to drop what is found: skip them.
            let news_only = !self.all_messages && self.recogniser.only_news(in_line);
            if !news_only {
                self.scan(text, in_line, start, 0..text.len(), out)?;
            }
            found = after;
            if passing_through {
                out.write_all(&region[written..end])?;
            } else if self.wants_line() {
                out.write_all(line)?;
            }
            self.end_line(eol, out)?;
            (written, counted, from) = (end, end, end);
        }
        if passing_through {
            out.write_all(&region[written..])?;
        }
        if numbering {
            self.lines_before += count_lines(&region[counted..]);
        }
        (self.needles, self.anchors) = (needles, anchors);
        Ok(())
    }

    /// Adds bytes of a line whose end has not been read, scanning and passing through a
    /// window whenever the line outgrows [`WINDOW`].
    fn extend_partial<W: Write>(&mut self, mut bytes: &[u8], out: &mut W) -> io::Result<()> {
        while !bytes.is_empty() {
            if self.partial.len() >= WINDOW {
                self.slide_window(out)?;
            }
            let take = (WINDOW - self.partial.len()).min(bytes.len());
            self.partial.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
        }
        Ok(())
    }

    /// Scans the full window, passes all but its last [`KEEP`] bytes through, and keeps
    /// those for the next window, which owns the codes starting after the first
    /// [`CONTEXT`] of them.
    fn slide_window<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        let window = std::mem::take(&mut self.partial);
        let own_from = if self.partial_is_long { CONTEXT } else { 0 };
        let drop = window.len() - KEEP;
        self.scan_window(&window, own_from..window.len() - SPAN, out)?;
        // A long line's start is out before its end is read: it cannot be held back, so
        // --only-matching passes it whole too.
        if matches!(self.report, Report::Annotated { .. }) {
            out.write_all(&window[..drop])?;
        }
        self.partial = window;
        self.partial.drain(..drop);
        self.partial_is_long = true;
        Ok(())
    }

    /// The current line has ended (`partial` holds its end, line feed included if any).
    fn end_partial<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        let window = std::mem::take(&mut self.partial);
        let own_from = if self.partial_is_long { CONTEXT } else { 0 };
        let (text, eol) = split_line_end(&window);
        self.scan_window(text, own_from..text.len(), out)?;
        let annotated = matches!(self.report, Report::Annotated { .. });
        if annotated && (self.partial_is_long || self.wants_line()) {
            out.write_all(&window)?;
            if eol.is_empty() && !self.line.is_empty() {
                // The input's last line has no line feed; the annotations go below it.
                out.write_all(b"\n")?;
            }
        }
        self.end_line(if eol.is_empty() { b"\n" } else { eol }, out)?;
        self.partial = window;
        self.partial.clear();
        self.partial_is_long = false;
        Ok(())
    }

    /// Whether the current line, now scanned, is printed.
    fn wants_line(&self) -> bool {
        match self.report {
            Report::Annotated { only_matching } => !only_matching || !self.line.is_empty(),
            Report::Json | Report::Top => false,
        }
    }

    /// [`Self::scan`] for a line, or a window of one, that the first pass has not seen.
    fn scan_window<W: Write>(
        &mut self,
        text: &[u8],
        own: std::ops::Range<usize>,
        out: &mut W,
    ) -> io::Result<()> {
        let (mut needles, mut anchors) = self.take_scratch();
        self.recogniser.find_needles(text, &mut needles);
        self.recogniser.find_anchors(text, &mut anchors);
        let found = Found {
            needles: &needles,
            anchors: &anchors,
        };
        let scanned = self.scan(text, found, 0, own, out);
        (self.needles, self.anchors) = (needles, anchors);
        scanned
    }

    /// The first pass's buffers, emptied, to fill while `self` is borrowed elsewhere.
    fn take_scratch(&mut self) -> (Vec<usize>, Vec<AnchorHit>) {
        let mut needles = std::mem::take(&mut self.needles);
        let mut anchors = std::mem::take(&mut self.anchors);
        needles.clear();
        anchors.clear();
        (needles, anchors)
    }

    /// Finds the codes in `text` that start in `own` and records them: JSON objects go out
    /// at once, the rest is kept for [`Self::end_line`]. `found` is what the first pass
    /// found in `text`, at `offset` plus its position in it.
    fn scan<W: Write>(
        &mut self,
        text: &[u8],
        found: Found<'_>,
        offset: usize,
        own: std::ops::Range<usize>,
        out: &mut W,
    ) -> io::Result<()> {
        self.hits.clear();
        self.recogniser.hits(text, found, offset, &mut self.hits);
        if self.hits.is_empty() {
            return Ok(());
        }
        settle(&mut self.hits, &mut self.named);
        self.found.clear();
        let tags = LineTags::of(text);
        let mut facts = LineFacts::with_mysql_tag(text, tags.mysql);
        for hit in &self.hits {
            if !own.contains(&hit.start()) {
                continue;
            }
            let found = match hit {
                // A normal event's message is news, at any level.
                Hit::Message { news: true, .. } if !self.all_messages => None,
                Hit::Message {
                    kind,
                    code,
                    placement,
                    ..
                } => self.message_occurrence(*kind, *code, placement.start, &tags),
                Hit::Field { field, candidate } => {
                    let quoted = candidate.quoted.clone().map(|q| &text[q]);
                    self.meanings
                        .resolve(field.consult, candidate.code, quoted, &mut facts)
                        .map(|r| Occurrence {
                            start: candidate.start,
                            end: candidate.end,
                            label: r.label.unwrap_or(field.label),
                            kind: r.kind,
                            code: r.code,
                        })
                }
            };
            self.found.extend(found);
        }
        self.codes_before_messages(text);
        named_codes_name_their_messages(&mut self.found);
        let all_messages = self.all_messages;
        self.found
            .retain(|o| says_something(o) && (all_messages || !is_news(o, tags.event)));
        // A long line's time is in its first window.
        if self.report == Report::Top && !self.found.is_empty() && own.start == 0 {
            let stamp = stamp::of(text);
            self.line_time = stamp
                .time
                .map(|r| String::from_utf8_lossy(&text[r]).into_owned());
        }
        for i in 0..self.found.len() {
            let o = self.found[i];
            match self.report {
                Report::Json => self.write_json(&o, text, out)?,
                Report::Annotated { .. } | Report::Top => self.line.add(&o),
            }
        }
        Ok(())
    }

    /// A driver's code right before a server or client message it found: `(2013, 'Lost
    /// connection …')` (Python's exceptions), `#1005 - Can't create table …`
    /// (phpMyAdmin), `, 2002: Can't connect to …` (ProxySQL). The code is the error the
    /// driver got; in a tuple or phpMyAdmin's form it names the message too (see
    /// [`named_codes_name_their_messages`]).
    fn codes_before_messages(&mut self, text: &[u8]) {
        for i in 0..self.found.len() {
            let o = self.found[i];
            let CodeKind::Table(Kind::Server | Kind::Client) = o.kind else {
                continue;
            };
            if o.label != MESSAGE_LABEL {
                continue;
            }
            let Some((start, code, names)) = code_before(text, o.start) else {
                continue;
            };
            let kind = [Kind::Server, Kind::Client]
                .into_iter()
                .find(|&k| self.meanings.get(CodeKind::Table(k), code).is_some());
            if let Some(kind) = kind {
                self.found.push(Occurrence {
                    start,
                    // A bare code (`2002: `) shows its number, not which message it is.
                    end: if names { o.start } else { start },
                    label: DRIVER_LABEL,
                    kind: CodeKind::Table(kind),
                    code,
                });
            }
        }
    }

    /// What a message found in a line is. On a line MySQL 8 or later wrote (`[MY-…]`) the
    /// line's own message is its `[MY-…]` code, so a message found where that text starts
    /// is not another error; one found inside it (the reason an aborted connection quotes)
    /// is, as MySQL numbers it: MariaDB's message counts only where MySQL has the same
    /// error under the same number.
    fn message_occurrence(
        &self,
        kind: Kind,
        code: i32,
        start: usize,
        tags: &LineTags,
    ) -> Option<Occurrence> {
        let occurrence = |kind| Occurrence {
            start,
            end: start,
            label: if kind == CodeKind::Table(Kind::Os) {
                STRERROR_LABEL
            } else {
                MESSAGE_LABEL
            },
            kind,
            code,
        };
        if !tags.mysql || kind == Kind::Os {
            return Some(occurrence(CodeKind::Table(kind)));
        }
        if Some(start) == tags.message_start {
            return None;
        }
        self.meanings
            .as_mysql(kind, code)
            .then(|| occurrence(CodeKind::MySql))
    }

    /// The current line is done: its annotations go out (or into the tally).
    fn end_line<W: Write>(&mut self, eol: &[u8], out: &mut W) -> io::Result<()> {
        self.lines_before += 1;
        if self.line.is_empty() {
            return Ok(());
        }
        match self.report {
            Report::Annotated { .. } => {
                for group in &self.line.groups {
                    let by_text = group.labels == [MESSAGE_LABEL];
                    let summary = if by_text {
                        self.meanings.summary(group.kind, group.code)
                    } else {
                        None
                    };
                    let Some(m) = self.meanings.get(group.kind, group.code) else {
                        continue;
                    };
                    write_annotation(out, &group.labels, &m, summary, self.style, eol)?;
                    out.write_all(eol)?;
                    // An annotation that shows its write-up's summary already needs no
                    // other.
                    let explained = self
                        .explain
                        .as_mut()
                        .filter(|_| summary.is_none())
                        .and_then(|e| e.get(group.kind, group.code));
                    if let Some(line) = explained {
                        out.write_all(annotation::INDENT)?;
                        out.write_all(line.as_bytes())?;
                        out.write_all(eol)?;
                    }
                }
            }
            Report::Top => {
                for group in &self.line.groups {
                    self.tally
                        .add(group.kind, group.code, self.line_time.as_deref());
                }
                self.line_time = None;
            }
            Report::Json => {}
        }
        self.line.clear();
        Ok(())
    }

    fn write_json<W: Write>(&mut self, o: &Occurrence, text: &[u8], out: &mut W) -> io::Result<()> {
        let Some(m) = self.meanings.get(o.kind, o.code) else {
            return Ok(());
        };
        let stamp = stamp::of(text);
        let place = json::LinePlace {
            file: &self.source,
            line: self.lines_before + 1,
            time: stamp.time.map(|r| &text[r]),
            level: stamp.level.map(|r| &text[r]),
        };
        let mut occurrence = json::of_occurrence(place, o.label, m.json());
        if let Some(e) = self.explain.as_mut() {
            occurrence = occurrence.explained(e.get(o.kind, o.code));
        }
        json::write_line(out, &occurrence)
    }
}

/// `--annotate --explain`'s lines, worked out once per code: a log repeats its codes, and
/// the same few. A short list, most recent first, rather than a map: a map of these keys
/// and values is one more copy of the hash table's code in the binary.
struct Explanations {
    flavor: &'static Flavor,
    cache: Vec<((CodeKind, i32), Option<String>)>,
}

/// How many codes' lines [`Explanations`] keeps.
const EXPLANATIONS_KEPT: usize = 64;

impl Explanations {
    fn new(flavor: &'static Flavor) -> Explanations {
        Explanations {
            flavor,
            cache: Vec::new(),
        }
    }

    /// The line for a code (`None`: nothing to add). MySQL's codes are explained from
    /// MySQL's tables; InnoDB's file codes by their write-ups (`innodb-71`), as the
    /// annotating flavor's family has them.
    fn get(&mut self, kind: CodeKind, code: i32) -> Option<&str> {
        let key = (kind, code);
        match self.cache.iter().position(|(k, _)| *k == key) {
            Some(at) => self.cache[..=at].rotate_right(1),
            None => {
                let flavor = self.flavor;
                let line = match kind {
                    CodeKind::Table(kind) => {
                        crate::render::one_line_explanation(flavor, kind, code)
                    }
                    CodeKind::MySql => mysql::flavor()
                        .and_then(|f| crate::render::one_line_explanation(f, Kind::Server, code)),
                    CodeKind::InnoDbFile => {
                        crate::render::one_line_explanation(flavor, Kind::InnoDb, code)
                    }
                    // Their annotations say what they are already.
                    CodeKind::Signal | CodeKind::Resolver => None,
                };
                // Bounded: a log of random numbers cannot grow it.
                self.cache.truncate(EXPLANATIONS_KEPT - 1);
                self.cache.insert(0, (key, line));
            }
        }
        self.cache[0].1.as_deref()
    }
}

/// What a line's first bracketed tags say: `… 0 [Note] …`, `… [System] [MY-010910]
/// [Server] …`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct LineTags {
    /// The level is `[Note]` (or MySQL's `[System]`): the line reports an event.
    event: bool,
    /// A MySQL 8 line: it carries a `[MY-NNNNNN]` tag.
    mysql: bool,
    /// On a MySQL 8 line, where its message starts: after `[MY-NNNNNN] [Subsystem] `.
    message_start: Option<usize>,
}

/// How many `[` from the start of a line may open its level and MySQL code tags.
const TAGS_LOOKED_AT: usize = 4;

impl LineTags {
    fn of(text: &[u8]) -> LineTags {
        let mut tags = LineTags::default();
        let mut level_seen = false;
        for at in memchr_iter(b'[', text).take(TAGS_LOOKED_AT) {
            let tag = &text[at..];
            if !level_seen {
                if tag.starts_with(b"[Note]") || tag.starts_with(b"[System]") {
                    (tags.event, level_seen) = (true, true);
                } else if tag.starts_with(b"[ERROR]")
                    || tag.starts_with(b"[Warning]")
                    || tag.starts_with(b"[Error]")
                {
                    level_seen = true;
                }
            }
            if !tags.mysql && tag.starts_with(b"[MY-") {
                tags.mysql = true;
                tags.message_start = mysql_message_start(text, at);
            }
        }
        tags
    }
}

/// After `[MY-NNNNNN]` at `at`, a ` [Subsystem]` tag and a space: where the message
/// starts.
fn mysql_message_start(text: &[u8], at: usize) -> Option<usize> {
    let code_end = at + memchr(b']', &text[at..])? + 1;
    let rest = text.get(code_end..)?;
    if !rest.starts_with(b" [") {
        return Some(code_end + usize::from(rest.first() == Some(&b' ')));
    }
    let subsystem_end = code_end + memchr(b']', rest)? + 1;
    Some(subsystem_end + usize::from(text.get(subsystem_end) == Some(&b' ')))
}

/// A message found right after a code the line gives for it (`ERROR 2013 (HY000): Lost
/// connection …`, `(1005, "Can't create table …`) is that code's text, whatever other
/// error uses the same words: the explicit code wins.
fn named_codes_name_their_messages(found: &mut Vec<Occurrence>) {
    let is_error = |kind: CodeKind| {
        matches!(
            kind,
            CodeKind::Table(Kind::Server | Kind::Client) | CodeKind::MySql
        )
    };
    // A line has a few codes: no index, and no allocation for the common line.
    let mut i = 0;
    while i < found.len() {
        let o = found[i];
        let named_other = o.label == MESSAGE_LABEL
            && is_error(o.kind)
            && found.iter().any(|e| {
                e.label != MESSAGE_LABEL
                    && is_error(e.kind)
                    && e.code != o.code
                    && (e.end..=e.end + NAMED_GAP).contains(&o.start)
            });
        if named_other {
            found.remove(i);
        } else {
            i += 1;
        }
    }
}

/// The label of a driver's code before its message.
pub const DRIVER_LABEL: &str = "driver";

/// The code a driver printed right before the message at `start`: where it starts, the
/// code, and whether its form ties it to the message (a tuple's first item, phpMyAdmin's
/// `#N - `) or only puts it beside (`N: `).
fn code_before(text: &[u8], start: usize) -> Option<(usize, i32, bool)> {
    let before = &text[..start];
    let digits_end = |tail: &[u8]| before.strip_suffix(tail).map(<[u8]>::len);
    let (end, opener, names) = if let Some(end) = digits_end(b", '").or_else(|| digits_end(b", \""))
    {
        (end, Some(b'('), true)
    } else if let Some(end) = digits_end(b" - ") {
        (end, Some(b'#'), true)
    } else if let Some(end) = digits_end(b": ") {
        (end, None, false)
    } else {
        return None;
    };
    let len = before[..end]
        .iter()
        .rev()
        .take(DRIVER_CODE_DIGITS + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len != DRIVER_CODE_DIGITS {
        return None;
    }
    let digits_start = end - len;
    let lead = digits_start.checked_sub(1).map(|i| before[i]);
    let code_start = match (opener, lead) {
        (Some(open), Some(b)) if b == open => digits_start - 1,
        (None, None) => digits_start,
        (None, Some(b)) if !b.is_ascii_alphanumeric() && b != b'.' && b != b':' => digits_start,
        _ => return None,
    };
    let code = std::str::from_utf8(&before[digits_start..end])
        .ok()?
        .parse()
        .ok()?;
    Some((code_start, code, names))
}

/// Server and client codes have four digits (1000–9999).
const DRIVER_CODE_DIGITS: usize = 4;

/// How far after a code its message may start: `) :` and quotes (`ERROR 1045 (28000): `,
/// `(1045, "`, `[2002] `).
const NAMED_GAP: usize = 4;

/// The MySQL code of a `[MY-…]` tag whose message is only placeholders (`%s`: most of
/// InnoDB's ER_IB_MSG_*) says nothing the line does not: it stays out.
fn says_something(o: &Occurrence) -> bool {
    o.kind != CodeKind::MySql || o.label != fields::MYSQL_LABEL || mysql::has_words(o.code)
}

/// Whether a `[MY-…]` tag's code only reports a normal event: when MySQL logs it as a
/// note or system message, and the line is at that level or MySQL logs it at no other; a
/// code without a known level follows the line's. `event` says the line is at `[Note]` or
/// `[System]` level. (A message is news by its template: MariaDB's start-up and shutdown
/// messages ([`INFORMATIONAL`]), and, in a MySQL flavor, a message its source only ever
/// logs as a note ([`is_news_message`]), whatever the line's level tag; `scan` drops it.)
fn is_news(o: &Occurrence, event: bool) -> bool {
    match o.kind {
        CodeKind::MySql if o.label == fields::MYSQL_LABEL => match mysql::levels(o.code) {
            Some(levels) => levels.only_events() || (levels.has_event() && event),
            None => event,
        },
        _ => false,
    }
}

/// Whether a message of the flavor's tables only reports a normal event: one of
/// [`INFORMATIONAL`], or one the flavor's source logs at note or system level only.
pub fn is_news_message(flavor: &Flavor, kind: Kind, code: i32) -> bool {
    kind == Kind::Server
        && (flavor
            .server
            .get(code)
            .is_some_and(|e| INFORMATIONAL.contains(&e.name()))
            || flavor.log_levels(code).is_some_and(|l| l.only_events()))
}

/// Where a line's text ends and its line ending (`\n`, `\r\n` or none) begins.
fn split_line_end(line: &[u8]) -> (&[u8], &[u8]) {
    let text_len = match line {
        [.., b'\r', b'\n'] => line.len() - 2,
        [.., b'\n'] => line.len() - 1,
        _ => line.len(),
    };
    line.split_at(text_len)
}

fn count_lines(bytes: &[u8]) -> u64 {
    memchr_iter(b'\n', bytes).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn recogniser() -> &'static Recogniser {
        static R: OnceLock<Recogniser> = OnceLock::new();
        R.get_or_init(|| Recogniser::new(flavor()))
    }

    fn flavor() -> &'static Flavor {
        Flavor::find("mariadb-11.8").unwrap()
    }

    /// `input` through an annotator, fed `chunk` bytes at a time.
    fn annotate(input: &[u8], report: Report, chunk: usize) -> Vec<u8> {
        let style = Style {
            verbose: true,
            palette: Palette::PLAIN,
        };
        let mut a = Annotator::new(recogniser(), flavor(), report, style);
        let mut out = Vec::new();
        for piece in input.chunks(chunk.max(1)) {
            a.feed(piece, &mut out).unwrap();
        }
        a.finish(&mut out).unwrap();
        if report == Report::Top {
            a.write_top(10, &mut out).unwrap();
        }
        out
    }

    const TEXT: Report = Report::Annotated {
        only_matching: false,
    };

    #[test]
    fn lines_pass_through_and_annotations_follow() {
        let out = annotate(b"a\nx errno: 104\r\nb", TEXT, 1 << 20);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a\nx errno: 104\r\n    errno: OS error code 104 (ECONNRESET): Connection reset by peer\r\nb"
        );
    }

    #[test]
    fn a_last_line_without_line_feed_gets_one_only_if_annotated() {
        let out = annotate(b"a\nerrno: 104", TEXT, 3);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a\nerrno: 104\n    errno: OS error code 104 (ECONNRESET): Connection reset by peer\n"
        );
        assert_eq!(annotate(b"a\nerrno: x", TEXT, 3), b"a\nerrno: x");
    }

    #[test]
    fn only_matching_leaves_out_lines_without_codes() {
        let only = Report::Annotated {
            only_matching: true,
        };
        let out = annotate(b"a\nerrno: 104\nerrno: 0x\nb\n", only, 5);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "errno: 104\n    errno: OS error code 104 (ECONNRESET): Connection reset by peer\n"
        );
    }

    #[test]
    fn the_same_code_from_two_fields_is_one_annotation_with_both_labels() {
        let line = b"Duplicate entry '1' for key 'PRIMARY', Error_code: 1062; Internal MariaDB error code: 1062\n";
        let out = String::from_utf8(annotate(line, TEXT, 1 << 20)).unwrap();
        let annotations: Vec<&str> = out.lines().skip(1).collect();
        assert_eq!(
            annotations,
            [
                "    message, Error_code, Internal MariaDB error code: MariaDB error code 1062 (ER_DUP_ENTRY): Duplicate entry '%-.192sT' for key %d"
            ]
        );
    }

    #[test]
    fn any_chunking_gives_the_same_output() {
        let input = b"2024 [Warning] Could not read packet: errno: 104  vio_errno: 1158\r\n\
            \xff\xfe\0 junk (111 \"Connection refused\")\n\
            Aborted connection 5 to db: 'a' user: 'b' host: 'c' (Got an error reading communication packets)\n\
            no code here\nERROR 1045 (28000): Access denied";
        for report in [TEXT, Report::Json, Report::Top] {
            let whole = annotate(input, report, input.len());
            for chunk in [1, 2, 3, 7, 64] {
                assert_eq!(
                    annotate(input, report, chunk),
                    whole,
                    "{report:?} by {chunk}"
                );
            }
        }
    }

    /// A line of `len` bytes of filler with ` errno: 104 ` at each of `at` (at least its
    /// length apart).
    fn long_line(len: usize, at: &[usize]) -> Vec<u8> {
        let mut line = vec![b'x'; len];
        for &i in at {
            line[i..i + CODE.len()].copy_from_slice(CODE);
        }
        line
    }

    const CODE: &[u8] = b" errno: 104 ";

    #[test]
    fn long_lines_are_scanned_in_windows_and_every_code_found_once() {
        // Codes at the start, at the very end, and around where each window's ownership
        // ends (SPAN before its end) and where it ends.
        let len = 3 * WINDOW + 12_345;
        let mut at = vec![0, len - CODE.len()];
        for k in 0..3 {
            let window_end = k * (WINDOW - KEEP) + WINDOW;
            let own_end = window_end - SPAN;
            at.extend([
                own_end - 30,
                own_end - 7,
                own_end + 6,
                window_end - 30,
                window_end - 7,
            ]);
        }
        let mut input = long_line(len, &at);
        input.push(b'\n');
        input.extend_from_slice(b"next errno: 13\n");
        for chunk in [len + 100, 65_536, 4096] {
            let json = annotate(&input, Report::Json, chunk);
            let objects: Vec<serde_json::Value> = json
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(|l| serde_json::from_slice(l).unwrap())
                .collect();
            let on_line = |n: u64| objects.iter().filter(|o| o["line"] == n).count();
            assert_eq!((on_line(1), on_line(2)), (at.len(), 1), "by {chunk}");

            let text = annotate(&input, TEXT, chunk);
            assert_eq!(
                &text[..=len],
                &input[..=len],
                "the line passes through unchanged"
            );
            let rest = String::from_utf8_lossy(&text[len + 1..]).into_owned();
            assert_eq!(
                rest,
                "    errno: OS error code 104 (ECONNRESET): Connection reset by peer\n\
                 next errno: 13\n    errno: OS error code 13 (EACCES): Permission denied\n"
            );
        }
    }

    #[test]
    fn a_long_line_passes_whole_even_with_only_matching() {
        let input = long_line(2 * WINDOW, &[]);
        let only = Report::Annotated {
            only_matching: true,
        };
        assert_eq!(annotate(&input, only, 1 << 16), input);
    }

    #[test]
    fn top_counts_a_code_once_per_line() {
        let out = annotate(b"errno: 104 errno: 104\nerrno: 104\n", Report::Top, 1 << 20);
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.lines().nth(1).unwrap().starts_with("    2  "),
            "{text}"
        );
    }

    #[test]
    fn a_normal_event_at_note_level_gets_nothing_unless_asked() {
        let log = b"2024-04-16  9:55:34 0 [Note] mariadbd: ready for connections.\r\n\
            2024-04-16  9:56:00 0 [Note] mariadbd (initiated by: unknown): Normal shutdown\n\
            2015-11-28T02:50:01Z 3 [Note] Aborted connection 3 to db: 'a' user: 'b' host: 'c' (Got an error reading communication packets)\n\
            2021-11-08T15:47:07Z 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld 8.0.26)\n\
            2021-11-08T15:47:07Z 0 [ERROR] [MY-010119] [Server] Aborting\n";
        let quiet = String::from_utf8(annotate(log, Report::Json, 1 << 20)).unwrap();
        let fields: Vec<(u64, String)> = quiet
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|o| {
                (
                    o["line"].as_u64().unwrap(),
                    format!("{}", o["match"]["code"]),
                )
            })
            .collect();
        // What is wrong still is: an aborted connection, even at [Note]; an [ERROR]'s code.
        assert_eq!(
            fields,
            [(3, "1184".into()), (3, "1158".into()), (5, "10119".into())]
        );

        let style = Style {
            verbose: true,
            palette: Palette::PLAIN,
        };
        let mut a = Annotator::new(recogniser(), flavor(), TEXT, style).all_messages(true);
        let mut out = Vec::new();
        a.feed(&log[..63], &mut out).unwrap();
        a.finish(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        // Found by its words, which the line shows filled in: the code and its name.
        assert_eq!(
            text,
            "2024-04-16  9:55:34 0 [Note] mariadbd: ready for connections.\r\n\
             \x20   message: MariaDB error code 1408 (ER_STARTUP)\r\n"
        );
    }

    #[test]
    fn a_message_of_two_lines_goes_on_indented_with_the_line_s_ending() {
        // Named by a field, the code's message is shown: ER_STARTUP's second line is
        // indented like the first, with the line's CRLF.
        let out = annotate(b"x Error_code: 1408\r\n", TEXT, 1 << 20);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "x Error_code: 1408\r\n\
             \x20   Error_code: MariaDB error code 1408 (ER_STARTUP): %s: ready for connections.\r\n\
             \x20   Version: '%s'  socket: '%s'  port: %d  %s\r\n"
        );
    }

    #[test]
    fn colour_wraps_the_label_and_name_only() {
        let style = Style {
            verbose: true,
            palette: Palette::ANSI,
        };
        let mut a = Annotator::new(recogniser(), flavor(), TEXT, style);
        let mut out = Vec::new();
        a.feed(b"errno: 104\n", &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "errno: 104\n    \x1b[36merrno\x1b[0m: OS error code 104 (\x1b[1mECONNRESET\x1b[0m): Connection reset by peer\n"
        );
    }
}
