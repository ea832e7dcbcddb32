//! Just enough C to read MariaDB's error tables: `#define NAME value` lines and the
//! string-array initialisers (`const char *name[] = { "…", "…" "…", … };`) that hold the
//! messages. Comments are skipped, adjacent literals are concatenated and C escapes are
//! decoded. Anything else in the files is ignored.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct CError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

/// The value of a `#define`: a number, or another macro's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefineValue {
    Number(i64),
    Symbol(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Define {
    pub name: String,
    pub value: DefineValue,
    pub line: usize,
}

/// One element of a string array: its text and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub text: String,
    pub line: usize,
}

/// Replaces every comment with spaces, keeping line feeds so line numbers stay true.
/// String and character literals are respected, so `"/* not a comment */"` survives.
pub fn strip_comments(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = find(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
                out.extend(
                    b[i..end]
                        .iter()
                        .map(|&c| if c == b'\n' { b'\n' } else { b' ' }),
                );
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out.push(b' ');
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                out.push(quote);
                i += 1;
                while i < b.len() && b[i] != quote && b[i] != b'\n' {
                    if b[i] == b'\\' && i + 1 < b.len() {
                        out.push(b[i]);
                        i += 1;
                    }
                    out.push(b[i]);
                    i += 1;
                }
                if i < b.len() && b[i] == quote {
                    out.push(quote);
                    i += 1;
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    // Only ASCII bytes were replaced, so the text is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Every `#define NAME VALUE` whose value is a number (decimal, hex, possibly negative or
/// parenthesised) or a single identifier. Function-like macros and expressions are skipped.
pub fn defines(src: &str) -> Vec<Define> {
    let clean = strip_comments(src);
    let mut out = Vec::new();
    for (i, line) in clean.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("define") else {
            continue;
        };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let mut words = rest.split_whitespace();
        let (Some(name), Some(value), None) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        if name.contains('(') || !is_identifier(name) {
            continue;
        }
        let bare = value.trim_start_matches('(').trim_end_matches(')');
        let value = if let Some(n) = parse_int(bare) {
            DefineValue::Number(n)
        } else if is_identifier(bare) {
            DefineValue::Symbol(bare.to_string())
        } else {
            continue;
        };
        out.push(Define {
            name: name.to_string(),
            value,
            line: i + 1,
        });
    }
    out
}

fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn parse_int(s: &str) -> Option<i64> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let digits = digits.trim_end_matches(['L', 'l', 'U', 'u']);
    let value = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => i64::from_str_radix(hex, 16).ok()?,
        None if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.parse().ok()?
        }
        None => return None,
    };
    Some(if negative { -value } else { value })
}

/// The elements of the string array `name`, e.g. `client_errors` in
/// `const char *client_errors[]= { … };`.
pub fn string_array(file: &str, src: &str, name: &str) -> Result<Vec<Element>, CError> {
    let clean = strip_comments(src);
    let b = clean.as_bytes();
    let err = |pos: usize, reason: String| CError {
        file: file.to_string(),
        line: line_of(b, pos),
        reason,
    };
    let start =
        find_array_start(b, name).ok_or_else(|| err(0, format!("no array {name}[] = {{ … }}")))?;
    let mut elements = Vec::new();
    let mut current: Option<(Vec<u8>, usize)> = None;
    let mut i = start;
    loop {
        let Some(&c) = b.get(i) else {
            return Err(err(start, format!("array {name} is not closed")));
        };
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'"' => {
                let (bytes, next) = read_literal(b, i).map_err(|(pos, reason)| err(pos, reason))?;
                let entry = current.get_or_insert_with(|| (Vec::new(), line_of(b, i)));
                entry.0.extend(bytes);
                i = next;
            }
            b',' | b'}' => {
                match current.take() {
                    Some((bytes, line)) => {
                        let text = String::from_utf8(bytes)
                            .map_err(|_| err(i, "a message is not UTF-8".to_string()))?;
                        elements.push(Element { text, line });
                    }
                    None if c == b',' => return Err(err(i, "an empty element".to_string())),
                    None => {}
                }
                i += 1;
                if c == b'}' {
                    return Ok(elements);
                }
            }
            other => {
                return Err(err(
                    i,
                    format!("unexpected {:?} in array {name}", other as char),
                ));
            }
        }
    }
}

