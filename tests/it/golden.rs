//! perror against the reference binaries' recorded answers (tests/golden/, made by
//! `cargo xtask golden`): every code of the flavor's range (tests/it/support/golden.rs,
//! `COVERAGE`) in both modes, the option corpus, and stdout/stderr interleaving, for each
//! flavor. Needs no reference binary.

use std::path::Path;

use crate::support::golden::{self, Case};
use crate::support::{our_help_without_extensions, run_perror};

fn check_flavor(flavor: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{flavor}.golden"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (header, cases) = golden::read(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // The recorded answers are the data's release's: a golden file recorded from another
    // release would test upstream's changes, not ours (data/README.md, "A new point
    // release").
    let data_release = perror::catalog::Flavor::find(flavor)
        .expect("a known flavor")
        .upstream_version;
    assert_eq!(
        golden::header_release(&header),
        Some(data_release),
        "{}: recorded from another release than data/{flavor}/ (header {header:?})",
        path.display()
    );
    assert!(
        cases.len() > 200,
        "{}: only {} cases",
        path.display(),
        cases.len()
    );
    let os_text = |code: i32| perror::os_error::message(code);
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = check_case(flavor, case, &os_text) {
            failures.push(format!("{flavor}: case {}: {why}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn check_case(
    flavor: &str,
    case: &Case,
    os_text: &dyn Fn(i32) -> Option<String>,
) -> Result<(), String> {
    // The reference's answers are checked against ours with our additions switched off;
    // the extensions module checks that the additions only answer what it rejects.
    let mut args = vec![b"--skip-extensions".to_vec()];
    args.extend(case.args.iter().cloned());
    let ours = run_perror(flavor, &args, case.combined);
    if ours.status != case.status {
        return Err(format!(
            "status {} (reference {})\nstderr: {}",
            ours.status,
            case.status,
            String::from_utf8_lossy(&ours.stderr)
        ));
    }
    let (want_out, got_out) = if case.combined {
        (golden::expand(&case.both, os_text), ours.stdout.clone())
    } else {
        (
            golden::expand(&case.out, os_text),
            our_help_without_extensions(flavor, &ours.stdout),
        )
    };
    if want_out != got_out {
        return Err(first_difference("stdout", &want_out, &got_out));
    }
    let want_err = golden::expand(&case.err, os_text);
    if !case.combined && want_err != ours.stderr {
        return Err(first_difference("stderr", &want_err, &ours.stderr));
    }
    Ok(())
}

fn first_difference(what: &str, want: &[u8], got: &[u8]) -> String {
    let want = String::from_utf8_lossy(want);
    let got = String::from_utf8_lossy(got);
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
    format!(
        "{what} differs at line {}:\n  want: {:?}\n  got:  {:?}",
        line + 1,
        want.lines().nth(line).unwrap_or("<end>"),
        got.lines().nth(line).unwrap_or("<end>")
    )
}

/// Every flavor the catalog builds (data/flavors.tsv) is checked against its golden file.
#[test]
fn golden_files_of_every_built_flavor() {
    let built: Vec<&str> = perror::catalog::Flavor::all()
        .iter()
        .map(|f| f.name)
        .collect();
    assert!(!built.is_empty());
    for flavor in built {
        assert!(
            golden::coverage(flavor).is_some(),
            "{flavor}: no reference binary in tests/it/support/golden.rs's COVERAGE"
        );
        check_flavor(flavor);
    }
}
