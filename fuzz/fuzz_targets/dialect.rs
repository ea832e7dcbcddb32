//! The option dialect and settings over arbitrary argv: never a panic, and only the
//! documented exit statuses. The input is the arguments separated by NUL bytes, which no
//! real argument can contain, so seeds are readable command lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perror::cli::{self, Parsed};

fuzz_target!(|data: &[u8]| {
    let args: Vec<Vec<u8>> = if data.is_empty() { Vec::new() } else { data.split(|&b| b == 0).map(<[u8]>::to_vec).collect() };
    // A note is one line, unless an argument it quotes holds a line feed (my_getopt prints
    // the argument as given: `perror $'--skip-verbose\n=0'`).
    let quoted_newline = args.iter().any(|a| a.contains(&b'\n'));
    match cli::parse(b"perror", args.iter().map(|a| cli::Arg::Owned(a.clone())).collect(), None, &mut |line| assert!(quoted_newline || !line.contains(&b'\n'))) {
        Ok(Parsed::Exit(status)) => assert!((1..=7).contains(&status.code())),
        Ok(_) => {}
        Err(e) => assert_eq!(e.exit_status().code(), 2),
    }
});
