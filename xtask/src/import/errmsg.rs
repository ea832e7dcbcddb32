//! Reader for the server's message catalogues: MariaDB's `sql/share/errmsg-utf8.txt`, and
//! MySQL's `share/messages_to_clients.txt` + `share/messages_to_error_log.txt`, which are
//! one catalogue in two files.
//!
//! The grammar, as comp_err reads it:
//! - `languages name=code, …;` lists the languages (MariaDB lets it run over several lines;
//!   MySQL puts a charset after each code: `czech=cze latin2, …`). `default-language code`
//!   names the language every error must have.
//! - `start-error-number N` sets the code of the next error; MariaDB also has
//!   `skip-to-error-number N`, MySQL `reserved-error-section FIRST LAST` (no error may take
//!   a code in that range).
//! - A line starting in column 0 is an error header: `NAME [SQLSTATE [ODBC_STATE]]`; each
//!   header takes the next code.
//! - An indented line `code "text"` gives the header's text in one language.
//! - Blank lines and lines starting with `#` are ignored.
//!
//! Where the two comp_errs differ, a [`Grammar`] says which rule applies.

use std::collections::HashSet;

/// The rules on which MariaDB's and MySQL's comp_err differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grammar {
    pub name: &'static str,
    /// How a message literal ends.
    pub text_end: TextEnd,
    /// Each `languages` item carries a charset after its code (`czech=cze latin2`).
    pub charsets: bool,
    /// `skip-to-error-number N` is a directive.
    pub skip_to: bool,
    /// `reserved-error-section FIRST LAST` is a directive.
    pub reserved_sections: bool,
    /// `start-error-number` needs the `languages` line before it, and may only move the
    /// numbering forward.
    pub strict_sections: bool,
    /// An error name must start with one of these (comp_err rejects any other line).
    pub name_prefixes: &'static [&'static str],
    /// The language assumed when no `default-language` line names one.
    pub implied_default_language: Option<&'static str>,
    /// Names with this prefix may repeat (MySQL's comp_err writes them to mysqld_error.h
    /// only as comments, and 9.7 has two obsolete names twice).
    pub repeatable_prefix: Option<&'static str>,
    /// A text in a language the `languages` line does not declare is an error (MySQL);
    /// otherwise it is kept here and the importer leaves it out with a warning.
    pub refuse_undeclared_languages: bool,
}

/// How comp_err finds the end of a message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEnd {
    /// MariaDB: escapes are decoded over the whole line, then the text runs to the line's
    /// last `"`; an unknown escape just loses its backslash.
    LastQuote,
    /// MySQL: the text ends at the first unescaped `"`, and only the line end may follow;
    /// an unknown escape is an error, and so is `\n` in an error-log message.
    ClosingQuote,
}

pub const MARIADB: Grammar = Grammar {
    name: "MariaDB",
    text_end: TextEnd::LastQuote,
    charsets: false,
    skip_to: true,
    reserved_sections: false,
    strict_sections: false,
    name_prefixes: &[],
    implied_default_language: None,
    repeatable_prefix: None,
    refuse_undeclared_languages: false,
};

pub const MYSQL: Grammar = Grammar {
    name: "MySQL",
    text_end: TextEnd::ClosingQuote,
    charsets: true,
    skip_to: false,
    reserved_sections: true,
    strict_sections: true,
    name_prefixes: &["ER_", "WARN_", "OBSOLETE_ER_", "OBSOLETE_WARN_"],
    implied_default_language: Some("eng"),
    repeatable_prefix: Some("OBSOLETE_"),
    refuse_undeclared_languages: true,
};

/// MySQL's comp_err numbers the error-log file from here (its `ER_SERVER_RANGE_START`);
/// messages from this code on go to the error log and may not contain `\n`.
pub const MYSQL_ERROR_LOG_FIRST: u32 = 10000;

/// One language from the `languages` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub name: String,
    pub code: String,
    /// MySQL only. Current servers ignore it and keep every message in UTF-8.
    pub charset: Option<String>,
}

/// One server error with its texts in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    pub code: u32,
    pub name: String,
    pub sqlstate: Option<String>,
    pub odbc_state: Option<String>,
    /// (language code, text), in the order the file gives them.
    pub texts: Vec<(String, String)>,
    pub line: usize,
}

impl ServerError {
    pub fn text(&self, lang: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(l, _)| l == lang)
            .map(|(_, t)| t.as_str())
    }
}

/// A whole single-file catalogue (MariaDB's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errmsg {
    pub languages: Vec<Language>,
    pub default_language: String,
    pub errors: Vec<ServerError>,
}

