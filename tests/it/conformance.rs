//! Live conformance: MariaDB's real perror and ours, side by side, on the option corpus,
//! the code range and randomly generated command lines (seeded; the seed is printed, and
//! PERROR_SEED=<n> replays it). Needs the reference binaries, so it is ignored by a plain
//! `cargo test`; .ci/run installs them and runs it with `cargo test --test it conformance
//! -- --ignored`. PERROR_ORACLES names their directory (default ~/.cache/perror-oracles).
//!
//! Where the reference exits 0, ours must print the same bytes with the same status.
//! Where it fails, ours may answer more (client codes, names), and where an argument is
//! one it misreads as a number (a name, a SQLSTATE: docs/COMPATIBILITY.md, "Deliberate differences"),
//! ours reads it for what it is; those comparisons are made with `--skip-extensions`. OS lines are compared as the golden files hold them, as
//! tokens filled in with the host C library's texts (see `in_host_os_words`).
//!
//! A reference binary of another release than the flavor's data (Debian moved it on; the
//! installer's versions.tsv says which) is not compared: the test prints one line saying so
//! and what a probe of every code finds different, and goes on. The golden files, which
//! `cargo test` checks offline, stay the gate for that flavor until the release is imported.

use std::collections::HashMap;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::support::releases::{self, Reference};
use crate::support::{golden, our_help_without_extensions, run_perror, status_of};

const RANDOM_CASES: usize = 3000;

fn oracles_dir() -> PathBuf {
    std::env::var_os("PERROR_ORACLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/perror-oracles")
        })
}

fn oracle(dir: &std::path::Path, bin: &str) -> PathBuf {
    let path = dir.join("bin").join(bin);
    assert!(
        path.exists(),
        "{} is missing: install the reference binaries with ../shared/oracle/install-oracles.sh {}",
        path.display(),
        dir.display()
    );
    path
}

