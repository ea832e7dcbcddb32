//! `cargo xtask docs [OUT_DIR]`: the man page `perror.1` and the bash, zsh and fish
//! completions, all from the one option declaration (`perror::cli::command()`, built from
//! `FLAGS`), plus docs/COMPATIBILITY.md for the two sections that end the man page, so that
//! none of them can drift from what the binary does.

use std::path::{Path, PathBuf};

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, Command, ValueHint};
use clap_complete::Shell;
use perror::catalog::{Flavor, Kind};
use perror::cli::defs::{ArgKind, Completes, FLAGS, ValueKind};
use perror::error::ExitStatus;
use roff::{Roff, bold, italic, roman};

/// The files `generate` writes, relative to its output directory.
pub const MAN_PAGE: &str = "perror.1";
pub const COMPLETIONS: [(Shell, &str); 3] = [
    (Shell::Bash, "completions/perror.bash"),
    (Shell::Zsh, "completions/_perror"),
    (Shell::Fish, "completions/perror.fish"),
];

/// The document whose compatibility contract and deliberate differences the man page
/// ends with.
pub const COMPATIBILITY: &str = "docs/COMPATIBILITY.md";

/// Writes the man page and the completions under `out`; returns the paths written.
pub fn generate(root: &Path, out: &Path) -> Result<Vec<PathBuf>, String> {
    let compatibility = std::fs::read_to_string(root.join(COMPATIBILITY))
        .map_err(|e| format!("cannot read {COMPATIBILITY}: {e}"))?;
    let mut files = vec![(out.join(MAN_PAGE), man_page(&compatibility)?)];
    for (shell, name) in COMPLETIONS {
        files.push((out.join(name), completion(shell)));
    }
    crate::write_files(&files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// The command the man page describes: perror's own, named for humans, with value names
/// and the values shells may offer. Runtime parsing does not need these (the my_getopt
/// dialect checks values itself), so they are added here, from the same declaration.
fn documented_command() -> Command {
    let mut cmd = perror::cli::command()
        .name("perror")
        .bin_name("perror")
        .version(perror::VERSION);
    let kinds = Kind::ALL.map(Kind::as_str);
    for flag in FLAGS {
        let value_name = match (flag.completes, flag.value) {
            (Completes::Flavors, _) => "FLAVOR",
            (Completes::Kinds, _) => "KIND",
            (Completes::Languages, _) => "LANGUAGE",
            (_, ValueKind::Number) => "N",
            _ => "TEXT",
        };
        cmd = cmd.mut_arg(flag.long, |arg| {
            let arg = match flag.kind {
                ArgKind::NoArg => return arg,
                // `--verbose`, `--verbose=0`: my_getopt's booleans take an optional value.
                ArgKind::Bool { .. } => {
                    return arg
                        .num_args(0..=1)
                        .value_name("BOOL")
                        .default_missing_value("true")
                        .hide_possible_values(true);
                }
                ArgKind::Required | ArgKind::Optional => arg.value_name(value_name),
            };
            match flag.completes {
                Completes::Kinds => arg.value_parser(PossibleValuesParser::new(kinds)),
                Completes::Files => arg.value_hint(ValueHint::FilePath),
                Completes::Nothing => arg.value_hint(ValueHint::Other),
                _ => arg,
            }
        });
    }
    cmd.mut_arg("ERRORCODE", |a| a.value_name("ERRORCODE"))
}

/// The command the completions describe: the documented one with my_getopt's booleans as
/// plain switches (`--verbose=0` is legal but nobody completes it), each with its
/// `--skip-NAME` spelling where it is on by default (`--skip-extensions`), and the language
/// names for --lang.
fn completion_command() -> Command {
    let mut cmd = documented_command();
    // --lang takes names, codes and locales; offer the flavors' language names (the man
    // page describes the option instead of listing them).
    let mut languages: Vec<&'static str> = Flavor::all()
        .iter()
        .flat_map(|f| f.languages.iter().map(|l| l.name()))
        .collect();
    languages.sort_unstable();
    languages.dedup();
    for flag in FLAGS {
        match flag.kind {
            ArgKind::Bool { default } => {
                cmd = cmd.mut_arg(flag.long, |_| {
                    let switch = Arg::new(flag.long)
                        .long(flag.long)
                        .help(flag.help_line().into_owned())
                        .action(ArgAction::SetTrue);
                    match flag.short {
                        Some(short) => switch.short(char::from(short)),
                        None => switch,
                    }
                });
                if default {
                    let skip: &'static str =
                        Box::leak(format!("skip-{}", flag.long).into_boxed_str());
                    cmd = cmd.arg(
                        Arg::new(skip)
                            .long(skip)
                            .action(ArgAction::SetTrue)
                            .help(format!("Turn --{} off.", flag.long)),
                    );
                }
            }
            _ if flag.completes == Completes::Languages && !languages.is_empty() => {
                let values = PossibleValuesParser::new(languages.clone());
                cmd = cmd.mut_arg(flag.long, |arg| arg.value_parser(values));
            }
            _ => {}
        }
    }
    cmd
}

/// Every error name perror reads as an argument, for the shells to complete: the names
/// of every table of every flavor built in (`ER_…`, `HA_ERR_…`, `CR_…`, `EE_…`, `DB_…`,
/// MySQL's `OBSOLETE_…`) and the errno names (`ECONNRESET`), sorted, each once.
pub fn error_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Flavor::all()
        .iter()
        .flat_map(|f| f.symbols().map(|(name, _, _)| name))
        .chain(
            perror::os_error::errno_names()
                .iter()
                .map(|(name, _)| *name),
        )
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Words joined by spaces, a line feed before a line would pass 100 columns (shells
/// split words on either).
fn wrapped(words: &[&str]) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in words {
        if line > 0 && line + 1 + word.len() > 100 {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

/// The values a shell may offer for an option (flavors, kinds, languages).
fn values_of(cmd: &Command, long: &str) -> Vec<String> {
    cmd.get_arguments()
        .find(|a| a.get_long() == Some(long))
        .map(|a| {
            a.get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// One shell's completion script. zsh and fish come from clap_complete, told that an
/// optional value (`--list[=KIND]`) is only ever given after `=`, as my_getopt reads it;
/// bash's is written here, because clap_complete's bash script completes values only as the
/// next word and never after `=`.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut cmd = completion_command();
    if shell == Shell::Bash {
        return bash_completion(&cmd).into_bytes();
    }
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "perror", &mut out);
    let mut script = String::from_utf8(out).expect("completion scripts are UTF-8");
    let names = wrapped(&error_names());
    if shell == Shell::Fish {
        // An unquoted `?` is a glob to fish, and a script error when nothing matches.
        script = script.replace(" -s ? ", " -s '?' ");
        // Error names as arguments; files stay on offer (log files for --annotate).
        script.push_str(&format!(
            "# Error names of every table (perror reads them in any case).\n\
             complete -c perror -n 'not string match -q -- \\'-*\\' (commandline -ct)' -a '\\\n{names}'\n"
        ));
    }
    if shell == Shell::Zsh {
        // The arguments: error names of every table, or files (log files for --annotate).
        let spec = ":_default' \\\n&& ret=0";
        assert!(
            script.contains(spec),
            "clap_complete's zsh script changed shape"
        );
        script = script.replacen(spec, ":_perror_arguments' \\\n&& ret=0", 1);
        let tail = "if [ \"$funcstack[1]\" = \"_perror\" ]; then";
        assert!(
            script.contains(tail),
            "clap_complete's zsh script changed shape"
        );
        script = script.replacen(
            tail,
            &format!(
                "(( $+functions[_perror_arguments] )) ||\n\
                 _perror_arguments() {{\n\
                 \x20   local -a names\n\
                 \x20   names=(\n{names}\n    )\n\
                 \x20   _alternative 'names:error name:compadd -a names' 'files:file:_files'\n\
                 }}\n\n{tail}"
            ),
            1,
        );
    }
    for flag in FLAGS.iter().filter(|f| f.kind == ArgKind::Optional) {
        script = match shell {
            // `--list=-[…]`: the value only in the same word.
            Shell::Zsh => script.replace(
                &format!("'--{}=[", flag.long),
                &format!("'--{}=-[", flag.long),
            ),
            // Without -r, fish offers the values only after `--list=`.
            Shell::Fish => {
                script
                    .lines()
                    .map(|line| {
                        if line.starts_with(&format!("complete -c perror -l {} ", flag.long)) {
                            line.replacen(" -r ", " ", 1)
                        } else {
                            line.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n"
            }
            _ => script,
        };
    }
    script.into_bytes()
}

fn bash_completion(cmd: &Command) -> String {
    let mut words: Vec<String> = Vec::new();
    for arg in cmd.get_arguments().filter(|a| !a.is_positional()) {
        match arg.get_short() {
            // compgen -W expands its words as globs: `-?` is added apart (below).
            Some('?') | None => {}
            Some(short) => words.push(format!("-{short}")),
        }
        if let Some(long) = arg.get_long() {
            words.push(format!("--{long}"));
        }
    }
    let mut cases = String::new();
    let mut next_word = Vec::new();
    for flag in FLAGS {
        let values = values_of(cmd, flag.long);
        let reply = match flag.completes {
            Completes::Files => continue,
            _ if flag.kind == ArgKind::NoArg || matches!(flag.kind, ArgKind::Bool { .. }) => {
                continue;
            }
            _ if values.is_empty() => "COMPREPLY=()".to_string(),
            _ => format!(
                "COMPREPLY=($(compgen -W '{}' -- \"$cur\"))",
                values.join(" ")
            ),
        };
        if flag.kind == ArgKind::Required {
            next_word.push(format!("--{}", flag.long));
        }
        cases.push_str(&format!("            --{}) {reply} ;;\n", flag.long));
    }
    let annotate = FLAGS
        .iter()
        .find(|f| f.completes == Completes::Files)
        .map_or(String::new(), |f| format!("--{}", f.long));
    format!(
        r#"# bash completion for perror(1), generated by `cargo xtask docs` from src/cli/defs.rs.
# Values are completed after `=` (--list=KIND, --flavor=NAME), and as the next word for
# the options that take one (--flavor NAME), the way perror's option parser reads them.
_perror() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} opt= prefix=
    # With '=' in COMP_WORDBREAKS (the default) `--list=se` arrives as `--list`, `=`, `se`.
    if [[ $cur == = ]]; then
        opt=$prev cur=
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        opt=${{COMP_WORDS[COMP_CWORD-2]}}
    elif [[ $cur == --*=* ]]; then
        opt=${{cur%%=*}} prefix=${{cur%%=*}}= cur=${{cur#*=}}
    else
        case $prev in
            {next_word}) opt=$prev ;;
        esac
    fi
    if [[ -n $opt ]]; then
        case $opt in
{cases}        esac
        [[ -n $prefix ]] && COMPREPLY=("${{COMPREPLY[@]/#/$prefix}}")
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '{words}' -- "$cur"))
        [[ $cur == - || $cur == "-?" ]] && COMPREPLY+=("-?")
        return
    fi
    local word
    for word in "${{COMP_WORDS[@]}}"; do
        if [[ $word == {annotate} ]]; then
            COMPREPLY=($(compgen -f -- "$cur"))
            return
        fi
    done
    # Error names of every table (perror reads them in any case; these are as spelled).
    if [[ $cur == [A-Za-z]* ]]; then
        COMPREPLY=($(compgen -W "$_perror_names" -- "$cur"))
        return
    fi
    COMPREPLY=()
}}
_perror_names='
{names}'
complete -F _perror perror
"#,
        next_word = next_word.join("|"),
        words = words.join(" "),
        names = wrapped(&error_names()),
    )
}

/// The man page: clap_mangen's NAME, SYNOPSIS and OPTIONS, and sections of our own.
pub fn man_page(compatibility: &str) -> Result<Vec<u8>, String> {
    let cmd = documented_command();
    let man = clap_mangen::Man::new(cmd);
    let mut out = Vec::new();
    let io = |e: std::io::Error| e.to_string();
    // An empty Roff writes just the preamble that defines \*(Aq; the title line is written
    // by hand because roff drops empty arguments, and .TH's date is one.
    Roff::new().to_writer(&mut out).map_err(io)?;
    out.extend_from_slice(
        format!(
            ".TH PERROR 1 \"\" \"perror-rs {}\" \"User Commands\"\n",
            perror::VERSION
        )
        .as_bytes(),
    );
    man.render_name_section(&mut out).map_err(io)?;
    man.render_synopsis_section(&mut out).map_err(io)?;
    out.extend_from_slice(description().to_roff().as_bytes());
    man.render_options_section(&mut out).map_err(io)?;
    let mut r = Roff::new();
    flavors(&mut r);
    examples(&mut r);
    environment(&mut r);
    files(&mut r);
    exit_status(&mut r);
    // The details of compatibility last: what a reader who only wants answers can skip.
    section_from_markdown(
        &mut r,
        compatibility,
        "COMPATIBILITY",
        "## Compatibility contract",
    )?;
    section_from_markdown(
        &mut r,
        compatibility,
        "DIFFERENCES FROM THE ORIGINAL PERROR",
        "## Deliberate differences",
    )?;
    see_also(&mut r);
    out.extend_from_slice(r.to_roff().as_bytes());
    Ok(finish(&out))
}

/// Each of clap_mangen's sections starts with the two-line preamble that defines `\*(Aq`;
/// keep the first. Characters beyond ASCII become groff's `\[uXXXX]` escapes, which
/// render without a preprocessor (`groff -man` as well as `man`).
fn finish(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if preamble && !seen.insert(line.to_string()) {
            continue;
        }
        for c in line.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
            }
        }
        out.push('\n');
    }
    out.into_bytes()
}

fn paragraph(r: &mut Roff, text: &str) {
    r.control("PP", []);
    r.text(inline(text));
}

fn description() -> Roff {
    let mut r = Roff::new();
    r.control("SH", ["DESCRIPTION"]);
    r.text(inline(
        "**perror** prints what system error codes (errno) and MariaDB or MySQL error codes \
         mean. It is a rewrite of MariaDB's and MySQL's `perror`: for every command line the \
         original accepts it prints the same bytes on standard output and standard error and \
         exits with the same status, for each supported release (see **FLAVORS**).",
    ));
    paragraph(
        &mut r,
        "Each *ERRORCODE* is read the way C's `atoi` reads it. For each, perror prints the \
         operating system's message (from the C library), then the storage-engine or legacy \
         Berkeley DB message, then the server error with its name and a link to its \
         knowledge-base page. A code nothing knows is reported as `Illegal error code: N` on \
         standard error, and perror exits 1. Use `--` before the first negative code.",
    );
    paragraph(
        &mut r,
        "Beyond the original, perror also answers client library codes (2000\u{2013}2999 and \
         Connector/C's 5000s), error names (`ER_NET_READ_ERROR`, `HA_ERR_KEY_NOT_FOUND`, \
         `CR_SERVER_LOST`, `EE_READ`, `ECONNRESET`) and SQLSTATEs, which the original either \
         calls illegal or misreads with atoi (see DIFFERENCES FROM THE ORIGINAL PERROR); `--skip-extensions` \
         turns that off. Options of the original are \
         spelled the way MariaDB's option parser (my_getopt) reads them: long names may be \
         abbreviated to a unique prefix, are case-insensitive, take values as `--name=value`, \
         and booleans also read `--skip-name`, `--enable-name` and `--disable-name`. Under a \
         MySQL flavor they are read as MySQL's option parser reads them: long names in full \
         and as written, and the first bad option ends the run.",
    );
    r
}

/// The flavors, from the compiled catalog, and how one is chosen.
fn flavors(r: &mut Roff) {
    r.control("SH", ["FLAVORS"]);
    r.text(inline(
        "A flavor is a MariaDB or MySQL release whose messages and behaviour perror reproduces. \
         The flavors built in:",
    ));
    let default = Flavor::default_flavor().name;
    for f in Flavor::all() {
        r.control("TP", []);
        let mut tag = vec![bold(f.name)];
        for alias in f.aliases {
            tag.push(roman(", "));
            tag.push(bold(*alias));
        }
        r.text(tag);
        let mut text = format!(
            "Messages and behaviour of {} {}",
            f.family().product(),
            f.upstream_version
        );
        if f.name == default {
            text.push_str("; the default of this build");
        }
        text.push('.');
        r.text([roman(text)]);
    }
    paragraph(
        r,
        "Choose one with `--flavor` or the environment variable `PERROR_FLAVOR`; the option \
         wins. Installed from the Debian package, perror answers as the release of the perror \
         it replaced: the package records that release in `/var/lib/perror-rs/flavor` when it \
         is installed and again whenever the original's package is installed, upgraded or \
         removed (see FILES). Otherwise the build's default applies; a build made with \
         `PERROR_DEFAULT_FLAVOR=mysql-9.7` is MySQL's perror, its options, `--help` and \
         `--version` included.",
    );
    paragraph(
        r,
        "Options are read the way the flavor's original reads them, each in the flavor in \
         effect when it is read: `perror --flavor=mysql --verb 1` is an unknown option, as \
         MySQL's `perror --verb 1` is. `--flavor=all` answers each argument in every flavor, \
         grouping the flavors that answer alike.",
    );
}

fn environment(r: &mut Roff) {
    r.control("SH", ["ENVIRONMENT"]);
    r.control("TP", []);
    r.text([bold("PERROR_FLAVOR")]);
    r.text(inline(
        "The flavor to answer as when `--flavor` is not given (a name or alias such as \
         `mariadb-10.11` or `10.11`). Empty is the same as unset; an unknown flavor is an error \
         that lists the known ones (exit status 2).",
    ));
}

fn examples(r: &mut Roff) {
    r.control("SH", ["EXAMPLES"]);
    let examples: &[(&str, &str)] = &[
        ("perror 104 1158", "What an errno and a server error mean."),
        ("perror -s 1158", "The message alone."),
        (
            "perror -- -30999",
            "A negative (legacy Berkeley DB) code: `--` ends the options.",
        ),
        (
            "perror 2013",
            "A client library error, which the original perror calls illegal.",
        ),
        (
            "perror ER_NET_READ_ERROR ECONNRESET",
            "Errors by name: a server error and an errno.",
        ),
        (
            "perror 42S02",
            "A SQLSTATE: what it means, then every error that carries it.",
        ),
        (
            "perror --explain 1213",
            "Everything known about an error, with likely causes, how to find out more and how \
             to fix it.",
        ),
        (
            "perror --annotate /var/log/mysql/error.log",
            "A server log, each line followed by what the codes in it mean.",
        ),
        (
            "tail -f /var/log/mysql/error.log | perror --annotate --only-matching",
            "A log as it is written, only the lines that carry codes.",
        ),
        (
            "perror --annotate --top=5 error.log.1.gz",
            "The five most frequent codes in a (compressed) log.",
        ),
        (
            "perror --json 1158 | jq -r '.matches[0].name'",
            "Machine-readable answers, one JSON object per argument.",
        ),
        (
            "perror --grep deadlock",
            "Every error whose name, message or SQLSTATE mentions deadlocks.",
        ),
        ("perror --list=client", "Every client library error."),
        ("perror --lang=german 1158", "A server message in German."),
        (
            "perror --flavor=10.11 4200",
            "Answer as MariaDB 10.11's perror does.",
        ),
        (
            "perror --flavor=all ER_DUP_ENTRY",
            "How each release words an error, grouped where they agree.",
        ),
        (
            "perror --skip-extensions 2013",
            "Exactly the original's answer: `Illegal error code: 2013`, exit status 1.",
        ),
    ];
    for (command, what) in examples {
        r.control("TP", []);
        r.text([bold(*command)]);
        r.text(inline(what));
    }
}

fn files(r: &mut Roff) {
    r.control("SH", ["FILES"]);
    r.control("TP", []);
    r.text([bold("/usr/bin/perror")]);
    r.text(inline(
        "This program, as the Debian package installs it. MariaDB's and MySQL's client \
         packages ship a `perror` of their own: the package moves that one aside with \
         **dpkg-divert**(1), to the same name with a `.mariadb` suffix (`.mysql` from the \
         perror-rs-mysql package, built with MySQL as the default flavor), and puts it back \
         when the package is removed.",
    ));
    r.control("TP", []);
    r.text([bold("/usr/bin/perror.mariadb")]);
    r.text(inline(
        "MariaDB's own perror, when its package is installed as well.",
    ));
    r.control("TP", []);
    r.text([bold("/usr/bin/perror.mysql")]);
    r.text(inline(
        "MySQL's own perror, when perror-rs-mysql and MySQL's package are installed.",
    ));
    r.control("TP", []);
    r.text([bold("/var/lib/perror-rs/flavor")]);
    r.text(inline(
        "The flavor of the perror the package replaced (`mariadb-10.11` on Debian 12), \
         written by the package and read by perror when neither `--flavor` nor \
         `PERROR_FLAVOR` is given. Absent when no original is installed.",
    ));
}

fn see_also(r: &mut Roff) {
    r.control("SH", ["SEE ALSO"]);
    r.text([
        bold("errno"),
        roman("(3), "),
        bold("strerror"),
        roman("(3), "),
        bold("mariadb"),
        roman("(1), "),
        bold("dpkg-divert"),
        roman("(1); "),
        roman("https://mariadb.com/kb/en/mariadb-error-code-reference/"),
    ]);
}

/// The body of a Markdown section: the lines after `heading` up to the next heading of the
/// same or a higher level.
fn markdown_section<'a>(readme: &'a str, heading: &str) -> Result<&'a str, String> {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let start = readme
        .lines()
        .scan(0, |offset, line| {
            let here = *offset;
            *offset += line.len() + 1;
            Some((here, line))
        })
        .find(|(_, line)| line.trim_end() == heading)
        .map(|(offset, line)| offset + line.len() + 1)
        .ok_or_else(|| format!("{COMPATIBILITY} has no `{heading}` section for the man page"))?;
    let body = &readme[start.min(readme.len())..];
    let end = body
        .lines()
        .scan(0, |offset, line| {
            let here = *offset;
            *offset += line.len() + 1;
            Some((here, line))
        })
        .find(|(_, line)| {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            hashes > 0 && hashes <= level && line[hashes..].starts_with(' ')
        })
        .map_or(body.len(), |(offset, _)| offset);
    Ok(body[..end].trim())
}

