//! `--annotate` on real logs (issue 14): the excerpts under `tests/fixtures/annotate/real/`,
//! each posted in a public bug report, Q&A thread or article (`SOURCES.tsv` says where),
//! against what a DBA expects under each line (`expected.txt`).
//!
//! Recall is the share of expected codes found and explained as the right kind; precision
//! the share of annotations that were expected (a wrong kind, a needless annotation on a
//! normal event, a number that is no code: all count against it). Both are printed with
//! every miss; the test fails if either falls below its floor, set from the achieved
//! numbers. `cargo test --test it annotate_real -- --nocapture` shows the report.
//!
//! A new real log goes in the corpus (tests/fixtures/annotate/real/), not here; a test of
//! `--annotate` on a made-up input goes to `annotate`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use perror::annotate::{Annotator, Palette, Recogniser, Report, Style};
use perror::catalog::Flavor;

const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/annotate/real");

/// The lowest recall and precision the corpus may score, in per cent.
const RECALL_FLOOR: f64 = 98.0;
const PRECISION_FLOOR: f64 = 99.5;

/// (file, line from 1) → the codes expected there, as `kind:code`.
type Expected = BTreeMap<(String, u64), BTreeSet<String>>;

/// Each log's group of sources: the product or driver that wrote it (`SOURCES.tsv`'s
/// fourth column) and the kind of place it was posted (its fifth: tracker, qa, blog).
fn groups() -> BTreeMap<String, [String; 2]> {
    let sources = std::fs::read_to_string(Path::new(REAL).join("SOURCES.tsv")).unwrap();
    sources
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            let cell = |i: usize| cells.get(i).copied().unwrap_or("").to_string();
            (cell(0), [cell(3), cell(4)])
        })
        .collect()
}

/// Expected codes, codes found right, annotations made, annotations expected.
#[derive(Default, Clone, Copy)]
struct Score {
    wanted: usize,
    found_right: usize,
    made: usize,
    made_right: usize,
}

impl Score {
    fn add(&mut self, want: &BTreeSet<String>, got: &BTreeSet<String>) {
        self.wanted += want.len();
        self.made += got.len();
        self.found_right += want.intersection(got).count();
        self.made_right += got.intersection(want).count();
    }

    fn recall(&self) -> f64 {
        100.0 * self.found_right as f64 / self.wanted.max(1) as f64
    }

    fn precision(&self) -> f64 {
        100.0 * self.made_right as f64 / self.made.max(1) as f64
    }
}

fn logs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(REAL)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".log"))
        .collect();
    names.sort();
    names
}

fn expected() -> Expected {
    let text = std::fs::read_to_string(Path::new(REAL).join("expected.txt")).unwrap();
    let mut expected = Expected::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut words = line.split_whitespace();
        let place = words.next().unwrap();
        let (file, number) = place.rsplit_once(':').expect("FILE:LINE");
        let number: u64 = number.parse().expect("a line number");
        let codes: BTreeSet<String> = words.filter(|w| *w != "-").map(str::to_string).collect();
        let old = expected.insert((file.to_string(), number), codes);
        assert!(old.is_none(), "{place} listed twice");
    }
    expected
}

/// What the annotator reports for each line of `file`, as `kind:code`.
fn annotated(recogniser: &Recogniser, file: &str) -> BTreeMap<u64, BTreeSet<String>> {
    let flavor = Flavor::find("mariadb-11.8").unwrap();
    let style = Style {
        verbose: true,
        palette: Palette::PLAIN,
    };
    let mut a = Annotator::new(recogniser, flavor, Report::Json, style);
    let mut out = Vec::new();
    a.begin(file);
    a.feed(
        &std::fs::read(Path::new(REAL).join(file)).unwrap(),
        &mut out,
    )
    .unwrap();
    a.finish(&mut out).unwrap();
    let mut found: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let o: serde_json::Value = serde_json::from_slice(line).unwrap();
        let m = &o["match"];
        found
            .entry(o["line"].as_u64().unwrap())
            .or_default()
            .insert(format!("{}:{}", m["kind"].as_str().unwrap(), m["code"]));
    }
    found
}

