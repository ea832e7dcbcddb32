//! Everything known about one argument: the shared answer behind the text and JSON
//! outputs of a lookup, `--explain` and `--json`.

use serde_json::{Value, json};

use crate::catalog::{self, Flavor, Kind};
use crate::lookup::{self, Match};
use crate::resolve::{Target, resolve};

/// A SQLSTATE and what it and its class mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateInfo {
    pub state: String,
    pub meaning: Option<&'static str>,
    pub class_meaning: Option<&'static str>,
}

impl StateInfo {
    pub fn new(state: &str) -> StateInfo {
        StateInfo {
            state: state.to_string(),
            meaning: catalog::sqlstate_meaning(state).map(|m| m.1),
            class_meaning: state
                .get(..2)
                .and_then(catalog::sqlstate_meaning)
                .map(|m| m.1),
        }
    }

    /// `SQLSTATE 08S01: Communication link failure (class 08: Connection exception)`.
    pub fn line(&self) -> String {
        let mut line = format!("SQLSTATE {}", self.state);
        if let Some(m) = self.meaning {
            line.push_str(&format!(": {m}"));
        }
        if let Some(c) = self.class_meaning {
            line.push_str(&format!(" (class {}: {c})", &self.state[..2]));
        }
        line
    }

    pub fn to_json(&self) -> Value {
        json!({
            "state": self.state,
            "meaning": self.meaning,
            "class": &self.state[..2],
            "class_meaning": self.class_meaning,
        })
    }
}

/// The answer for one argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub target: Target,
    pub matches: Vec<Match>,
    /// Set when the argument was a SQLSTATE: `matches` are the errors that carry it.
    pub sqlstate: Option<StateInfo>,
    /// perror-style one-line error when nothing matched.
    pub error: Option<String>,
}

impl Answer {
    /// Works out what `arg` means in `flavor`, server texts in `lang` (None: English).
    pub fn of(flavor: &Flavor, arg: &[u8], extensions: bool, lang: Option<&str>) -> Answer {
        let target = resolve(flavor, arg, extensions);
        let mut sqlstate = None;
        let mut error = None;
        let matches: Vec<Match> = match &target {
            Target::Code(code) => lookup::code_matches(flavor, *code, extensions),
            // A name prints what its code prints; client and global codes only make sense
            // in their own table (code 2 is ENOENT before it is EE_READ).
            Target::Named {
                kind: kind @ (Kind::Client | Kind::Global),
                code,
                ..
            } => lookup::by_kind(flavor, *kind, *code).into_iter().collect(),
            Target::Named { code, .. } => lookup::matches(flavor, *code),
            Target::SqlState(state) => {
                sqlstate = Some(StateInfo::new(state));
                flavor
                    .server
                    .rows()
                    .iter()
                    .filter(|e| e.sqlstate == state)
                    .map(Match::server)
                    .collect()
            }
            Target::UnknownName(_) => Vec::new(),
        };
        let matches: Vec<Match> = matches
            .into_iter()
            .map(|m| m.in_language(flavor, lang))
            .collect();
        if matches.is_empty() && sqlstate.is_none() {
            error = Some(match &target {
                Target::UnknownName(suggestions) => {
                    let mut e = format!("Illegal error name: {}", String::from_utf8_lossy(arg));
                    if !suggestions.is_empty() {
                        e.push_str(&format!("; did you mean {}?", or_list(suggestions)));
                    }
                    e
                }
                Target::Code(code) | Target::Named { code, .. } => {
                    let (line, len) = crate::render::illegal_code_line(*code);
                    String::from_utf8_lossy(&line[..len]).into_owned()
                }
                Target::SqlState(_) => unreachable!("a SQLSTATE answer always has its StateInfo"),
            });
        }
        Answer {
            target,
            matches,
            sqlstate,
            error,
        }
    }

    /// `{"input", "matches", "error"}` (plus `"sqlstate"` for a SQLSTATE and
    /// `"suggestions"` for an unknown name).
    pub fn to_json(&self, input: &[u8]) -> Value {
        let mut v = json!({
            "input": String::from_utf8_lossy(input),
            "matches": self.matches.iter().map(crate::json::match_object).collect::<Vec<_>>(),
            "error": self.error,
        });
        if let Some(state) = &self.sqlstate {
            v["sqlstate"] = state.to_json();
        }
        if let Target::UnknownName(s) = &self.target {
            v["suggestions"] = json!(s);
        }
        v
    }
}

/// `A`, `A or B`, `A, B or C`.
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(arg: &str) -> Answer {
        Answer::of(
            Flavor::find("mariadb-11.8").unwrap(),
            arg.as_bytes(),
            true,
            None,
        )
    }

    #[test]
    fn names_answer_like_their_code() {
        assert_eq!(answer("ER_NET_READ_ERROR").matches, answer("1158").matches);
        assert_eq!(answer("ECONNRESET").matches, answer("104").matches);
        let ee = answer("EE_READ");
        assert_eq!((ee.matches.len(), ee.matches[0].kind()), (1, Kind::Global));
    }

    #[test]
    fn sqlstate_lists_its_errors() {
        let a = answer("08S01");
        assert!(a.matches.iter().any(|m| m.code() == 1158));
        assert!(a.matches.iter().all(|m| m.sqlstate() == Some("08S01")));
        assert!(a.sqlstate.unwrap().line().starts_with("SQLSTATE 08S01: "));
    }

    #[test]
    fn errors_read_like_perror() {
        assert_eq!(
            answer("99999").error.as_deref(),
            Some("Illegal error code: 99999")
        );
        let e = answer("ER_NET_READ_EROR").error.unwrap();
        assert!(
            e.starts_with("Illegal error name: ER_NET_READ_EROR; did you mean ER_NET_READ_ERROR"),
            "{e}"
        );
    }

    #[test]
    fn or_lists() {
        assert_eq!(or_list(&["A"]), "A");
        assert_eq!(or_list(&["A", "B", "C"]), "A, B or C");
    }
}
