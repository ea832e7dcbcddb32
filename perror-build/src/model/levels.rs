//! `error-log-levels.tsv` (MySQL flavors): the levels the server logs each error-log
//! message at, as its call sites give them. Optional: MariaDB's tables have no such file.

use super::server::ServerRow;
use crate::source::{At, Source, read_tsv};
use crate::tsv::DataError;

/// The file, relative to the flavor's directory.
pub const FILE: &str = "error-log-levels.tsv";

const HEADER: [&str; 3] = ["code", "name", "levels"];

/// One bit per level, as catalog::LogLevels reads them.
pub const LEVEL_BITS: [(&str, u8); 4] = [
    ("ERROR", 1),
    ("WARNING", 2),
    ("INFORMATION", 4),
    ("SYSTEM", 8),
];

/// A code and the levels it is logged at, as [`LEVEL_BITS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogLevels {
    pub code: i32,
    pub levels: u8,
}

/// The flavor's levels in code order, each code a server error of the same name; empty
/// when the flavor has no levels file.
pub(crate) fn load(
    source: &dyn Source,
    dir: &str,
    server: &[ServerRow],
) -> Result<Vec<LogLevels>, DataError> {
    let rel = format!("{dir}/{FILE}");
    if !source.exists(&rel) {
        return Ok(Vec::new());
    }
    let mut rows: Vec<LogLevels> = Vec::new();
    for record in &read_tsv(source, &rel, &HEADER)? {
        let at = At::new(&rel, record);
        let code = at.code(0)?;
        if rows.last().is_some_and(|r| r.code >= code) {
            return Err(at.error(format!("code {code} is out of order or repeated")));
        }
        let known = server
            .binary_search_by_key(&code, |r| r.code)
            .ok()
            .is_some_and(|i| server[i].name == at.field(1));
        if !known {
            return Err(at.error(format!(
                "{code} {} is no server error of the flavor",
                at.field(1)
            )));
        }
        let mut levels = 0;
        for name in at.field(2).split(',') {
            let bit = LEVEL_BITS
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| at.error(format!("{name:?} is no level")))?;
            levels |= bit.1;
        }
        rows.push(LogLevels { code, levels });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use crate::model::load as load_catalog;

    const HEAD: &str = "code\tname\tlevels\n";

    #[test]
    fn levels_are_bits_and_every_code_a_server_error() {
        let data = fixture::data();
        let flavors = load_catalog(&data, &fixture::ALL).unwrap().flavors;
        let server = &flavors[1].server;
        let first = &server[server.len() - 1];
        let good = format!("{HEAD}{}\t{}\tERROR,INFORMATION\n", first.code, first.name);
        let rows = load(
            &data.clone().with("x/error-log-levels.tsv", &good),
            "x",
            server,
        )
        .unwrap();
        assert_eq!(
            rows,
            [LogLevels {
                code: first.code,
                levels: 1 | 4
            }]
        );
        assert_eq!(load(&data, "x", server).unwrap(), []);
        for (bad, why) in [
            (
                format!("{}\tER_NOPE\tERROR\n", first.code),
                "no server error",
            ),
            (
                format!("{}\t{}\tDEBUG\n", first.code, first.name),
                "no level",
            ),
        ] {
            let data = data
                .clone()
                .with("x/error-log-levels.tsv", &format!("{HEAD}{bad}"));
            let e = load(&data, "x", server).unwrap_err();
            assert!(e.reason.contains(why), "{e}");
        }
    }
}
