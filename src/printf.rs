//! The servers' message templates as what they are: printf formats, in the dialect of the
//! family's `my_vsnprintf`. [`parse`] splits a template into literal text and
//! conversions ([`Spec`]); a spec says in words what it prints ([`Spec::describe`]); and
//! [`bind`] finds the values a filled-in message gave its conversions
//! (`Table './shop/orders' is marked as crashed` gives `./shop/orders`).
//!
//! MariaDB's printf knows, besides C's: `%sQ` and (10.x) `` %`s ``, an identifier in
//! backquotes; `%sT` and (10.x) `%T`, text cut with `...` past its precision; `%iE` and
//! (10.x) `%M`, a number followed by its error text in double quotes. MySQL's knows C's
//! alone (`%lu`, `%llu`, `%zu`, positions `%2$s`, `*` widths), so a MySQL template's
//! `%sT` is `%s` and a literal `T`.

use std::fmt::Write as _;

use std::ops::Range;

use crate::catalog::Family;

/// One piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    Text(&'a str),
    Spec(Spec<'a>),
}

/// One conversion, as written (`%-.192sT`) and as understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec<'a> {
    pub raw: &'a str,
    /// `%2$s`: which argument, counting from 1.
    pub position: Option<u32>,
    /// `-`: padded on the right rather than the left.
    pub left: bool,
    /// `0`: padded with zeros.
    pub zeros: bool,
    pub width: Option<Count>,
    pub precision: Option<Count>,
    /// `l`, `ll`, `z`, `h`…: how wide the argument is.
    pub length: &'a str,
    pub conversion: Conversion,
}

/// A width or precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Fixed(u32),
    /// `*` (`*1$`): taken from an argument.
    FromArgument(Option<u32>),
}

/// What a conversion prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// `%s`.
    Text,
    /// `%sT`, 10.x's `%T`: text that, past its precision, is cut and ends in `...`.
    CutText,
    /// `%sQ`, 10.x's `` %`s ``: an identifier in backquotes, as SQL quotes one.
    Identifier,
    /// `%d`, `%i`.
    Signed,
    /// `%u`.
    Unsigned,
    /// `%x`, `%X`.
    Hex,
    /// `%o`.
    Octal,
    /// `%c`.
    Char,
    /// `%f`, `%g`, `%e`.
    Fraction,
    /// `%p`.
    Pointer,
    /// `%b`: MySQL's raw bytes, as many as the precision says.
    Bytes,
    /// `%iE`, 10.x's `%M`: an error number and, in double quotes, what my_strerror says
    /// of it (the C library's text, or a storage engine's from 120 up).
    ErrorNumberAndText,
}

impl Conversion {
    /// What kind of value it is, whatever the spelling: two templates that differ only in
    /// spellings of the same kinds mean the same.
    pub fn class(self) -> ValueClass {
        match self {
            Conversion::Text
            | Conversion::CutText
            | Conversion::Identifier
            | Conversion::Char
            | Conversion::Bytes => ValueClass::Text,
            Conversion::ErrorNumberAndText => ValueClass::ErrorNumber,
            _ => ValueClass::Number,
        }
    }

    pub fn is_number(self) -> bool {
        self.class() != ValueClass::Text
    }
}

/// The kind of value a conversion stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueClass {
    Text,
    Number,
    ErrorNumber,
}

/// Splits `format` into text and conversions, as `family`'s printf reads it. `%%` is a
/// literal `%`, and so is a `%` that starts no conversion.
pub fn parse<'a>(format: &'a str, family: Family) -> Vec<Part<'a>> {
    let mut parts = Vec::new();
    let bytes = format.as_bytes();
    let mut text_from = 0;
    let mut at = 0;
    // `%%` ends one text and starts the next: a text is a slice of the template, and the
    // template holds two `%` there.
    let push_text = |parts: &mut Vec<Part<'a>>, from: usize, to: usize| {
        if from < to {
            parts.push(Part::Text(&format[from..to]));
        }
    };
    while at < bytes.len() {
        if bytes[at] != b'%' {
            at += 1;
            continue;
        }
        if bytes.get(at + 1) == Some(&b'%') {
            push_text(&mut parts, text_from, at + 1);
            at += 2;
            text_from = at;
            continue;
        }
        match spec_at(format, at, family) {
            Some(spec) => {
                push_text(&mut parts, text_from, at);
                at += spec.raw.len();
                text_from = at;
                parts.push(Part::Spec(spec));
            }
            None => at += 1,
        }
    }
    push_text(&mut parts, text_from, bytes.len());
    parts
}

