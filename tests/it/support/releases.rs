//! Which release each reference binary is, and what to say when it is not the release the
//! data was imported from. Shared by the live conformance test and `cargo xtask golden`.
//!
//! `../shared/oracle/install-oracles.sh DIR` writes `DIR/versions.tsv`:
//! ```text
//! flavor<TAB>version
//! mariadb-11.8<TAB>11.8.9
//! ```
//! Debian replaces a release's packages when the next point release comes out, so the
//! installer can hand out a newer binary than the data in `data/<flavor>/` describes. Such
//! a binary is not compared (its differences are upstream's, not ours): the maintainer is
//! told to import the new release (data/README.md, "A new point release").

#![allow(dead_code)]

use std::path::Path;

/// The releases in a `versions.tsv`, as (flavor, version) in file order.
pub fn parse_versions(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut lines = text.lines();
    if lines.next() != Some("flavor\tversion") {
        return Err("versions.tsv: the first line is not `flavor<TAB>version`".into());
    }
    lines
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| match l.split_once('\t') {
            Some((flavor, version)) if !flavor.is_empty() && !version.is_empty() => {
                Ok((flavor.to_string(), version.to_string()))
            }
            _ => Err(format!(
                "versions.tsv:{}: expected `flavor<TAB>version`, found {l:?}",
                i + 2
            )),
        })
        .collect()
}

/// Reads `<oracles>/versions.tsv`.
pub fn read_versions(oracles: &Path) -> Result<Vec<(String, String)>, String> {
    let path = oracles.join("versions.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e}; install the reference binaries with ../shared/oracle/install-oracles.sh {}",
            path.display(),
            oracles.display()
        )
    })?;
    parse_versions(&text)
}

/// Whether a reference binary can be compared with the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// Same release as the data: every difference is ours.
    Matches,
    /// Another release: its differences are upstream's; see [`drift_line`].
    Drifted { reference: String },
    /// versions.tsv does not name the flavor: the installer is older than the test.
    Unknown,
}

pub fn reference_for(versions: &[(String, String)], flavor: &str, data_release: &str) -> Reference {
    match versions.iter().find(|(f, _)| f == flavor) {
        None => Reference::Unknown,
        Some((_, v)) if v == data_release => Reference::Matches,
        Some((_, v)) => Reference::Drifted {
            reference: v.clone(),
        },
    }
}

/// The one line a maintainer reads when Debian has moved a reference binary on.
pub fn drift_line(flavor: &str, reference: &str, data_release: &str) -> String {
    format!(
        "{flavor}: reference binary is {reference}, data is {data_release}: \
         import the new release (data/README.md) before comparing"
    )
}

/// The release recorded in `data/<flavor>/provenance.tsv` (`upstream_version`).
pub fn data_release(provenance_tsv: &str) -> Option<&str> {
    provenance_tsv
        .lines()
        .find_map(|l| l.strip_prefix("upstream_version\t"))
}
