//! What an argument names (numbers, names, MY- codes, SQLSTATEs) and the answer built
//! from it, over arbitrary bytes, in every flavor.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perror::answer::Answer;
use perror::catalog::Flavor;

fuzz_target!(|arg: &[u8]| {
    for flavor in Flavor::all() {
        for extensions in [true, false] {
            let a = Answer::of(flavor, arg, extensions, None);
            assert!(!a.matches.is_empty() || a.sqlstate.is_some() || a.error.is_some());
            let _ = perror::json::write_line(
                &mut Vec::new(),
                &perror::json::of_answer(flavor, &a, arg),
            );
        }
    }
});
