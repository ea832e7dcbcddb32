//! The scanner. The first pass runs over every byte of the input and only finds the lines
//! worth a closer look; the second looks at just those lines and finds every code.
//!
//! Two searches skip through ordinary log text many bytes at a time. A few dozen short
//! literals, the needles, go to aho-corasick's SIMD searcher (Teddy): something every
//! field's trigger contains ([`fields::NEEDLES`]), and the anchors of the few templates
//! too short for the other search. The thousand or so long message anchors go to
//! [`Anchors`]. The first pass asks both for the next position; the second finds every
//! needle of a line and checks what each can be part of.

use aho_corasick::{AhoCorasick, Input, MatchKind};

use super::anchors::{self, AnchorHit, Anchors};
use super::fields::{self, Candidate, FIELDS, Field};
use super::messages::{self, Placement, Template};
use crate::catalog::{Flavor, Kind};
use rustc_hash::FxHashMap as FastMap;

/// A hit the scanner confirmed, before the tables are consulted.
#[derive(Debug, Clone)]
pub enum Hit {
    Field {
        field: &'static Field,
        candidate: Candidate,
    },
    Message {
        kind: Kind,
        code: i32,
        placement: Placement,
        literal_len: usize,
        /// For an OS error's text, where its number's digits start: a field that reads
        /// the same digits (`Errcode: 28 "No space left on device"`) says it already.
        number: Option<usize>,
        /// It only reports a normal event ([`super::is_news_message`]).
        news: bool,
    },
}

impl Hit {
    pub fn start(&self) -> usize {
        match self {
            Hit::Field { candidate, .. } => candidate.start,
            Hit::Message { placement, .. } => placement.start,
        }
    }
}

/// Settles hits that claim the same thing, leaving them in line order. Of fields reading
/// the same digits, the one whose trigger starts first wins (`Got error 5` over
/// `error 5`). Of messages starting at the same byte, one whose code a field of the line
/// names wins (`Duplicate entry '42' for key 'PRIMARY', Error_code: 1062` is 1062, not
/// 1586, whose text is the same but for a quote), then the one with the most literal text
/// (ER_NEW_ABORTING_CONNECTION over ER_ABORTING_CONNECTION, whose wildcards would swallow
/// the `host:` part).
pub fn settle(hits: &mut Vec<Hit>, named: &mut Vec<i32>) {
    named.clear();
    named.extend(hits.iter().filter_map(|h| match h {
        Hit::Field { candidate, .. } => Some(candidate.code),
        Hit::Message { .. } => None,
    }));
    // What a hit claims, and its preference among those claiming it: lowest first. (A
    // message's code is compared with the fields' numbers whatever their tables: this
    // only breaks ties between messages at one place.)
    let slot = |h: &Hit| match h {
        Hit::Field { candidate, .. } => (false, candidate.digits.start),
        Hit::Message {
            number: Some(digits),
            ..
        } => (false, *digits),
        Hit::Message { placement, .. } => (true, placement.start),
    };
    let preference = |h: &Hit| match h {
        Hit::Field { candidate, .. } => (false, candidate.start, 0),
        Hit::Message {
            number: Some(_), ..
        } => (true, 0, 0),
        Hit::Message {
            literal_len, code, ..
        } => (!named.contains(code), usize::MAX - literal_len, *code),
    };
    hits.sort_unstable_by_key(|h| (slot(h), preference(h)));
    hits.dedup_by(|later, first| slot(later) == slot(first));
    hits.sort_by_key(Hit::start);
}

/// A short literal, and what finding it may mean.
#[derive(Debug)]
struct Needle {
    bytes: Vec<u8>,
    /// Fields whose trigger starts this far from the needle (`rror` is one byte into
    /// `error`, five into `Got error`; ` "` one byte after `1 "`).
    fields: Vec<(&'static Field, isize)>,
    /// Templates this needle is the anchor of.
    templates: Vec<usize>,
    /// Templates whose short anchor holds this needle this many bytes in (`Got error `
    /// holds `rror`): found through it rather than through a needle of their own, since
    /// every needle past 32 makes the first pass's SIMD search take half the bytes per step.
    templates_around: Vec<(usize, usize)>,
}

/// The compiled patterns of one flavor; built once per run, shared by every input.
pub struct Recogniser {
    needles: Vec<Needle>,
    needle_search: NeedleSearch,
    /// The anchors of [`anchors::LEN`] bytes.
    anchors: Anchors,
    /// The templates of each such anchor, by anchor id: templates may share one.
    anchor_templates: Vec<Vec<usize>>,
    /// By anchor id: whether every template of the anchor only reports a normal event
    /// ([`super::is_news_message`]).
    anchor_is_news: Vec<bool>,
    templates: Vec<Template>,
}

impl std::fmt::Debug for Recogniser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recogniser")
            .field("needles", &self.needles.len())
            .field("anchors", &self.anchor_templates.len())
            .field("templates", &self.templates.len())
            .finish_non_exhaustive()
    }
}

