//! perror's developer tasks, as a library so that tests and fuzz targets can reach them.

pub use perror_build::tsv;

pub mod dist;
pub mod docs;
pub mod golden;
pub mod import;

/// Writes each (path, contents), creating directories as needed.
pub fn write_files<C: AsRef<[u8]>>(files: &[(std::path::PathBuf, C)]) -> Result<(), String> {
    for (path, contents) in files {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(path, contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
