//! The annotator over arbitrary bytes cut into arbitrary chunks: never a panic, and the
//! output holds every input line unchanged and in order (annotations are only added).
//! The first two bytes choose the report and the chunk size, the rest is the log.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perror::annotate::{Annotator, Palette, Recogniser, Report, Style};
use perror::catalog::Flavor;
use std::sync::OnceLock;

fn recogniser() -> &'static Recogniser {
    static R: OnceLock<Recogniser> = OnceLock::new();
    R.get_or_init(|| Recogniser::new(Flavor::default_flavor()))
}

fuzz_target!(|data: &[u8]| {
    let [mode, chunk, log @ ..] = data else { return };
    let report = match mode % 4 {
        0 => Report::Annotated { only_matching: false },
        1 => Report::Annotated { only_matching: true },
        2 => Report::Json,
        _ => Report::Top,
    };
    let style = Style { verbose: mode & 4 == 0, palette: Palette::PLAIN };
    let mut a = Annotator::new(recogniser(), Flavor::default_flavor(), report, style);
    let mut out = Vec::new();
    for piece in log.chunks(usize::from(*chunk).max(1)) {
        a.feed(piece, &mut out).unwrap();
    }
    a.finish(&mut out).unwrap();
    if report == (Report::Annotated { only_matching: false }) {
        // Every input line, in order, is a whole line of the output (a last line without a
        // line feed gets one when annotations follow it).
        let mut output = out.split(|&b| b == b'\n');
        for line in log.split(|&b| b == b'\n') {
            assert!(output.any(|o| o == line), "an input line is missing or out of order");
        }
    }
});