impl Recogniser {
    pub fn new(flavor: &Flavor) -> Recogniser {
        let server = flavor
            .server
            .rows()
            .iter()
            .map(|e| (Kind::Server, e.code, e.message()));
        let table = |kind, t: &'static crate::catalog::Table| {
            t.rows().iter().map(move |e| (kind, e.code, e.message()))
        };
        // An OS error's text is looked for beside its number. Texts too short to be an
        // anchor (`Broken pipe`) are looked for with the byte before them, which the forms
        // of `errno_beside` make `(` or a space.
        let mut os_texts: Vec<(i32, String, usize)> = Vec::new();
        for code in 1..=MAX_ERRNO {
            let Some(text) = crate::os_error::message(code).filter(|t| !t.contains('%')) else {
                continue;
            };
            if text.len() >= anchors::LEN {
                os_texts.push((code, text, 0));
            } else if text.len() + 1 >= anchors::LEN {
                os_texts.push((code, format!("({text}"), 1));
                os_texts.push((code, format!(" {text}"), 1));
            }
        }
        let legacy = messages::LEGACY_MESSAGES.iter().copied();
        let mut templates: Vec<Template> = server
            .chain(table(Kind::Global, flavor.global))
            .chain(table(Kind::Client, flavor.client))
            .chain(legacy)
            .filter(|&(kind, code, _)| !messages::TOO_GENERIC.contains(&(kind, code)))
            .filter_map(|(kind, code, message)| {
                Template::new(kind, messages::reported_as(kind, code), message)
            })
            .collect();
        templates.extend(os_texts.iter().filter_map(|(code, text, lead)| {
            Template::new(Kind::Os, *code, text).map(|t| t.with_lead(*lead))
        }));
        choose_rare_anchors(flavor, &mut templates);
        for t in &mut templates {
            t.news = super::is_news_message(flavor, t.kind, t.code);
        }
        templates.iter_mut().for_each(Template::prepare);