/// The conversion starting at `format[at]` (a `%`), if one does.
fn spec_at(format: &str, at: usize, family: Family) -> Option<Spec<'_>> {
    let b = format.as_bytes();
    let mariadb = family == Family::MariaDb;
    let mut i = at + 1;
    let number = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        format
            .get(start..*i)
            .filter(|d| !d.is_empty())?
            .parse()
            .ok()
    };
    // `%2$…`: a position, digits then `$`.
    let mut position = None;
    let save = i;
    if let Some(n) = number(&mut i) {
        if b.get(i) == Some(&b'$') {
            position = Some(n);
            i += 1;
        } else {
            i = save;
        }
    }
    let (mut left, mut zeros, mut backquote) = (false, false, false);
    while let Some(&f) = b.get(i) {
        match f {
            b'-' => left = true,
            b'0' => zeros = true,
            b'+' | b' ' | b'#' => {}
            b'`' if mariadb => backquote = true,
            _ => break,
        }
        i += 1;
    }
    let count = |i: &mut usize| -> Option<Count> {
        if b.get(*i) == Some(&b'*') {
            *i += 1;
            let save = *i;
            let from = number(i);
            if from.is_some() && b.get(*i) == Some(&b'$') {
                *i += 1;
                return Some(Count::FromArgument(from));
            }
            *i = save;
            return Some(Count::FromArgument(None));
        }
        number(i).map(Count::Fixed)
    };
    let width = count(&mut i);
    let precision = if b.get(i) == Some(&b'.') {
        i += 1;
        Some(count(&mut i).unwrap_or(Count::Fixed(0)))
    } else {
        None
    };
    let length_from = i;
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b'l' | b'h' | b'z' | b'j' | b't' | b'q' | b'L'))
    {
        i += 1;
    }
    let length = &format[length_from..i];
    let letter = *b.get(i)?;
    i += 1;
    let mut conversion = match letter {
        b's' if backquote => Conversion::Identifier,
        b's' => Conversion::Text,
        b'd' | b'i' => Conversion::Signed,
        b'u' => Conversion::Unsigned,
        b'x' | b'X' => Conversion::Hex,
        b'o' => Conversion::Octal,
        b'c' => Conversion::Char,
        b'f' | b'g' | b'e' => Conversion::Fraction,
        b'p' => Conversion::Pointer,
        b'b' => Conversion::Bytes,
        b'M' if mariadb => Conversion::ErrorNumberAndText,
        b'T' if mariadb => Conversion::CutText,
        _ => return None,
    };
    // MariaDB 11's suffixes.
    if mariadb {
        let suffix = b.get(i).copied();
        match (letter, suffix) {
            (b's', Some(b'Q')) => (conversion, i) = (Conversion::Identifier, i + 1),
            (b's', Some(b'T')) => (conversion, i) = (Conversion::CutText, i + 1),
            (b'i', Some(b'E')) => (conversion, i) = (Conversion::ErrorNumberAndText, i + 1),
            _ => {}
        }
    }
    Some(Spec {
        raw: &format[at..i],
        position,
        left,
        zeros,
        width,
        precision,
        length,
        conversion,
    })
}

impl Spec<'_> {
    /// What the conversion prints, in words: `text, at most 192 characters, cut with
    /// "..." past them`.
    pub fn describe(&self) -> String {
        let mut words = String::from(match self.conversion {
            Conversion::Text => "text",
            Conversion::CutText => "text",
            Conversion::Identifier => "an identifier in backquotes, as SQL quotes it: `t1`",
            Conversion::Signed => "a whole number",
            Conversion::Unsigned => "a whole number, not negative",
            Conversion::Hex => "a whole number in hexadecimal",
            Conversion::Octal => "a whole number in octal",
            Conversion::Char => "one character",
            Conversion::Fraction => "a number with decimals",
            Conversion::Pointer => "a memory address, in hexadecimal",
            Conversion::Bytes => "raw bytes",
            Conversion::ErrorNumberAndText => {
                "an error number, then in double quotes its text: 28 \"No space left on device\""
            }
        });
        let size = match self.length {
            "l" => Some("a long"),
            "ll" | "q" | "j" => Some("64-bit"),
            "z" => Some("a size"),
            "h" => Some("a short"),
            "hh" => Some("a byte"),
            _ => None,
        };
        if let (Some(size), true) = (size, self.conversion.is_number()) {
            let _ = write!(words, " ({size})");
        }
        let unit = if self.conversion.is_number() {
            "digits"
        } else {
            "characters"
        };
        // How many: a number, or what an argument says.
        let count = |c: Count, unit: &str| match c {
            Count::Fixed(n) => format!("{n} {unit}"),
            Count::FromArgument(p) => format!(
                "as many {unit} as {} says",
                argument_words(p, "the argument before it")
            ),
        };
        if let Some(precision) = self.precision {
            let least = if self.conversion.is_number() {
                "least"
            } else {
                "most"
            };
            let _ = write!(words, ", at {least} {}", count(precision, unit));
        }
        if self.conversion == Conversion::CutText {
            words.push_str(", cut and ended with \"...\" when longer");
        }
        if let Some(width) = self.width {
            let pad = if self.left {
                "spaces after it"
            } else if self.zeros {
                "zeros before it"
            } else {
                "spaces before it"
            };
            let _ = write!(words, ", padded with {pad} to {}", count(width, "columns"));
        }
        if let Some(p) = self.position {
            let _ = write!(words, "; argument {p}");
        }
        words
    }
}