/// What a catalogue declares besides its errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub languages: Vec<Language>,
    pub default_language: String,
    /// `reserved-error-section` ranges, inclusive, in file order.
    pub reserved: Vec<(u32, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ParseError {
    pub line: usize,
    pub reason: String,
}

fn fail<T>(line: usize, reason: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        line,
        reason: reason.into(),
    })
}

/// Parses a MariaDB catalogue (one file). Never panics, whatever the input.
pub fn parse(text: &str) -> Result<Errmsg, ParseError> {
    let mut parser = Parser::new(MARIADB);
    let errors = parser.file(text, None)?;
    let header = parser.finish()?;
    Ok(Errmsg {
        languages: header.languages,
        default_language: header.default_language,
        errors,
    })
}

/// Reads the files of one catalogue in order; what one file declares (languages, names,
/// reserved sections) holds for the next.
pub struct Parser {
    grammar: Grammar,
    languages: Vec<Language>,
    default_language: Option<String>,
    reserved: Vec<(u32, u32)>,
    names: HashSet<String>,
}

/// The state of one file being read.
struct FileState {
    errors: Vec<ServerError>,
    next_code: Option<u32>,
    /// The `languages` list continues on the next line (MariaDB).
    in_languages: bool,
}

impl Parser {
    pub fn new(grammar: Grammar) -> Self {
        Parser {
            grammar,
            languages: Vec::new(),
            default_language: None,
            reserved: Vec::new(),
            names: HashSet::new(),
        }
    }