        let mut needles: Vec<Needle> = fields::NEEDLES
            .iter()
            .map(|n| Needle {
                bytes: n.as_bytes().to_vec(),
                fields: fields_around(n.as_bytes()),
                templates: Vec::new(),
                templates_around: Vec::new(),
            })
            .collect();
        let field_needles = needles.len();
        let mut long_anchors: Vec<[u8; anchors::LEN]> = Vec::new();
        let mut anchor_templates: Vec<Vec<usize>> = Vec::new();
        let mut long_ids: FastMap<[u8; anchors::LEN], usize> = FastMap::default();
        for (i, t) in templates.iter().enumerate() {
            if let Ok(anchor) = <[u8; anchors::LEN]>::try_from(t.anchor()) {
                let id = *long_ids.entry(anchor).or_insert_with(|| {
                    long_anchors.push(anchor);
                    anchor_templates.push(Vec::new());
                    long_anchors.len() - 1
                });
                anchor_templates[id].push(i);
            } else if let Some(n) = needles.iter_mut().find(|n| n.bytes == t.anchor()) {
                n.templates.push(i);
            } else if let Some((n, within)) = needles[..field_needles]
                .iter_mut()
                .find_map(|n| Some((memchr::memmem::find(t.anchor(), &n.bytes)?, n)))
                .map(|(within, n)| (n, within))
            {
                n.templates_around.push((i, within));
            } else {
                needles.push(Needle {
                    bytes: t.anchor().to_vec(),
                    fields: fields_around(t.anchor()),
                    templates: vec![i],
                    templates_around: Vec::new(),
                });
            }
        }
        let anchor_is_news = anchor_templates
            .iter()
            .map(|ts| ts.iter().all(|&i| templates[i].news))
            .collect();
        Recogniser {
            anchor_is_news,
            needle_search: NeedleSearch::new(needles.iter().map(|n| &n.bytes[..])),
            needles,
            anchors: Anchors::new(&long_anchors),
            anchor_templates,
            templates,
        }
    }

    /// Every occurrence of a long anchor in `haystack`, in order, appended to `found`.
    pub fn find_anchors(&self, haystack: &[u8], found: &mut Vec<AnchorHit>) {
        self.anchors.find_all(haystack, found);
    }

    /// Where every needle in `haystack` starts, in order, appended to `found`; a
    /// position where several needles start is there once.
    pub fn find_needles(&self, haystack: &[u8], found: &mut Vec<usize>) {
        let mut from = 0;
        while let Some(at) = self.needle_search.find(haystack, from) {
            found.push(at);
            // From the next byte, not the match's end: needles may overlap.
            from = at + 1;
        }
    }

    /// Whether all the first pass found in a line are anchors of messages that only report
    /// a normal event: such a line needs no closer look.
    pub fn only_news(&self, found: Found<'_>) -> bool {
        found.needles.is_empty()
            && found
                .anchors
                .iter()
                .all(|a| self.anchor_is_news[a.id as usize])
    }

    /// Every code-bearing hit in `line` (without its line ending), appended to `hits` in
    /// no particular order: fields whose bytes are well-formed, and templates that
    /// verify. `found` holds what the first pass found in the line: where needles and
    /// long anchors start, at `offset` plus their position in the line. Overlaps are left
    /// for the caller to settle.
    pub fn hits(&self, line: &[u8], found: Found<'_>, offset: usize, hits: &mut Vec<Hit>) {
        for &at in found.needles {
            let at = at - offset;
            let here = line.get(at..).unwrap_or_default();
            // The first byte rules most needles out without a call to memcmp.
            let first = here.first();
            let needles = self.needles.iter().filter(|n| n.bytes.first() == first);
            for needle in needles.filter(|n| here.starts_with(&n.bytes)) {
                for &(field, delta) in &needle.fields {
                    let trigger_at = at.checked_add_signed(delta);
                    let candidate = trigger_at
                        .filter(|&t| {
                            line.get(t..)
                                .is_some_and(|l| l.starts_with(field.trigger.as_bytes()))
                        })
                        .and_then(|t| fields::parse(field, line, t));
                    if let Some(candidate) = candidate {
                        hits.push(Hit::Field { field, candidate });
                    }
                }
                self.verify(&needle.templates, line, at, hits);
                for &(i, within) in &needle.templates_around {
                    if let Some(anchor_at) = at.checked_sub(within) {
                        self.verify(&[i], line, anchor_at, hits);
                    }
                }
            }
        }
        for a in found.anchors {
            let templates = &self.anchor_templates[a.id as usize];
            self.verify(templates, line, a.start - offset, hits);
        }
    }

    fn verify(&self, templates: &[usize], line: &[u8], at: usize, hits: &mut Vec<Hit>) {
        for &i in templates {
            let t = &self.templates[i];
            let mut placement = t.verify(line, at);
            let mut number = None;
            if t.kind == Kind::Os {
                // An OS error's text is only its code's when the number stands beside it.
                placement = placement
                    .map(|p| Placement {
                        start: p.start + t.lead,
                        end: p.end,
                    })
                    .and_then(|p| messages::errno_beside(line, p, t.code))
                    .map(|(p, digits)| {
                        number = Some(digits);
                        p
                    });
            }
            if let Some(placement) = placement {
                hits.push(Hit::Message {
                    kind: t.kind,
                    code: t.code,
                    placement,
                    literal_len: t.literal_len,
                    number,
                    news: t.news,
                });
            }
        }
    }
}

/// The OS codes whose texts are looked for beside their numbers: Linux's errnos stop at
/// 133 (EHWPOISON).
const MAX_ERRNO: i32 = 133;

