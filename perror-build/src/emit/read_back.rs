//! Reading generated code back, for tests: the blob, the spans of a line, an array's lines
//! and a phf map's entries.

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

/// The texts the `Span { at, len }` expressions of `line` give in `blob`.
pub fn span_texts<'b>(line: &str, blob: &'b str) -> Vec<&'b str> {
    line.split("Span { at: ")
        .skip(1)
        .map(|rest| {
            let (at, rest) = rest.split_once(", len: ").expect("len");
            let len = &rest[..rest.find(' ').expect("end of span")];
            let at: usize = at.parse().unwrap();
            &blob[at..at + len.parse::<usize>().unwrap()]
        })
        .collect()
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
