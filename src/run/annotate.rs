//! `--annotate [FILE…]`: each file in turn (standard input for none, or for `-`), through
//! one [`Annotator`]. A file that cannot be opened or read is reported and skipped; the
//! others are still read, and the run ends with status 2.

use std::io::{IsTerminal, Write};

use crate::annotate::reader::{Failure, Input, STDIN_NAME};
use crate::annotate::{Annotator, Palette, Recogniser, Report, Style, color_wanted};
use crate::cli::Settings;
use crate::error::{Error, ExitStatus};
use crate::output::eprint_error;

pub fn run(
    s: &Settings,
    only_matching: bool,
    top: Option<usize>,
    all_messages: bool,
    explain: bool,
    out: &mut impl Write,
) -> Result<ExitStatus, Error> {
    let recogniser = Recogniser::new(s.flavor);
    let report = match (top, s.json) {
        (Some(_), _) => Report::Top,
        (None, true) => Report::Json,
        (None, false) => Report::Annotated { only_matching },
    };
    let color = !s.json
        && color_wanted(
            std::io::stdout().is_terminal(),
            std::env::var_os("NO_COLOR").as_deref(),
        );
    let style = Style {
        verbose: s.verbose,
        palette: Palette::new(color),
    };
    let mut annotator = Annotator::new(&recogniser, s.flavor, report, style)
        .all_messages(all_messages)
        .explain(explain);
    let stdin_only = [crate::cli::Arg::Borrowed(STDIN_NAME)];
    let names = if s.args.is_empty() {
        &stdin_only[..]
    } else {
        &s.args[..]
    };
    let mut status = ExitStatus::Success;
    for name in names {
        let shown = String::from_utf8_lossy(name).into_owned();
        let mut input = match Input::open(name) {
            Ok(input) => input,
            Err(source) => {
                eprint_error(
                    &s.prog,
                    &Error::Open {
                        name: shown,
                        source,
                    },
                );
                status = ExitStatus::Usage;
                continue;
            }
        };
        annotator.begin(&shown);
        // From a pipe or a terminal (`tail -F err.log | perror --annotate | grep …`) each
        // chunk's lines go out before perror waits for the next; a file is read and
        // written in large blocks.
        let live = input.is_live();
        let pumped = input.pump(|chunk| {
            annotator.feed(chunk, out)?;
            if live { out.flush() } else { Ok(()) }
        });
        // What was read before a read error is still annotated, the last line too.
        annotator.finish(out).map_err(Error::Write)?;
        match pumped {
            Ok(()) => {}
            Err(Failure::Write(e)) => return Err(Error::Write(e)),
            Err(Failure::Read(source)) => {
                out.flush().map_err(Error::Write)?;
                eprint_error(
                    &s.prog,
                    &Error::Read {
                        name: shown,
                        source,
                    },
                );
                status = ExitStatus::Usage;
            }
        }
    }
    match (top, s.json) {
        (Some(n), false) => annotator.write_top(n, out),
        (Some(n), true) => annotator.write_top_json(n, out),
        (None, _) => Ok(()),
    }
    .map_err(Error::Write)?;
    Ok(status)
}