/// Finds `name[` … `=` … `{` and returns the position after the brace.
fn find_array_start(b: &[u8], name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = find(b, from, name.as_bytes()) {
        from = pos + 1;
        let before_ok = pos == 0 || !(b[pos - 1].is_ascii_alphanumeric() || b[pos - 1] == b'_');
        let after = pos + name.len();
        if !before_ok || b.get(after) != Some(&b'[') {
            continue;
        }
        let close = find(b, after, b"]")?;
        let mut j = close + 1;
        while b.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            continue; // a declaration such as `extern const char *name[];`
        }
        j += 1;
        while b.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if b.get(j) == Some(&b'{') {
            return Some(j + 1);
        }
    }
    None
}

fn line_of(b: &[u8], pos: usize) -> usize {
    b[..pos.min(b.len())]
        .iter()
        .filter(|&&c| c == b'\n')
        .count()
        + 1
}

/// Reads the literal whose opening quote is at `open`; returns its bytes and the position
/// after the closing quote.
fn read_literal(b: &[u8], open: usize) -> Result<(Vec<u8>, usize), (usize, String)> {
    let mut out = Vec::new();
    let mut i = open + 1;
    loop {
        match b.get(i) {
            None | Some(b'\n') => return Err((open, "unterminated string literal".to_string())),
            Some(b'"') => return Ok((out, i + 1)),
            Some(b'\\') => {
                let (value, next) = read_escape(b, i + 1).ok_or((i, "bad escape".to_string()))?;
                out.push(value);
                i = next;
            }
            Some(&c) => {
                out.push(c);
                i += 1;
            }
        }
    }
}

/// Decodes one C escape sequence starting after the backslash.
fn read_escape(b: &[u8], at: usize) -> Option<(u8, usize)> {
    let c = *b.get(at)?;
    let simple = match c {
        b'n' => Some(b'\n'),
        b't' => Some(b'\t'),
        b'r' => Some(b'\r'),
        b'a' => Some(0x07),
        b'b' => Some(0x08),
        b'f' => Some(0x0c),
        b'v' => Some(0x0b),
        b'\\' | b'"' | b'\'' | b'?' => Some(c),
        _ => None,
    };
    if let Some(v) = simple {
        return Some((v, at + 1));
    }
    if c == b'x' {
        let digits: Vec<u8> = b[at + 1..]
            .iter()
            .take_while(|d| d.is_ascii_hexdigit())
            .copied()
            .collect();
        let value = u32::from_str_radix(std::str::from_utf8(&digits).ok()?, 16).ok()?;
        return Some(((value & 0xff) as u8, at + 1 + digits.len()));
    }
    if (b'0'..=b'7').contains(&c) {
        let digits: Vec<u8> = b[at..]
            .iter()
            .take(3)
            .take_while(|d| (b'0'..=b'7').contains(d))
            .copied()
            .collect();
        let value = u32::from_str_radix(std::str::from_utf8(&digits).ok()?, 8).ok()?;
        return Some(((value & 0xff) as u8, at + digits.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_concatenate_literals_and_skip_comments() {
        let src = "const char *x[]=\n{\n/* 1 */ \"a\" \"b\", // c\n  \"q\\\"\\n\",\n  \"\"\n};";
        let got = string_array("t.c", src, "x").unwrap();
        let texts: Vec<&str> = got.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["ab", "q\"\n", ""]);
        assert_eq!(got[1].line, 4);
    }

    #[test]
    fn declarations_without_initialiser_are_skipped() {
        let src = "extern const char *x[];\nconst char *x[2]= { \"one\" };";
        assert_eq!(string_array("t.c", src, "x").unwrap()[0].text, "one");
    }

    #[test]
    fn defines_read_numbers_and_symbols_not_comments() {
        let src = "#define A 1 /* one */\n/* #define B 2 */\n#define C A\n#define D (X - Y)\n# define E -0x10\n";
        let got = defines(src);
        let pairs: Vec<(&str, &DefineValue)> =
            got.iter().map(|d| (d.name.as_str(), &d.value)).collect();
        assert_eq!(
            pairs,
            [
                ("A", &DefineValue::Number(1)),
                ("C", &DefineValue::Symbol("A".into())),
                ("E", &DefineValue::Number(-16))
            ]
        );
    }

    #[test]
    fn unterminated_array_is_an_error_with_a_line() {
        let e = string_array("t.c", "const char *x[]= {\n \"a\",\n", "x").unwrap_err();
        assert!(e.reason.contains("not closed"), "{e}");
    }
}