struct Outcome {
    status: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run_reference(path: &std::path::Path, args: &[Vec<u8>]) -> Outcome {
    let out = Command::new(path)
        .args(args.iter().map(|a| std::ffi::OsStr::from_bytes(a)))
        .stdin(Stdio::null())
        .output()
        .expect("run the reference perror");
    Outcome {
        status: status_of(out.status),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// The C library's OS texts the reference runs with, by code: those its verbose lines
/// show for the flavor's golden range.
fn reference_os_texts(flavor: &str, reference: &std::path::Path) -> HashMap<i32, Vec<u8>> {
    let mut args = vec![b"--".to_vec()];
    let range = golden::coverage(flavor)
        .expect("a covered flavor")
        .codes
        .clone();
    args.extend(range.map(|c| c.to_string().into_bytes()));
    golden::os_texts(&run_reference(reference, &args).stdout)
}

/// The reference's stdout with its OS lines in the host C library's words, and left out
/// where the host has no text, as the golden files' OS tokens are filled in: OS lines
/// are the C library's, and a reference may run with another one than ours (MySQL's
/// runs with Debian sid's, whose glibc has a text for errno 134 that bookworm's has not).
fn in_host_os_words(stdout: &[u8], args: &[Vec<u8>], os_texts: &HashMap<i32, Vec<u8>>) -> Vec<u8> {
    let lines = golden::tokenize_os(
        golden::text_lines(stdout),
        &golden::codes_named(args),
        os_texts,
    );
    golden::expand(&lines, &perror::os_error::message)
}

/// Whether our extensions read an argument otherwise than the flavor's original: a name
/// or SQLSTATE it reads with atoi (`er_dup_entry` in MySQL, `ER_DUP_ENTRY` in MariaDB),
/// where it prints `OS error code   0:  Success` and exits 0.
fn read_otherwise(flavor: &str, arg: &[u8]) -> bool {
    let flavor = perror::catalog::Flavor::find(flavor).expect("a built flavor");
    perror::resolve::resolve(flavor, arg, true) != perror::resolve::resolve(flavor, arg, false)
}

/// Compares one command line; returns a description of the difference.
fn compare(
    flavor: &str,
    reference: &std::path::Path,
    os_texts: &HashMap<i32, Vec<u8>>,
    args: &[Vec<u8>],
) -> Option<String> {
    let want = run_reference(reference, args);
    let mut ours_args = Vec::new();
    if want.status != 0 || args.iter().any(|a| read_otherwise(flavor, a)) {
        ours_args.push(b"--skip-extensions".to_vec());
    }
    ours_args.extend(args.iter().cloned());
    let got = run_perror(flavor, &ours_args, false);
    let got_stdout = our_help_without_extensions(flavor, &got.stdout);
    let want_stdout = in_host_os_words(&want.stdout, args, os_texts);
    if (want.status, &want_stdout, &want.stderr) == (got.status, &got_stdout, &got.stderr) {
        return None;
    }
    let shown: Vec<String> = args.iter().map(|a| golden::escape(a)).collect();
    Some(format!(
        "{flavor}: perror {}\n  reference: status {} stdout {:?} stderr {:?}\n  ours:      status {} stdout {:?} stderr {:?}",
        shown.join(" "),
        want.status,
        clip(&want_stdout),
        clip(&want.stderr),
        got.status,
        clip(&got_stdout),
        clip(&got.stderr)
    ))
}

fn clip(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s.into_owned()
    }
}

/// Every code of the golden range once, reference against ours (`--skip-extensions`):
/// the codes whose answers differ, each with both answers. A chunk that answers alike is
/// done in two runs; one that differs is halved until the differing codes stand alone.
/// OS lines are compared in the host C library's words, as everywhere here: they are the
/// C library's, not the release's (MySQL's reference runs with sid's glibc).
fn probe_codes(flavor: &str, reference: &std::path::Path) -> Vec<String> {
    type OsTexts = HashMap<i32, Vec<u8>>;
    fn answers(
        flavor: &str,
        reference: &std::path::Path,
        os_texts: &OsTexts,
        codes: &[i32],
    ) -> (Outcome, Outcome) {
        let mut args = vec![b"--".to_vec()];
        args.extend(codes.iter().map(|c| c.to_string().into_bytes()));
        let mut want = run_reference(reference, &args);
        want.stdout = in_host_os_words(&want.stdout, &args, os_texts);
        args.insert(0, b"--skip-extensions".to_vec());
        let got = run_perror(flavor, &args, false);
        let got = Outcome {
            status: got.status,
            stdout: got.stdout,
            stderr: got.stderr,
        };
        (want, got)
    }
    fn bisect(
        flavor: &str,
        reference: &std::path::Path,
        os_texts: &OsTexts,
        codes: &[i32],
        out: &mut Vec<String>,
    ) {
        let (want, got) = answers(flavor, reference, os_texts, codes);
        if (want.status, &want.stdout, &want.stderr) == (got.status, &got.stdout, &got.stderr) {
            return;
        }
        if let [code] = codes {
            out.push(format!(
                "  perror {code}\n    reference: {:?}{}\n    ours:      {:?}{}",
                clip(&want.stdout),
                shown_stderr(&want.stderr),
                clip(&got.stdout),
                shown_stderr(&got.stderr)
            ));
            return;
        }
        let (low, high) = codes.split_at(codes.len() / 2);
        bisect(flavor, reference, os_texts, low, out);
        bisect(flavor, reference, os_texts, high, out);
    }
    fn shown_stderr(stderr: &[u8]) -> String {
        if stderr.is_empty() {
            String::new()
        } else {
            format!(" stderr {:?}", clip(stderr))
        }
    }
    let range = golden::coverage(flavor)
        .expect("a covered flavor")
        .codes
        .clone();
    let codes: Vec<i32> = range.clone().collect();
    let os_texts = reference_os_texts(flavor, reference);
    let mut out = Vec::new();
    for chunk in codes.chunks(1000) {
        bisect(flavor, reference, &os_texts, chunk, &mut out);
    }
    out
}

/// What the maintainer reads about a drifted flavor: the drift line, then the probe.
fn report_drift(flavor: &str, reference: &std::path::Path, release: &str, data: &str) -> String {
    let mut report = releases::drift_line(flavor, release, data);
    let differing = probe_codes(flavor, reference);
    report.push_str(&format!(
        "\n{flavor}: probe of codes {}..={}: {} answer differently in {release}",
        golden::coverage(flavor).map_or(0, |c| *c.codes.start()),
        golden::coverage(flavor).map_or(0, |c| *c.codes.end()),
        differing.len()
    ));
    const SHOWN: usize = 40;
    for line in differing.iter().take(SHOWN) {
        report.push('\n');
        report.push_str(line);
    }
    if differing.len() > SHOWN {
        report.push_str(&format!("\n  … and {} more", differing.len() - SHOWN));
    }
    report
}

/// splitmix64: small, seedable, good enough to pick fragments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// One random argument: mostly codes in the forms atoi meets, sometimes options built from
/// the original's names and my_getopt's prefixes. Never a name of our own options, whose
/// prefixes would legitimately answer differently.
fn random_arg(rng: &mut Rng) -> Vec<u8> {
    const NAMES: [&str; 14] = [
        "help", "info", "silent", "verbose", "version", "h", "sil", "verb", "vers", "ver", "v",
        "s", "i", "x.silent",
    ];
    const PREFIXES: [&str; 9] = [
        "",
        "",
        "",
        "skip-",
        "enable-",
        "disable-",
        "maximum-",
        "loose-",
        "loose-skip-",
    ];
    const VALUES: [&str; 10] = [
        "", "=0", "=1", "=on", "=OFF", "=true", "=x", "=", "=10", "=False",
    ];
    const JUNK: [&str; 8] = ["x", "zz", "qq", "--", "-", "1", "=", "_"];
    match rng.below(10) {
        0..=5 => {
            let code: i64 = match rng.below(6) {
                0 => rng.below(140) as i64,
                1 => 1000 + rng.below(4300) as i64,
                2 => 120 + rng.below(90) as i64,
                3 => -31010 + rng.below(30) as i64,
                4 => rng.next() as i64,
                _ => rng.below(6000) as i64 - 100,
            };
            let mut s = code.to_string();
            match rng.below(8) {
                0 => s.insert(0, ' '),
                1 => s.push_str("abc"),
                2 => s.insert(0, '+'),
                _ => {}
            }
            s.into_bytes()
        }
        6..=8 => {
            let name = rng.pick(&NAMES);
            let mut s = format!("--{}{}{}", rng.pick(&PREFIXES), name, rng.pick(&VALUES));
            if rng.below(5) == 0 {
                s = s.to_uppercase();
            }
            s.into_bytes()
        }
        _ => {
            let letters = ["s", "v", "V", "I", "?", "x", "1", "sv", "vs", "s1"];
            if rng.below(2) == 0 {
                format!("-{}", rng.pick(&letters)).into_bytes()
            } else {
                rng.pick(&JUNK).as_bytes().to_vec()
            }
        }
    }
}

#[test]
#[ignore = "needs the reference binaries; .ci/run installs them and runs this"]
fn conformance_against_reference_binaries() {
    let seed: u64 = std::env::var("PERROR_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    println!("conformance seed: {seed} (replay with PERROR_SEED={seed})");
    let dir = oracles_dir();
    let versions = releases::read_versions(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut compared = Vec::new();
    for coverage in &golden::COVERAGE {
        let flavor = coverage.flavor;
        let Some(built) = perror::catalog::Flavor::find(flavor) else {
            println!("{flavor}: not built (no line in data/flavors.tsv), not compared");
            continue;
        };
        let reference = oracle(&dir, coverage.oracle);
        let data = built.upstream_version;
        match releases::reference_for(&versions, flavor, data) {
            Reference::Matches => compared.push(flavor),
            Reference::Drifted { reference: release } => {
                println!("{}", report_drift(flavor, &reference, &release, data));
                continue;
            }
            Reference::Unknown => panic!(
                "{}/versions.tsv does not name {flavor}: rerun ../shared/oracle/install-oracles.sh",
                dir.display()
            ),
        }
        let os_texts = reference_os_texts(flavor, &reference);
        let mut rng = Rng(seed ^ flavor.len() as u64);
        let corpus_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(coverage.corpus);
        let corpus_text = std::fs::read_to_string(&corpus_path)
            .unwrap_or_else(|e| panic!("{}: {e}", corpus_path.display()));
        let mut all: Vec<Vec<Vec<u8>>> = golden::corpus(&corpus_text).expect("corpus");
        all.push(Vec::new());
        for chunk in coverage.codes.clone().collect::<Vec<i32>>().chunks(1000) {
            for silent in [false, true] {
                let mut args = if silent {
                    vec![b"-s".to_vec()]
                } else {
                    Vec::new()
                };
                args.push(b"--".to_vec());
                args.extend(chunk.iter().map(|c| c.to_string().into_bytes()));
                all.push(args);
            }
        }
        for _ in 0..RANDOM_CASES {
            let n = 1 + rng.below(5);
            all.push((0..n).map(|_| random_arg(&mut rng)).collect());
        }
        for args in &all {
            cases += 1;
            if let Some(diff) = compare(flavor, &reference, &os_texts, args) {
                failures.push(diff);
            }
        }
    }
    println!(
        "conformance: {cases} command lines compared ({}), {} differ",
        if compared.is_empty() {
            "no flavor: every reference binary is another release than its data".to_string()
        } else {
            compared.join(", ")
        },
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "seed {seed}:\n{}",
        failures
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The drift rule's decision, from the installer's versions.tsv.
#[test]
fn versions_tsv_decides_which_flavors_are_compared() {
    let versions = releases::parse_versions(
        "flavor\tversion\nmariadb-11.8\t11.8.10\nmariadb-10.11\t10.11.19\n",
    )
    .expect("a well-formed versions.tsv");
    assert_eq!(
        releases::reference_for(&versions, "mariadb-11.8", "11.8.9"),
        Reference::Drifted {
            reference: "11.8.10".into()
        }
    );
    assert_eq!(
        releases::reference_for(&versions, "mariadb-10.11", "10.11.19"),
        Reference::Matches
    );
    assert_eq!(
        releases::reference_for(&versions, "mysql-9.7", "9.7.4"),
        Reference::Unknown
    );
    assert!(releases::parse_versions("mariadb-11.8\t11.8.9\n").is_err());
    assert!(releases::parse_versions("flavor\tversion\nmariadb-11.8\n").is_err());
}

/// A reference binary that moved on is reported, not compared: the drift line, then the
/// codes whose answers changed. The stand-in "new release" is our perror with the answers
/// to codes 2 and 1158 edited, so the probe must name exactly those two.
#[test]
fn a_moved_reference_is_reported_with_the_codes_it_changed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("perror-drift-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let fake = dir.join("perror-mariadb-11.8");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/bash\nset -o pipefail\n'{}' --flavor=mariadb-11.8 --skip-extensions \"$@\" \
             | sed -e 's/^\\(OS error code   2:.*\\)$/\\1 (new)/' \
             -e 's/^\\(MariaDB error code 120:.*\\)$/\\1 (new)/' \
             -e 's/^\\(MariaDB error code 1158 .*\\)$/\\1; try again/'\n",
            env!("CARGO_BIN_EXE_perror")
        ),
    )
    .expect("write the stand-in");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let report = report_drift("mariadb-11.8", &fake, "11.8.10", "11.8.9");
    std::fs::remove_dir_all(&dir).ok();

    let mut lines = report.lines();
    assert_eq!(
        lines.next(),
        Some(releases::drift_line("mariadb-11.8", "11.8.10", "11.8.9").as_str())
    );
    assert!(
        lines
            .next()
            .is_some_and(|l| l.ends_with(": 2 answer differently in 11.8.10")),
        "{report}"
    );
    let probed: Vec<&str> = lines.filter(|l| l.starts_with("  perror ")).collect();
    // OS 2's new words are the C library's, not the release's: not reported.
    assert_eq!(probed, ["  perror 120", "  perror 1158"], "{report}");
    assert!(report.contains("; try again"), "{report}");
}
