//! Everything known about one argument: the shared answer behind the text and JSON
//! outputs of a lookup, `--explain` and `--json`.

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

    /// The state's class: its first two characters (`08`).
    pub fn class(&self) -> &str {
        &self.state[..2]
    }
}

/// Why nothing was found; [`crate::render::failure_line`] words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A code no table knows (`Illegal error code: N`, perror's own line).
    IllegalCode(i32),
    /// Shaped like an error name but none, with the closest names, best first.
    IllegalName {
        name: String,
        suggestions: Vec<&'static str>,
    },
    /// Text shaped like a message that no error has.
    NoSuchText(String),
    /// In our modes (`--explain`, `--json`): a word that is no code, name, SQLSTATE or
    /// message, which perror's own lookups read with atoi (as 0).
    NoSuchWord(String),
}

/// Flavors that answer an argument alike (`--flavor=all`), and that answer in the words
/// of the first of them.
#[derive(Debug)]
pub struct Group {
    pub flavors: Vec<&'static Flavor>,
    pub answer: Answer,
    /// Flavors of the group whose messages say the same in other spellings of their
    /// conversions (`'%-.192T'` for `'%-.192sT'`), with their answers.
    pub spelled_otherwise: Vec<(&'static Flavor, Answer)>,
}

/// The answer for one argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub target: Target,
    pub matches: Vec<Match>,
    /// Set when the argument was a SQLSTATE: `matches` are the errors that carry it.
    pub sqlstate: Option<StateInfo>,
    /// Why nothing matched, when nothing did.
    pub error: Option<Failure>,
    /// The flavor whose tables answered, when it is not the one asked (MySQL's, for a
    /// `MY-` code or MySQL's text under a MariaDB flavor).
    pub tables: Option<&'static str>,
}

impl Answer {
    /// Works out what `arg` means in `flavor`, server texts in `lang` (None: English).
    pub fn of(flavor: &'static Flavor, arg: &[u8], extensions: bool, lang: Option<&str>) -> Answer {
        let target = resolve(flavor, arg, extensions);
        let mut sqlstate = None;
        let mut error = None;
        let mut tables = None;
        let matches: Vec<Match> = match &target {
            Target::Code(code) | Target::Word(code) => {
                lookup::code_matches(flavor, *code, extensions).into()
            }
            Target::MySqlCode(code) => match mysql_flavor() {
                Some(mysql) => {
                    tables = Some(mysql.name);
                    lookup::code_matches(mysql, *code, extensions).into()
                }
                None => Vec::new(),
            },
            Target::Message(found) => {
                let theirs = found.flavor();
                if !std::ptr::eq(theirs, flavor) {
                    tables = Some(theirs.name);
                }
                lookup::by_kind(theirs, found.kind, found.code)
                    .into_iter()
                    .collect()
            }
            Target::UnknownText => Vec::new(),
            // A name prints what its code prints; client and global codes only make sense
            // in their own table (code 2 is ENOENT before it is EE_READ), and InnoDB's
            // file codes only as themselves (71 is EPROTO to the C library).
            Target::Named {
                kind: kind @ (Kind::Client | Kind::Global | Kind::InnoDb),
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
                    .filter(|e| e.sqlstate() == state)
                    .map(Match::server)
                    .collect()
            }
            Target::UnknownName(_) => Vec::new(),
        };
        // Translations are the asked flavor's: another's tables answer in English.
        let lang = if tables.is_none() { lang } else { None };
        let matches: Vec<Match> = matches
            .into_iter()
            .map(|m| m.in_language(flavor, lang))
            .collect();
        if matches.is_empty() && sqlstate.is_none() {
            error = match &target {
                Target::UnknownName(suggestions) => Some(Failure::IllegalName {
                    name: String::from_utf8_lossy(arg).into_owned(),
                    suggestions: suggestions.clone(),
                }),
                Target::Code(code)
                | Target::Word(code)
                | Target::MySqlCode(code)
                | Target::Named { code, .. } => Some(Failure::IllegalCode(*code)),
                Target::Message(found) => Some(Failure::IllegalCode(found.code)),
                Target::UnknownText => Some(Failure::NoSuchText(
                    String::from_utf8_lossy(arg).into_owned(),
                )),
                // A SQLSTATE answer always has its StateInfo.
                Target::SqlState(_) => None,
            };
        }
        Answer {
            target,
            matches,
            sqlstate,
            error,
            tables,
        }
    }

    /// The answer in our modes (`--explain`, `--json`), where every argument means what it
    /// says: a word that is nothing is a failure, not atoi's error 0.
    pub fn of_ours(flavor: &'static Flavor, arg: &[u8], lang: Option<&str>) -> Answer {
        let mut answer = Answer::of(flavor, arg, true, lang);
        if let Target::Word(_) = answer.target {
            answer.matches.clear();
            answer.error = Some(Failure::NoSuchWord(
                String::from_utf8_lossy(arg).into_owned(),
            ));
        }
        answer
    }

    /// The flavor whose tables answered: `asked`, or another (see [`Answer::tables`]).
    pub fn tables_of(&self, asked: &'static Flavor) -> &'static Flavor {
        self.tables.and_then(Flavor::find).unwrap_or(asked)
    }
}

/// The MySQL catalog compiled in, if any: where `MY-` codes are looked up under MariaDB.
fn mysql_flavor() -> Option<&'static Flavor> {
    Flavor::all()
        .iter()
        .copied()
        .find(|f| f.family() == catalog::Family::MySql)
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
        assert_eq!(a.sqlstate.unwrap().class(), "08");
    }

    #[test]
    fn failures_say_what_was_not_found() {
        assert_eq!(answer("99999").error, Some(Failure::IllegalCode(99999)));
        let Some(Failure::IllegalName { name, suggestions }) = answer("ER_NET_READ_EROR").error
        else {
            panic!()
        };
        assert_eq!(
            (name.as_str(), suggestions[0]),
            ("ER_NET_READ_EROR", "ER_NET_READ_ERROR")
        );
        assert_eq!(answer("08S01").error, None);
    }
}
