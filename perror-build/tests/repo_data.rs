//! The generator on the repository's own `data/`.

use std::path::PathBuf;

use perror_build::{BuildInfo, DataDir, Options, emit, load};

fn data() -> DataDir {
    DataDir::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data"))
}

const ALL: Options = Options { translations: true };

#[test]
fn the_registered_flavors_load_and_emit() {
    let catalog = load(&data(), &ALL).unwrap();
    assert!(catalog.flavors.len() >= 2);
    for f in &catalog.flavors {
        assert!(f.server.len() > 1000, "{}", f.name);
        assert!(f.server.iter().any(|r| !r.translations.is_empty()));
        assert!(f.symbols.len() > f.server.len(), "{}", f.name);
    }
    assert!(catalog.write_ups.len() > 10);
    let build = BuildInfo {
        default_flavor: catalog.flavors[0].name.clone(),
        system_type: "linux-gnu".into(),
        machine_type: "x86_64".into(),
    };
    let code = emit(&catalog, &build);
    for f in &catalog.flavors {
        let rows = format!("ServerEntry; {}] = [\n", f.server.len());
        assert!(code.contains(&rows), "{}", f.name);
    }
}
