//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod golden;
pub mod releases;

use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};

use perror::cli::defs::FLAGS;

pub struct Run {
    pub status: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Our perror, run as `perror` (argv[0], as the reference wrappers run theirs) with the
/// flavor in PERROR_FLAVOR. With `combined`, stdout and stderr share one pipe and
/// `stdout` holds what came through it.
pub fn run_perror(flavor: &str, args: &[Vec<u8>], combined: bool) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_perror"));
    cmd.arg0("perror")
        .env("PERROR_FLAVOR", flavor)
        .args(args.iter().map(|a| std::ffi::OsStr::from_bytes(a)))
        .stdin(Stdio::null());
    if !combined {
        let out = cmd.output().expect("run perror");
        return Run {
            status: status_of(out.status),
            stdout: out.stdout,
            stderr: out.stderr,
        };
    }
    let (mut reader, writer) = std::io::pipe().expect("pipe");
    cmd.stdout(writer.try_clone().expect("dup")).stderr(writer);
    let mut child = cmd.spawn().expect("run perror");
    drop(cmd);
    let mut both = Vec::new();
    reader.read_to_end(&mut both).expect("read pipe");
    let status = child.wait().expect("wait");
    Run {
        status: status_of(status),
        stdout: both,
        stderr: Vec::new(),
    }
}

/// Our perror as a Command, run as `perror` (argv[0]) with stdin empty.
pub fn perror_command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_perror"));
    cmd.arg0("perror").stdin(Stdio::null());
    cmd
}

/// Runs `cmd`, reads the first bytes of its stdout and closes the pipe, as `| head -c 16`
/// does; returns the exit status and what it wrote on stderr.
pub fn status_after_closing_stdout(mut cmd: Command) -> (i32, Vec<u8>) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run perror");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("the first bytes");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    (status_of(out.status), out.stderr)
}

pub fn status_of(s: std::process::ExitStatus) -> i32 {
    s.code().unwrap_or_else(|| 128 + s.signal().unwrap_or(0))
}

/// Our usage text minus what the contract lets it add: the lines of options the
/// original does not have (and their variables), and the version line replaced by the
/// reference's (`--version` names our own version, in the same shape).
pub fn our_help_without_extensions(flavor: &str, stdout: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(stdout);
    if !text.contains("\nUsage: ") && !is_version_line(&text) {
        return stdout.to_vec();
    }
    let ours: Vec<&str> = FLAGS
        .iter()
        .filter(|f| !f.original)
        .map(|f| f.long)
        .collect();
    let mut out = String::new();
    let mut in_extra = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i == 0 && is_version_line(line) {
            out.push_str(&reference_version_line(flavor, line));
            continue;
        }
        let option = line
            .strip_prefix("  --")
            .map(|l| l.split(['=', ' ', '[', '\n']).next().unwrap_or(""));
        let variable = line.split(' ').next().unwrap_or("");
        if let Some(name) = option {
            in_extra = ours.contains(&name);
        } else if !line.starts_with("                      ") {
            in_extra = false;
        }
        if in_extra || (line.contains("  ") && ours.contains(&variable)) {
            continue;
        }
        out.push_str(line);
    }
    out.into_bytes()
}

fn is_version_line(line: &str) -> bool {
    ["perror Ver ", "perror from ", "perror  Ver "]
        .iter()
        .any(|shape| line.starts_with(shape))
}

/// Our version line must have the reference's shape; map it onto the reference's (the
/// reference binaries are Debian's builds).
fn reference_version_line(flavor: &str, ours: &str) -> String {
    use perror::catalog::VersionStyle;
    let f = perror::catalog::Flavor::find(flavor).expect("a built flavor");
    let (system, machine) = ("debian-linux-gnu", "x86_64");
    let (shape, reference) = match f.version_style {
        VersionStyle::Ver => (
            "perror Ver ",
            format!(
                "perror Ver {}, for {system} ({machine})\n",
                f.perror_version
            ),
        ),
        // The release the data was imported from: the reference binary it is compared
        // with has the same one (conformance skips a flavor whose binary has moved on).
        VersionStyle::From => (
            "perror from ",
            format!(
                "perror from {}-MariaDB, client {} for {system} ({machine})\n",
                f.upstream_version, f.perror_version
            ),
        ),
        VersionStyle::Mysql => (
            "perror  Ver ",
            format!(
                "perror  Ver {} for Linux on {machine} ((Debian))\n",
                f.perror_version
            ),
        ),
    };
    assert!(
        ours.starts_with(shape) && ours.trim_end().ends_with(")"),
        "version line {ours:?} lost its shape"
    );
    reference
}