    /// Reads one file and returns its errors. `first_code` is the code of an error that
    /// comes before any `start-error-number` (MySQL's comp_err has one for each file);
    /// without it such an error is a mistake.
    pub fn file(
        &mut self,
        text: &str,
        first_code: Option<u32>,
    ) -> Result<Vec<ServerError>, ParseError> {
        let mut state = FileState {
            errors: Vec::new(),
            next_code: first_code,
            in_languages: false,
        };
        for (index, raw) in text.split('\n').enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            self.line(&mut state, index + 1, line)?;
        }
        if state.in_languages {
            return fail(
                text.split('\n').count(),
                "the languages list has no closing ';'",
            );
        }
        Ok(state.errors)
    }

    /// Ends the catalogue: the languages and the default language must be known.
    pub fn finish(self) -> Result<Header, ParseError> {
        let default_language = match (self.default_language, self.grammar.implied_default_language)
        {
            (Some(code), _) => code,
            (None, Some(implied)) => implied.to_string(),
            (None, None) => return fail(1, "no default-language line"),
        };
        Ok(Header {
            languages: self.languages,
            default_language,
            reserved: self.reserved,
        })
    }

    fn line(
        &mut self,
        state: &mut FileState,
        line_no: usize,
        line: &str,
    ) -> Result<(), ParseError> {
        if state.in_languages {
            state.in_languages = self.language_list(line, line_no)?;
            return Ok(());
        }
        if line.trim().is_empty() || line.starts_with('#') {
            return Ok(());
        }
        if line.starts_with([' ', '\t']) {
            return self.message_line(state, line_no, line);
        }
        let mut words = line.split_whitespace();
        let keyword = words.next().unwrap_or_default();
        let args: Vec<&str> = words.collect();
        match keyword {
            "languages" => {
                if !self.languages.is_empty() {
                    return fail(line_no, "a second languages line");
                }
                let rest = line["languages".len()..].trim_start();
                state.in_languages = self.language_list(rest, line_no)?;
            }
            "default-language" => {
                let [code] = args[..] else {
                    return fail(line_no, "default-language takes one language code");
                };
                self.default_language = Some(code.to_string());
            }
            "start-error-number" => {
                let number = one_number(&args, line_no, keyword)?;
                self.start_section(state, line_no, number)?;
            }
            "skip-to-error-number" if self.grammar.skip_to => {
                let number = one_number(&args, line_no, keyword)?;
                skip_to(state, line_no, number)?;
            }
            "reserved-error-section" if self.grammar.reserved_sections => {
                self.reserve(line_no, &args)?;
            }
            name => self.error_header(state, line_no, name, &args)?,
        }
        Ok(())
    }

    /// `start-error-number N`: the next error takes code N.
    fn start_section(
        &self,
        state: &mut FileState,
        line_no: usize,
        number: u32,
    ) -> Result<(), ParseError> {
        if self.grammar.strict_sections && self.languages.is_empty() {
            return fail(line_no, "start-error-number before the languages line");
        }
        if let Some((first, last)) = self.reserved_section_of(number) {
            return fail(
                line_no,
                format!("start-error-number {number} is in the reserved section {first}-{last}"),
            );
        }
        if self.grammar.strict_sections
            && let Some(next) = state.next_code
            && number < next
        {
            return fail(
                line_no,
                format!("start-error-number {number} goes back (next code is {next})"),
            );
        }
        state.next_code = Some(number);
        Ok(())
    }

    /// `reserved-error-section FIRST LAST`: no error may take a code in FIRST..=LAST.
    fn reserve(&mut self, line_no: usize, args: &[&str]) -> Result<(), ParseError> {
        let number = |a: &&str| a.parse::<u32>().ok();
        let (Some(first), Some(last), 2) = (
            args.first().and_then(number),
            args.get(1).and_then(number),
            args.len(),
        ) else {
            return fail(line_no, "reserved-error-section takes two numbers");
        };
        if first >= last {
            return fail(
                line_no,
                "reserved-error-section takes FIRST LAST with FIRST < LAST",
            );
        }
        if let Some((a, b)) = self
            .reserved
            .iter()
            .find(|(a, b)| first <= *b && *a <= last)
        {
            return fail(
                line_no,
                format!("section {first}-{last} overlaps the reserved section {a}-{b}"),
            );
        }
        self.reserved.push((first, last));
        Ok(())
    }

    fn reserved_section_of(&self, code: u32) -> Option<(u32, u32)> {
        self.reserved
            .iter()
            .copied()
            .find(|(first, last)| (*first..=*last).contains(&code))
    }

    /// `NAME [SQLSTATE [ODBC_STATE]]`: a new error taking the next code.
    fn error_header(
        &mut self,
        state: &mut FileState,
        line_no: usize,
        name: &str,
        states: &[&str],
    ) -> Result<(), ParseError> {
        let Some(code) = state.next_code else {
            return fail(
                line_no,
                format!("error {name} comes before start-error-number"),
            );
        };
        let prefixes = self.grammar.name_prefixes;
        if !is_error_name(name)
            || !(prefixes.is_empty() || prefixes.iter().any(|p| name.starts_with(p)))
        {
            return fail(
                line_no,
                format!("{name:?} is neither a directive nor an error name"),
            );
        }
        if let Some((first, last)) = self.reserved_section_of(code) {
            return fail(
                line_no,
                format!("{name} would take code {code}, in the reserved section {first}-{last}"),
            );
        }
        let repeatable = self
            .grammar
            .repeatable_prefix
            .is_some_and(|p| name.starts_with(p));
        if !self.names.insert(name.to_string()) && !repeatable {
            return fail(line_no, format!("{name} is defined twice"));
        }
        let [sqlstate, odbc_state] = match states {
            [] => [None, None],
            [s] => [Some(s.to_string()), None],
            [s, o] => [Some(s.to_string()), Some(o.to_string())],
            [_, _, extra, ..] => {
                return fail(
                    line_no,
                    format!("unexpected {extra:?} after the SQLSTATE and ODBC state"),
                );
            }
        };
        for state in sqlstate.iter().chain(odbc_state.iter()) {
            if state.len() != 5 || !state.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return fail(line_no, format!("{state:?} is not a 5-character state"));
            }
        }
        state.errors.push(ServerError {
            code,
            name: name.to_string(),
            sqlstate,
            odbc_state,
            texts: Vec::new(),
            line: line_no,
        });
        state.next_code = code.checked_add(1);
        if state.next_code.is_none() {
            return fail(line_no, "error code overflows");
        }
        Ok(())
    }

    /// An indented `lang "text"` line: one more text for the last error.
    fn message_line(
        &self,
        state: &mut FileState,
        line_no: usize,
        line: &str,
    ) -> Result<(), ParseError> {
        let Some(error) = state.errors.last_mut() else {
            return fail(line_no, "a message line before any error header");
        };
        let (lang, literal) = split_message_line(line, line_no)?;
        let text = match self.grammar.text_end {
            TextEnd::LastQuote => decode_text(literal),
            TextEnd::ClosingQuote => {
                decode_quoted_text(literal, error.code < MYSQL_ERROR_LOG_FIRST)
            }
        }
        .map_err(|reason| ParseError {
            line: line_no,
            reason,
        })?;
        if self.grammar.refuse_undeclared_languages
            && !self.languages.iter().any(|l| l.code == lang)
        {
            return fail(
                line_no,
                format!("{} has a text in undeclared language {lang:?}", error.name),
            );
        }
        if error.text(lang).is_some() {
            return fail(
                line_no,
                format!("a second {lang:?} text for {}", error.name),
            );
        }
        error.texts.push((lang.to_string(), text));
        Ok(())
    }

    /// Reads `name=code[ charset]` items up to an optional `;`. Returns whether the list
    /// continues on the next line.
    fn language_list(&mut self, text: &str, line_no: usize) -> Result<bool, ParseError> {
        let (list, closed) = match text.split_once(';') {
            Some((list, rest)) if rest.trim().is_empty() => (list, true),
            Some(_) => return fail(line_no, "text after the ';' that ends the languages list"),
            None => (text, false),
        };
        for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let language = self.language_item(item, line_no)?;
            if self
                .languages
                .iter()
                .any(|l| l.code == language.code || l.name == language.name)
            {
                return fail(line_no, format!("language {item:?} is listed twice"));
            }
            self.languages.push(language);
        }
        Ok(!closed)
    }

    fn language_item(&self, item: &str, line_no: usize) -> Result<Language, ParseError> {
        let shape = if self.grammar.charsets {
            "name=code charset"
        } else {
            "name=code"
        };
        let malformed = || fail(line_no, format!("language {item:?} is not {shape}"));
        let Some((name, rest)) = item.split_once('=') else {
            return malformed();
        };
        let mut words = rest.split_whitespace();
        let (name, code, charset) = (name.trim(), words.next(), words.next());
        let (Some(code), None) = (code, words.next()) else {
            return malformed();
        };
        if name.is_empty()
            || name.contains(char::is_whitespace)
            || charset.is_some() != self.grammar.charsets
        {
            return malformed();
        }
        Ok(Language {
            name: name.to_string(),
            code: code.to_string(),
            charset: charset.map(str::to_string),
        })
    }
}

