//! perror's table generator, the body of perror's `build.rs`.
//!
//! A crate rather than modules of build.rs so that the importer (xtask) shares [`tsv`],
//! the one reader and writer of the data format, as a dependency rather than by `#[path]`.

pub mod tsv;

pub use tsv::DataError;
