//! Bad and random input: never a panic, never a hang, never lost output, and only the
//! documented exit statuses. Fixed cases (non-UTF-8 and huge arguments, a hundred
//! thousand of them, no arguments, an unknown flavor) and properties over random input
//! (proptest): the dialect, atoi against the C library's strtol, a lookup of any argument.
//!
//! A new test goes here when it feeds perror arguments or option values it must survive;
//! failures of its surroundings (pipes, disks, files) go to `faults`.

use std::ffi::CString;

use perror::cli::{self, Parsed};
use proptest::prelude::*;

use crate::support::{perror_command, run_perror, status_of};

fn no_panic(stderr: &[u8]) {
    let text = String::from_utf8_lossy(stderr);
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn non_utf8_arguments_are_read_as_bytes() {
    // atoi stops at the first byte that is not a digit, whatever the encoding.
    let run = run_perror(
        "mariadb-11.8",
        &[b"12\xff".to_vec(), b"\xff104".to_vec()],
        false,
    );
    no_panic(&run.stderr);
    assert_eq!(run.status, 0);
    let want = format!(
        "OS error code  12:  {}\nOS error code   0:  {}\n",
        perror::os_error::message(12).unwrap(),
        perror::os_error::message(0).unwrap()
    );
    assert_eq!(String::from_utf8_lossy(&run.stdout), want);
}

#[test]
fn a_one_mebibyte_argument_saturates_like_strtol() {
    // Linux refuses to exec an argument over 128 KiB (MAX_ARG_STRLEN), so the largest
    // one goes through a real exec and the 1 MiB one through the same code in-process.
    let huge = vec![b'7'; 1 << 20];
    assert_eq!(
        perror::atoi::atoi(&huge),
        -1,
        "strtol saturates at LONG_MAX, whose low 32 bits are -1"
    );
    let mut out = Vec::new();
    let status = perror::run::dispatch(b"perror", vec![huge.into()], None, &mut out).unwrap();
    assert_eq!((status.code(), out.len()), (1, 0));

    let largest = vec![b'7'; 128 * 1024 - 1];
    let run = run_perror("mariadb-11.8", &[largest], false);
    no_panic(&run.stderr);
    assert_eq!(run.status, 1);
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "Illegal error code: -1\n"
    );
}

#[test]
fn a_hundred_thousand_arguments() {
    // 100 rounds of the codes 1000..=1999: the output must be 100 copies of one round's.
    let round: Vec<Vec<u8>> = (1000..2000)
        .map(|i: i32| i.to_string().into_bytes())
        .collect();
    let args: Vec<Vec<u8>> = round.iter().cycle().take(100_000).cloned().collect();
    let one = run_perror("mariadb-11.8", &round, false);
    let all = run_perror("mariadb-11.8", &args, false);
    no_panic(&all.stderr);
    assert!(!one.stdout.is_empty() && !one.stderr.is_empty());
    assert_eq!(all.status, one.status);
    assert!(
        all.stdout == one.stdout.repeat(100),
        "stdout is not 100 rounds"
    );
    assert!(
        all.stderr == one.stderr.repeat(100),
        "stderr is not 100 rounds"
    );
}

#[test]
fn no_arguments_prints_usage_and_fails() {
    let out = perror_command().output().unwrap();
    assert_eq!(status_of(out.status), 1);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("\nUsage: perror [OPTIONS] [ERRORCODE [ERRORCODE...]]\n")
    );
}

#[test]
fn unknown_flavor_lists_the_known_ones() {
    let out = perror_command()
        .args(["--flavor=mariadb-5.5", "1"])
        .output()
        .unwrap();
    assert_eq!(status_of(out.status), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "perror: unknown flavor 'mariadb-5.5'; known flavors: mariadb-11.8, mariadb-10.11, mysql-9.7\n"
    );
    let out = perror_command()
        .arg("1")
        .env("PERROR_FLAVOR", "nope")
        .output()
        .unwrap();
    assert_eq!(status_of(out.status), 2);
}

/// Exit statuses docs/USAGE.md documents for option processing.
const OPTION_STATUSES: [u8; 7] = [1, 2, 3, 4, 5, 6, 7];

