//! The generator on the repository's own `data/`: what the build reads loads, and so does
//! MySQL's directory, which is there but not yet registered in `flavors.tsv`.

use std::path::PathBuf;

use perror_build::model::{ServerRow, ServerSection, VersionStyle};
use perror_build::{BuildInfo, Catalog, DataDir, Options, Source, emit, load};

fn data() -> DataDir {
    DataDir::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data"))
}

/// `data/` with one more line in `flavors.tsv`.
struct Registering<'a> {
    data: DataDir,
    line: &'a str,
}

impl Source for Registering<'_> {
    fn read(&self, rel: &str) -> std::io::Result<String> {
        let text = self.data.read(rel)?;
        Ok(match rel {
            "flavors.tsv" => format!("{text}{}\n", self.line),
            _ => text,
        })
    }

    fn exists(&self, rel: &str) -> bool {
        self.data.exists(rel)
    }

    fn list(&self, rel: &str) -> std::io::Result<Vec<String>> {
        self.data.list(rel)
    }
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
fn the_registered_flavors_load_and_emit_with_one_section() {
    let catalog = load(&data(), &ALL).unwrap();
    assert!(catalog.flavors.len() >= 2);
    for f in &catalog.flavors {
        assert!(f.server.len() > 1000, "{}", f.name);
        assert!(f.server.iter().any(|r| !r.translations.is_empty()));
        assert!(f.symbols.len() > f.server.len(), "{}", f.name);
        let client = |r: &ServerRow| r.section == ServerSection::Client;
        assert!(f.server.iter().all(client), "{}", f.name);
    }
    assert!(catalog.write_ups.len() > 10);
    let code = generate(&catalog);
    for f in &catalog.flavors {
        let rows = format!("ServerEntry; {}] = [\n", f.server.len());
        assert!(code.contains(&rows), "{}", f.name);
    }
    assert!(!code.contains("ERROR_LOG_SECTIONS"));
}

#[test]
fn mysql_loads_and_leaves_the_mariadb_flavors_items_as_they_were() {
    let mysql = Registering {
        data: data(),
        line: "mysql-9.7\t9.7\tmysql\t9.7.4",
    };
    let with_mysql = load(&mysql, &ALL).unwrap();
    let f = with_mysql.flavors.last().unwrap();
    assert_eq!(
        (f.name.as_str(), f.version_style),
        ("mysql-9.7", VersionStyle::Mysql)
    );
    let first_log = f
        .server
        .iter()
        .position(|r| r.section == ServerSection::ErrorLog)
        .expect("rows from server-error-log.tsv");
    assert!(f.server[..first_log].iter().all(|r| r.code < 10000));
    assert!(
        f.server[first_log..]
            .iter()
            .all(|r| r.code >= 10000 && r.section == ServerSection::ErrorLog)
    );
    assert!(
        f.symbols
            .iter()
            .any(|s| s.key == "ER_XPLUGIN_IPV6_AVAILABLE")
    );

    // MySQL comes last, and texts enter the blob in order: everything up to the end of
    // the MariaDB flavors is byte for byte what the build without MySQL generates.
    let mysql_code = generate(&with_mysql);
    let mariadb_code = generate(&load(&data(), &ALL).unwrap());
    let end = mariadb_code.find("pub static FLAVORS").unwrap();
    assert_eq!(mysql_code[..end], mariadb_code[..end]);
    assert!(mysql_code[end..].starts_with("static MYSQL_9_7_SERVER_ROWS: "));
    assert!(mysql_code.contains("    version_style: VersionStyle::Mysql,\n"));
    assert!(mysql_code.contains("static ERROR_LOG_SECTIONS: [(Span, i32); 1] = [\n"));
}
