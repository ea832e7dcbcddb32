//! The binary. Rust's usual `fn main` runs std's start-up first (a guard-page set-up that
//! parses /proc/self/maps, SIGPIPE handling), which costs more than a whole perror lookup;
//! perror defines C's `main` itself and does the parts it needs in [`perror::main_with`]
//! (standard descriptors, SIGPIPE). The rest of std works without that start-up.

// Under `cargo test` the test harness brings its own main.
#![cfg_attr(not(test), no_main)]
// The entry point takes C's argv: the only unsafe code outside perror::sys.
#![deny(unsafe_code)]

#[cfg(not(test))]
use std::ffi::{CStr, c_char, c_int};

#[cfg(not(test))]
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let count = usize::try_from(argc).unwrap_or(0);
    let args = (0..count).map(|i| {
        // SAFETY: C's main receives `argc` valid pointers to NUL-terminated strings in
        // `argv`, which live until the process ends and are never changed by perror: they
        // may be borrowed for 'static, which spares a copy of each argument.
        let arg: &'static CStr = unsafe { CStr::from_ptr(*argv.add(i)) };
        std::borrow::Cow::Borrowed(arg.to_bytes())
    });
    c_int::from(perror::main_with(args))
}
