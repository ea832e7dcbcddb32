//! Properties over random input (proptest): the dialect never panics and only ever exits
//! with a documented status; atoi agrees with the C library's strtol; a lookup of any
//! argument never panics.

use std::ffi::CString;

use perror::cli::{self, Parsed};
use proptest::prelude::*;

/// Exit statuses the README documents for option processing.
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
        let mut notes = Vec::new();
        match cli::parse(b"perror", args.iter().map(|a| cli::Arg::Owned(a.clone())).collect(), None, &mut |l| notes.push(l.to_vec())) {
            Ok(Parsed::Exit(status)) => prop_assert!(OPTION_STATUSES.contains(&status.code()), "status {status:?}"),
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
