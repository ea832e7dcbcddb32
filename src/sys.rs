//! Every call into the C library, and so every `unsafe` block of the library: lib.rs
//! forbids unsafe code in every other module. Each function here is a safe wrapper whose
//! SAFETY comments say why its call is sound.

use std::ffi::CStr;
use std::io;

/// glibc's English text for errno `code` (`strerrordesc_np`, glibc 2.32 and later), or
/// `None` for a code it has no text for. Unlike strerror_r it never formats
/// "Unknown error N", which for `perror $(seq 0 5000)` would be most of the work.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn errno_description(code: i32) -> Option<&'static CStr> {
    unsafe extern "C" {
        fn strerrordesc_np(code: libc::c_int) -> *const libc::c_char;
    }
    // SAFETY: strerrordesc_np takes any int and returns NULL or a pointer to a static,
    // NUL-terminated string that is never freed or changed.
    let text = unsafe { strerrordesc_np(code) };
    // SAFETY: not NULL, so a static NUL-terminated string (above).
    (!text.is_null()).then(|| unsafe { CStr::from_ptr(text) })
}

/// The XSI `strerror_r` text for `code`, which libcs also give unknown codes ("Unknown
/// error N" in glibc, "No error information" in musl); `None` only if the call fails.
pub fn strerror_r(code: i32) -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: `buf` is a live, writable buffer of `buf.len()` bytes for the whole call, and
    // the XSI `strerror_r` that the libc crate binds writes at most that many bytes,
    // NUL-terminated, touching no other memory.
    let status = unsafe { libc::strerror_r(code, buf.as_mut_ptr().cast(), buf.len()) };
    if status != 0 && status != libc::EINVAL {
        return None;
    }
    let text = CStr::from_bytes_until_nul(&buf).ok()?;
    Some(String::from_utf8_lossy(text.to_bytes()).into_owned())
}

/// write(2) to descriptor 2 until all is written or it fails, as C's unbuffered stderr
/// does; without std's stderr lock, which costs more than the write's own set-up.
pub fn write_stderr(mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: `bytes` is a live, initialised buffer of `bytes.len()` bytes.
        let written = unsafe { libc::write(2, bytes.as_ptr().cast(), bytes.len()) };
        match usize::try_from(written) {
            Ok(n) if n > 0 => bytes = &bytes[n.min(bytes.len())..],
            _ if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted => {}
            _ => return,
        }
    }
}

/// Opens /dev/null on any of descriptors 0, 1 and 2 that is closed, as std's start-up
/// does for Rust's own `main`: `perror 104 >&-` then succeeds quietly, and no file perror
/// opens later becomes its standard output by accident.
pub fn open_standard_fds() {
    let mut fds = [0, 1, 2].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    // SAFETY: `fds` is a live array of three pollfd for the whole call; a zero timeout
    // returns at once.
    if unsafe { libc::poll(fds.as_mut_ptr(), 3, 0) } == -1 {
        // poll failing (EINTR, ENOMEM) is not worth dying over: carry on as we are.
        return;
    }
    for pfd in &fds {
        if pfd.revents & libc::POLLNVAL != 0 {
            // SAFETY: open() gets a NUL-terminated path; the descriptor it returns is the
            // lowest free one, the closed standard one, and is deliberately kept open.
            unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR, 0) };
        }
    }
}

/// Dies of SIGPIPE on a closed pipe, quietly, as C programs (and the original) do:
/// `perror $(seq 0 5000) | head -1` ends with status 141 and no message. Rust ignores
/// SIGPIPE by default, which would turn that into write errors.
pub fn restore_sigpipe() {
    // SAFETY: setting a signal's disposition to SIG_DFL at start-up, before any other
    // thread exists, has no memory-safety preconditions.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
}
