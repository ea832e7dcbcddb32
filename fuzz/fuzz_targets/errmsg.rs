//! The importer's errmsg-utf8.txt reader over arbitrary text: an error or a catalogue,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(parsed) = xtask::import::errmsg::parse(text) {
        for e in &parsed.errors {
            assert!(!e.name.is_empty());
        }
    }
});
