//! The string blob every generated row points into by span, in segments.
//!
//! Segment 0 is the hot text, emitted as it is (`static TEXT: &str`): what `perror 1158`
//! reads. Every other segment is cold: deflated here, emitted as bytes (`COLD`) and
//! inflated by catalog.rs on its first use, which keeps texts few runs need (other
//! flavors' English, the translations; ~1.5 MB) out of the binary's size but off the
//! common path. Which texts are hot is the emitter's choice ([`Blob::go_hot`],
//! [`Blob::go_cold`]); the blob only stores each text once per segment, and a text that
//! is hot already is always taken from there.

use std::collections::HashMap;
use std::fmt;

/// The bits of a span's `at` below its segment number (catalog::Span::SEGMENT_SHIFT): a
/// segment holds up to 256 MiB, and there are up to 16 segments.
pub const SEGMENT_SHIFT: u32 = 28;

/// Where a text lies; displays as the `Span { .. }` expression of catalog.rs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// 0 for the hot segment.
    pub segment: usize,
    /// Where the text starts in its segment.
    pub offset: usize,
    pub len: usize,
}

impl Span {
    /// The segment and offset in one number, as catalog.rs stores them: the segment in
    /// the top bits.
    pub fn at(&self) -> u32 {
        ((self.segment << SEGMENT_SHIFT) | self.offset) as u32
    }

    /// The span whose packed `at` is `at` ([`Span::at`]'s inverse).
    pub fn unpack(at: u32, len: usize) -> Span {
        Span {
            segment: (at >> SEGMENT_SHIFT) as usize,
            offset: (at & ((1 << SEGMENT_SHIFT) - 1)) as usize,
            len,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Span {{ at: {}, len: {} }}", self.at(), self.len)
    }
}

/// All texts of the generated tables, in segments (see the module). Within a segment
/// texts lie in the order first asked for, which is why the emitter walks the model in a
/// fixed order.
#[derive(Debug)]
pub struct Blob {
    /// The hot segment first, then the cold ones in the order created.
    segments: Vec<Segment>,
    /// Where a text that is not hot goes.
    current: usize,
}

#[derive(Debug, Default)]
struct Segment {
    /// What it holds, for the generated code's comment (`mariadb-10.11`).
    name: String,
    bytes: Vec<u8>,
    /// Each text's offset.
    seen: HashMap<String, usize>,
}

impl Default for Blob {
    fn default() -> Blob {
        Blob {
            segments: vec![Segment::default()],
            current: 0,
        }
    }
}

impl Blob {
    /// From now on, texts go to the hot segment.
    pub fn go_hot(&mut self) {
        self.current = 0;
    }

    /// From now on, texts not already hot go to the cold segment `name`, created when new.
    pub fn go_cold(&mut self, name: &str) {
        self.current = match self.segments.iter().skip(1).position(|s| s.name == name) {
            Some(at) => at + 1,
            None => self.push(name, Vec::new()),
        };
    }

    /// A cold segment of `bytes` that no span points into (a table that catalog.rs
    /// decodes itself); its number.
    pub fn bytes_segment(&mut self, name: &str, bytes: Vec<u8>) -> usize {
        self.push(name, bytes)
    }

    fn push(&mut self, name: &str, bytes: Vec<u8>) -> usize {
        self.segments.push(Segment {
            name: name.to_string(),
            bytes,
            seen: HashMap::new(),
        });
        assert!(
            self.segments.len() <= 1 << (32 - SEGMENT_SHIFT),
            "too many segments for a span"
        );
        self.segments.len() - 1
    }

    /// Where `s` lies: in the hot segment if it is there, otherwise in the current one,
    /// added if new.
    pub fn span(&mut self, s: &str) -> Span {
        let segment = if self.segments[0].seen.contains_key(s) {
            0
        } else {
            self.current
        };
        let seg = &mut self.segments[segment];
        let offset = *seg.seen.entry(s.to_string()).or_insert_with(|| {
            seg.bytes.extend_from_slice(s.as_bytes());
            seg.bytes.len() - s.len()
        });
        assert!(
            offset + s.len() < 1 << SEGMENT_SHIFT,
            "text blob segment too large for a span"
        );
        Span {
            segment,
            offset,
            len: s.len(),
        }
    }

    /// The hot segment.
    pub fn hot(&self) -> &str {
        std::str::from_utf8(&self.segments[0].bytes).expect("texts are UTF-8")
    }

