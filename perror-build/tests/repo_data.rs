//! The model on the repository's own `data/`.

use std::path::PathBuf;

use perror_build::{DataDir, Options, load};

fn data() -> DataDir {
    DataDir::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data"))
}

const ALL: Options = Options { translations: true };

#[test]
fn the_registered_flavors_load() {
    let catalog = load(&data(), &ALL).unwrap();
    assert!(catalog.flavors.len() >= 2);
    for f in &catalog.flavors {
        assert!(f.server.len() > 1000, "{}", f.name);
        assert!(f.server.iter().any(|r| !r.translations.is_empty()));
        assert!(f.symbols.len() > f.server.len(), "{}", f.name);
    }
    assert!(catalog.write_ups.len() > 10);
}
