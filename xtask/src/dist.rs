//! `cargo xtask dist` and `cargo xtask deb`: the static release binary, its man page and
//! completions under `target/dist/`, and the Debian package made of them.
//!
//! The static build is a command, not configuration: `-C target-feature=+crt-static` in a
//! global `rustflags` would also reach build scripts and proc-macros (which must stay
//! dynamic) whenever cargo builds for the host. Naming the target explicitly
//! (`--target x86_64-unknown-linux-gnu`) keeps the flags on perror alone.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cargo;

use perror::catalog::{Family, Flavor};

/// The flags of the shipped binary: glibc linked in statically, and not position
/// independent, so that nothing is relocated at start-up (the message tables are full of
/// pointers; a PIE fixes each one up before `main`).
pub const STATIC_RUSTFLAGS: &str = "-C target-feature=+crt-static -C relocation-model=static";

/// Where the packaged perror reads the flavor debian/postinst recorded for the host (the
/// release of the perror it replaced): compiled into the shipped binary, which is the one
/// the package installs (`perror::cli::installed`).
pub const FLAVOR_FILE: &str = "/var/lib/perror-rs/flavor";

/// What `dist` made.
pub struct Dist {
    pub target: String,
    /// The binary cargo built, `<target dir>/<triple>/release/perror`.
    pub binary: PathBuf,
    /// `<target dir>/dist/`: the binary, perror.1 and completions/.
    pub dir: PathBuf,
}

/// The host's target triple, as rustc names it.
pub fn host_triple() -> Result<String, String> {
    let out = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .arg("-vV")
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_string)
        .ok_or_else(|| "rustc -vV names no host".to_string())
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})"))
    }
}

/// Every flavor's texts hot in the packaged build: it answers by default as the release
/// its host's original is (`FLAVOR_FILE`), any of them, and a cold flavor's first lookup
/// decodes its whole segment (1.1 M instructions for `perror 1158` as mariadb-10.11).
fn hot_flavors() -> String {
    Flavor::all()
        .iter()
        .map(|f| f.name)
        .collect::<Vec<_>>()
        .join(",")
}

/// Builds the static release binary for `target` (default: the host) and puts it, the man
/// page and the completions in `<target dir>/dist/` (`target/` unless cargo is told
/// otherwise: [`crate::target_dir`]).
pub fn dist(root: &Path, target: Option<&str>) -> Result<Dist, String> {
    let target = match target {
        Some(t) => t.to_string(),
        None => host_triple()?,
    };
    if !target.contains("-linux-") {
        return Err(format!(
            "dist builds static Linux binaries; {target} is not a Linux target"
        ));
    }
    let mut rustflags = std::env::var("RUSTFLAGS").unwrap_or_default();
    if !rustflags.is_empty() {
        rustflags.push(' ');
    }
    rustflags.push_str(STATIC_RUSTFLAGS);
    run(cargo()
        .current_dir(root)
        .env("RUSTFLAGS", &rustflags)
        .env("PERROR_FLAVOR_FILE", FLAVOR_FILE)
        .env("PERROR_HOT_FLAVORS", hot_flavors())
        .args(["build", "--release", "--package", "perror", "--target"])
        .arg(&target))?;
    let target_dir = crate::target_dir(root)?;
    let binary = target_dir.join(&target).join("release/perror");
    let dir = target_dir.join("dist");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    std::fs::copy(&binary, dir.join("perror"))
        .map_err(|e| format!("cannot copy {}: {e}", binary.display()))?;
    crate::docs::generate(root, &dir)?;
    // Beside the binary too, where cargo-deb's `target/release/` assets find them
    // whatever the target directory is; the man page gzipped there, as Debian installs
    // man pages (cargo-deb compresses only what it did not find under target/release/).
    let beside = binary.parent().expect("the binary is in a directory");
    crate::docs::generate(root, beside)?;
    gzip(&beside.join(crate::docs::MAN_PAGE))?;
    check_static(&binary)?;
    Ok(Dist {
        target,
        binary,
        dir,
    })
}