#[test]
fn every_log_names_its_source_and_every_expectation_its_log() {
    let sources = std::fs::read_to_string(Path::new(REAL).join("SOURCES.tsv")).unwrap();
    let listed: BTreeMap<&str, &str> = sources
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let mut cells = l.split('\t');
            (cells.next().unwrap(), cells.next().unwrap_or(""))
        })
        .collect();
    let logs = logs();
    for log in &logs {
        let url = listed.get(log.as_str()).copied().unwrap_or("");
        assert!(url.starts_with("https://"), "{log} has no source URL");
    }
    assert_eq!(
        listed.len(),
        logs.len(),
        "SOURCES.tsv lists a file that is not there"
    );
    let distinct: BTreeSet<&str> = listed.values().copied().collect();
    assert!(distinct.len() >= 25, "{} distinct sources", distinct.len());
    for (log, [group, kind]) in groups() {
        assert!(!group.is_empty(), "{log} names no group");
        assert!(
            ["tracker", "qa", "blog"].contains(&kind.as_str()),
            "{log}: kind of source {kind:?}"
        );
    }
    for (file, number) in expected().keys() {
        let text = std::fs::read_to_string(Path::new(REAL).join(file))
            .unwrap_or_else(|_| panic!("{file} is not in the corpus"));
        assert!(
            *number >= 1 && *number as usize <= text.lines().count(),
            "{file}:{number} is past the end"
        );
    }
}

#[test]
fn recall_and_precision_on_real_logs() {
    let expected = expected();
    let groups = groups();
    let mut by_group: BTreeMap<String, Score> = BTreeMap::new();
    let (mut wanted, mut found_right, mut made, mut made_right) = (0usize, 0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    let mut wrong = Vec::new();
    let none = BTreeSet::new();
    let mut code_lines = 0;
    // Built once: compiling the message searchers is the costly part in a debug build.
    let recogniser = Recogniser::new(Flavor::find("mariadb-11.8").unwrap());
    for file in logs() {
        let found = annotated(&recogniser, &file);
        let lines = std::fs::read_to_string(Path::new(REAL).join(&file))
            .unwrap()
            .lines()
            .count() as u64;
        for number in 1..=lines {
            let want = expected.get(&(file.clone(), number)).unwrap_or(&none);
            let got = found.get(&number).unwrap_or(&none);
            let [group, kind] = &groups[&file];
            for key in [format!("product {group}"), format!("source {kind}")] {
                by_group.entry(key).or_default().add(want, got);
            }
            code_lines += usize::from(!want.is_empty());
            wanted += want.len();
            made += got.len();
            for code in want {
                if got.contains(code) {
                    found_right += 1;
                } else {
                    misses.push(format!("{file}:{number} {code}"));
                }
            }
            for code in got {
                if want.contains(code) {
                    made_right += 1;
                } else {
                    wrong.push(format!("{file}:{number} {code}"));
                }
            }
        }
    }
    let recall = 100.0 * found_right as f64 / wanted.max(1) as f64;
    let precision = 100.0 * made_right as f64 / made.max(1) as f64;
    println!(
        "real-log corpus: {} files, {code_lines} code-bearing lines, {wanted} expected codes",
        logs().len()
    );
    println!(
        "recall:    {recall:5.1}% ({found_right} of {wanted} expected codes found and explained right)"
    );
    println!("precision: {precision:5.1}% ({made_right} of {made} annotations expected)");
    println!("by group of sources:");
    for (group, score) in &by_group {
        println!(
            "  {group:18} recall {:5.1}% ({} of {}), precision {:5.1}% ({} of {})",
            score.recall(),
            score.found_right,
            score.wanted,
            score.precision(),
            score.made_right,
            score.made
        );
    }
    println!("missed ({}):", misses.len());
    for m in &misses {
        println!("  {m}");
    }
    println!("wrong or needless ({}):", wrong.len());
    for w in &wrong {
        println!("  {w}");
    }
    assert!(
        recall >= RECALL_FLOOR,
        "recall {recall:.1}% < {RECALL_FLOOR}%"
    );
    assert!(
        precision >= PRECISION_FLOOR,
        "precision {precision:.1}% < {PRECISION_FLOOR}%"
    );
}
