//! `--flavor=all`: what each argument means in every flavor at once. Flavors whose answers
//! mean the same (same kinds, codes, names and texts) form one group, printed once in the
//! words of its first flavor, so that where the flavors disagree (3024 is ER_UNUSED_1 in
//! MariaDB, ER_QUERY_TIMEOUT in MySQL) shows at a glance:
//!
//! ```text
//! 1020 in mariadb-11.8:
//!     MariaDB error code 1020 (ER_CHECKREAD): Record has changed since last read in table '%-.192s'; try restarting transaction
//!     Learn more: https://err.mariadb.com/1020
//! 1020 in mariadb-10.11:
//!     MariaDB error code 1020 (ER_CHECKREAD): Record has changed since last read in table '%-.192s'
//!     Learn more: https://err.mariadb.com/1020
//! ```

use std::io::Write;

use crate::answer::{Answer, Group};
use crate::catalog::Flavor;
use crate::cli::Settings;
use crate::error::{Error, ExitStatus};
use crate::json;
use crate::lookup::Match;
use crate::printf;
use crate::render;

pub fn run(s: &Settings, extensions: bool, out: &mut impl Write) -> Result<ExitStatus, Error> {
    let mut status = ExitStatus::Success;
    for arg in &s.args {
        let groups = groups(arg, extensions, s.lang);
        // As for one flavor: an argument no flavor knows is a failure.
        if groups.iter().all(|g| g.answer.error.is_some()) {
            status = ExitStatus::NotFound;
        }
        if s.json {
            json::write_line(out, &json::of_comparison(arg, &groups)).map_err(Error::Write)?;
        } else {
            write_groups(out, arg, &groups, s.verbose).map_err(Error::Write)?;
        }
    }
    Ok(status)
}

/// The answers of every built flavor to `arg`, grouped by meaning, in the catalog's order
/// of flavors (the default first).
pub fn groups(arg: &[u8], extensions: bool, lang: Option<&str>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for &flavor in Flavor::all() {
        let answer = Answer::of(flavor, arg, extensions, lang);
        let joined = groups.iter_mut().find_map(|g| {
            let first = (g.flavors[0], &g.answer);
            same_meaning(first, (flavor, &answer)).map(|spelling| (g, spelling))
        });
        match joined {
            Some((group, spelling)) => {
                group.flavors.push(flavor);
                if spelling == Spelling::Otherwise {
                    group.spelled_otherwise.push((flavor, answer));
                }
            }
            None => groups.push(Group {
                flavors: vec![flavor],
                answer,
                spelled_otherwise: Vec::new(),
            }),
        }
    }
    groups
}

/// How two answers that mean the same are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spelling {
    Same,
    /// Their messages differ only in how conversions are spelled.
    Otherwise,
}

/// Whether two flavors' answers mean the same (same kinds, codes, names and messages, the
/// messages' conversions however each flavor's printf spells them), whatever words each
/// flavor prints them in; and whether the spelling differs.
fn same_meaning((fa, a): (&Flavor, &Answer), (fb, b): (&Flavor, &Answer)) -> Option<Spelling> {
    fn identity(m: &Match) -> (crate::catalog::Kind, i32, Option<&'static str>) {
        (m.kind(), m.code(), m.name())
    }
    let alike = a.error.is_some() == b.error.is_some()
        && a.sqlstate == b.sqlstate
        && a.matches.len() == b.matches.len()
        && a.matches.iter().zip(&b.matches).all(|(x, y)| {
            identity(x) == identity(y)
                && (x.message() == y.message()
                    || printf::same_meaning(x.message(), fa.family(), y.message(), fb.family()))
        });
    let exact = a
        .matches
        .iter()
        .zip(&b.matches)
        .all(|(x, y)| x.message() == y.message());
    alike.then_some(if exact {
        Spelling::Same
    } else {
        Spelling::Otherwise
    })
}

fn write_groups(
    out: &mut impl Write,
    arg: &[u8],
    groups: &[Group],
    verbose: bool,
) -> std::io::Result<()> {
    for group in groups {
        out.write_all(&render::comparison_heading(
            arg,
            &group.flavors,
            groups.len() == 1,
        ))?;
        let mut lines = Vec::new();
        write_answer(&mut lines, group.flavors[0], &group.answer, verbose)?;
        for (flavor, answer) in &group.spelled_otherwise {
            lines.extend_from_slice(render::spelled_otherwise_line(flavor, answer).as_bytes());
        }
        for line in lines.split_inclusive(|&b| b == b'\n') {
            out.write_all(render::COMPARISON_INDENT)?;
            out.write_all(line)?;
        }
    }
    Ok(())
}

/// One flavor's answer as a lookup prints it, failure line included (here it is part of
/// the comparison, so it goes with the rest on stdout).
fn write_answer(
    out: &mut Vec<u8>,
    flavor: &'static Flavor,
    answer: &Answer,
    verbose: bool,
) -> std::io::Result<()> {
    if let Some(failure) = &answer.error {
        writeln!(out, "{}", render::failure_line(failure))?;
    }
    render::write_answer(out, flavor, answer, verbose)
}
