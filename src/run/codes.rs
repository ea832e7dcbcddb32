//! perror's own job: print what each argument means.

use std::io::Write;

use crate::answer::Answer;
use crate::cli::Settings;
use crate::error::{Error, ExitStatus};
use crate::json;
use crate::lookup;
use crate::output::eprint_bytes;
use crate::render::{self, perror_line};
use crate::resolve::plain_code;

pub fn run(s: &Settings, extensions: bool, out: &mut impl Write) -> Result<ExitStatus, Error> {
    let lang = s.lang;
    let style = crate::render::lines_of(s.flavor);
    let mut status = ExitStatus::Success;
    for arg in &s.args {
        // A plain number (`perror 1158`), which is most of them, is answered the way
        // Answer::of answers a code, without building an Answer: at thousands of codes
        // per run its allocations and the error's formatting cost more than the lookup.
        if !s.json
            && let Some(code) = plain_code(s.flavor, arg, extensions)
        {
            let found = lookup::code_matches(s.flavor, code, extensions);
            if found.is_empty() {
                status = ExitStatus::NotFound;
                let (line, len) = render::illegal_code_line(code);
                eprint_bytes(&line[..len]);
            }
            for m in found {
                perror_line(out, &m.in_language(s.flavor, lang), &style, s.verbose)
                    .map_err(Error::Write)?;
            }
            continue;
        }
        // `--json` is ours: there a word that is nothing fails rather than read as 0.
        let answer = if s.json && extensions {
            Answer::of_ours(s.flavor, arg, lang)
        } else {
            Answer::of(s.flavor, arg, extensions, lang)
        };
        if answer.error.is_some() {
            status = ExitStatus::NotFound;
        }
        if s.json {
            json::write_line(out, &json::of_answer(s.flavor, &answer, arg))
                .map_err(Error::Write)?;
            continue;
        }
        if let Some(failure) = &answer.error {
            eprint_bytes(render::failure_line(failure).as_bytes());
        }
        render::write_answer(out, s.flavor, &answer, s.verbose).map_err(Error::Write)?;
    }
    Ok(status)
}