/// Replaces `path` with `path.gz`, compressed at the best level and with no time stamp
/// in the header, so that the same page makes the same bytes.
fn gzip(path: &Path) -> Result<(), String> {
    use std::io::Write;
    let text = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    gz.write_all(&text)
        .and_then(|()| gz.finish())
        .and_then(|bytes| {
            let mut name = path.as_os_str().to_owned();
            name.push(".gz");
            std::fs::write(name, bytes)
        })
        .and_then(|()| std::fs::remove_file(path))
        .map_err(|e| format!("cannot gzip {}: {e}", path.display()))
}

/// Fails unless `binary` is an ELF file without a program interpreter (statically linked).
fn check_static(binary: &Path) -> Result<(), String> {
    let elf =
        std::fs::read(binary).map_err(|e| format!("cannot read {}: {e}", binary.display()))?;
    if elf.get(..4) != Some(b"\x7fELF") || elf.get(4) != Some(&2) || elf.get(5) != Some(&1) {
        return Err(format!(
            "{} is not a 64-bit little-endian ELF file",
            binary.display()
        ));
    }
    let u16_at = |o: usize| u16::from_le_bytes([elf[o], elf[o + 1]]) as usize;
    let u64_at = |o: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&elf[o..o + 8]);
        u64::from_le_bytes(b) as usize
    };
    let (phoff, phentsize, phnum) = (u64_at(0x20), u16_at(0x36), u16_at(0x38));
    const PT_INTERP: u32 = 3;
    let interp = (0..phnum).any(|i| {
        let o = phoff + i * phentsize;
        u32::from_le_bytes([elf[o], elf[o + 1], elf[o + 2], elf[o + 3]]) == PT_INTERP
    });
    if interp {
        return Err(format!(
            "{} is dynamically linked (it has a program interpreter)",
            binary.display()
        ));
    }
    Ok(())
}

/// `dist`, then cargo-deb on its output (`cargo install cargo-deb` first). Returns the
/// path of the .deb.
pub fn deb(root: &Path, target: Option<&str>) -> Result<PathBuf, String> {
    let dist = dist(root, target)?;
    let out = crate::target_dir(root)?.join("debian");
    let has_cargo_deb = cargo()
        .args(["deb", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_cargo_deb {
        return Err("cargo-deb is not installed: run `cargo install cargo-deb`".to_string());
    }
    let mut deb = cargo();
    deb.current_dir(root)
        .args(["deb", "--no-build", "--package", "perror", "--target"])
        .arg(&dist.target);
    if let Some(variant) = package_variant(Flavor::default_flavor().family()) {
        deb.args(["--variant", variant]);
    }
    let output = deb
        .arg("--output")
        .arg(&out)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo deb: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo deb failed ({})", output.status));
    }
    // cargo deb prints the package's path last.
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::trim)
        .rfind(|l| l.ends_with(".deb"))
        .map(PathBuf::from)
        .ok_or_else(|| format!("cargo deb named no .deb in {}", out.display()))
}

/// The cargo-deb variant (Cargo.toml's `package.metadata.deb.variants`) for a build whose
/// default flavor is of `family`: a MySQL build (`PERROR_DEFAULT_FLAVOR=mysql-9.7`, seen
/// by xtask's own perror too) is packaged as perror-rs-mysql, which says so in its name
/// and description and diverts MySQL's perror to perror.mysql (debian/preinst).
fn package_variant(family: Family) -> Option<&'static str> {
    match family {
        Family::MariaDb => None,
        Family::MySql => Some("mysql"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mysql_default_is_its_own_package() {
        assert_eq!(package_variant(Family::MariaDb), None);
        let variant = package_variant(Family::MySql).unwrap();
        // The variant must exist in the manifest, or cargo deb fails at release time.
        let manifest =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml")).unwrap();
        let section = format!("[package.metadata.deb.variants.{variant}]");
        let body = manifest.split(&section).nth(1).expect("variant section");
        let body = body.split("\n[").next().unwrap();
        assert!(body.contains("name = \"perror-rs-mysql\""), "{body}");
        // Its documentation goes under its own name, not perror-rs's.
        assert!(
            body.contains("usr/share/doc/perror-rs-mysql/README.md"),
            "{body}"
        );
        assert!(!body.contains("usr/share/doc/perror-rs/"), "{body}");
    }
}
