//! The generator on the repository's own `data/`: what the build reads loads, MySQL's
//! directory (registered in `flavors.tsv` on main) with its two server files included.

use std::path::PathBuf;

use perror_build::model::{ServerSection, VersionStyle};
use perror_build::{BuildInfo, Catalog, DataDir, Options, emit, load};

fn data() -> DataDir {
    DataDir::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data"))
}

const ALL: Options = Options { translations: true };

fn generate(catalog: &Catalog) -> String {
    let build = BuildInfo {
        default_flavor: catalog.flavors[0].name.clone(),
        system_type: "linux-gnu".into(),
        machine_type: "x86_64".into(),
    };
    emit(catalog, &build)
}

#[test]
fn the_registered_flavors_load_and_emit_mysqls_with_two_sections() {
    let catalog = load(&data(), &ALL).unwrap();
    assert!(catalog.flavors.len() >= 2);
    for f in &catalog.flavors {
        assert!(f.server.len() > 1000, "{}", f.name);
        assert!(f.server.iter().any(|r| !r.translations.is_empty()));
        let first_log = f
            .server
            .iter()
            .position(|r| r.section == ServerSection::ErrorLog);
        if f.version_style == VersionStyle::Mysql {
            let at = first_log.expect("rows from server-error-log.tsv");
            assert!(f.server[..at].iter().all(|r| r.code < 10000));
            assert!(f.server[at..].iter().all(|r| r.code >= 10000));
            assert!(
                f.symbols
                    .iter()
                    .any(|s| s.key == "ER_XPLUGIN_IPV6_AVAILABLE")
            );
        } else {
            assert_eq!(first_log, None, "{}", f.name);
        }
    }
    assert!(catalog.write_ups.len() > 10);
    let code = generate(&catalog);
    for f in &catalog.flavors {
        let rows = format!("ServerEntry; {}] = [\n", f.server.len());
        assert!(code.contains(&rows), "{}", f.name);
    }
}
