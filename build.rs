//! Compiles `data/` into the tables src/catalog.rs includes (`$OUT_DIR/catalog.rs`, and the
//! deflated cold segments `$OUT_DIR/cold-N.deflate` it includes), with perror-build
//! (perror-build/): load and check the data into a model, emit Rust from it. A malformed
//! file stops the build with `file:line: reason`.

use std::path::PathBuf;

use perror_build::{BuildInfo, DataDir, DataError, Options};

fn main() {
    // All of data/ (cargo scans a directory for any change), and the settings read below.
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-env-changed=PERROR_DEFAULT_FLAVOR");
    println!("cargo:rerun-if-env-changed=PERROR_HOT_FLAVORS");
    println!("cargo:rerun-if-env-changed=PERROR_SYSTEM_TYPE");
    link_unwinder_statically();
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), DataError> {
    let manifest = PathBuf::from(cargo_path("CARGO_MANIFEST_DIR"));
    let data = DataDir::new(manifest.join("data"));
    let options = Options {
        translations: std::env::var_os("CARGO_FEATURE_TRANSLATIONS").is_some(),
    };
    let catalog = perror_build::load(&data, &options);
    for path in data.watched() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let catalog = catalog?;
    // The default flavor can be chosen by whoever builds (a distribution shipping 10.11).
    let default = std::env::var("PERROR_DEFAULT_FLAVOR").ok();
    let out_dir = PathBuf::from(cargo_path("OUT_DIR"));
    // Flavors kept hot besides the default (`cargo xtask dist` names the packaged build's).
    let hot = std::env::var("PERROR_HOT_FLAVORS").unwrap_or_default();
    let mut hot_flavors = Vec::new();
    for name in hot.split(',').filter(|n| !n.is_empty()) {
        hot_flavors.push(catalog.default_flavor(Some(name))?.name.clone());
    }
    let build = BuildInfo {
        default_flavor: catalog.default_flavor(default.as_deref())?.name.clone(),
        hot_flavors,
        system_type: system_type(),
        machine_type: env("CARGO_CFG_TARGET_ARCH"),
        out_dir: out_dir.clone(),
    };
    perror_build::emit(&catalog, &build).write(&out_dir.join("catalog.rs"))
}

/// A directory cargo always names.
fn cargo_path(key: &str) -> std::ffi::OsString {
    std::env::var_os(key).unwrap_or_else(|| panic!("cargo sets {key}"))
}

/// A variable cargo sets for some targets; empty when it does not.
fn env(key: &str) -> String {
    std::env::var(key).unwrap_or_default()
}

/// The `for <system>` of the `--version` line: `PERROR_SYSTEM_TYPE`, or the target's OS
/// and environment (`linux-gnu`).
fn system_type() -> String {
    std::env::var("PERROR_SYSTEM_TYPE").unwrap_or_else(|_| {
        match (env("CARGO_CFG_TARGET_OS"), env("CARGO_CFG_TARGET_ENV")) {
            (os, target_env) if target_env.is_empty() => os,
            (os, target_env) => format!("{os}-{target_env}"),
        }
    })
}

/// Links libgcc's unwinder statically (what `gcc -static-libgcc` does) on GNU/Linux when
/// the host C compiler has `libgcc_eh.a`. std needs `_Unwind_*` for backtraces, and taking
/// them from libgcc_s.so.1 makes the loader open, map, version-check and relocate a second
/// library at every start, and search it for each of libc's symbols: ~20% of the
/// instructions of `perror 1158` in a PIE build. Listed before std's `-lgcc_s`, and as
/// rustc links with `--as-needed`, libgcc_s is then not needed at all.
/// `PERROR_SHARED_LIBGCC=1` keeps the shared one.
fn link_unwinder_statically() {
    println!("cargo:rerun-if-env-changed=PERROR_SHARED_LIBGCC");
    let native_linux_gnu = env("CARGO_CFG_TARGET_OS") == "linux"
        && env("CARGO_CFG_TARGET_ENV") == "gnu"
        && env("HOST") == env("TARGET")
        && !env("CARGO_CFG_TARGET_FEATURE")
            .split(',')
            .any(|f| f == "crt-static");
    if !native_linux_gnu || std::env::var_os("PERROR_SHARED_LIBGCC").is_some() {
        return;
    }
    // `cc -print-file-name=X` prints a full path when it has X, X alone otherwise.
    let found = std::process::Command::new("cc")
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|p| p.contains('/') && std::path::Path::new(p).is_file());
    if let Some(path) = found {
        if let Some(dir) = std::path::Path::new(&path).parent() {
            println!("cargo:rustc-link-search=native={}", dir.display());
            println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
        }
    }
}
