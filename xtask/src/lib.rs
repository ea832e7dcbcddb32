//! perror's developer tasks, as a library so that tests and fuzz targets can reach them.

#[path = "../../build/tsv.rs"]
pub mod tsv;

pub mod dist;
pub mod docs;
pub mod golden;
pub mod import;