fn argument_words(position: Option<u32>, otherwise: &str) -> String {
    match position {
        Some(p) => format!("argument {p}"),
        None => otherwise.to_string(),
    }
}

/// Whether two templates say the same but for how their conversions are spelled
/// (`'%-.192sT'`, `'%-.192T'` and `'%-.192s'`): the same texts between conversions of the
/// same classes.
pub fn same_but_spelling(a: &[Part<'_>], b: &[Part<'_>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Part::Text(x), Part::Text(y)) => x == y,
            (Part::Spec(x), Part::Spec(y)) => x.conversion.class() == y.conversion.class(),
            _ => false,
        })
}

/// [`same_but_spelling`] of two templates as the tables hold them, each in its family's
/// printf.
#[inline(never)]
pub fn same_meaning(a: &str, family_a: Family, b: &str, family_b: Family) -> bool {
    same_but_spelling(&parse(a, family_a), &parse(b, family_b))
}

/// The value a conversion was given in a filled-in message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// Which of the template's parts it fills.
    pub part: usize,
    /// Where it is in the text.
    pub at: Range<usize>,
    /// For an error number and its text (`%iE`), where the number ends: the text is
    /// after it, in quotes.
    pub number_end: Option<usize>,
}

/// Where a template matched a text, and the values its conversions were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub at: Range<usize>,
    pub values: Vec<Bound>,
    /// How many bytes of the match are the template's own text: the more, the surer.
    pub literal_len: usize,
}

/// How many placements [`bind`] tries before it gives up: a text is untrusted input, and
/// a template with many conversions could otherwise try every way to split it.
const BUDGET: usize = 4096;

/// Matches `parts` against `text`: the first placement, leftmost, where every literal
/// piece is found in order and every number conversion holds a number. A conversion
/// before the first text takes the word just before it; one after the last text takes
/// the rest (for a number, its digits).
pub fn bind(parts: &[Part<'_>], text: &[u8]) -> Option<Binding> {
    let first_text = parts.iter().position(|p| matches!(p, Part::Text(_)))?;
    let Part::Text(first) = parts[first_text] else {
        return None;
    };
    let literal_len = parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.len(),
            Part::Spec(_) => 0,
        })
        .sum();
    let mut budget = BUDGET;
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&text[from..], first.as_bytes()) {
        let start = from + found;
        let mut values = Vec::new();
        let mut lead_start = start;
        // Conversions before the first text: the words just before it, right to left.
        let mut ok = true;
        for i in (0..first_text).rev() {
            let Part::Spec(spec) = parts[i] else { continue };
            let end = lead_start;
            let begin = word_before(text, end, spec.conversion);
            if begin == end {
                ok = false;
                break;
            }
            values.push(Bound {
                part: i,
                at: begin..end,
                number_end: None,
            });
            lead_start = begin;
        }
        values.reverse();
        if ok
            && let Some(end) = match_rest(
                parts,
                first_text + 1,
                text,
                start + first.len(),
                &mut values,
                &mut budget,
            )
        {
            return Some(Binding {
                at: lead_start..end,
                values,
                literal_len,
            });
        }
        if budget == 0 {
            return None;
        }
        from = start + 1;
    }
    None
}