/// `skip-to-error-number N` (MariaDB): jump forward to N.
fn skip_to(state: &mut FileState, line_no: usize, number: u32) -> Result<(), ParseError> {
    match state.next_code {
        None => fail(line_no, "skip-to-error-number before start-error-number"),
        Some(current) if number < current => fail(
            line_no,
            format!("skip-to-error-number {number} goes back (next code is {current})"),
        ),
        Some(_) => {
            state.next_code = Some(number);
            Ok(())
        }
    }
}

fn one_number(args: &[&str], line_no: usize, keyword: &str) -> Result<u32, ParseError> {
    match args {
        [n] => n.parse::<u32>().ok(),
        _ => None,
    }
    .map_or_else(|| fail(line_no, format!("{keyword} takes one number")), Ok)
}

/// A C identifier starting with a capital; MySQL has lower case inside some
/// (`ER_XPLUGIN_IPv6_AVAILABLE`).
fn is_error_name(word: &str) -> bool {
    let mut bytes = word.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_uppercase())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Splits an indented `lang "text"` line into the language and what follows the quote.
fn split_message_line(line: &str, line_no: usize) -> Result<(&str, &str), ParseError> {
    let body = line.trim_start_matches([' ', '\t']);
    let lang_end = body.find([' ', '\t']).unwrap_or(body.len());
    let (lang, rest) = body.split_at(lang_end);
    let rest = rest.trim_start_matches([' ', '\t']);
    match rest.strip_prefix('"') {
        Some(literal) => Ok((lang, literal)),
        None => fail(
            line_no,
            format!("the {lang:?} text does not start with '\"'"),
        ),
    }
}

/// Decodes a message the way MariaDB's comp_err does, which is not quite a C string
/// literal: escapes are decoded over the rest of the line first (`\n`, `\\`, `\"`, up to
/// three octal digits, and a backslash before anything else is dropped), then the text ends
/// at the last `"` of the decoded line. comp_err reads lines with their line feed and never
/// looks for that quote before the line's second character, so an empty literal `""`
/// comes out as a lone `"`; both the server and perror show it that way:
/// `perror 3061` prints `MariaDB error code 3061 (ER_MYSQL_3061): "`.
/// A quote inside the text needs no escape (`swe "… "Query cache" …"`), since only the
/// last one counts.
pub fn decode_text(after_open_quote: &str) -> Result<String, String> {
    let mut src = after_open_quote.as_bytes().to_vec();
    src.push(b'\n');
    let mut out: Vec<u8> = Vec::with_capacity(src.len());
    let mut i = 0;
    while i < src.len() {
        let b = src[i];
        i += 1;
        if b != b'\\' || i == src.len() {
            out.push(b);
            continue;
        }
        let escaped = src[i];
        i += 1;
        match escaped {
            b'n' => out.push(b'\n'),
            b'0'..=b'7' => {
                let (value, next) = octal(&src, i - 1);
                out.push(value);
                i = next;
            }
            other => out.push(other),
        }
    }
    let mut end = out.len();
    while end > 1 && out.get(end) != Some(&b'"') {
        end -= 1;
    }
    out.truncate(end);
    String::from_utf8(out)
        .map_err(|_| "the text is not UTF-8 once its escapes are decoded".to_string())
}

