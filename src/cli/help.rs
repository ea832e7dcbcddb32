//! `--help` and `--version` in my_getopt's layout, rendered from the option declaration.

use std::io::{self, Write};

use super::Usage;
use super::defs::{ArgKind, FLAGS, Flag, ValueKind};
use crate::catalog::{self, Flavor, VersionStyle};

/// Where descriptions start, and how wide they may be, in my_print_help.
const NAME_SPACE: usize = 22;
const COMMENT_SPACE: usize = 57;

/// What `--help` says between the version line and the usage line, where the originals
/// differ ([`UsageText::of`] a flavor's family).
#[derive(Debug, PartialEq, Eq)]
pub struct UsageText {
    /// The copyright notice and anything else the original prints after the version line,
    /// each paragraph ending in a blank line.
    pub notice: &'static str,
}

impl UsageText {
    /// What the family's perror says before its options.
    pub fn of(family: crate::catalog::Family) -> &'static UsageText {
        match family {
            crate::catalog::Family::MariaDb => &MARIADB_USAGE,
            crate::catalog::Family::MySql => &MYSQL_USAGE,
        }
    }
}

/// MariaDB's perror.
pub static MARIADB_USAGE: UsageText = UsageText {
    notice: "Copyright (c) 2000, 2018, Oracle, MariaDB Corporation Ab and others.\n\n",
};

/// MySQL's perror (9.7.4's years).
pub static MYSQL_USAGE: UsageText = UsageText {
    notice: "Copyright (c) 2000, 2026, Oracle and/or its affiliates.\n\n\
             Oracle is a registered trademark of Oracle Corporation and/or its\n\
             affiliates. Other names may be trademarks of their respective\n\
             owners.\n\n",
};

/// The version line: the shape of the flavor's original, naming this program's version
/// where the original names its own, and saying what it is and whose perror it answers
/// as where the shape leaves room.
pub fn version_line(prog: &[u8], f: &Flavor) -> Vec<u8> {
    let (system, machine) = catalog::build_platform();
    let ours = env!("CARGO_PKG_VERSION");
    let mut line = prog.to_vec();
    let rest = match f.version_style {
        VersionStyle::Ver => format!(
            " Ver {ours} (perror-rs, MariaDB {}), for {system} ({machine})\n",
            f.upstream_version
        ),
        VersionStyle::From => format!(
            " from {}-MariaDB, client {ours} (perror-rs) for {system} ({machine})\n",
            f.upstream_version
        ),
        // `perror  Ver 9.7.4-2 for Linux on x86_64 ((Debian))`: two spaces after the
        // program, the operating system as CMake names it, and the build's comment (Debian
        // says "(Debian)") in parentheses, where ours says what it is.
        VersionStyle::Mysql => format!(
            "  Ver {ours} for {} on {machine} (perror-rs, MySQL {})\n",
            catalog::build_system_name(),
            f.upstream_version
        ),
    };
    line.extend_from_slice(rest.as_bytes());
    line
}

/// The full usage text: what `--help` prints, and what a bare `perror` prints before
/// exiting 1.
pub fn write_usage(out: &mut impl Write, usage: &Usage) -> io::Result<()> {
    let flavor = usage.options.flavor;
    let text = UsageText::of(flavor.family());
    out.write_all(&version_line(&usage.prog, flavor))?;
    out.write_all(text.notice.as_bytes())?;
    write!(
        out,
        "Print a description for a system error code or a {} error code.\n\
         If you want to get the error for a negative error code, you should use\n\
         -- before the first error code to tell perror that there was no more options.\n\n",
        flavor.family().product()
    )?;
    out.write_all(b"Usage: ")?;
    out.write_all(&usage.prog)?;
    out.write_all(b" [OPTIONS] [ERRORCODE [ERRORCODE...]]\n")?;
    for flag in FLAGS {
        write_option(out, flag)?;
    }
    write_variables(out, usage)
}

fn write_option(out: &mut impl Write, flag: &Flag) -> io::Result<()> {
    let mut head = match flag.short {
        Some(c) => format!("  -{}, ", char::from(c)),
        None => "  ".to_string(),
    };
    head.push_str("--");
    head.push_str(flag.long);
    match (flag.kind, flag.value) {
        (ArgKind::NoArg | ArgKind::Bool { .. }, _) | (_, ValueKind::None) => head.push(' '),
        (ArgKind::Optional, ValueKind::Name) => head.push_str("[=name] "),
        (ArgKind::Optional, ValueKind::Number) => head.push_str("[=#] "),
        (_, ValueKind::Name) => head.push_str("=name "),
        (_, ValueKind::Number) => head.push_str("=# "),
    }
    if head.len() > NAME_SPACE {
        head.push('\n');
        head.push_str(&" ".repeat(NAME_SPACE));
    } else {
        head.push_str(&" ".repeat(NAME_SPACE - head.len()));
    }
    out.write_all(head.as_bytes())?;
    // Wrap at the last space that keeps a line within COMMENT_SPACE, as my_print_help does.
    let help = flag.help_line();
    let mut comment: &str = &help;
    while comment.len() > COMMENT_SPACE {
        let cut = comment[..=COMMENT_SPACE]
            .rfind(' ')
            .unwrap_or(COMMENT_SPACE);
        writeln!(out, "{}", &comment[..cut])?;
        out.write_all(" ".repeat(NAME_SPACE).as_bytes())?;
        comment = comment[cut..].trim_start_matches(' ');
    }
    writeln!(out, "{comment}")?;
    if let ArgKind::Bool { default: true } = flag.kind {
        writeln!(
            out,
            "{:NAME_SPACE$}(Defaults to on; use --skip-{} to disable.)",
            "", flag.long
        )?;
    }
    Ok(())
}

/// The "Variables" table: every option that holds a value, with its value as read so far.
fn write_variables(out: &mut impl Write, usage: &Usage) -> io::Result<()> {
    out.write_all(
        b"\nVariables (--variable-name=value)\n\
          and boolean options {FALSE|TRUE}  Value (after reading options)\n\
          --------------------------------- ----------------------------------------\n",
    )?;
    for flag in FLAGS {
        if let Some(value) = flag.variable {
            writeln!(out, "{:<34}{}", flag.long, value(&usage.options))?;
        }
    }
    Ok(())
}
