//! The signals a crashing server names: `mysqld got signal 11 ;` (MySQL and MariaDB's
//! crash report, `handle_fatal_signal`), `mariadbd: Got signal 11. Aborting!`. Numbers
//! are this platform's (libc's constants), as the report is read where it was written.

/// A signal, and what it means when it ends a server.
#[derive(Debug, PartialEq, Eq)]
pub struct Signal {
    pub code: i32,
    pub name: &'static str,
    pub message: &'static str,
}

const fn signal(code: i32, name: &'static str, message: &'static str) -> Signal {
    Signal {
        code,
        name,
        message,
    }
}

/// The signals a server's crash handler catches or a supervisor sends.
pub static SIGNALS: &[Signal] = &[
    signal(
        libc::SIGSEGV,
        "SIGSEGV",
        "Segmentation fault: the server touched memory it does not own (a bug, or bad hardware); the stack trace after it says where",
    ),
    signal(
        libc::SIGABRT,
        "SIGABRT",
        "Aborted: the server stopped itself on a failed assertion or a fatal error it found (the lines before it say which)",
    ),
    signal(
        libc::SIGBUS,
        "SIGBUS",
        "Bus error: a memory access the hardware refused, often a memory-mapped file that shrank or a full disk",
    ),
    signal(
        libc::SIGFPE,
        "SIGFPE",
        "Arithmetic exception (a division by zero) in the server",
    ),
    signal(
        libc::SIGILL,
        "SIGILL",
        "Illegal instruction: a binary built for another CPU, or corrupt code",
    ),
    signal(
        libc::SIGKILL,
        "SIGKILL",
        "Killed from outside, without a chance to clean up: often the kernel's out-of-memory killer",
    ),
    signal(
        libc::SIGTERM,
        "SIGTERM",
        "Asked to terminate: a normal shutdown request",
    ),
    signal(libc::SIGHUP, "SIGHUP", "Hangup: reload logs and privileges"),
    signal(libc::SIGINT, "SIGINT", "Interrupt"),
    signal(libc::SIGQUIT, "SIGQUIT", "Quit"),
    signal(libc::SIGPIPE, "SIGPIPE", "Broken pipe"),
];

pub fn find(code: i32) -> Option<&'static Signal> {
    SIGNALS.iter().find(|s| s.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_distinct_and_the_crash_signals_there() {
        for (i, s) in SIGNALS.iter().enumerate() {
            assert!(SIGNALS[..i].iter().all(|t| t.code != s.code), "{}", s.name);
        }
        assert_eq!(find(11).map(|s| s.name), Some("SIGSEGV"));
        assert_eq!(find(6).map(|s| s.name), Some("SIGABRT"));
        assert_eq!(find(0), None);
    }
}
