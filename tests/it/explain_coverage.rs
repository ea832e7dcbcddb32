//! How many of the codes a DBA meets in real logs have a write-up, shown under the flavor
//! of the product that wrote the log: the corpus of tests/fixtures/annotate/real/ (its
//! expected.txt lists every code a DBA expects explained, SOURCES.tsv which server wrote
//! each file). `cargo test --test it explain_coverage -- --nocapture` prints the share
//! per kind and every code still without one.

use std::collections::BTreeMap;

use perror::catalog::{Family, Flavor, Kind};
use perror::lookup::{self, WriteUpFor};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/annotate/real");

/// The flavor that reads a log written by `server` (SOURCES.tsv's free text): MySQL's
/// tools and forks read as MySQL, MariaDB 10.x and older as 10.11, the rest as 11.8.
fn flavor_of(server: &str) -> &'static Flavor {
    let s = server.to_ascii_lowercase();
    let name = if s.contains("mariadb") || s.contains("mariabackup") || s.contains("mbstream") {
        let old = ["10.", "5.5", "5.3", "10 "].iter().any(|v| s.contains(v));
        if old { "mariadb-10.11" } else { "mariadb-11.8" }
    } else if ["mysql", "percona", "xtrabackup", "xbstream", "pxc"]
        .iter()
        .any(|m| s.contains(m))
    {
        "mysql-9.7"
    } else {
        "mariadb-11.8"
    };
    Flavor::find(name).expect("a built flavor")
}

/// Whether the code a DBA expects (`os:28`, `mysql:10914`, `innodb:71`) has a write-up
/// shown under `flavor`.
fn has_write_up(flavor: &Flavor, expected: &str) -> bool {
    let Some((kind, code)) = expected.split_once(':') else {
        return false;
    };
    let Ok(code) = code.parse::<i32>() else {
        return false;
    };
    let found =
        |f: &Flavor, kind: Kind| matches!(lookup::write_up(f, kind, code), WriteUpFor::Found(_));
    match kind {
        // Codes of MySQL's own tables, whoever reads the log.
        "mysql" => found(Flavor::find("mysql-9.7").expect("mysql-9.7"), Kind::Server),
        other => Kind::from_name(other).is_some_and(|k| found(flavor, k)),
    }
}

/// The kinds of code the corpus expects that are no table's of perror's lookup.
const NO_WRITE_UPS: &[&str] = &["signal", "resolver"];

#[test]
fn most_codes_in_real_logs_have_a_write_up_for_their_product() {
    let sources = std::fs::read_to_string(format!("{CORPUS}/SOURCES.tsv")).unwrap();
    let server_of: BTreeMap<&str, &str> = sources
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, f.nth(1)?))
        })
        .collect();
    let expected = std::fs::read_to_string(format!("{CORPUS}/expected.txt")).unwrap();
    let (mut with, mut total) = (0, 0);
    let mut by_kind: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    let mut missing: BTreeMap<String, u32> = BTreeMap::new();
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let mut words = line.split_whitespace();
        let Some(file) = words.next().and_then(|w| w.split(':').next()) else {
            continue;
        };
        let flavor = flavor_of(server_of.get(file).copied().unwrap_or_default());
        for code in words.filter(|w| *w != "-") {
            let kind = code.split(':').next().unwrap_or_default();
            // A crash's signal and a host lookup's resolver code (issue 20) are explained
            // by --annotate's own tables; --explain has no write-ups for such kinds.
            if NO_WRITE_UPS.contains(&kind) {
                continue;
            }
            let entry = by_kind.entry(kind).or_default();
            total += 1;
            entry.1 += 1;
            if has_write_up(flavor, code) {
                with += 1;
                entry.0 += 1;
            } else {
                *missing
                    .entry(format!("{} {code}", flavor.name))
                    .or_default() += 1;
            }
        }
    }
    let share = f64::from(with) / f64::from(total.max(1));
    println!(
        "write-ups for code mentions in real logs: {with}/{total} = {:.1}%",
        share * 100.0
    );
    for (kind, (w, t)) in &by_kind {
        println!("  {kind:<8} {w}/{t}");
    }
    for (code, n) in &missing {
        println!("  missing: {code} ({n}x)");
    }
    assert!(total > 100, "the corpus lists {total} code mentions");
    assert!(share >= 0.9, "only {:.1}% have a write-up", share * 100.0);
}

#[test]
fn the_log_s_product_decides_the_flavor() {
    assert_eq!(flavor_of("MySQL 8.0.34").name, "mysql-9.7");
    assert_eq!(flavor_of("Percona Server 8.0").name, "mysql-9.7");
    assert_eq!(flavor_of("MariaDB 10.4").name, "mariadb-10.11");
    assert_eq!(flavor_of("MariaDB 11.3.2").name, "mariadb-11.8");
    assert_eq!(flavor_of("mariabackup 10.3.31").name, "mariadb-10.11");
    assert_eq!(flavor_of("server").family(), Family::MariaDb);
}
