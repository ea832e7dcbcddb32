//! perror's developer tasks, as a library so that tests and fuzz targets can reach them.

pub use perror_build::tsv;

pub mod dist;
pub mod docs;
pub mod golden;
pub mod import;

use std::path::{Path, PathBuf};
use std::process::Command;

/// `cargo`, as cargo ran us (`$CARGO`), or the one on the PATH.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Where cargo puts what it builds for the workspace at `root`: `target/` unless
/// `CARGO_TARGET_DIR`, `build.target-dir` in a config file or `--target-dir` say otherwise.
/// Asked of `cargo metadata` rather than guessed, so that every task finds the binaries
/// cargo built wherever cargo put them.
pub fn target_dir(root: &Path) -> Result<PathBuf, String> {
    let out = cargo()
        .current_dir(root)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo metadata failed ({})", out.status));
    }
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    meta["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata names no target_directory".to_string())
}

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
