//! Runs settled [`Settings`]: one module per mode.

pub mod annotate;
pub mod codes;
pub mod explain;
pub mod list;

use std::io::Write;

use crate::cli::{self, Mode, Parsed, help};
use crate::error::{Error, exit};

/// Reads the command line and does what it asks, writing results to `out` and
/// diagnostics straight to stderr. Returns the exit status.
pub fn dispatch(
    prog: &[u8],
    args: Vec<cli::Arg>,
    env_flavor: Option<&[u8]>,
    out: &mut impl Write,
) -> Result<u8, Error> {
    let parsed = cli::parse_owned(prog, args, env_flavor, &mut |line| {
        crate::output::eprint_bytes(line)
    })?;
    let settings = match parsed {
        Parsed::Exit(status) => return Ok(status),
        Parsed::Help(s) => {
            help::write_usage(out, &s).map_err(Error::Write)?;
            return Ok(exit::OK);
        }
        Parsed::Version(s) => {
            out.write_all(&help::version_line(&s))
                .map_err(Error::Write)?;
            return Ok(exit::OK);
        }
        Parsed::Run(s) => s,
    };
    match settings.mode {
        Mode::Lookup if settings.args.is_empty() => {
            // A bare `perror` prints the usage and fails.
            help::write_usage(out, &settings).map_err(Error::Write)?;
            Ok(exit::NOT_FOUND)
        }
        Mode::Lookup => codes::run(&settings, out),
        Mode::Explain => explain::run(&settings, out),
        Mode::List(kind) => list::list(&settings, kind, out),
        Mode::Grep(ref pattern) => list::grep(&settings, pattern, out),
        Mode::Annotate => annotate::run(&settings, out),
    }
}

/// The server language `--lang` asks for, as a code of the flavor's languages; `None` is
/// English. Accepts the server's names (`german`), codes (`ger`) and locales (`de_DE`, `de`).
pub fn language(s: &crate::cli::Settings) -> Result<Option<&'static str>, Error> {
    let Some(wanted) = s.lang.as_deref() else {
        return Ok(None);
    };
    let languages = s.flavor.languages;
    let code = languages
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(wanted) || l.name.eq_ignore_ascii_case(wanted))
        .map(|l| l.code)
        .or_else(|| {
            crate::catalog::locale_language(wanted)
                .filter(|c| languages.iter().any(|l| l.code == *c))
        });
    match code {
        Some("eng") => Ok(None),
        Some(code) if s.flavor.has_translations() => Ok(Some(code)),
        Some(_) => Err(Error::NoTranslations),
        None => Err(Error::UnknownLanguage {
            name: wanted.to_string(),
            known: languages
                .iter()
                .map(|l| format!("{} ({})", l.name, l.code))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}
