//! perror's table generator, the body of perror's `build.rs`, in two stages:
//!
//! 1. [`model`]: load `data/` (through a [`Source`]) and check it into typed rows, a
//!    [`Catalog`]. Every check of the data is here; a bad file is a [`DataError`] that
//!    reads `data/<file>:<line>: <reason>`.
//! 2. [`emit`](mod@emit): write the Rust tables src/catalog.rs includes, and the deflated cold
//!    segments of their string blob, from the model alone. Which texts are hot (plain in
//!    the binary) and which cold is decided there.
//!
//! A crate rather than modules of build.rs so that both stages have unit tests, and so
//! that the importer (xtask) shares [`tsv`], the one reader and writer of the data format.

pub mod emit;
#[cfg(test)]
mod fixture;
pub mod model;
pub mod source;
pub mod tsv;

pub use emit::{BuildInfo, Generated, emit};
pub use model::{Catalog, Options, load};
pub use source::{DataDir, Memory, Source};
pub use tsv::DataError;