/// Arguments built from the pieces options are made of, so that the interesting paths
/// (prefixes, values, bundles) are reached often, plus arbitrary bytes.
fn argument() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("-".to_string()),
        Just("--".to_string()),
        Just("=".to_string()),
        Just(".".to_string()),
        Just("skip-".to_string()),
        Just("loose-".to_string()),
        Just("enable_".to_string()),
        Just("maximum-".to_string()),
        Just("verbose".to_string()),
        Just("silent".to_string()),
        Just("ver".to_string()),
        Just("flavor".to_string()),
        Just("list".to_string()),
        Just("top".to_string()),
        Just("json".to_string()),
        Just("1".to_string()),
        Just("0".to_string()),
        Just("s".to_string()),
        Just("V".to_string()),
        "[a-zA-Z0-9_.=-]{0,6}",
    ];
    prop_oneof![
        prop::collection::vec(piece, 0..5).prop_map(|p| p.concat().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..12),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn dialect_never_panics_and_exits_as_documented(args in prop::collection::vec(argument(), 0..6)) {
        // Every flavor's dialect, from PERROR_FLAVOR (a --flavor among the arguments may
        // change it on the way).
        let flavor_given = args.iter().any(|a| a.windows(6).any(|w| w == b"flavor"));
        for flavor in perror::catalog::Flavor::all() {
            let mut notes = Vec::new();
            let parsed = cli::parse(b"perror", args.iter().map(|a| cli::Arg::Owned(a.clone())).collect(), Some(flavor.name.as_bytes()), &mut |l| notes.push(l.to_vec()));
            match parsed {
                Ok(Parsed::Exit(status)) => {
                    prop_assert!(OPTION_STATUSES.contains(&status.code()), "{}: status {status:?}", flavor.name);
                    // Without unique prefixes no option is ambiguous.
                    if !perror::cli::dialect::Dialect::of(flavor.family()).unique_prefixes && !flavor_given {
                        prop_assert!(![3, 6].contains(&status.code()), "{}: status {status:?}", flavor.name);
                    }
                }
                Ok(Parsed::Run(_) | Parsed::Help(_) | Parsed::Version(_) | Parsed::NoArguments(_)) => {}
                Err(e) => prop_assert!(e.exit_status().code() == 2, "{e} exits {:?}", e.exit_status()),
            }
            // A note is one line unless it quotes an argument that holds a line feed.
            if !args.iter().any(|a| a.contains(&b'\n')) {
                for line in &notes {
                    prop_assert!(!line.contains(&b'\n'), "a note spans lines: {:?}", String::from_utf8_lossy(line));
                }
            }
        }
    }

    #[test]
    fn atoi_agrees_with_strtol(arg in prop::collection::vec(any::<u8>(), 0..40)) {
        // The reference model is the C library itself: (int) strtol(arg, NULL, 10),
        // on the bytes up to the first NUL (where C would see the string end).
        let c_string = CString::new(arg.split(|&b| b == 0).next().unwrap_or_default()).unwrap();
        // SAFETY: a valid NUL-terminated string; a null end pointer is allowed.
        #[allow(unsafe_code)]
        let want = unsafe { libc::strtol(c_string.as_ptr(), std::ptr::null_mut(), 10) } as i32;
        prop_assert_eq!(perror::atoi::atoi(c_string.as_bytes()), want);
    }

    #[test]
    fn atoi_agrees_with_strtol_on_number_shapes(s in "[ \t]{0,2}[+-]{0,2}[0-9]{0,25}[a-z ]{0,2}") {
        let c_string = CString::new(s.clone()).unwrap();
        #[allow(unsafe_code)]
        // SAFETY: as above.
        let want = unsafe { libc::strtol(c_string.as_ptr(), std::ptr::null_mut(), 10) } as i32;
        prop_assert_eq!(perror::atoi::atoi(s.as_bytes()), want);
    }

    #[test]
    fn any_argument_gets_an_answer_or_an_error(arg in argument()) {
        for flavor in perror::catalog::Flavor::all() {
            let a = perror::answer::Answer::of(flavor, &arg, true, None);
            prop_assert!(!a.matches.is_empty() || a.sqlstate.is_some() || a.error.is_some());
        }
    }
}

/// A message of the flavor's tables with its conversions filled in, as a server would.
fn filled(message: &str, family: perror::catalog::Family, fill: &str) -> String {
    use perror::printf::{Part, ValueClass, parse};
    parse(message, family)
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.to_string(),
            Part::Spec(s) => match s.conversion.class() {
                ValueClass::Text => fill.to_string(),
                ValueClass::Number => "7".to_string(),
                ValueClass::ErrorNumber => "28 \"No space left on device\"".to_string(),
            },
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any text gives an answer or a clear failure, in perror's lookups and in our modes.
    #[test]
    fn any_text_gets_an_answer_or_a_failure(words in prop::collection::vec("[a-zA-Z'`%.:()0-9\"-]{0,12}", 0..8), junk in prop::collection::vec(any::<u8>(), 0..8)) {
        let mut arg = words.join(" ").into_bytes();
        arg.extend(junk);
        for &flavor in perror::catalog::Flavor::all() {
            for a in [
                perror::answer::Answer::of(flavor, &arg, true, None),
                perror::answer::Answer::of_ours(flavor, &arg, None),
            ] {
                prop_assert!(!a.matches.is_empty() || a.sqlstate.is_some() || a.error.is_some());
            }
        }
    }

    /// A server message filled in, with text around it, is recognised as an error whose
    /// template holds at least as much of the text as the message's own.
    #[test]
    fn a_filled_in_message_is_recognised(row in 0usize..100_000, fill in "[a-z0-9_./]{1,12}", before in "[A-Za-z ]{0,10}") {
        use perror::resolve::Target;
        let flavor = perror::catalog::Flavor::default_flavor();
        let rows = flavor.server.rows();
        let e = &rows[row % rows.len()];
        let text = format!("{before}{}", filled(e.message(), flavor.family(), &fill));
        let bytes = text.as_bytes();
        if perror::pasted::looks_like_text(bytes) {
            let own = perror::printf::bind(&perror::printf::parse(e.message(), flavor.family()), bytes);
            let found = perror::pasted::recognise(flavor, bytes);
            if let (Some(own), true) = (own, has_long_literal(e.message())) {
                let found = found.expect("a message with 10 literal bytes is recognised");
                let m = perror::lookup::by_kind(flavor, found.kind, found.code).unwrap();
                let theirs = perror::printf::bind(&perror::printf::parse(m.message(), flavor.family()), bytes)
                    .expect("the recognised template binds the text");
                prop_assert!(theirs.literal_len >= own.literal_len, "{} for {}: {text:?}", found.code, e.code);
                let answer = perror::answer::Answer::of(flavor, bytes, true, None);
                prop_assert!(matches!(answer.target, Target::Message(_)));
            }
        }
    }
}

/// Whether a template has a run of 10 literal bytes, as the recogniser requires.
fn has_long_literal(message: &str) -> bool {
    perror::printf::parse(message, perror::catalog::Family::MariaDb)
        .iter()
        .any(|p| matches!(p, perror::printf::Part::Text(t) if t.len() >= perror::pasted::MIN_LITERAL))
}