/// Matches `parts[i..]` at `text[pos..]`; the end of the match.
fn match_rest(
    parts: &[Part<'_>],
    i: usize,
    text: &[u8],
    pos: usize,
    values: &mut Vec<Bound>,
    budget: &mut usize,
) -> Option<usize> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    let Some(part) = parts.get(i) else {
        return Some(pos);
    };
    match part {
        Part::Text(t) => text[pos..]
            .starts_with(t.as_bytes())
            .then(|| match_rest(parts, i + 1, text, pos + t.len(), values, budget))
            .flatten(),
        Part::Spec(spec) => {
            let next = parts.get(i + 1);
            let Some(Part::Text(next)) = next else {
                // The last conversion, or one right before another: take what it can.
                let end = value_end(text, pos, spec.conversion, next.is_none());
                if end == pos && (next.is_some() || spec.conversion.is_number()) {
                    return None;
                }
                values.push(bound(i, text, pos, end, spec.conversion));
                let matched = match_rest(parts, i + 1, text, end, values, budget);
                if matched.is_none() {
                    values.pop();
                }
                return matched;
            };
            // Each place the next text occurs, nearest first.
            let mut from = pos;
            while let Some(found) = memchr::memmem::find(&text[from..], next.as_bytes()) {
                let end = from + found;
                if fits(&text[pos..end], spec.conversion) {
                    values.push(bound(i, text, pos, end, spec.conversion));
                    if let Some(done) = match_rest(parts, i + 1, text, end, values, budget) {
                        return Some(done);
                    }
                    values.pop();
                }
                if *budget == 0 || spec.conversion.is_number() {
                    // A number ends where its digits do: a farther text cannot be it.
                    return None;
                }
                *budget -= 1;
                from = end + 1;
            }
            None
        }
    }
}

fn bound(part: usize, text: &[u8], start: usize, end: usize, conversion: Conversion) -> Bound {
    let number_end = (conversion == Conversion::ErrorNumberAndText)
        .then(|| start + number_len(&text[start..end]));
    Bound {
        part,
        at: start..end,
        number_end,
    }
}

/// Whether `value` can be what `conversion` printed.
fn fits(value: &[u8], conversion: Conversion) -> bool {
    match conversion.class() {
        ValueClass::Text => true,
        ValueClass::Number => {
            let n = number_len(value);
            n > 0 && n == value.len()
                || conversion == Conversion::Fraction
                    && value.iter().all(|b| b"0123456789.-+eE".contains(b))
                    && !value.is_empty()
                || matches!(conversion, Conversion::Hex | Conversion::Pointer)
                    && !value.is_empty()
                    && value
                        .iter()
                        .all(|b| b.is_ascii_hexdigit() || b"xX".contains(b))
        }
        ValueClass::ErrorNumber => {
            let n = number_len(value);
            // `28`, or `28 "No space left on device"`.
            n > 0 && (n == value.len() || value[n..].starts_with(b" \"") && value.ends_with(b"\""))
        }
    }
}

