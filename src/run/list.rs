//! `--list [KIND]` and `--grep PATTERN`: the whole catalog of a flavor, or what matches.

use std::io::Write;

use crate::catalog::{self, Flavor, Kind};
use crate::cli::Settings;
use crate::error::{Error, ExitStatus};
use crate::json;
use crate::lookup::Match;
use crate::os_error;
use crate::render::perror_line;
use crate::rules::FlavorRules;

/// Errno values worth asking libc about; Linux assigns fewer than 140.
const OS_CODES: std::ops::RangeInclusive<i32> = 0..=4095;

/// Every error the flavor knows, kind by kind in [`Kind::ALL`] order, each in code order.
/// The legacy Berkeley DB codes only where the flavor's perror has them.
pub fn every_match(flavor: &'static Flavor, only: Option<Kind>) -> impl Iterator<Item = Match> {
    let bdb = flavor.rules().consults.bdb;
    let wanted = move |k: Kind| only.is_none_or(|o| o == k) && (k != Kind::Bdb || bdb);
    let os = wanted(Kind::Os)
        .then(|| {
            OS_CODES.filter_map(|code| {
                os_error::message(code).map(|message| Match::Os { code, message })
            })
        })
        .into_iter()
        .flatten();
    let table = move |kind: Kind, wrap: fn(&'static catalog::Entry) -> Match| {
        wanted(kind)
            .then(|| flavor.table(kind))
            .flatten()
            .into_iter()
            .flat_map(move |t| t.rows().iter().map(wrap))
    };
    let server = wanted(Kind::Server)
        .then(|| flavor.server.rows().iter().map(Match::server))
        .into_iter()
        .flatten();
    let innodb = wanted(Kind::InnoDb)
        .then(|| crate::innodb::all_of(flavor.family()).map(Match::InnoDb))
        .into_iter()
        .flatten();
    os.chain(table(Kind::Handler, Match::Handler))
        .chain(table(Kind::Bdb, Match::Bdb))
        .chain(server)
        .chain(table(Kind::Client, Match::Client))
        .chain(table(Kind::Global, Match::Global))
        .chain(innodb)
}

fn print(s: &Settings, m: &Match, out: &mut impl Write) -> Result<(), Error> {
    if s.json {
        json::write_line(out, &json::of_match(m, s.flavor))
    } else {
        perror_line(out, m, &crate::render::lines_of(s.flavor), s.verbose)
    }
    .map_err(Error::Write)
}

pub fn list(s: &Settings, only: Option<Kind>, out: &mut impl Write) -> Result<ExitStatus, Error> {
    let lang = s.lang;
    for m in every_match(s.flavor, only) {
        print(s, &m.in_language(s.flavor, lang), out)?;
    }
    Ok(ExitStatus::Success)
}

/// Case-insensitive search over names, messages (in `--lang` too) and SQLSTATEs. Exits 1
/// when nothing matches, as grep does.
pub fn grep(s: &Settings, pattern: &str, out: &mut impl Write) -> Result<ExitStatus, Error> {
    let lang = s.lang;
    let needle = pattern.to_lowercase();
    let hit = |text: &str| text.to_lowercase().contains(&needle);
    let mut found = false;
    for m in every_match(s.flavor, None) {
        let english = m.message().to_string();
        let m = m.in_language(s.flavor, lang);
        if m.name().is_some_and(hit)
            || hit(&english)
            || hit(m.message())
            || m.sqlstate().is_some_and(hit)
        {
            found = true;
            print(s, &m, out)?;
        }
    }
    Ok(if found {
        ExitStatus::Success
    } else {
        ExitStatus::NotFound
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_in_order() {
        let f = Flavor::find("mariadb-11.8").unwrap();
        let kinds: Vec<Kind> = every_match(f, None).map(|m| m.kind()).collect();
        let mut sorted = kinds.clone();
        sorted.sort();
        assert_eq!(kinds, sorted);
        for k in Kind::ALL {
            assert!(kinds.contains(&k), "{k:?} missing");
        }
        assert_eq!(
            every_match(f, Some(Kind::Server)).count(),
            f.server.rows().len()
        );
    }
}
