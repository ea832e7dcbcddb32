//! The string blob every generated row points into by span.

use std::collections::HashMap;
use std::fmt;

/// Where a text lies in the blob; displays as the `Span { .. }` expression of catalog.rs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub at: usize,
    pub len: usize,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Span {{ at: {}, len: {} }}", self.at, self.len)
    }
}

/// All texts of the generated tables, each distinct text stored once, in the order first
/// asked for (which is why the emitter walks the model in a fixed order).
#[derive(Debug, Default)]
pub struct Blob {
    text: String,
    seen: HashMap<String, Span>,
}

impl Blob {
    /// Where `s` lies, adding it if new.
    pub fn span(&mut self, s: &str) -> Span {
        if let Some(&span) = self.seen.get(s) {
            return span;
        }
        let span = Span {
            at: self.text.len(),
            len: s.len(),
        };
        assert!(
            u32::try_from(span.at + span.len).is_ok(),
            "text blob over 4 GiB"
        );
        self.text.push_str(s);
        self.seen.insert(s.to_string(), span);
        span
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_slice_the_blob_back_to_their_texts() {
        let texts = ["ER_A", "", "Grüße, \"quoted\"", "A", "ER_A", "tab\there"];
        let mut blob = Blob::default();
        let spans: Vec<Span> = texts.iter().map(|t| blob.span(t)).collect();
        for (text, span) in texts.iter().zip(&spans) {
            assert_eq!(&blob.text()[span.at..span.at + span.len], *text);
        }
        assert_eq!(spans[4], spans[0], "a text is stored once");
        assert_eq!(blob.text(), "ER_AGrüße, \"quoted\"Atab\there");
        assert_eq!(spans[3].to_string(), "Span { at: 21, len: 1 }");
    }
}
