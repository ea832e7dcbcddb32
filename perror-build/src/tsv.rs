//! The one definition of the `data/*.tsv` format, shared by the importer (xtask, which
//! writes it) and the generator's model (which reads it). See data/README.md for the prose
//! version.
//!
//! - UTF-8, `\n` line endings, one record per line, fields separated by one TAB.
//! - The first line is a header naming the columns; readers check it.
//! - Inside a field: `\\` is a backslash, `\t` a TAB, `\n` a line feed, `\r` a carriage
//!   return and `\xHH` any other control character. Nothing else is escaped.

use std::fmt;

/// A malformed data file: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

impl std::error::Error for DataError {}

/// One data line, with its 1-based line number for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

impl Record {
    pub fn get(&self, i: usize) -> &str {
        &self.fields[i]
    }
}

/// Escapes one field.
pub fn escape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Undoes [`escape`]; the error names the offending sequence.
pub fn unescape(field: &str) -> Result<String, String> {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if (c as u32) < 0x20 || c == '\u{7f}' {
                return Err(format!("unescaped control character U+{:04X}", c as u32));
            }
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                let byte = (hex.len() == 2)
                    .then(|| u8::from_str_radix(&hex, 16).ok())
                    .flatten()
                    .filter(|b| *b < 0x20 || *b == 0x7f)
                    .ok_or_else(|| {
                        format!("bad escape \\x{hex}: want two hex digits of a control character")
                    })?;
                out.push(byte as char);
            }
            Some(other) => return Err(format!("unknown escape \\{other}")),
            None => return Err("a lone backslash ends the field".to_string()),
        }
    }
    Ok(out)
}

/// Renders a whole file: the header, then one line per record.
pub fn render<I, R>(header: &[&str], records: I) -> String
where
    I: IntoIterator<Item = R>,
    R: AsRef<[String]>,
{
    let mut out = header.join("\t");
    out.push('\n');
    for record in records {
        let fields: Vec<String> = record.as_ref().iter().map(|f| escape(f)).collect();
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

/// Parses a whole file, checking its header and the number of fields on every line.
pub fn parse(file: &str, text: &str, header: &[&str]) -> Result<Vec<Record>, DataError> {
    let err = |line: usize, reason: String| DataError {
        file: file.to_string(),
        line,
        reason,
    };
    let mut lines = text
        .split_terminator('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l));
    let expected = header.join("\t");
    match lines.next() {
        Some((_, first)) if first == expected => {}
        Some((n, first)) => {
            return Err(err(
                n,
                format!("header is {first:?}, expected {expected:?}"),
            ));
        }
        None => {
            return Err(err(
                1,
                format!("empty file, expected the header {expected:?}"),
            ));
        }
    }
    if !text.ends_with('\n') {
        let last = text.split('\n').count();
        return Err(err(last, "the last line has no line feed".to_string()));
    }
    lines
        .map(|(n, line)| {
            let raw: Vec<&str> = line.split('\t').collect();
            if raw.len() != header.len() {
                return Err(err(
                    n,
                    format!(
                        "{} fields, expected {} ({expected})",
                        raw.len(),
                        header.len()
                    ),
                ));
            }
            let fields = raw
                .iter()
                .zip(header)
                .map(|(f, col)| unescape(f).map_err(|e| err(n, format!("column {col}: {e}"))))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Record { line: n, fields })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let field = "tab\there\nline \\ back \u{1} ctl é";
        assert_eq!(escape(field), "tab\\there\\nline \\\\ back \\x01 ctl é");
        assert_eq!(unescape(&escape(field)).unwrap(), field);
    }

    #[test]
    fn render_then_parse() {
        let rows = vec![
            vec!["1".to_string(), "a\tb".to_string()],
            vec!["2".to_string(), String::new()],
        ];
        let text = render(&["code", "text"], &rows);
        let parsed = parse("t.tsv", &text, &["code", "text"]).unwrap();
        assert_eq!(
            parsed.iter().map(|r| r.fields.clone()).collect::<Vec<_>>(),
            rows
        );
        assert_eq!(parsed[1].line, 3);
    }

    #[test]
    fn malformed_files_name_file_and_line() {
        let e = parse("t.tsv", "code\ttext\n1\tok\n2\n", &["code", "text"]).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("t.tsv", 3));
        assert!(
            e.to_string().starts_with("t.tsv:3: 1 fields, expected 2"),
            "{e}"
        );
        let e = parse("t.tsv", "wrong\n", &["code"]).unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse("t.tsv", "code\n\\q\n", &["code"]).unwrap_err();
        assert!(e.reason.contains("unknown escape"), "{e}");
        let e = parse("t.tsv", "code\n1", &["code"]).unwrap_err();
        assert!(e.reason.contains("no line feed"), "{e}");
    }
}
