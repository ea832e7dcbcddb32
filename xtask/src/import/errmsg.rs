//! Reader for the server's message catalogue, `sql/share/errmsg-utf8.txt`.
//!
//! The grammar, as MariaDB's comp_err reads it:
//! - `languages name=code, …;` lists the languages (it may run over several lines);
//!   `default-language code` names the one every error must have.
//! - `start-error-number N` / `skip-to-error-number N` set the code of the next error.
//! - A line starting in column 0 is an error header: `NAME [SQLSTATE [ODBC_STATE]]`; each
//!   header takes the next code.
//! - An indented line `code "text"` gives the header's text in one language.
//! - Blank lines and lines starting with `#` are ignored.

use std::collections::HashSet;

/// One language from the `languages` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub name: String,
    pub code: String,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errmsg {
    pub languages: Vec<Language>,
    pub default_language: String,
    pub errors: Vec<ServerError>,
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

/// Parses the whole file. Never panics, whatever the input.
pub fn parse(text: &str) -> Result<Errmsg, ParseError> {
    let mut languages: Vec<Language> = Vec::new();
    let mut default_language: Option<String> = None;
    let mut errors: Vec<ServerError> = Vec::new();
    let mut names: HashSet<String> = HashSet::new();
    let mut next_code: Option<u32> = None;
    // The `languages` list may continue on following lines until its `;`.
    let mut in_languages = false;

    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if in_languages {
            in_languages = parse_language_list(line, line_no, &mut languages)?;
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if indented {
            let Some(error) = errors.last_mut() else {
                return fail(line_no, "a message line before any error header");
            };
            let (lang, message) = parse_message_line(line, line_no)?;
            if error.text(&lang).is_some() {
                return fail(
                    line_no,
                    format!("a second {lang:?} text for {}", error.name),
                );
            }
            error.texts.push((lang, message));
            continue;
        }
        let mut words = line.split_whitespace();
        let keyword = words.next().unwrap_or_default();
        match keyword {
            "languages" => {
                let rest = line["languages".len()..].trim_start();
                in_languages = parse_language_list(rest, line_no, &mut languages)?;
            }
            "default-language" => {
                let (Some(code), None) = (words.next(), words.next()) else {
                    return fail(line_no, "default-language takes one language code");
                };
                default_language = Some(code.to_string());
            }
            "start-error-number" | "skip-to-error-number" => {
                let number = match (words.next(), words.next()) {
                    (Some(n), None) => n.parse::<u32>().ok(),
                    _ => None,
                };
                let Some(number) = number else {
                    return fail(line_no, format!("{keyword} takes one number"));
                };
                if keyword == "skip-to-error-number" {
                    match next_code {
                        None => {
                            return fail(line_no, "skip-to-error-number before start-error-number");
                        }
                        Some(current) if number < current => {
                            return fail(
                                line_no,
                                format!(
                                    "skip-to-error-number {number} goes back (next code is {current})"
                                ),
                            );
                        }
                        Some(_) => {}
                    }
                }
                next_code = Some(number);
            }
            name => {
                let Some(code) = next_code else {
                    return fail(
                        line_no,
                        format!("error {name} comes before start-error-number"),
                    );
                };
                if !is_error_name(name) {
                    return fail(
                        line_no,
                        format!("{name:?} is neither a directive nor an error name"),
                    );
                }
                if !names.insert(name.to_string()) {
                    return fail(line_no, format!("{name} is defined twice"));
                }
                let sqlstate = words.next().map(str::to_string);
                let odbc_state = words.next().map(str::to_string);
                if let Some(extra) = words.next() {
                    return fail(
                        line_no,
                        format!("unexpected {extra:?} after the SQLSTATE and ODBC state"),
                    );
                }
                for state in sqlstate.iter().chain(odbc_state.iter()) {
                    if state.len() != 5 || !state.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        return fail(line_no, format!("{state:?} is not a 5-character state"));
                    }
                }
                errors.push(ServerError {
                    code,
                    name: name.to_string(),
                    sqlstate,
                    odbc_state,
                    texts: Vec::new(),
                    line: line_no,
                });
                next_code = code.checked_add(1);
                if next_code.is_none() {
                    return fail(line_no, "error code overflows");
                }
            }
        }
    }
    if in_languages {
        return fail(
            text.split('\n').count(),
            "the languages list has no closing ';'",
        );
    }
    let Some(default_language) = default_language else {
        return fail(1, "no default-language line");
    };
    Ok(Errmsg {
        languages,
        default_language,
        errors,
    })
}

fn is_error_name(word: &str) -> bool {
    let mut bytes = word.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_uppercase())
        && bytes.all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Reads `name=code` pairs up to an optional `;`. Returns whether the list continues.
fn parse_language_list(
    text: &str,
    line_no: usize,
    out: &mut Vec<Language>,
) -> Result<bool, ParseError> {
    let (list, closed) = match text.split_once(';') {
        Some((list, rest)) if rest.trim().is_empty() => (list, true),
        Some(_) => return fail(line_no, "text after the ';' that ends the languages list"),
        None => (text, false),
    };
    for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let Some((name, code)) = item.split_once('=') else {
            return fail(line_no, format!("language {item:?} is not name=code"));
        };
        let (name, code) = (name.trim(), code.trim());
        if name.is_empty()
            || code.is_empty()
            || name.contains(char::is_whitespace)
            || code.contains(char::is_whitespace)
        {
            return fail(line_no, format!("language {item:?} is not name=code"));
        }
        if out.iter().any(|l| l.code == code || l.name == name) {
            return fail(line_no, format!("language {item:?} is listed twice"));
        }
        out.push(Language {
            name: name.to_string(),
            code: code.to_string(),
        });
    }
    Ok(!closed)
}

/// Splits an indented `lang "text"` line and decodes the text.
fn parse_message_line(line: &str, line_no: usize) -> Result<(String, String), ParseError> {
    let body = line.trim_start_matches([' ', '\t']);
    let lang_end = body.find([' ', '\t']).unwrap_or(body.len());
    let (lang, rest) = body.split_at(lang_end);
    let rest = rest.trim_start_matches([' ', '\t']);
    let Some(literal) = rest.strip_prefix('"') else {
        return fail(
            line_no,
            format!("the {lang:?} text does not start with '\"'"),
        );
    };
    let text = decode_text(literal).map_err(|reason| ParseError {
        line: line_no,
        reason,
    })?;
    Ok((lang.to_string(), text))
}

/// Decodes a message the way comp_err does, which is not quite a C string literal:
/// escapes are decoded over the rest of the line first (`\n`, `\\`, `\"`, up to three
/// octal digits, and a backslash before anything else is dropped), then the text ends at
/// the last `"` of the decoded line. comp_err reads lines with their line feed and never
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
                let mut value: u32 = u32::from(escaped - b'0');
                let mut digits = 1;
                while digits < 3 && i < src.len() && (b'0'..=b'7').contains(&src[i]) {
                    value = value * 8 + u32::from(src[i] - b'0');
                    i += 1;
                    digits += 1;
                }
                // comp_err stores the value in a char: only the low byte survives.
                out.push((value & 0xff) as u8);
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
}
