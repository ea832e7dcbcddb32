//! perror's integration tests: one crate (one link, one binary), a module per topic.
//! `cargo test --test it MODULE` runs one topic; `.ci/run` names them that way.
//!
//! Where a new test goes:
//! - [`golden`]: byte-for-byte answers of the original options and codes, against the
//!   recorded golden files (tests/golden/); needs no reference binary.
//! - [`conformance`]: the same comparison live against the reference binaries (ignored
//!   unless asked for: `cargo test --test it conformance -- --ignored`).
//! - [`extensions`]: what perror answers beyond MariaDB's (names, SQLSTATEs, client codes,
//!   --json, --explain, --list, --grep, --lang), and that it changes nothing perror knows.
//! - [`annotate`]: `--annotate`, through the binary and the library.
//! - [`annotate_real`]: `--annotate`'s recall and precision on the corpus of real logs
//!   (tests/fixtures/annotate/real/); a new log goes in the corpus.
//! - [`explain_coverage`]: the share of codes in the real-log corpus that have a write-up
//!   for the product that wrote the log.
//! - [`input`]: bad and random arguments and option values (fixed cases and proptest).
//! - [`faults`]: failures of perror's surroundings: pipes, descriptors, disks, files.
//!
//! Helpers shared by the topics live in [`support`]; a unit test of one module's logic
//! belongs in that module under src/, not here.

mod annotate;
mod annotate_real;
mod conformance;
mod explain_coverage;
mod extensions;
mod faults;
mod golden;
mod input;
mod support;
