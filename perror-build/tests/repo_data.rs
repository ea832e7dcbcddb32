//! The generator on the repository's own `data/`: what the build reads loads, MySQL's
//! directory with its two server files and mixed-case names included, and emits with
//! every flavor as the default.

use std::path::PathBuf;

use perror_build::emit::SEGMENT_SHIFT;
use perror_build::model::{ServerSection, VersionStyle};
use perror_build::{BuildInfo, Catalog, DataDir, Options, emit, load};

fn data() -> DataDir {
    DataDir::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data"))
}

const ALL: Options = Options { translations: true };

fn build(default_flavor: &str) -> BuildInfo {
    BuildInfo {
        default_flavor: default_flavor.into(),
        hot_flavors: Vec::new(),
        system_type: "linux-gnu".into(),
        machine_type: "x86_64".into(),
        out_dir: PathBuf::from("/out"),
    }
}

fn catalog() -> Catalog {
    load(&data(), &ALL).unwrap()
}

#[test]
fn the_registered_flavors_load_mysqls_with_both_server_files() {
    let catalog = catalog();
    let names: Vec<&str> = catalog.flavors.iter().map(|f| f.name.as_str()).collect();
    assert!(names.contains(&"mysql-9.7"), "{names:?}");
    for f in &catalog.flavors {
        assert!(f.server.len() > 1000, "{}", f.name);
        assert!(f.server.iter().any(|r| !r.translations.is_empty()));
        assert!(f.symbols.len() > f.server.len() / 2, "{}", f.name);
        let first_log = f
            .server
            .iter()
            .position(|r| r.section == ServerSection::ErrorLog);
        match f.version_style {
            VersionStyle::Mysql => {
                // MySQL's error-log messages, all after (and above) the clients'.
                let at = first_log.expect("rows from server-error-log.tsv");
                assert!(f.server[..at].iter().all(|r| r.code < 10000));
                let log = &f.server[at..];
                assert!(log.iter().all(|r| r.section == ServerSection::ErrorLog));
                let mixed = f
                    .symbols
                    .iter()
                    .find(|s| s.key == "ER_XPLUGIN_IPV6_AVAILABLE");
                assert_eq!(
                    mixed.map(|s| s.name.as_str()),
                    Some("ER_XPLUGIN_IPv6_AVAILABLE")
                );
            }
            _ => assert_eq!(first_log, None, "{}: one server file", f.name),
        }
    }
    assert!(catalog.write_ups.len() > 10);
}

#[test]
fn every_flavor_can_be_the_default_and_its_english_is_then_hot() {
    let catalog = catalog();
    for f in &catalog.flavors {
        let g = emit(&catalog, &build(&f.name));
        for other in &catalog.flavors {
            // The default flavor's server rows are an array; another's are bytes in a
            // cold segment, as are its symbols and its English.
            let ident = other.name.to_uppercase().replace(['-', '.'], "_");
            let hot = format!(
                "static {ident}_SERVER_ROWS: [ServerEntry; {}] = [\n",
                other.server.len()
            );
            let cold =
                format!("static {ident}_SERVER_ROWS: ColdRows<ServerEntry> = ColdRows::new(");
            let is_default = other.name == f.name;
            assert_eq!(g.code.contains(&hot), is_default, "{}", other.name);
            assert_eq!(g.code.contains(&cold), !is_default, "{}", other.name);
            for segment in ["", " server rows", " symbols"] {
                let comment = format!("\n    // {}{segment}\n", other.name);
                assert_eq!(g.code.contains(&comment), !is_default, "{comment}");
            }
        }
        let hot = g
            .code
            .lines()
            .find_map(|l| l.strip_prefix("static TEXT: &str = "))
            .unwrap();
        // The default flavor's first server message is hot (Debug-quoted as in TEXT).
        let first = format!("{:?}", f.server[0].message);
        assert!(hot.contains(first.trim_matches('"')), "{}", f.name);
        // One file per cold segment: each flavor's translation index, the translations,
        // the English, server rows and symbols of each flavor that is not the default, and
        // the write-ups.
        let others = catalog.flavors.len() - 1;
        assert_eq!(
            g.cold.len(),
            catalog.flavors.len() + 1 + 3 * others + 1,
            "{}",
            f.name
        );
    }
}

#[test]
fn catalog_rs_reads_the_segment_from_the_bits_the_emitter_puts_it_in() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../src/catalog.rs");
    let catalog_rs = std::fs::read_to_string(path).unwrap();
    let shift = format!("    const SEGMENT_SHIFT: u32 = {SEGMENT_SHIFT};\n");
    assert_eq!(catalog_rs.matches(&shift).count(), 1, "{shift}");
}

#[test]
fn catalog_rs_numbers_the_write_up_kinds_as_the_emitter_does() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../src/catalog.rs");
    let catalog_rs = std::fs::read_to_string(path).unwrap();
    let list = perror_build::model::KINDS
        .iter()
        .map(|k| format!("{k:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let declared = format!(
        "const WRITE_UP_KINDS: [&str; {}] = [\n    {list},\n];",
        perror_build::model::KINDS.len()
    );
    assert_eq!(catalog_rs.matches(&declared).count(), 1, "{declared}");
}
