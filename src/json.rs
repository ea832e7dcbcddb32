//! Every `--json` shape (JSON Lines), as structs that borrow from the catalog and the
//! answer. Field names are stable and documented in docs/USAGE.md (--json).
//!
//! Fields are declared in alphabetical order, because that is the order perror has always
//! printed them in (serde_json's maps are sorted without its `preserve_order` feature, and
//! docs/USAGE.md shows that order); keep it when adding a field.

use std::borrow::Cow;
use std::io;

use serde::Serialize;

use crate::answer::{Answer, Group, StateInfo};
use crate::catalog::Flavor;
use crate::lookup::{self, Match};
use crate::render;
use crate::resolve::Target;
use crate::rules::FlavorRules;

/// One meaning of a code; `name`, `sqlstate` and `url` are null where the kind has none.
#[derive(Debug, Serialize)]
pub struct MatchJson<'a> {
    /// Only with `--explain`: the message taken apart, as `--explain` prints it (its
    /// sections, one line each). Text rather than a structure of its own: every struct
    /// serde derives is code in a binary held to 2.5 MB.
    #[serde(skip_serializing_if = "Option::is_none")]
    anatomy: Option<String>,
    code: i32,
    /// Only with `--explain`: the write-up, or null where there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<Option<WriteUpJson>>,
    kind: &'static str,
    message: Cow<'a, str>,
    name: Option<&'static str>,
    /// Only for a server error of a flavor whose server has two message files (MySQL):
    /// `client` or `error-log`.
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'static str>,
    sqlstate: Option<&'static str>,
    url: Option<String>,
}

/// `--explain`'s write-up: `key` names the error it was written for (`server-1158`).
#[derive(Debug, Serialize)]
pub struct WriteUpJson {
    causes: Vec<&'static str>,
    find_out: Vec<&'static str>,
    fix: Vec<&'static str>,
    key: String,
    /// The official pages the write-up was checked against.
    sources: Vec<&'static str>,
    summary: &'static str,
}

/// What a SQLSTATE and its class mean.
#[derive(Debug, Serialize)]
pub struct StateJson<'a> {
    class: &'a str,
    class_meaning: Option<&'static str>,
    meaning: Option<&'static str>,
    state: &'a str,
}

/// The answer for one argument: `sqlstate` only for a SQLSTATE, `suggestions` only for
/// an unknown name.
#[derive(Debug, Serialize)]
pub struct AnswerJson<'a> {
    error: Option<String>,
    input: Cow<'a, str>,
    matches: Vec<MatchJson<'a>>,
    /// Only for a pasted message: the values it gave its conversions, and the codes
    /// among them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pasted: Option<PastedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sqlstate: Option<StateJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestions: Option<&'a [&'static str]>,
    /// Only when another flavor's tables answered (MySQL's, under a MariaDB flavor).
    #[serde(skip_serializing_if = "Option::is_none")]
    tables: Option<&'static str>,
}

/// A pasted message's values (`{"name":"table","text":"./shop/orders"}`) and the codes
/// among them, each with the lookup of its kind.
#[derive(Debug, Serialize)]
pub struct PastedJson<'a> {
    inside: Vec<InsideJson<'a>>,
    values: Vec<ValueJson<'a>>,
}

/// A value a pasted message gave a conversion: `{"name":"table","text":"./shop/orders"}`.
#[derive(Debug, Serialize)]
pub struct ValueJson<'a> {
    name: &'a str,
    text: &'a str,
}

/// A code among a pasted message's values.
#[derive(Debug, Serialize)]
pub struct InsideJson<'a> {
    #[serde(rename = "match")]
    meaning: Option<MatchJson<'static>>,
    name: &'a str,
    number: i32,
}

/// `--flavor=all --json`: one argument's answers, flavors that agree grouped.
#[derive(Debug, Serialize)]
pub struct ComparisonJson<'a> {
    groups: Vec<GroupJson<'a>>,
    input: Cow<'a, str>,
}

/// Flavors that answer alike, and their answer (in the first flavor's words).
#[derive(Debug, Serialize)]
pub struct GroupJson<'a> {
    answer: AnswerJson<'a>,
    flavors: Vec<&'static str>,
    /// Only where some flavors of the group spell the messages' conversions otherwise:
    /// each such flavor and its messages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    spelled_otherwise: Vec<SpellingJson<'a>>,
}

/// A flavor's messages, where they differ from the group's only in spelling.
#[derive(Debug, Serialize)]
pub struct SpellingJson<'a> {
    flavor: &'static str,
    messages: Vec<&'a str>,
}

/// `--annotate --json`: one code found in a log.
#[derive(Debug, Serialize)]
pub struct OccurrenceJson<'a> {
    /// Only with `--explain`: its line under the annotation, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<Option<String>>,
    field: &'a str,
    file: &'a str,
    /// The line's level tag (`Warning`, `ERROR`), where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<Cow<'a, str>>,
    line: u64,
    #[serde(rename = "match")]
    meaning: MatchJson<'a>,
    /// The line's timestamp as written (`2024-04-19 17:02:11`), where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<Cow<'a, str>>,
}

