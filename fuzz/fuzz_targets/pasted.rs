//! A pasted message as an argument, over arbitrary bytes, in every flavor: always an
//! answer or a clear failure, never a panic; every value it says the message gave is a
//! piece of the text; and every output of the answer (a lookup's lines, --explain, --json)
//! is written whole.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perror::answer::Answer;
use perror::catalog::Flavor;
use perror::resolve::Target;

fuzz_target!(|arg: &[u8]| {
    for &flavor in Flavor::all() {
        for answer in [Answer::of(flavor, arg, true, None), Answer::of_ours(flavor, arg, None)] {
            assert!(!answer.matches.is_empty() || answer.sqlstate.is_some() || answer.error.is_some());
            if let (Target::Message(found), Ok(text)) = (&answer.target, std::str::from_utf8(arg)) {
                for v in &found.values {
                    assert!(text.contains(v.text.as_str()), "{:?} not in {text:?}", v.text);
                }
            }
            let mut out = Vec::new();
            perror::render::write_answer(&mut out, flavor, &answer, true).unwrap();
            let _ = perror::render::explanation(flavor, &answer);
            perror::json::write_line(&mut out, &perror::json::of_explained_answer(flavor, &answer, arg))
                .unwrap();
        }
    }
});