/// The length of the (optionally negative) whole number `value` starts with.
fn number_len(value: &[u8]) -> usize {
    let sign = usize::from(value.first() == Some(&b'-'));
    let digits = value[sign..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 { 0 } else { sign + digits }
}

/// Where a value starting at `pos` ends when no text follows it: a number's digits (and
/// an error number's quoted text), or for text the rest of the line.
fn value_end(text: &[u8], pos: usize, conversion: Conversion, last: bool) -> usize {
    let rest = &text[pos..];
    match conversion.class() {
        ValueClass::Number | ValueClass::ErrorNumber => {
            let n = number_len(rest);
            if conversion == Conversion::ErrorNumberAndText
                && n > 0
                && let Some(quoted) = rest[n..].strip_prefix(b" \"")
                && let Some(close) = memchr::memchr(b'"', quoted)
            {
                return pos + n + 2 + close + 1;
            }
            pos + n
        }
        ValueClass::Text if last => {
            let line = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            pos + rest[..line].trim_ascii_end().len()
        }
        // Text right before another conversion: nothing can say where it ends.
        ValueClass::Text => pos,
    }
}

/// Where the value ending at `end` starts, when it comes before any text of the template:
/// a number's digits, or the word (no spaces) before it.
fn word_before(text: &[u8], end: usize, conversion: Conversion) -> usize {
    let before = &text[..end];
    let len = if conversion.is_number() {
        before
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count()
    } else {
        before
            .iter()
            .rev()
            .take_while(|b| !b.is_ascii_whitespace())
            .count()
    };
    end - len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raws(format: &str, family: Family) -> Vec<String> {
        parse(format, family)
            .iter()
            .map(|p| match p {
                Part::Text(t) => format!("[{t}]"),
                Part::Spec(s) => s.raw.to_string(),
            })
            .collect()
    }

    #[test]
    fn both_families_conversions_are_read() {
        let m = Family::MariaDb;
        assert_eq!(
            raws("Can't create table %sQ.%sQ (errno: %iE)", m),
            [
                "[Can't create table ]",
                "%sQ",
                "[.]",
                "%sQ",
                "[ (errno: ]",
                "%iE",
                "[)]"
            ]
        );
        assert_eq!(
            raws("Can't create table %`s.%`s (errno: %M)", m),
            [
                "[Can't create table ]",
                "%`s",
                "[.]",
                "%`s",
                "[ (errno: ]",
                "%M",
                "[)]"
            ]
        );
        assert_eq!(
            raws("'%2$*1$s' 100%% %lld", m),
            ["[']", "%2$*1$s", "[' 100%]", "[ ]", "%lld"]
        );
        // MySQL has no suffixes: `%sT` is `%s` and a `T`.
        assert_eq!(raws("%sThread", Family::MySql), ["%s", "[Thread]"]);
        assert_eq!(raws("%sThread", m), ["%sT", "[hread]"]);
        assert_eq!(raws("ends with %", m), ["[ends with %]"]);
        assert_eq!(raws("%lluM", Family::MySql), ["%llu", "[M]"]);
    }

    fn spec(format: &str) -> Spec<'_> {
        match parse(format, Family::MariaDb)[..] {
            [Part::Spec(s)] => s,
            ref other => panic!("{other:?}"),
        }
    }

    #[test]
    fn conversions_are_described_in_words() {
        assert_eq!(
            spec("%-.192sT").describe(),
            "text, at most 192 characters, cut and ended with \"...\" when longer"
        );
        assert_eq!(
            spec("%llu").describe(),
            "a whole number, not negative (64-bit)"
        );
        assert_eq!(
            spec("%5d").describe(),
            "a whole number, padded with spaces before it to 5 columns"
        );
        assert!(spec("%sQ").describe().contains("backquotes"));
        assert!(spec("%M").describe().starts_with("an error number"));
        assert_eq!(
            spec("%2$*1$s").describe(),
            "text, padded with spaces before it to as many columns as argument 1 says; argument 2"
        );
        assert_eq!(
            spec("%.*s").describe(),
            "text, at most as many characters as the argument before it says"
        );
    }

    #[test]
    fn spellings_of_the_same_kinds_are_the_same_meaning() {
        let a = parse("Duplicate entry '%-.192sT' for key %d", Family::MariaDb);
        let b = parse("Duplicate entry '%-.192T' for key %d", Family::MariaDb);
        let c = parse("Duplicate entry '%-.192s' for key %d", Family::MySql);
        let d = parse("Duplicate entry '%-.192s' for key %s", Family::MySql);
        assert!(same_but_spelling(&a, &b) && same_but_spelling(&a, &c));
        assert!(!same_but_spelling(&a, &d), "a number is not a text");
    }

    fn values(format: &str, text: &str) -> Option<Vec<String>> {
        let parts = parse(format, Family::MariaDb);
        bind(&parts, text.as_bytes()).map(|b| {
            b.values
                .iter()
                .map(|v| text[v.at.clone()].to_string())
                .collect()
        })
    }

    #[test]
    fn values_are_bound_to_their_conversions() {
        assert_eq!(
            values(
                "Table '%-.192s' is marked as crashed and should be repaired",
                "Table './shop/orders' is marked as crashed and should be repaired"
            )
            .unwrap(),
            ["./shop/orders"]
        );
        assert_eq!(
            values(
                "Got error %iE from storage engine %s",
                "Got error 28 \"No space left on device\" from storage engine InnoDB"
            )
            .unwrap(),
            ["28 \"No space left on device\"", "InnoDB"]
        );
        assert_eq!(
            values(
                "Table '%-.192s.%-.192s' doesn't exist",
                "ERROR 1146 (42S02): Table 'shop.orders.x' doesn't exist"
            )
            .unwrap(),
            ["shop", "orders.x"]
        );
        assert_eq!(
            values(
                "%s: ready for connections.",
                "[Note] mariadbd: ready for connections."
            )
            .unwrap(),
            ["mariadbd"]
        );
        assert_eq!(
            values(
                "Duplicate entry '%-.192sT' for key %d",
                "Duplicate entry 'a' for key x"
            ),
            None
        );
        assert_eq!(values("no text at all %d", "nothing"), None);
        assert_eq!(values("%s", "anything"), None, "a template needs some text");
    }

    #[test]
    fn binding_gives_up_on_pathological_texts() {
        let format = "a%sa%sa%sa%sa%sa%sa%sb";
        let text = "a".repeat(5000);
        assert_eq!(values(format, &text), None);
    }
}