/// `--annotate --top --json`: one row of the tally.
#[derive(Debug, Serialize)]
pub struct TopRowJson<'a> {
    count: u64,
    /// The timestamps of the first and last lines it was found on (null: none had one).
    first_seen: Option<&'a str>,
    last_seen: Option<&'a str>,
    #[serde(rename = "match")]
    meaning: MatchJson<'a>,
}

/// A match of `flavor`'s tables.
pub fn of_match<'a>(m: &'a Match, flavor: &Flavor) -> MatchJson<'a> {
    let rules = flavor.rules();
    let section = match m {
        Match::Server { entry, .. } if rules.server_sections => Some(entry.section().as_str()),
        _ => None,
    };
    MatchJson {
        anatomy: None,
        code: m.code(),
        explanation: None,
        kind: m.kind().as_str(),
        message: Cow::Borrowed(m.message()),
        name: m.name(),
        section,
        sqlstate: m.sqlstate(),
        url: render::learn_more_url(m, &crate::render::lines_of(flavor)),
    }
}

/// A match found while the JSON is built: its message is copied.
fn of_owned_match(m: Match, flavor: &Flavor) -> MatchJson<'static> {
    let borrowed = of_match(&m, flavor);
    MatchJson {
        message: Cow::Owned(borrowed.message.into_owned()),
        anatomy: borrowed.anatomy,
        code: borrowed.code,
        explanation: borrowed.explanation,
        kind: borrowed.kind,
        name: borrowed.name,
        section: borrowed.section,
        sqlstate: borrowed.sqlstate,
        url: borrowed.url,
    }
}

/// A match with its write-up (`--explain --json`).
fn of_explained_match<'a>(m: &'a Match, flavor: &'static Flavor) -> MatchJson<'a> {
    let write_up = lookup::write_up(flavor, m.kind(), m.code())
        .found()
        .map(|w| WriteUpJson {
            causes: w.doc.causes(),
            find_out: w.doc.find_out(),
            fix: w.doc.fix(),
            key: w.key.to_string(),
            sources: w.doc.sources(),
            summary: w.doc.summary(),
        });
    MatchJson {
        anatomy: Some(render::anatomy_text(flavor, m)),
        explanation: Some(write_up),
        ..of_match(m, flavor)
    }
}

fn of_state(s: &StateInfo) -> StateJson<'_> {
    StateJson {
        class: s.class(),
        class_meaning: s.class_meaning,
        meaning: s.meaning,
        state: &s.state,
    }
}

/// The answer for `input` in `flavor` (a lookup's `--json`).
pub fn of_answer<'a>(
    flavor: &'static Flavor,
    answer: &'a Answer,
    input: &'a [u8],
) -> AnswerJson<'a> {
    let tables = answer.tables_of(flavor);
    answer_with(answer, input, tables, |m| of_match(m, tables))
}

/// Every flavor's answer for `input` (`--flavor=all --json`).
pub fn of_comparison<'a>(input: &'a [u8], groups: &'a [Group]) -> ComparisonJson<'a> {
    ComparisonJson {
        groups: groups
            .iter()
            .map(|g| GroupJson {
                answer: of_answer(g.flavors[0], &g.answer, input),
                flavors: g.flavors.iter().map(|f| f.name).collect(),
                spelled_otherwise: g
                    .spelled_otherwise
                    .iter()
                    .map(|(f, answer)| SpellingJson {
                        flavor: f.name,
                        messages: answer.matches.iter().map(Match::message).collect(),
                    })
                    .collect(),
            })
            .collect(),
        input: String::from_utf8_lossy(input),
    }
}

/// The answer for `input` with every match's write-up (`--explain --json`).
pub fn of_explained_answer<'a>(
    flavor: &'static Flavor,
    answer: &'a Answer,
    input: &'a [u8],
) -> AnswerJson<'a> {
    let tables = answer.tables_of(flavor);
    answer_with(answer, input, tables, |m| of_explained_match(m, tables))
}

/// A pasted message's values and codes inside, for [`answer_with`] (kept apart: that one
/// is generic, and a copy of this in each instance is binary size for nothing).
fn pasted_of<'a>(answer: &'a Answer, tables: &'static Flavor) -> Option<PastedJson<'a>> {
    match &answer.target {
        Target::Message(found) => Some(PastedJson {
            inside: found
                .inside
                .iter()
                .map(|i| InsideJson {
                    meaning: i
                        .kind
                        .lookup(tables, i.number)
                        .map(|m| of_owned_match(m, tables)),
                    name: &i.name,
                    number: i.number,
                })
                .collect(),
            values: found
                .values
                .iter()
                .map(|v| ValueJson {
                    name: &v.name,
                    text: &v.text,
                })
                .collect(),
        }),
        _ => None,
    }
}

