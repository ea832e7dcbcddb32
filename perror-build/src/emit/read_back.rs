//! Reading generated code back, for tests: the blob's segments, the spans of a line, an
//! array's lines, a number field and a phf map's entries.

use super::{Generated, Span};

/// A raw deflate stream inflated, as catalog.rs does it.
pub fn inflate(deflated: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    flate2::read::DeflateDecoder::new(deflated)
        .read_to_end(&mut bytes)
        .expect("a deflate stream");
    bytes
}

/// Every segment of the blob by number: `TEXT`, its literal unescaped, then each cold
/// segment's file inflated, checking that `COLD` includes the files in order.
pub fn segments(g: &Generated) -> Vec<Vec<u8>> {
    let included: Vec<&str> = g
        .code
        .lines()
        .filter_map(|l| {
            l.strip_prefix("    include_bytes!(\"")?
                .strip_suffix("\"),")
        })
        .collect();
    let files: Vec<String> = g
        .cold
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert_eq!(included, files, "COLD includes the cold files in order");
    let count = format!("const COLD_SEGMENTS: usize = {};\n", g.cold.len());
    assert!(g.code.contains(&count), "{count}");
    let mut segments = vec![text(&g.code).into_bytes()];
    segments.extend(g.cold.iter().map(|(_, deflated)| inflate(deflated)));
    segments
}

/// The names of the cold segments, as `COLD`'s comments give them, segment 1 first.
pub fn cold_names(code: &str) -> Vec<&str> {
    array(code, "static COLD:")
        .iter()
        .filter_map(|l| l.strip_prefix("    // "))
        .collect()
}

/// The `TEXT` blob, its literal unescaped.
pub fn text(code: &str) -> String {
    let literal = code
        .lines()
        .find_map(|l| l.strip_prefix("static TEXT: &str = \""))
        .and_then(|l| l.strip_suffix("\";"))
        .expect("a TEXT item");
    let mut out = String::new();
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(c @ ('\\' | '"' | '\'')) => out.push(c),
            other => panic!("an escape the fixture does not need: \\{other:?}"),
        }
    }
    out
}

/// The text a span's packed `at` and `len` give in `segments`.
pub fn text_at(segments: &[Vec<u8>], at: u32, len: u32) -> &str {
    let span = Span::unpack(at, len as usize);
    let bytes = &segments[span.segment][span.offset..span.offset + span.len];
    std::str::from_utf8(bytes).expect("a span on character boundaries")
}

/// The texts the `Span { at, len }` expressions of `line` give in `segments`.
pub fn span_texts<'s>(line: &str, segments: &'s [Vec<u8>]) -> Vec<&'s str> {
    line.split("Span { at: ")
        .skip(1)
        .map(|rest| {
            let (at, rest) = rest.split_once(", len: ").expect("len");
            let len = &rest[..rest.find(' ').expect("end of span")];
            text_at(segments, at.parse().unwrap(), len.parse().unwrap())
        })
        .collect()
}

/// The number after `name: ` in `line` (`name_at: 12,` gives 12).
pub fn field(line: &str, name: &str) -> u32 {
    let rest = line
        .split_once(&format!(" {name}: "))
        .unwrap_or_else(|| panic!("no {name} in {line}"))
        .1;
    let end = rest.find([',', ' ']).unwrap_or(rest.len());
    rest[..end].parse().unwrap()
}

/// The element lines of the array item whose first line starts with `head`.
pub fn array<'c>(code: &'c str, head: &str) -> Vec<&'c str> {
    let mut lines = code.lines().skip_while(|l| !l.starts_with(head));
    let first = lines.next().unwrap_or_else(|| panic!("no item {head}"));
    assert!(first.ends_with("] = ["), "{first}");
    lines.take_while(|l| *l != "];").collect()
}

/// The (code, row) entries of the first phf map after `head`.
pub fn phf_entries_after(code: &str, head: &str) -> Vec<(i32, usize)> {
    let at = code.find(head).unwrap_or_else(|| panic!("no item {head}"));
    phf_entries(&code[at..])
}

/// The (code, row) entries of the first phf map in `code`.
pub fn phf_entries(code: &str) -> Vec<(i32, usize)> {
    let entries = code.split("entries: &[").nth(1).expect("phf entries");
    let entries = &entries[..entries.find(']').expect("end of entries")];
    entries
        .split(['(', ')'])
        .filter_map(|pair| pair.split_once(", "))
        .map(|(code, row)| (code.trim().parse().unwrap(), row.trim().parse().unwrap()))
        .collect()
}

/// A table's rows as lines of Rust, whether the emitter wrote them as an array (hot) or
/// as bytes in a cold segment (`static X: ColdRows<T> = ColdRows::new(segment, count);`),
/// which are decoded here into the lines the array would have had.
pub fn rows(code: &str, head: &str, segments: &[Vec<u8>]) -> Vec<String> {
    let cold = code
        .lines()
        .find(|l| l.starts_with(head) && l.contains(": ColdRows<"));
    let Some(line) = cold else {
        return array(code, head).iter().map(|l| l.to_string()).collect();
    };
    let numbers = line
        .split("ColdRows::new(")
        .nth(1)
        .and_then(|r| r.strip_suffix(");"))
        .expect("ColdRows::new(segment, count)");
    let (segment, count) = numbers.split_once(", ").expect("two numbers");
    let bytes = &segments[segment.parse::<usize>().unwrap()];
    let count: usize = count.parse().unwrap();
    let word = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let state = |b: &[u8], at: usize| format!("State({:?})", &b[at..at + 5]);
    const KINDS: [&str; 6] = ["Os", "Handler", "Bdb", "Server", "Client", "Global"];
    if line.contains("ColdRows<ServerEntry>") {
        assert_eq!(bytes.len(), count * super::flavor::row_bytes::SERVER);
        bytes
            .chunks_exact(super::flavor::row_bytes::SERVER)
            .map(|b| {
                format!(
                    "    ServerEntry {{ code: {}, name_at: {}, message: Span {{ at: {}, len: {} }}, sqlstate: {}, odbc_state: {}, name_len: {}, section: ServerSection::{} }},",
                    word(b, 0) as i32,
                    word(b, 4),
                    word(b, 8),
                    word(b, 12),
                    state(b, 16),
                    state(b, 21),
                    b[26],
                    if b[27] == 1 { "ErrorLog" } else { "Client" }
                )
            })
            .collect()
    } else {
        assert_eq!(bytes.len(), count * super::flavor::row_bytes::SYMBOL);
        bytes
            .chunks_exact(super::flavor::row_bytes::SYMBOL)
            .map(|b| {
                format!(
                    "    Symbol {{ at: {}, code: {}, len: {}, kind: Kind::{} }},",
                    word(b, 0),
                    word(b, 4) as i32,
                    b[8],
                    KINDS[usize::from(b[9])]
                )
            })
            .collect()
    }
}