/// Gives each template the anchor the first pass skips past best: one whose blocks, and
/// above all whose last block, are rare. The server's messages stand in for log text:
/// what is common in them is common in logs.
fn choose_rare_anchors(flavor: &Flavor, templates: &mut [Template]) {
    let mut block_counts: FastMap<&[u8], u32> = FastMap::default();
    for e in flavor.server.rows() {
        for block in e.message().as_bytes().windows(anchors::BLOCK) {
            *block_counts.entry(block).or_default() += 1;
        }
    }
    // How many templates hold each possible anchor: every template sharing the one found
    // is verified, and mysys's messages all end in `' (Errcode: %iE)`.
    let mut holders: FastMap<[u8; anchors::LEN], u32> = FastMap::default();
    let mut own: Vec<[u8; anchors::LEN]> = Vec::new();
    for t in templates.iter() {
        own.clear();
        own.extend(t.literal_windows::<{ anchors::LEN }>());
        own.sort_unstable();
        own.dedup();
        for w in &own {
            *holders.entry(*w).or_default() += 1;
        }
    }
    let count = |block: &[u8]| block_counts.get(block).copied().unwrap_or(0);
    for t in templates {
        t.choose_anchor(anchors::LEN, |w| {
            let shared = <[u8; anchors::LEN]>::try_from(w)
                .ok()
                .and_then(|w| holders.get(&w).copied())
                .unwrap_or(0);
            let last = count(&w[w.len() - anchors::BLOCK..]);
            let all: u32 = w.windows(anchors::BLOCK).map(count).sum();
            (shared > MAX_SHARED, last, all)
        });
    }
}

/// An anchor held by more templates than this is taken only if the template has no other.
const MAX_SHARED: u32 = 4;

/// The fields a needle can be part of, and where their trigger starts relative to it: a
/// trigger that contains the needle, or one the needle ends with.
fn fields_around(needle: &[u8]) -> Vec<(&'static Field, isize)> {
    let mut found = Vec::new();
    for field in FIELDS {
        let trigger = field.trigger.as_bytes();
        if let Some(at) = memchr::memmem::find(trigger, needle) {
            found.push((field, -(at as isize)));
        } else if needle.ends_with(trigger) {
            found.push((field, (needle.len() - trigger.len()) as isize));
        }
    }
    found
}

/// The first pass's search for needles.
enum NeedleSearch {
    Teddy(aho_corasick::packed::Searcher),
    /// Where Teddy is not to be had (no SIMD, or too many needles).
    Automaton(AhoCorasick),
}

impl NeedleSearch {
    fn new<'a>(needles: impl Iterator<Item = &'a [u8]> + Clone) -> NeedleSearch {
        let mut config = aho_corasick::packed::Config::new();
        config.match_kind(aho_corasick::packed::MatchKind::LeftmostFirst);
        match config.builder().extend(needles.clone()).build() {
            Some(teddy) => NeedleSearch::Teddy(teddy),
            None => NeedleSearch::Automaton(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(needles)
                    // Only pattern sets past the automaton's limits (billions of states)
                    // fail.
                    .expect("a few dozen needles build"),
            ),
        }
    }

    /// Where the first needle at or after `from` starts.
    fn find(&self, hay: &[u8], from: usize) -> Option<usize> {
        if from > hay.len() {
            return None;
        }
        let found = match self {
            NeedleSearch::Teddy(s) => s.find_in(hay, aho_corasick::Span::from(from..hay.len())),
            NeedleSearch::Automaton(a) => a.find(Input::new(hay).range(from..)),
        };
        found.map(|m| m.start())
    }
}

/// What the first pass found in a stretch of text, in order of position.
#[derive(Debug, Clone, Copy, Default)]
pub struct Found<'a> {
    /// Where needles start.
    pub needles: &'a [usize],
    pub anchors: &'a [AnchorHit],
}

impl<'a> Found<'a> {
    /// The first position where something was found.
    pub fn first(&self) -> Option<usize> {
        match (self.needles.first(), self.anchors.first()) {
            (Some(&n), Some(a)) => Some(n.min(a.start)),
            (n, a) => n.copied().or(a.map(|a| a.start)),
        }
    }