fn answer_with<'a>(
    answer: &'a Answer,
    input: &'a [u8],
    tables: &'static Flavor,
    each: impl FnMut(&'a Match) -> MatchJson<'a>,
) -> AnswerJson<'a> {
    let pasted = pasted_of(answer, tables);
    AnswerJson {
        pasted,
        tables: answer.tables,
        error: answer.error.as_ref().map(render::failure_line),
        input: String::from_utf8_lossy(input),
        matches: answer.matches.iter().map(each).collect(),
        sqlstate: answer.sqlstate.as_ref().map(of_state),
        suggestions: match &answer.target {
            Target::UnknownName(s) => Some(s),
            _ => None,
        },
    }
}

/// A code of another table than the catalog's (`--annotate`'s InnoDB and MySQL codes):
/// no SQLSTATE, no link.
pub fn of_other_code<'a>(
    kind: &'static str,
    code: i32,
    name: Option<&'static str>,
    message: &'a str,
) -> MatchJson<'a> {
    MatchJson {
        anatomy: None,
        code,
        explanation: None,
        kind,
        message: Cow::Borrowed(message),
        name,
        section: None,
        sqlstate: None,
        url: None,
    }
}

/// Where a log line was found, and when it was written at which level, as it says.
#[derive(Debug, Clone, Copy)]
pub struct LinePlace<'a> {
    pub file: &'a str,
    pub line: u64,
    pub time: Option<&'a [u8]>,
    pub level: Option<&'a [u8]>,
}

pub fn of_occurrence<'a>(
    place: LinePlace<'a>,
    field: &'a str,
    meaning: MatchJson<'a>,
) -> OccurrenceJson<'a> {
    OccurrenceJson {
        explanation: None,
        field,
        file: place.file,
        level: place.level.map(String::from_utf8_lossy),
        line: place.line,
        meaning,
        time: place.time.map(String::from_utf8_lossy),
    }
}

impl OccurrenceJson<'_> {
    /// With `--explain`'s line for the code (null when there is none).
    pub fn explained(self, line: Option<&str>) -> Self {
        OccurrenceJson {
            explanation: Some(line.map(str::to_string)),
            ..self
        }
    }
}

pub fn of_top_row<'a>(
    count: u64,
    seen: [Option<&'a str>; 2],
    meaning: MatchJson<'a>,
) -> TopRowJson<'a> {
    TopRowJson {
        count,
        first_seen: seen[0],
        last_seen: seen[1],
        meaning,
    }
}

/// Writes `value` as one line.
pub fn write_line(out: &mut impl io::Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Flavor;
    use crate::lookup::matches;

    fn line(value: &impl Serialize) -> String {
        let mut out = Vec::new();
        write_line(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn flavor() -> &'static Flavor {
        Flavor::find("mariadb-11.8").unwrap()
    }

    #[test]
    fn an_answer_reads_as_the_readme_shows_it() {
        let answer = Answer::of(flavor(), b"1158", true, None);
        assert_eq!(
            line(&of_answer(flavor(), &answer, b"1158")),
            "{\"error\":null,\"input\":\"1158\",\"matches\":[{\"code\":1158,\"kind\":\"server\",\
             \"message\":\"Got an error reading communication packets\",\"name\":\"ER_NET_READ_ERROR\",\
             \"sqlstate\":\"08S01\",\"url\":\"https://err.mariadb.com/1158\"}]}\n"
        );
    }

    #[test]
    fn handler_match_has_nulls() {
        let m = &matches(flavor(), 125)[1];
        let text = line(&of_match(m, flavor()));
        assert!(
            text.contains("\"kind\":\"handler\",")
                && text.contains("\"name\":null,\"sqlstate\":null,\"url\":null}"),
            "{text}"
        );
    }

    #[test]
    fn optional_fields_appear_only_where_they_apply() {
        let name = Answer::of(flavor(), b"ER_NET_READ_EROR", true, None);
        let text = line(&of_answer(flavor(), &name, b"ER_NET_READ_EROR"));
        assert!(
            text.contains(",\"suggestions\":[\"ER_NET_READ_ERROR\""),
            "{text}"
        );
        assert!(!text.contains("\"sqlstate\":{"), "{text}");
        let state = Answer::of(flavor(), b"08S01", true, None);
        let text = line(&of_answer(flavor(), &state, b"08S01"));
        assert!(text.contains(",\"sqlstate\":{\"class\":\"08\","), "{text}");
        assert!(
            !text.contains("explanation") && !text.contains("suggestions"),
            "{text}"
        );
        let explained = line(&of_explained_answer(flavor(), &state, b"08S01"));
        assert!(explained.contains("\"explanation\":"), "{explained}");
    }
}
