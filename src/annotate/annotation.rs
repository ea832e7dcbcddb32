//! What goes under a log line: the distinct meanings found in it, each with the fields it
//! was found in, and how one is written.

use rustc_hash::FxHashMap as FastMap;
use std::io::{self, Write};

use super::meanings::Meaning;
use super::{CodeKind, Occurrence, Style};

/// One annotation, without its last line ending:
/// `    errno: OS error code 104 (ECONNRESET): Connection reset by peer`.
/// The wording is perror's, with every kind's name in parentheses where perror puts the
/// server's. A message of several lines (ER_STARTUP's `…connections.\nVersion: …`) goes
/// on with `eol` and the same indent, so that no line perror adds reads as a log line.
///
/// A code found only by its message (`labels` is just `message`) has its text in the line
/// already, with the values filled in: the annotation names the code and, where a
/// write-up has one, says in a line what it means, rather than print the template again
/// (`message: MariaDB error code 1184 (ER_NEW_ABORTING_CONNECTION)`). `summary` is that
/// line, asked for only for such a code.
pub fn write_annotation(
    out: &mut impl Write,
    labels: &[&str],
    m: &Meaning<'_>,
    summary: Option<&str>,
    style: Style,
    eol: &[u8],
) -> io::Result<()> {
    // Written piece by piece, not with `write!`: a busy log has an annotation every few
    // lines, and the formatting machinery cost more than the rest of the line's work.
    let p = style.palette;
    out.write_all(INDENT)?;
    for (i, label) in labels.iter().enumerate() {
        if i > 0 {
            out.write_all(b", ")?;
        }
        for part in [p.label, label, p.reset] {
            out.write_all(part.as_bytes())?;
        }
    }
    out.write_all(b": ")?;
    let by_text = labels == [super::MESSAGE_LABEL];
    if style.verbose {
        m.write_verbose_code(out)?;
        if let Some(name) = m.name() {
            for part in [" (", p.name, name, p.reset, ")"] {
                out.write_all(part.as_bytes())?;
            }
        }
        if by_text {
            if let Some(summary) = summary {
                out.write_all(b": ")?;
                out.write_all(summary.as_bytes())?;
            }
            return Ok(());
        }
        out.write_all(b": ")?;
    } else if by_text {
        // `-s`: the bare words, here the name or the write-up's line.
        let words = summary.or(m.name()).unwrap_or_else(|| m.message());
        return out.write_all(words.as_bytes());
    }
    let mut lines = m.message().split('\n');
    out.write_all(lines.next().unwrap_or_default().as_bytes())?;
    for line in lines {
        out.write_all(eol)?;
        out.write_all(INDENT)?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// What every annotation line starts with.
pub const INDENT: &[u8] = b"    ";

/// The distinct meanings found in one line, in the order first found, each with the
/// fields it was found in.
#[derive(Debug, Default)]
pub struct LineCodes {
    pub groups: Vec<Group>,
    /// Index into `groups`, built only for lines with many codes, where a linear search
    /// would make a long line quadratic.
    index: FastMap<(CodeKind, i32), usize>,
}

#[derive(Debug)]
pub struct Group {
    pub kind: CodeKind,
    pub code: i32,
    /// The fields it was found in, in the order found.
    pub labels: Vec<&'static str>,
}

/// Past this many groups a line gets an index.
const LINEAR_GROUPS: usize = 16;

impl LineCodes {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    pub fn add(&mut self, o: &Occurrence) {
        let key = (o.kind, o.code);
        let found = if self.groups.len() <= LINEAR_GROUPS {
            self.groups.iter().position(|g| (g.kind, g.code) == key)
        } else {
            if self.index.is_empty() {
                self.index = self
                    .groups
                    .iter()
                    .enumerate()
                    .map(|(i, g)| ((g.kind, g.code), i))
                    .collect();
            }
            self.index.get(&key).copied()
        };
        match found {
            Some(i) => {
                let labels = &mut self.groups[i].labels;
                if !labels.contains(&o.label) {
                    labels.push(o.label);
                }
            }
            None => {
                if !self.index.is_empty() {
                    self.index.insert(key, self.groups.len());
                }
                self.groups.push(Group {
                    kind: o.kind,
                    code: o.code,
                    labels: vec![o.label],
                });
            }
        }
    }

    pub fn clear(&mut self) {
        self.groups.clear();
        if !self.index.is_empty() {
            self.index = Default::default();
        }
    }
}