    /// The cold segments in order (segment 1 first): name and bytes.
    pub fn cold(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.segments[1..]
            .iter()
            .map(|s| (s.name.as_str(), s.bytes.as_slice()))
    }
}

/// `bytes` as a raw deflate stream (what catalog.rs inflates).
///
/// Zopfli rather than zlib's best level: the same raw deflate format (the binary inflates
/// it with flate2 as before), about 5% smaller, which is what keeps the write-ups within
/// the binary's size budget. It costs build time, not run time.
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let options = zopfli::Options {
        iteration_count: std::num::NonZeroU64::new(5).expect("five"),
        ..zopfli::Options::default()
    };
    let mut out = Vec::new();
    zopfli::compress(options, zopfli::Format::Deflate, bytes, &mut out).expect("writing to a Vec");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::read_back::inflate;

    /// The text `span` gives in `blob`.
    fn text(blob: &Blob, span: Span) -> &str {
        let bytes = match span.segment {
            0 => blob.hot().as_bytes(),
            n => blob.cold().nth(n - 1).unwrap().1,
        };
        std::str::from_utf8(&bytes[span.offset..span.offset + span.len]).unwrap()
    }

    #[test]
    fn spans_slice_the_hot_segment_back_to_their_texts() {
        let texts = ["ER_A", "", "Grüße, \"quoted\"", "A", "ER_A", "tab\there"];
        let mut blob = Blob::default();
        let spans: Vec<Span> = texts.iter().map(|t| blob.span(t)).collect();
        for (text, span) in texts.iter().zip(&spans) {
            assert_eq!(&blob.hot()[span.offset..span.offset + span.len], *text);
        }
        assert_eq!(spans[4], spans[0], "a text is stored once");
        assert_eq!(blob.hot(), "ER_AGrüße, \"quoted\"Atab\there");
        assert_eq!(spans[3].to_string(), "Span { at: 21, len: 1 }");
        assert_eq!(blob.cold().count(), 0);
    }

    #[test]
    fn texts_go_where_the_emitter_says_and_a_hot_text_stays_hot() {
        let mut blob = Blob::default();
        let hot = blob.span("shared");
        blob.go_cold("other");
        let cold = blob.span("only other");
        let reused = blob.span("shared");
        blob.go_cold("translations");
        let translated = blob.span("autre");
        blob.go_cold("other");
        let again = blob.span("only other");
        let more = blob.span("more");
        blob.go_hot();
        let late = blob.span("late");
        assert_eq!(reused, hot, "a text already hot is taken from there");
        assert_eq!(again, cold, "a cold segment is found again by its name");
        let where_ = |s: Span| (s.segment, s.offset);
        assert_eq!(
            [hot, cold, translated, more, late].map(where_),
            [(0, 0), (1, 0), (2, 0), (1, 10), (0, 6)]
        );
        assert_eq!(blob.hot(), "sharedlate");
        let segments: Vec<(&str, &[u8])> = blob.cold().collect();
        assert_eq!(
            segments,
            [
                ("other", b"only othermore".as_slice()),
                ("translations", b"autre".as_slice())
            ]
        );
        for (span, want) in [
            (hot, "shared"),
            (cold, "only other"),
            (translated, "autre"),
            (more, "more"),
            (late, "late"),
        ] {
            assert_eq!(text(&blob, span), want);
        }
    }

    #[test]
    fn a_spans_segment_is_in_the_top_bits_of_at() {
        let span = Span {
            segment: 5,
            offset: 1234,
            len: 7,
        };
        assert_eq!(span.at(), (5 << 28) | 1234);
        assert_eq!(
            span.to_string(),
            format!("Span {{ at: {}, len: 7 }}", 0x5000_04d2)
        );
        assert_eq!(Span::unpack(span.at(), 7), span);
        let last = Span {
            segment: 15,
            offset: (1 << 28) - 1,
            len: 0,
        };
        assert_eq!(last.at(), u32::MAX);
        assert_eq!(Span::unpack(u32::MAX, 0), last);
    }

    #[test]
    fn a_bytes_segment_is_numbered_in_turn_and_holds_no_texts() {
        let mut blob = Blob::default();
        blob.go_cold("a");
        blob.span("x");
        assert_eq!(blob.bytes_segment("table", vec![1, 2, 3]), 2);
        blob.go_cold("table b");
        assert_eq!(blob.span("y").segment, 3);
        assert_eq!(blob.cold().nth(1), Some(("table", [1, 2, 3].as_slice())));
    }

    #[test]
    fn deflated_segments_inflate_back() {
        let texts = ["", "x", "Grüße", &"long repeated text ".repeat(1000)];
        for t in texts {
            let deflated = deflate(t.as_bytes());
            assert_eq!(inflate(&deflated), t.as_bytes());
        }
        let long = deflate(texts[3].as_bytes());
        assert!(long.len() < texts[3].len() / 50, "{}", long.len());
    }
}
