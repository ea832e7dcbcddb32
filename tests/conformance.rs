//! Live conformance: MariaDB's real perror and ours, side by side, on the option corpus,
//! the code range and randomly generated command lines (seeded; the seed is printed, and
//! PERROR_SEED=<n> replays it). Needs the reference binaries, so it is ignored by a plain
//! `cargo test`; .ci/run installs them and runs it with `cargo test --test conformance --
//! --ignored`. PERROR_ORACLES names their directory (default ~/.cache/perror-oracles).
//!
//! Where the reference exits 0, ours must print the same bytes with the same status.
//! Where it fails, ours may answer more (client codes, names), so that comparison is made
//! with `--skip-extensions`.

mod support;

use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use support::{golden, our_help_without_extensions, run_perror, status_of};

const FLAVORS: [(&str, &str); 2] = [
    ("mariadb-11.8", "perror-mariadb-11.8"),
    ("mariadb-10.11", "perror-mariadb-10.11"),
];
const RANDOM_CASES: usize = 3000;

fn oracle(bin: &str) -> PathBuf {
    let dir = std::env::var_os("PERROR_ORACLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/perror-oracles")
        });
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

fn run_reference(path: &PathBuf, args: &[Vec<u8>]) -> Outcome {
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

/// Compares one command line; returns a description of the difference.
fn compare(flavor: &str, reference: &PathBuf, args: &[Vec<u8>]) -> Option<String> {
    let want = run_reference(reference, args);
    let mut ours_args = Vec::new();
    if want.status != 0 {
        ours_args.push(b"--skip-extensions".to_vec());
    }
    ours_args.extend(args.iter().cloned());
    let got = run_perror(flavor, &ours_args, false);
    let got_stdout = our_help_without_extensions(flavor, &got.stdout);
    let want_stdout = want.stdout.clone();
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
    let corpus = golden::corpus(include_str!("corpus/options.args")).expect("corpus");
    let mut failures = Vec::new();
    let mut cases = 0;
    for (flavor, bin) in FLAVORS {
        let reference = oracle(bin);
        let mut rng = Rng(seed ^ flavor.len() as u64);
        let mut all: Vec<Vec<Vec<u8>>> = corpus.clone();
        all.push(Vec::new());
        for chunk in (-31005..=5200).collect::<Vec<i32>>().chunks(1000) {
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
            if let Some(diff) = compare(flavor, &reference, args) {
                failures.push(diff);
            }
        }
    }
    println!(
        "conformance: {cases} command lines compared, {} differ",
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