/// EXIT STATUS, from perror's own table (`perror::error::ExitStatus`), which docs/USAGE.md's
/// table is checked against.
fn exit_status(r: &mut Roff) {
    r.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in ExitStatus::table() {
        r.control("TP", []);
        r.text(inline(&code.to_string()));
        r.text(inline(&meaning));
    }
}

/// A Markdown section (docs/COMPATIBILITY.md's) rendered as a man page section:
/// paragraphs, bullet lists and two-column tables (as tagged paragraphs). Subsections and
/// code blocks are left out.
fn section_from_markdown(
    r: &mut Roff,
    markdown: &str,
    title: &str,
    heading: &str,
) -> Result<(), String> {
    let body = markdown_section(markdown, heading)?;
    // Up to the first subsection: those have sections of their own.
    let body = body.find("\n#").map_or(body, |end| &body[..end]);
    r.control("SH", [title]);
    let mut first = true;
    for block in body.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        if block.starts_with('#') || block.starts_with("```") {
            continue;
        }
        if block.starts_with('|') {
            // A table: header, separator, then one tagged paragraph per row.
            for row in block.lines().skip(2) {
                let cells: Vec<&str> = row.trim().trim_matches('|').split(" | ").collect();
                let [tag, text] = cells[..] else {
                    return Err(format!(
                        "{COMPATIBILITY}'s `{heading}` table has a row that is not two columns: {row}"
                    ));
                };
                r.control("TP", []);
                r.text(inline(tag.trim()));
                r.text(inline(text.trim()));
            }
        } else if block.starts_with("- ") {
            let mut items: Vec<String> = Vec::new();
            for line in block.lines() {
                match line.strip_prefix("- ") {
                    Some(item) => items.push(item.to_string()),
                    None => {
                        let last = items.last_mut().expect("a list starts with an item");
                        last.push(' ');
                        last.push_str(line.trim());
                    }
                }
            }
            for item in items {
                r.control("IP", ["\\(bu", "2"]);
                r.text(inline(&item));
            }
        } else {
            if !first {
                r.control("PP", []);
            }
            r.text(inline(&block.replace('\n', " ")));
        }
        first = false;
    }
    Ok(())
}

