//! `cargo xtask <task>`: developer tasks that are not part of the shipped binary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xtask::import;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  import [--check] [UPSTREAM]   regenerate data/ from UPSTREAM (default ../shared/upstream);
                                with --check, compare instead of writing and fail on a difference
  golden [ORACLE_BIN]           regenerate tests/golden/ from the reference binaries
                                (default: $PERROR_ORACLES/bin or ~/.cache/perror-oracles/bin;
                                ../shared/oracle/install-oracles.sh installs them)
  docs [OUT_DIR]                write the man page perror.1 and the bash, zsh and fish
                                completions (OUT_DIR/completions/) from the option
                                declaration (default OUT_DIR: target/dist)
  dist [--target TRIPLE]        build the static release binary (glibc, crt-static, non-PIE)
                                and put it in target/dist/ with the man page and completions
  deb [--target TRIPLE]         dist, then the Debian package with cargo-deb (--no-build),
                                in target/debian/ (PERROR_DEFAULT_FLAVOR=mysql-9.7: perror-rs-mysql)

target/ is cargo's target directory, wherever cargo puts it (CARGO_TARGET_DIR included).
The Debian packages' install test is tests/package-test.sh (root).
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("import") => run_import(&args[1..]),
        Some("golden") => run_golden(&args[1..]),
        Some("docs") => run_docs(&args[1..]),
        Some("dist") => run_dist(&args[1..]).map(|_| ()),
        Some("deb") => run_deb(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {}", message.trim_end());
            ExitCode::FAILURE
        }
    }
}

/// The repository root: xtask lives one level below it.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the repository")
        .to_path_buf()
}

fn run_import(args: &[String]) -> Result<(), String> {
    let check = args.iter().any(|a| a == "--check");
    let rest: Vec<&String> = args.iter().filter(|a| *a != "--check").collect();
    let upstream = match rest.as_slice() {
        [] => root().join("../shared/upstream"),
        [dir] => PathBuf::from(dir),
        _ => return Err(USAGE.to_string()),
    };
    let data = root().join("data");
    let mut outputs: Vec<(PathBuf, String)> = Vec::new();

    let mut trees: Vec<PathBuf> = std::fs::read_dir(&upstream)
        .map_err(|e| format!("cannot read {}: {e}", upstream.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| import::layout_of(p).is_some())
        .collect();
    trees.sort();
    if trees.is_empty() {
        return Err(format!(
            "no source tree (a directory with VERSION or MYSQL_VERSION) in {}",
            upstream.display()
        ));
    }
    let registered = std::fs::read_to_string(data.join("flavors.tsv")).unwrap_or_default();
    for tree in &trees {
        let flavor = import::import_tree(tree).map_err(|e| e.to_string())?;
        for w in &flavor.warnings {
            eprintln!("xtask: warning: {w}");
        }
        if !registered
            .lines()
            .any(|l| l.split('\t').next() == Some(flavor.name.as_str()))
        {
            eprintln!(
                "xtask: note: {} ({}) is not in data/flavors.tsv; add a line there to build it",
                flavor.name, flavor.version
            );
        }
        for (file, contents) in flavor.files {
            outputs.push((data.join(&flavor.name).join(file), contents));
        }
    }
    let bdb = upstream.join("bdb-errors.tsv");
    outputs.push((
        data.join("bdb.tsv"),
        import::import_bdb(&bdb).map_err(|e| e.to_string())?,
    ));

    if check {
        let stale: Vec<String> = outputs
            .iter()
            .filter(|(path, contents)| {
                std::fs::read_to_string(path).ok().as_deref() != Some(contents.as_str())
            })
            .map(|(path, _)| path.display().to_string())
            .collect();
        if !stale.is_empty() {
            return Err(format!(
                "data/ differs from what {} gives; run `cargo xtask import` and review:\n  {}",
                upstream.display(),
                stale.join("\n  ")
            ));
        }
        println!(
            "data/ matches {} ({} files)",
            upstream.display(),
            outputs.len()
        );
        return Ok(());
    }
    xtask::write_files(&outputs)?;
    println!("wrote {} files under {}", outputs.len(), data.display());
    Ok(())
}

/// Where install-oracles.sh puts the reference binaries by default.
pub fn oracle_bin() -> PathBuf {
    match std::env::var_os("PERROR_ORACLES") {
        Some(dir) => PathBuf::from(dir).join("bin"),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/perror-oracles/bin"),
    }
}

fn run_golden(args: &[String]) -> Result<(), String> {
    let bin = match args {
        [] => oracle_bin(),
        [dir] => PathBuf::from(dir),
        _ => return Err(USAGE.to_string()),
    };
    for path in xtask::golden::generate(&root(), &bin)? {
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn run_docs(args: &[String]) -> Result<(), String> {
    let out = match args {
        [] => xtask::target_dir(&root())?.join("dist"),
        [dir] => PathBuf::from(dir),
        _ => return Err(USAGE.to_string()),
    };
    for path in xtask::docs::generate(&root(), &out)? {
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn target_option(args: &[String]) -> Result<Option<&str>, String> {
    match args {
        [] => Ok(None),
        [flag, triple] if flag == "--target" => Ok(Some(triple)),
        _ => Err(USAGE.to_string()),
    }
}

fn run_dist(args: &[String]) -> Result<xtask::dist::Dist, String> {
    let dist = xtask::dist::dist(&root(), target_option(args)?)?;
    let size = std::fs::metadata(&dist.binary).map_or(0, |m| m.len());
    println!(
        "{}: static, {} bytes ({:.1} MB)",
        dist.binary.display(),
        size,
        size as f64 / 1e6
    );
    println!("{}: perror, perror.1, completions/", dist.dir.display());
    Ok(dist)
}

fn run_deb(args: &[String]) -> Result<(), String> {
    let deb = xtask::dist::deb(&root(), target_option(args)?)?;
    println!("{}", deb.display());
    Ok(())
}
