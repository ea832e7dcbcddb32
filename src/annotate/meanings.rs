//! What codes mean, looked up once each: a log repeats the same few codes millions of
//! times, and an OS code's text costs two `strerror_r` calls.

use std::collections::HashMap;

use super::fields::{Rule, When};
use crate::catalog::{Flavor, Kind};
use crate::lookup::{self, Match};

/// Past this many distinct (kind, code) pairs the cache starts again, so that a log full
/// of random numbers cannot grow it without bound.
const MAX_CACHED: usize = 4096;

pub struct Meanings {
    flavor: &'static Flavor,
    cache: HashMap<(Kind, i32), Option<Match>>,
}

impl Meanings {
    pub fn new(flavor: &'static Flavor) -> Self {
        Meanings {
            flavor,
            cache: HashMap::new(),
        }
    }

    /// What `code` means in `kind`'s table, if it is there.
    pub fn get(&mut self, kind: Kind, code: i32) -> Option<&Match> {
        if self.cache.len() >= MAX_CACHED && !self.cache.contains_key(&(kind, code)) {
            self.cache.clear();
        }
        let flavor = self.flavor;
        self.cache
            .entry((kind, code))
            .or_insert_with(|| lookup::by_kind(flavor, kind, code))
            .as_ref()
    }

    /// The table a field's code belongs to: the first rule whose condition holds and
    /// whose table knows the code. `quoted` is the text quoted after the code, if any;
    /// `mentions_engine` says whether the line names an engine (asked only if a rule
    /// needs it).
    pub fn resolve(
        &mut self,
        rules: &[Rule],
        code: i32,
        quoted: Option<&[u8]>,
        mentions_engine: &mut dyn FnMut() -> bool,
    ) -> Option<Kind> {
        rules.iter().find_map(|rule| {
            let holds = match rule.when {
                When::Always => true,
                When::Quoted => quoted.is_some(),
                When::LineMentionsEngine => mentions_engine(),
                When::QuotedTextIsMessage => {
                    // No quoted text: this rule does not apply (`?` moves on to the next).
                    let text = quoted?;
                    return self
                        .get(rule.table, code)
                        .filter(|m| m.message().as_bytes() == text)
                        .map(|_| rule.table);
                }
            };
            (holds && self.get(rule.table, code).is_some()).then_some(rule.table)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::fields::FIELDS;

    fn resolve(label: &str, code: i32, quoted: Option<&str>, engine: bool) -> Option<Kind> {
        let field = FIELDS.iter().find(|f| f.label == label).unwrap();
        let mut m = Meanings::new(Flavor::find("mariadb-11.8").unwrap());
        m.resolve(field.consult, code, quoted.map(str::as_bytes), &mut || {
            engine
        })
    }

    #[test]
    fn errno_is_os_unless_the_text_says_handler() {
        assert_eq!(resolve("errno", 104, None, false), Some(Kind::Os));
        // 122 is EDQUOT to Linux and HA_ERR_LOCK_TABLE_FULL to MariaDB.
        assert_eq!(resolve("errno", 122, None, false), Some(Kind::Os));
        assert_eq!(resolve("errno", 122, None, true), Some(Kind::Handler));
        assert_eq!(
            resolve(
                "errno",
                150,
                Some("Foreign key constraint is incorrectly formed"),
                false
            ),
            Some(Kind::Handler)
        );
        assert_eq!(
            resolve("errno", 150, None, false),
            Some(Kind::Handler),
            "no OS 150"
        );
        assert_eq!(resolve("errno", 2003, None, false), Some(Kind::Client));
    }

    #[test]
    fn quoted_text_picks_the_table_that_printed_it() {
        let os_text = crate::os_error::message(122).unwrap();
        assert_eq!(
            resolve("strerror", 122, Some(&os_text), false),
            Some(Kind::Os)
        );
        assert_eq!(
            resolve("strerror", 122, Some("whatever"), false),
            Some(Kind::Handler)
        );
    }

    #[test]
    fn replication_fields_are_mariadb_codes() {
        assert_eq!(
            resolve("Last_IO_Errno", 2013, None, false),
            Some(Kind::Client)
        );
        assert_eq!(
            resolve("Last_IO_Errno", 1236, None, false),
            Some(Kind::Server)
        );
        assert_eq!(
            resolve("vio_errno", 104, None, false),
            None,
            "not a server code"
        );
        assert_eq!(resolve("Got error", 1236, None, false), Some(Kind::Server));
        assert_eq!(resolve("Got error", 28, None, false), Some(Kind::Os));
        assert_eq!(resolve("Got error", 127, None, true), Some(Kind::Handler));
    }
}
