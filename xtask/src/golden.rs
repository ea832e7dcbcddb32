//! `cargo xtask golden [ORACLE_BIN]`: runs the reference perror binaries on the code range
//! and the option corpus and writes tests/golden/<flavor>.golden.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "../../tests/it/support/golden.rs"]
pub mod format;
#[path = "../../tests/it/support/releases.rs"]
pub mod releases;

use format::{Case, Line};

const CHUNK: usize = 500;

pub struct Output {
    pub status: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Runs `program` with `args`, stdin empty.
pub fn run(program: &Path, args: &[Vec<u8>]) -> Result<Output, String> {
    use std::os::unix::ffi::OsStrExt;
    let out = Command::new(program)
        .args(args.iter().map(|a| std::ffi::OsStr::from_bytes(a)))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    Ok(Output {
        status: status_of(out.status),
        stdout: out.stdout,
        stderr: out.stderr,
    })
}

/// Runs with stdout and stderr on one pipe, and returns what came through it.
pub fn run_combined(program: &Path, args: &[Vec<u8>]) -> Result<(i32, Vec<u8>), String> {
    use std::os::unix::ffi::OsStrExt;
    let (mut reader, writer) = std::io::pipe().map_err(|e| e.to_string())?;
    let mut child = Command::new(program)
        .args(args.iter().map(|a| std::ffi::OsStr::from_bytes(a)))
        .stdin(Stdio::null())
        .stdout(writer.try_clone().map_err(|e| e.to_string())?)
        .stderr(writer)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let mut both = Vec::new();
    reader.read_to_end(&mut both).map_err(|e| e.to_string())?;
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((status_of(status), both))
}

/// The exit status, or 128+signal as a shell reports it.
pub fn status_of(s: std::process::ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    s.code().unwrap_or_else(|| 128 + s.signal().unwrap_or(0))
}

fn codes_args(silent: bool, codes: &[i32]) -> Vec<Vec<u8>> {
    let mut args: Vec<Vec<u8>> = Vec::new();
    if silent {
        args.push(b"-s".to_vec());
    }
    args.push(b"--".to_vec());
    args.extend(codes.iter().map(|c| c.to_string().into_bytes()));
    args
}

fn case(
    oracle: &Path,
    name: String,
    args: Vec<Vec<u8>>,
    os_texts: &HashMap<i32, Vec<u8>>,
) -> Result<Case, String> {
    let out = run(oracle, &args)?;
    let codes = format::codes_named(&args);
    Ok(Case {
        name,
        status: out.status,
        out: format::tokenize_os(format::text_lines(&out.stdout), &codes, os_texts),
        err: format::text_lines(&out.stderr),
        args,
        ..Case::default()
    })
}

pub fn generate(root: &Path, oracle_bin: &Path) -> Result<Vec<PathBuf>, String> {
    // install-oracles.sh writes versions.tsv beside bin/.
    let versions = releases::read_versions(oracle_bin.parent().unwrap_or(oracle_bin))?;
    let mut written = Vec::new();
    for coverage in &format::COVERAGE {
        let flavor = coverage.flavor;
        let corpus_path = root.join("tests/corpus").join(coverage.corpus);
        let corpus_text = std::fs::read_to_string(&corpus_path)
            .map_err(|e| format!("{}: {e}", corpus_path.display()))?;
        let corpus = format::corpus(&corpus_text)?;
        let provenance = root.join(format!("data/{flavor}/provenance.tsv"));
        let provenance = std::fs::read_to_string(&provenance)
            .map_err(|e| format!("{}: {e}", provenance.display()))?;
        let data = releases::data_release(&provenance)
            .ok_or_else(|| format!("data/{flavor}/provenance.tsv: no upstream_version"))?;
        // Golden files recorded from another release than the data's would make `cargo
        // test` fail on upstream's changes: import the release first.
        let release = match releases::reference_for(&versions, flavor, data) {
            releases::Reference::Matches => data,
            releases::Reference::Drifted { reference } => {
                return Err(releases::drift_line(flavor, &reference, data));
            }
            releases::Reference::Unknown => {
                return Err(format!(
                    "versions.tsv does not name {flavor}: rerun ../shared/oracle/install-oracles.sh"
                ));
            }
        };
        let oracle = oracle_bin.join(coverage.oracle);
        let version = run(&oracle, &[b"--version".to_vec()])?;
        let header = format::header(
            flavor,
            release,
            String::from_utf8_lossy(&version.stdout).trim_end(),
        );
        let all: Vec<i32> = coverage.codes.clone().collect();
        // The reference libc's OS texts, to recognise OS lines in silent output.
        let verbose_all = run(&oracle, &codes_args(false, &all))?;
        let os_texts = format::os_texts(&verbose_all.stdout);

        let mut cases = Vec::new();
        cases.push(case(&oracle, "no arguments".into(), Vec::new(), &os_texts)?);
        for (i, args) in corpus.iter().enumerate() {
            let shown: Vec<String> = args.iter().map(|a| format::escape(a)).collect();
            cases.push(case(
                &oracle,
                format!("corpus {}: {}", i + 1, shown.join(" ")),
                args.clone(),
                &os_texts,
            )?);
        }
        for chunk in all.chunks(CHUNK) {
            let (first, last) = (chunk[0], chunk[chunk.len() - 1]);
            let verbose = case(
                &oracle,
                format!("range {first}..{last}"),
                codes_args(false, chunk),
                &os_texts,
            )?;
            let silent = case(
                &oracle,
                format!("range -s {first}..{last}"),
                codes_args(true, chunk),
                &os_texts,
            )?;
            let tokens = |c: &Case| {
                c.out
                    .iter()
                    .filter(|l| matches!(l, Line::Os { .. }))
                    .count()
            };
            if tokens(&verbose) != tokens(&silent) {
                return Err(format!(
                    "{flavor} {first}..{last}: silent OS lines could not all be recognised"
                ));
            }
            cases.push(verbose);
            cases.push(silent);
        }
        // Both streams on one pipe shows how stdout's buffer interleaves with stderr.
        // Only ranges without OS texts, whose length would shift the buffer boundaries.
        // The reference's C library decides where OS texts end (133 in bookworm's glibc,
        // 134 in sid's, which MySQL's binary runs with).
        let quiet = os_texts.keys().max().map_or(0, |last| last + 1);
        for (silent, range) in [
            (false, -31005..=-30950),
            (false, quiet..=5200),
            (true, quiet..=5200),
        ] {
            let codes: Vec<i32> = range.clone().collect();
            if codes.iter().any(|c| os_texts.contains_key(c)) {
                return Err(format!("{flavor}: {range:?} has OS texts"));
            }
            let args = codes_args(silent, &codes);
            let (status, both) = run_combined(&oracle, &args)?;
            cases.push(Case {
                name: format!(
                    "combined {}{}..{}",
                    if silent { "-s " } else { "" },
                    range.start(),
                    range.end()
                ),
                args,
                combined: true,
                status,
                both: format::text_lines(&both),
                ..Case::default()
            });
        }
        let path = root.join(format!("tests/golden/{flavor}.golden"));
        std::fs::create_dir_all(path.parent().expect("tests/golden")).map_err(|e| e.to_string())?;
        std::fs::write(&path, format::write(&header, &cases)).map_err(|e| e.to_string())?;
        written.push(path);
    }
    Ok(written)
}