/// Decodes a message the way MySQL's comp_err does: the text ends at the first unescaped
/// `"`, after which only the line end may come; `\\`, `\"`, `\'`, `\n` and up to three
/// octal digits are the escapes, anything else after a backslash is an error, and so is
/// `\n` where it is not allowed (comp_err refuses it in error-log messages). An empty
/// literal is an empty text: `perror ER_SERVER_ACL_TABLE_ERROR` (MySQL 9.7) prints
/// `MySQL error code MY-013144 (ER_SERVER_ACL_TABLE_ERROR): ` and nothing after it.
pub fn decode_quoted_text(after_open_quote: &str, allow_newline: bool) -> Result<String, String> {
    let src = after_open_quote.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(src.len());
    let mut i = 0;
    loop {
        match src.get(i) {
            None => return Err("the text has no closing '\"'".to_string()),
            Some(b'"') => break,
            Some(b'\\') => {
                let escaped = src.get(i + 1).copied();
                i += 2;
                match escaped {
                    Some(c @ (b'\\' | b'"' | b'\'')) => out.push(c),
                    Some(b'n') if allow_newline => out.push(b'\n'),
                    Some(b'n') => {
                        return Err("an error-log message may not contain \\n".to_string());
                    }
                    Some(b'0'..=b'7') => {
                        let (value, next) = octal(src, i - 1);
                        if value == 0 {
                            return Err("\\0 would end the text".to_string());
                        }
                        out.push(value);
                        i = next;
                    }
                    _ => return Err("a backslash before no known escape".to_string()),
                }
            }
            Some(&c) => {
                out.push(c);
                i += 1;
            }
        }
    }
    if !src[i + 1..].iter().all(|&b| b == b'\r') {
        return Err("text after the closing '\"'".to_string());
    }
    String::from_utf8(out)
        .map_err(|_| "the text is not UTF-8 once its escapes are decoded".to_string())
}

/// Up to three octal digits from `at`; comp_err keeps the value in a char, so only the
/// low byte survives. Returns the byte and the position after the digits.
fn octal(src: &[u8], at: usize) -> (u8, usize) {
    let mut value: u32 = 0;
    let mut i = at;
    while i < src.len() && i < at + 3 && (b'0'..=b'7').contains(&src[i]) {
        value = value * 8 + u32::from(src[i] - b'0');
        i += 1;
    }
    ((value & 0xff) as u8, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_plain_and_escaped_texts() {
        assert_eq!(
            decode_text(r#"Got an error reading communication packets""#).unwrap(),
            "Got an error reading communication packets"
        );
        assert_eq!(
            decode_text(r#"a\nb \"q\" \\ \101 \z""#).unwrap(),
            "a\nb \"q\" \\ A z"
        );
        assert_eq!(decode_text(r#"x"  "#).unwrap(), "x");
    }

    #[test]
    fn decode_empty_literal_is_a_lone_quote() {
        assert_eq!(decode_text(r#"""#).unwrap(), "\"");
    }

    #[test]
    fn decode_keeps_inner_quotes_up_to_the_last() {
        assert_eq!(
            decode_text(r#"Storleken av "Query cache" kunde""#).unwrap(),
            r#"Storleken av "Query cache" kunde"#
        );
    }

    #[test]
    fn decode_rejects_non_utf8_octal() {
        assert!(decode_text(r#"\377""#).is_err());
    }

    #[test]
    fn mysql_text_ends_at_the_closing_quote() {
        assert_eq!(decode_quoted_text(r#"""#, true).unwrap(), "");
        assert_eq!(
            decode_quoted_text(r#"a \"b\" \\N \' \101\n""#, true).unwrap(),
            "a \"b\" \\N ' A\n"
        );
        assert_eq!(decode_quoted_text("x\"\r", true).unwrap(), "x");
    }

    #[test]
    fn mysql_text_errors() {
        for (literal, allow_newline) in [
            (r#"a "quoted" word""#, true), // text after the closing quote
            (r#"no end"#, true),
            (r#"\z""#, true),
            (r#"line\n""#, false),
            (r#"\0""#, true),
        ] {
            assert!(
                decode_quoted_text(literal, allow_newline).is_err(),
                "{literal:?} should fail"
            );
        }
    }
}