/// Markdown's inline marks as roff fonts: `code` and **strong** in bold, *emphasis* in
/// italics, links as their text.
fn inline(text: &str) -> Vec<roff::Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let (mark, close): (&str, &str) = if rest.starts_with("**") {
            ("**", "**")
        } else if c == '`' {
            ("`", "`")
        } else if c == '*' {
            ("*", "*")
        } else if c == '[' {
            ("[", "](")
        } else {
            plain.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let Some(end) = rest[mark.len()..].find(close) else {
            plain.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let inner = &rest[mark.len()..mark.len() + end];
        if !plain.is_empty() {
            out.push(roman(std::mem::take(&mut plain)));
        }
        rest = &rest[mark.len() + end + close.len()..];
        match mark {
            // Code inside strong text is bold already: drop its backticks.
            "**" => out.push(bold(inner.replace('`', ""))),
            "`" => out.push(bold(inner)),
            "*" => out.push(italic(inner)),
            _ => {
                // [text](target): keep the text, drop the target.
                out.push(roman(inner));
                rest = rest.split_once(')').map_or("", |(_, after)| after);
            }
        }
    }
    if !plain.is_empty() {
        out.push(roman(plain));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compatibility() -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        std::fs::read_to_string(root.join(COMPATIBILITY)).unwrap()
    }

    fn man() -> String {
        String::from_utf8(man_page(&compatibility()).unwrap()).unwrap()
    }

    /// roff escapes `-` as `\-`.
    fn roff_text(s: &str) -> String {
        s.replace('-', "\\-")
    }

    #[test]
    fn the_man_page_documents_every_option() {
        let man = man();
        for flag in FLAGS {
            let long = roff_text(&format!("--{}", flag.long));
            assert!(man.contains(&long), "perror.1 does not mention {long}");
            if let Some(short) = flag.short {
                let short = roff_text(&format!("-{}", char::from(short)));
                assert!(man.contains(&short), "perror.1 does not mention {short}");
            }
            let doc = roff_text(flag.doc.split_whitespace().next().unwrap());
            assert!(
                man.contains(&doc),
                "perror.1 lacks the text of --{}",
                flag.long
            );
        }
    }

    #[test]
    fn the_man_page_has_the_prose_sections() {
        let man = man();
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "FLAVORS",
            "ENVIRONMENT",
            "EXIT STATUS",
            "COMPATIBILITY",
            "DIFFERENCES FROM THE ORIGINAL PERROR",
            "EXAMPLES",
            "FILES",
            "SEE ALSO",
        ] {
            assert!(
                man.lines()
                    .any(|l| l.starts_with(".SH") && l.contains(section)),
                "perror.1 has no {section} section"
            );
        }
        for f in Flavor::all() {
            assert!(
                man.contains(&roff_text(f.name)),
                "flavor {} missing",
                f.name
            );
        }
        assert!(man.contains("PERROR_FLAVOR"));
        // Every exit status, with its meaning.
        for (status, _) in ExitStatus::table() {
            assert!(
                man.contains(&format!(".TP\n{status}\n")),
                "exit status {status} missing"
            );
        }
        assert!(man.contains("stdout closed early"));
    }

    /// The page stands alone: it sends the reader to no other document, and Markdown's
    /// marks have all become fonts.
    #[test]
    fn the_man_page_stands_alone() {
        let man = man();
        for stray in ["README", ".md", "`", "**", "](", "[Flavors]"] {
            assert!(!man.contains(stray), "perror.1 contains {stray:?}");
        }
        // The compatibility details come after everything a DBA reads first.
        let at = |title: &str| {
            man.find(&format!(".SH \"{title}\""))
                .or_else(|| man.find(&format!(".SH {title}\n")))
                .unwrap_or_else(|| panic!("no {title}"))
        };
        for before in ["EXAMPLES", "EXIT STATUS", "FILES", "FLAVORS"] {
            assert!(
                at(before) < at("COMPATIBILITY"),
                "{before} after COMPATIBILITY"
            );
        }
    }

    /// Every mode has an example.
    #[test]
    fn the_man_page_has_an_example_of_every_mode() {
        let man = man();
        let examples = &man[man.find(".SH EXAMPLES").unwrap()..];
        let examples = &examples[..examples[4..].find(".SH").unwrap()];
        for mode in [
            "explain", "annotate", "top", "only", "json", "grep", "list", "lang", "flavor", "skip",
        ] {
            assert!(
                examples.contains(&format!("\\-\\-{mode}")),
                "no example of --{mode}"
            );
        }
        assert!(
            examples.contains("tail \\-f"),
            "no example of a log followed"
        );
    }

    #[test]
    fn completions_offer_every_option_and_value() {
        for (shell, _) in COMPLETIONS {
            let script = String::from_utf8(completion(shell)).unwrap();
            for flag in FLAGS {
                assert!(
                    script.contains(&format!("--{}", flag.long))
                        || (shell == Shell::Fish && script.contains(&format!("-l {}", flag.long))),
                    "{shell} completion lacks --{}",
                    flag.long
                );
            }
            for f in Flavor::all() {
                assert!(
                    script.contains(f.name),
                    "{shell} completion lacks {}",
                    f.name
                );
            }
            for kind in perror::catalog::Kind::ALL {
                assert!(
                    script.contains(kind.as_str()),
                    "{shell} completion lacks --list={}",
                    kind.as_str()
                );
            }
            assert!(
                script.contains("skip-extensions"),
                "{shell} completion lacks --skip-extensions"
            );
            // Error names of every table of every flavor, errno names, languages.
            let words: std::collections::HashSet<&str> = script
                .split(|c: char| c.is_whitespace() || "()'\"\\".contains(c))
                .collect();
            for f in Flavor::all() {
                for (name, kind, _) in f.symbols() {
                    assert!(
                        words.contains(name),
                        "{shell} completion lacks {name} ({kind:?}, {})",
                        f.name
                    );
                }
                for lang in f.languages {
                    assert!(
                        words.contains(lang.name()),
                        "{shell} completion lacks --lang={}",
                        lang.name()
                    );
                }
            }
            for (name, _) in perror::os_error::errno_names() {
                assert!(words.contains(name), "{shell} completion lacks {name}");
            }
        }
    }

    /// `groff -ww` warns about anything that would not render cleanly; CI machines have it
    /// with man-db, and the test says so where they do not.
    #[test]
    fn the_man_page_renders_without_warnings() {
        let dir = std::env::temp_dir().join(format!("perror-man-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = dir.join(MAN_PAGE);
        std::fs::write(&page, man()).unwrap();
        let out = std::process::Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&page)
            .output();
        let _ = std::fs::remove_dir_all(&dir);
        match out {
            Ok(out) => assert!(
                out.status.success() && out.stderr.is_empty(),
                "groff: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
            Err(e) => eprintln!("groff not run ({e}); the man page's rendering is unchecked"),
        }
    }

    /// Runs the bash completion function on `words` (the last one being completed).
    fn bash_complete(script: &Path, words: &[&str]) -> Option<String> {
        let words: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let program = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); _perror; \
             printf '%s\\n' \"${{COMPREPLY[*]}}\"",
            script.display(),
            words.join(" ")
        );
        let out = std::process::Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &program])
            .output()
            .ok()?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(
            String::from_utf8(out.stdout)
                .unwrap()
                .trim_end()
                .to_string(),
        )
    }

    #[test]
    fn bash_completes_values_after_equals_and_next_words() {
        let dir = std::env::temp_dir().join(format!("perror-bash-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = dir.join("perror.bash");
        std::fs::write(&script, completion(Shell::Bash)).unwrap();
        let cases: [(&[&str], &str); 9] = [
            (&["perror", "--li"], "--list"),
            (&["perror", "--list", "=", "se"], "server"),
            (&["perror", "--list=se"], "--list=server"),
            (&["perror", "--flavor", "mariadb-10"], "mariadb-10.11"),
            (&["perror", "--skip-e"], "--skip-extensions"),
            (&["perror", "--list", "se"], ""),
            (
                &["perror", "ER_NET_READ_ERROR_"],
                "ER_NET_READ_ERROR_FROM_PIPE",
            ),
            (&["perror", "1158", "ECONNRES"], "ECONNRESET"),
            (&["perror", "--lang", "germ"], "german"),
        ];
        for (words, want) in cases {
            let Some(got) = bash_complete(&script, words) else {
                eprintln!("bash not run; the bash completion is unchecked");
                break;
            };
            assert_eq!(got, want, "completing {words:?}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// zsh must parse its script, and fish must complete an error name, a language and a
    /// flavor from its own (`.ci/run` installs both shells; elsewhere the test says which
    /// checks it could not run).
    #[test]
    fn zsh_and_fish_read_their_scripts() {
        let dir = std::env::temp_dir().join(format!("perror-shells-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let zsh = dir.join("_perror");
        std::fs::write(&zsh, completion(Shell::Zsh)).unwrap();
        match std::process::Command::new("zsh")
            .arg("-n")
            .arg(&zsh)
            .output()
        {
            Ok(out) => assert!(
                out.status.success(),
                "zsh -n: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
            Err(e) => eprintln!("zsh not run ({e}); the zsh completion is unchecked"),
        }
        let fish = dir.join("perror.fish");
        std::fs::write(&fish, completion(Shell::Fish)).unwrap();
        let cases = [
            ("perror ER_NET_READ_ERROR_", "ER_NET_READ_ERROR_FROM_PIPE"),
            ("perror --lang=germ", "--lang=german"),
            ("perror --flavor=mariadb-10", "--flavor=mariadb-10.11"),
        ];
        for (line, want) in cases {
            let program = format!("source '{}'; complete -C '{line}'", fish.display());
            let out = match std::process::Command::new("fish")
                .args(["--no-config", "-c", &program])
                .output()
            {
                Ok(out) => out,
                Err(e) => {
                    eprintln!("fish not run ({e}); the fish completion is unchecked");
                    break;
                }
            };
            let got = String::from_utf8_lossy(&out.stdout);
            let got: Vec<&str> = got.lines().map(|l| l.split('\t').next().unwrap()).collect();
            assert_eq!(got, [want], "fish completing {line:?}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn markdown_marks_become_fonts() {
        let r = inline("a `b` **c `x`** *d* [e](#f) g");
        let mut roff = Roff::new();
        roff.text(r);
        assert_eq!(
            roff.to_roff(),
            "a \\fBb\\fR \\fBc x\\fR \\fId\\fR e g\n",
            "rendered as roff"
        );
    }
}