    /// What starts before `end`, and the rest. Linear: the first pass walks forward one
    /// line at a time, and a line holds few finds.
    pub fn split_before(&self, end: usize) -> (Found<'a>, Found<'a>) {
        let needles = self.needles.iter().take_while(|&&n| n < end).count();
        let anchors = self.anchors.iter().take_while(|a| a.start < end).count();
        let (n_before, n_after) = self.needles.split_at(needles);
        let (a_before, a_after) = self.anchors.split_at(anchors);
        (
            Found {
                needles: n_before,
                anchors: a_before,
            },
            Found {
                needles: n_after,
                anchors: a_after,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recogniser() -> Recogniser {
        Recogniser::new(Flavor::find("mariadb-11.8").unwrap())
    }

    fn hits(r: &Recogniser, line: &str) -> Vec<Hit> {
        let (mut needles, mut anchors) = (Vec::new(), Vec::new());
        r.find_needles(line.as_bytes(), &mut needles);
        r.find_anchors(line.as_bytes(), &mut anchors);
        let found = Found {
            needles: &needles,
            anchors: &anchors,
        };
        let mut hits = Vec::new();
        r.hits(line.as_bytes(), found, 0, &mut hits);
        hits
    }

    #[test]
    fn the_first_pass_keeps_to_slim_teddy() {
        // Past 32 patterns aho-corasick's Teddy goes "fat" (16 bytes a step, not 32).
        // MariaDB's flavors keep under it; MySQL's thousands of error-log messages give it
        // some forty short anchors of their own, so it is fat whatever the fields need.
        let mariadb = Flavor::all()
            .iter()
            .filter(|f| f.family() == crate::catalog::Family::MariaDb);
        for flavor in mariadb {
            let r = Recogniser::new(flavor);
            assert!(
                r.needles.len() <= 32,
                "{}: {}",
                flavor.name,
                r.needles.len()
            );
        }
    }

    #[test]
    fn every_field_is_reachable_from_a_needle() {
        let r = recogniser();
        for field in FIELDS {
            let via: Vec<&Needle> = r
                .needles
                .iter()
                .filter(|n| n.fields.iter().any(|(f, _)| f.label == field.label))
                .collect();
            assert!(!via.is_empty(), "{}", field.label);
        }
    }

    #[test]
    fn triggers_inside_triggers_are_all_found() {
        let r = recogniser();
        let labels: Vec<&str> = hits(&r, "Got fatal error 1236 from master")
            .iter()
            .filter_map(|h| match h {
                Hit::Field { field, .. } => Some(field.label),
                Hit::Message { .. } => None,
            })
            .collect();
        assert_eq!(labels, ["Got fatal error", "error"]);
    }

    #[test]
    fn short_and_long_anchors_both_verify() {
        let r = recogniser();
        let codes = |line: &str| -> Vec<i32> {
            let mut c: Vec<i32> = hits(&r, line)
                .iter()
                .filter_map(|h| match h {
                    Hit::Message { code, .. } => Some(*code),
                    Hit::Field { .. } => None,
                })
                .collect();
            c.sort();
            c
        };
        // "The table '%-.192s' is full": its longest piece is shorter than a long anchor.
        assert_eq!(codes("[ERROR] mariadbd: The table 't1' is full"), [1114]);
        assert_eq!(codes("Got an error reading communication packets"), [1158]);
        assert_eq!(codes("nothing to see here"), [] as [i32; 0]);
    }

    #[test]
    fn every_flavor_finds_its_own_message_formats() {
        // 10.11 writes `%`s` and `%M` where 11.8 writes `%sQ` and `%iE`; MySQL has its own.
        let mariadb = "Can't create table `shop`.`orders` (errno: 150 \"Foreign key constraint is incorrectly formed\")";
        let mysql = "Can't create table 'shop.orders' (errno: 150 - Foreign key constraint is incorrectly formed)";
        for flavor in Flavor::all() {
            let line = match flavor.family() {
                crate::catalog::Family::MariaDb => mariadb,
                crate::catalog::Family::MySql => mysql,
            };
            let r = Recogniser::new(flavor);
            let codes: Vec<i32> = hits(&r, line)
                .iter()
                .filter_map(|h| match h {
                    Hit::Message { code, .. } => Some(*code),
                    Hit::Field { .. } => None,
                })
                .collect();
            assert_eq!(codes, [1005], "{}", flavor.name);
        }
    }

    #[test]
    fn found_splits_by_position() {
        let r = recogniser();
        let hay = b"plain\nx errno: 5\nGot an error reading communication packets\n";
        let (mut needles, mut anchors) = (Vec::new(), Vec::new());
        r.find_needles(hay, &mut needles);
        r.find_anchors(hay, &mut anchors);
        let found = Found {
            needles: &needles,
            anchors: &anchors,
        };
        let first = found.first().unwrap();
        assert_eq!(&hay[first..first + 4], b"rrno");
        let (line, rest) = found.split_before(17);
        assert_eq!((line.needles, line.anchors), (&[first][..], &[][..]));
        let second = rest.first().unwrap();
        assert!((17..hay.len() - 1).contains(&second));
        let (_, none) = rest.split_before(hay.len());
        assert_eq!(none.first(), None);
    }
}
