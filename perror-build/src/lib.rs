//! perror's table generator, the body of perror's `build.rs`. Its first stage, [`model`],
//! loads `data/` (through a [`Source`]) and checks it into typed rows, a [`Catalog`].
//! Every check of the data is there; a bad file is a [`DataError`] that reads
//! `data/<file>:<line>: <reason>`.
//!
//! A crate rather than modules of build.rs so that the stages have unit tests, and so
//! that the importer (xtask) shares [`tsv`], the one reader and writer of the data format.

#[cfg(test)]
mod fixture;
pub mod model;
pub mod source;
pub mod tsv;

pub use model::{Catalog, Options, load};
pub use source::{DataDir, Memory, Source};
pub use tsv::DataError;
