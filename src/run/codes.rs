//! perror's own job: print what each argument means.

use std::io::Write;

use crate::cli::Settings;
use crate::code::atoi;
use crate::error::{Error, exit};
use crate::lookup;
use crate::output::eprint_bytes;
use crate::render::perror_line;

pub fn run(s: &Settings, out: &mut impl Write) -> Result<u8, Error> {
    let mut status = exit::OK;
    for arg in &s.args {
        let code = atoi(arg);
        let found = if s.extensions {
            lookup::matches(s.flavor, code)
        } else {
            lookup::perror_matches(s.flavor, code)
        };
        if found.is_empty() {
            eprint_bytes(format!("Illegal error code: {code}").as_bytes());
            status = exit::NOT_FOUND;
        }
        for m in &found {
            perror_line(out, m, s.verbose).map_err(Error::Write)?;
        }
    }
    Ok(status)
}
