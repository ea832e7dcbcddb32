//! `--explain CODE|NAME…`: everything known about each argument, and for the common
//! errors a write-up of causes, how to find out more and how to fix it (data/explain/).

use std::io::Write;

use crate::answer::Answer;
use crate::cli::Settings;
use crate::error::{Error, ExitStatus};
use crate::json;
use crate::output::eprint_bytes;
use crate::render;

pub fn run(s: &Settings, out: &mut impl Write) -> Result<ExitStatus, Error> {
    let mut status = ExitStatus::Success;
    let mut first = true;
    for arg in &s.args {
        // The same matches as a lookup of the argument shows (`perror 28`), but a word
        // that is nothing is not explained as atoi's error 0.
        let answer = Answer::of_ours(s.flavor, arg, s.lang);
        if let Some(failure) = &answer.error {
            status = ExitStatus::NotFound;
            if !s.json {
                eprint_bytes(render::failure_line(failure).as_bytes());
            }
        }
        if s.json {
            json::write_line(out, &json::of_explained_answer(s.flavor, &answer, arg))
                .map_err(Error::Write)?;
            continue;
        }
        let mut text = render::explanation(s.flavor, &answer);
        if text.is_empty() {
            continue;
        }
        // A blank line between the answers.
        if !first {
            text.insert(0, '\n');
        }
        first = false;
        out.write_all(text.as_bytes()).map_err(Error::Write)?;
    }
    Ok(status)
}
