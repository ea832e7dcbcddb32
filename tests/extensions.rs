//! Our additions answer only what MariaDB's perror rejects: for every code it knows, the
//! answer is exactly its answer (the golden files check that answer byte for byte).

mod support;

use perror::catalog::{Flavor, Kind};
use perror::lookup::{matches, perror_matches};
use support::run_perror;

#[test]
fn additions_never_join_a_code_perror_knows() {
    for flavor in Flavor::all() {
        for code in -31005..=6000 {
            let original = perror_matches(flavor, code);
            let ours = matches(flavor, code);
            if original.is_empty() {
                assert!(
                    ours.iter().all(|m| m.kind() == Kind::Client),
                    "{}: {code}",
                    flavor.name
                );
            } else {
                assert_eq!(ours, original, "{}: {code}", flavor.name);
            }
        }
    }
}

#[test]
fn client_codes_in_both_modes() {
    let run = run_perror("mariadb-11.8", &[b"2013".to_vec(), b"5025".to_vec()], false);
    assert_eq!(run.status, 0);
    let client = Flavor::find("mariadb-11.8").unwrap().client;
    let (a, b) = (client.get(2013).unwrap(), client.get(5025).unwrap());
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        format!(
            "MariaDB client error code 2013 ({}): {}\nMariaDB client error code 5025 ({}): {}\n",
            a.name, a.message, b.name, b.message
        )
    );
    let silent = run_perror("mariadb-11.8", &[b"-s".to_vec(), b"2013".to_vec()], false);
    assert_eq!(
        String::from_utf8_lossy(&silent.stdout),
        format!("{}\n", a.message)
    );
}

#[test]
fn client_codes_follow_the_flavor() {
    // Connector/C gained 5025 after the one 10.11 ships.
    let run = run_perror("mariadb-10.11", &[b"5025".to_vec()], false);
    assert_eq!(
        (
            run.status,
            String::from_utf8_lossy(&run.stderr).into_owned()
        ),
        (1, "Illegal error code: 5025\n".to_string())
    );
}

#[test]
fn skip_extensions_is_the_original() {
    let run = run_perror(
        "mariadb-11.8",
        &[b"--skip-extensions".to_vec(), b"2013".to_vec()],
        false,
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "Illegal error code: 2013\n"
    );
}
