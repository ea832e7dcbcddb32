//! The flavors: `flavors.tsv`'s registrations, and each flavor's directory.

use std::collections::HashSet;

use super::code_table::{self, CodeRow};
use super::levels::{self, LogLevels};
use super::server::{self, ServerRow};
use super::symbols::{Symbol, Symbols};
use super::{Kind, Options};
use crate::source::{At, Source, read_tsv};
use crate::tsv::DataError;

/// One release perror reproduces (`mariadb-11.8`): its registration in `flavors.tsv` and
/// the tables of its directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flavor {
    /// The directory and `--flavor` name.
    pub name: String,
    /// Other `--flavor` names (`11.8`).
    pub aliases: Vec<String>,
    pub version_style: VersionStyle,
    /// The version the original perror reports for itself.
    pub perror_version: String,
    /// How the original forms the `Learn more:` link after a server error: a URL with
    /// `{code}` (and `{from}`, `{to}`: the hundred the code is in); empty for no line.
    pub learn_more: String,
    /// `provenance.tsv`'s `upstream_version` (`11.8.9`).
    pub upstream_version: String,
    /// `languages.tsv`, in the file's order.
    pub languages: Vec<Language>,
    /// In code order, with their translations when read.
    pub server: Vec<ServerRow>,
    pub handler: Vec<CodeRow>,
    pub client: Vec<CodeRow>,
    pub global: Vec<CodeRow>,
    /// Every name and alias, sorted by key.
    pub symbols: Vec<Symbol>,
    /// The levels each error-log message is logged at (MySQL), in code order; empty
    /// without `error-log-levels.tsv`.
    pub log_levels: Vec<LogLevels>,
}

/// The shape of the original's `--version` line (catalog::VersionStyle).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionStyle {
    /// `perror Ver 2.11, for …` (MariaDB 10.11).
    Ver,
    /// `perror from 11.8.9-MariaDB, client 2.11 for …` (MariaDB 11).
    From,
    /// MySQL's (`perror  Ver 9.7.4-2 for Linux on x86_64 (…)`); it also says which
    /// original the flavor reproduces.
    Mysql,
}

impl VersionStyle {
    /// Whose perror the flavor reproduces, and so which family's write-ups it shows.
    pub fn product(self) -> super::Product {
        match self {
            VersionStyle::Ver | VersionStyle::From => super::Product::MariaDb,
            VersionStyle::Mysql => super::Product::MySql,
        }
    }

    /// `flavors.tsv`'s spelling.
    fn parse(text: &str) -> Option<VersionStyle> {
        match text {
            "ver" => Some(VersionStyle::Ver),
            "from" => Some(VersionStyle::From),
            "mysql" => Some(VersionStyle::Mysql),
            _ => None,
        }
    }
}

/// A language of the server's messages: its code (`ger`) and name (`german`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    pub name: String,
}

/// A line of `flavors.tsv`.
struct Registration {
    name: String,
    aliases: Vec<String>,
    version_style: VersionStyle,
    perror_version: String,
    learn_more: String,
}

const HEADER: [&str; 5] = [
    "flavor",
    "aliases",
    "version_style",
    "perror_version",
    "learn_more",
];

/// What a `learn_more` link may hold besides text.
const LINK_FIELDS: [&str; 3] = ["{code}", "{from}", "{to}"];

/// Every flavor `flavors.tsv` registers, each loaded from its directory.
pub(crate) fn load_all(source: &dyn Source, options: &Options) -> Result<Vec<Flavor>, DataError> {
    let rel = "flavors.tsv";
    let mut names_seen = HashSet::new();
    let mut flavors = Vec::new();
    for record in &read_tsv(source, rel, &HEADER)? {
        let registration = register(At::new(rel, record), &mut names_seen)?;
        flavors.push(load(source, registration, options)?);
    }
    if flavors.is_empty() {
        return Err(DataError {
            file: format!("data/{rel}"),
            line: 1,
            reason: "no flavor is registered".into(),
        });
    }
    Ok(flavors)
}

/// Checks a registration: names and aliases unique across flavors, a known version style.
fn register(at: At, names_seen: &mut HashSet<String>) -> Result<Registration, DataError> {
    let name = at.field(0).to_string();
    let aliases: Vec<String> = at
        .field(1)
        .split(',')
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect();
    for n in std::iter::once(&name).chain(&aliases) {
        if !names_seen.insert(n.clone()) {
            return Err(at.error(format!("flavor name {n:?} is used twice")));
        }
    }
    let version_style = VersionStyle::parse(at.field(2)).ok_or_else(|| {
        at.error(format!(
            "version_style {:?} is not `from`, `ver` or `mysql`",
            at.field(2)
        ))
    })?;
    let learn_more = at.field(4).to_string();
    let mut rest = learn_more.replace(LINK_FIELDS[0], "");
    for field in &LINK_FIELDS[1..] {
        rest = rest.replace(field, "");
    }
    if rest.contains(['{', '}']) || (!learn_more.is_empty() && !learn_more.contains("{code}")) {
        return Err(at.error(format!(
            "learn_more {learn_more:?} must hold {{code}}, and no field but {}",
            LINK_FIELDS.join(", ")
        )));
    }
    Ok(Registration {
        name,
        aliases,
        version_style,
        perror_version: at.field(3).to_string(),
        learn_more,
    })
}

/// Loads a registered flavor's directory.
fn load(source: &dyn Source, reg: Registration, options: &Options) -> Result<Flavor, DataError> {
    let dir = reg.name.as_str();
    let upstream_version = upstream_version(source, dir)?;
    let languages = languages(source, dir)?;
    let mut symbols = Symbols::default();
    let mut server = server::load(source, dir, &mut symbols)?;
    let mut table = |file: &str, kind: Kind| {
        code_table::load(source, &format!("{dir}/{file}"), kind, &mut symbols)
    };
    let handler = table("handler.tsv", Kind::Handler)?;
    let client = table("client.tsv", Kind::Client)?;
    let global = table("global.tsv", Kind::Global)?;
    aliases(source, dir, &mut symbols)?;
    let log_levels = levels::load(source, dir, &server)?;
    // Other languages' texts are compiled in only with the `translations` feature, so an
    // English-only build stays lean.
    if options.translations {
        server::load_translations(source, dir, &languages, &mut server)?;
    }
    Ok(Flavor {
        name: reg.name,
        aliases: reg.aliases,
        version_style: reg.version_style,
        perror_version: reg.perror_version,
        learn_more: reg.learn_more,
        upstream_version,
        languages,
        server,
        handler,
        client,
        global,
        symbols: symbols.into_sorted(),
        log_levels,
    })
}

fn upstream_version(source: &dyn Source, dir: &str) -> Result<String, DataError> {
    let rel = format!("{dir}/provenance.tsv");
    read_tsv(source, &rel, &["key", "value"])?
        .iter()
        .find(|r| r.get(0) == "upstream_version")
        .map(|r| r.get(1).to_string())
        .ok_or_else(|| DataError {
            file: format!("data/{rel}"),
            line: 1,
            reason: "no upstream_version".into(),
        })
}

fn languages(source: &dyn Source, dir: &str) -> Result<Vec<Language>, DataError> {
    let records = read_tsv(source, &format!("{dir}/languages.tsv"), &["code", "name"])?;
    Ok(records
        .iter()
        .map(|r| Language {
            code: r.get(0).to_string(),
            name: r.get(1).to_string(),
        })
        .collect())
}

fn aliases(source: &dyn Source, dir: &str, symbols: &mut Symbols) -> Result<(), DataError> {
    let rel = format!("{dir}/aliases.tsv");
    for record in &read_tsv(source, &rel, &["alias", "name"])? {
        let at = At::new(&rel, record);
        symbols
            .add_alias(at.field(0), at.field(1))
            .map_err(|e| at.error(e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use crate::model::{ServerSection, load as load_catalog};
    use crate::source::Memory;

    fn flavors(data: &Memory) -> Result<Vec<Flavor>, DataError> {
        load_all(data, &fixture::ALL)
    }

    fn error(data: Memory) -> String {
        flavors(&data).unwrap_err().to_string()
    }

    #[test]
    fn the_fixture_loads_into_the_expected_rows() {
        let all = flavors(&fixture::data()).unwrap();
        let [tiny1, tiny2] = &all[..] else {
            panic!("two flavors")
        };
        assert_eq!(
            (tiny1.name.as_str(), tiny1.aliases.as_slice()),
            ("tiny-1.0", ["t1".to_string(), "1.0".to_string()].as_slice())
        );
        assert_eq!(tiny1.version_style, VersionStyle::From);
        assert_eq!(tiny2.version_style, VersionStyle::Mysql);
        assert_eq!(
            (
                tiny1.upstream_version.as_str(),
                tiny1.perror_version.as_str()
            ),
            ("1.0.3", "2.11")
        );
        assert_eq!(
            tiny1.languages,
            [("eng", "english"), ("ger", "german")].map(|(code, name)| Language {
                code: code.into(),
                name: name.into()
            })
        );
        let codes = |rows: &[ServerRow]| rows.iter().map(|r| r.code).collect::<Vec<_>>();
        assert_eq!(codes(&tiny1.server), [1000, 1002, 1005]);
        assert_eq!(codes(&tiny2.server), [1000, 3227, 3500, 10000, 13175]);
        assert_eq!(
            tiny2.server.iter().map(|r| r.section).collect::<Vec<_>>(),
            [
                ServerSection::Client,
                ServerSection::Client,
                ServerSection::Client,
                ServerSection::ErrorLog,
                ServerSection::ErrorLog
            ]
        );
        let no = &tiny1.server[1];
        assert_eq!(
            (
                no.name.as_str(),
                no.sqlstate.as_str(),
                no.odbc_state.as_str(),
                no.message.as_str()
            ),
            ("ER_NO", "HY000", "S1000", "NO")
        );
        let translations: Vec<(usize, &str)> = no
            .translations
            .iter()
            .map(|t| (t.lang, t.message.as_str()))
            .collect();
        assert_eq!(translations, [(1, "Nein"), (0, "No")]);
        assert_eq!(tiny1.handler[1].name, "", "handler 125 has no name");
        assert_eq!(tiny1.client[0].message, "Unknown error");
        assert!(tiny2.global.is_empty());
    }

    #[test]
    fn symbols_are_sorted_keys_with_aliases_and_first_retired_name() {
        let all = flavors(&fixture::data()).unwrap();
        let keys = |f: &Flavor| -> Vec<(String, Kind, i32)> {
            f.symbols
                .iter()
                .map(|s| (s.key.clone(), s.kind, s.code))
                .collect()
        };
        let s = |k: &str, kind, code| (k.to_string(), kind, code);
        assert_eq!(
            keys(&all[0]),
            [
                s("CR_UNKNOWN_ERROR", Kind::Client, 2000),
                s("EE_CANTCREATEFILE", Kind::Global, 1),
                s("ER_CANT_CREATE_TABLE", Kind::Server, 1005),
                s("ER_HASHCHK", Kind::Server, 1000),
                s("ER_NO", Kind::Server, 1002),
                s("HA_ERR_KEY_NOT_FOUND", Kind::Handler, 120),
                s("HA_ERR_RECORD_IS_MISSING", Kind::Handler, 120),
            ]
        );
        assert_eq!(
            keys(&all[1]),
            [
                s("CR_UNKNOWN_ERROR", Kind::Client, 2000),
                s("ER_HASHCHK", Kind::Server, 1000),
                s("ER_IPV6", Kind::Server, 3500),
                s("ER_PARSER_TRACE", Kind::Server, 10000),
                s("ER_XPLUGIN_IPV6_AVAILABLE", Kind::Server, 3500),
                s("HA_ERR_KEY_NOT_FOUND", Kind::Handler, 120),
                s("OBSOLETE_ER_X", Kind::Server, 3227),
            ]
        );
        let spelled: Vec<&str> = all[1].symbols.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            spelled[4], "ER_XPLUGIN_IPv6_AVAILABLE",
            "as server.tsv spells it"
        );
        assert_eq!(spelled[2], "ER_IPV6", "an alias as its key");
    }

    #[test]
    fn bad_registrations_name_flavors_tsv_and_line() {
        let reg = "flavors.tsv";
        let head = "flavor|aliases|version_style|perror_version|learn_more";
        for (lines, want) in [
            (
                vec![head, "tiny-1.0|t1|from|2|", "tiny-2.0|t1|ver|2|"],
                "data/flavors.tsv:3: flavor name \"t1\" is used twice",
            ),
            (
                vec![head, "tiny-1.0|tiny-1.0|from|2|"],
                "data/flavors.tsv:2: flavor name \"tiny-1.0\" is used twice",
            ),
            (
                vec![head, "tiny-1.0||newest|2|"],
                "data/flavors.tsv:2: version_style \"newest\" is not `from`, `ver` or `mysql`",
            ),
            (vec![head], "data/flavors.tsv:1: no flavor is registered"),
            (
                vec![head, "tiny-1.0||from|2|https://example.org/{id}"],
                "data/flavors.tsv:2: learn_more \"https://example.org/{id}\" must hold {code}, \
                 and no field but {code}, {from}, {to}",
            ),
            (
                vec!["flavor|aliases"],
                "data/flavors.tsv:1: header is \"flavor\\taliases\", expected \
                 \"flavor\\taliases\\tversion_style\\tperror_version\\tlearn_more\"",
            ),
            (
                vec![head, "tiny-3.0||from|2|"],
                "data/tiny-3.0/provenance.tsv:0: cannot read: entity not found",
            ),
        ] {
            assert_eq!(error(fixture::with_tsv(reg, &lines)), want);
        }
    }

    #[test]
    fn bad_flavor_files_name_file_and_line() {
        let alias = "alias|name";
        for (rel, lines, want) in [
            (
                "tiny-1.0/provenance.tsv",
                vec!["key|value", "source|VERSION"],
                "data/tiny-1.0/provenance.tsv:1: no upstream_version",
            ),
            (
                "tiny-1.0/languages.tsv",
                vec!["code|language"],
                "data/tiny-1.0/languages.tsv:1: header is \"code\\tlanguage\", expected \"code\\tname\"",
            ),
            (
                "tiny-1.0/aliases.tsv",
                vec![alias, "HA_X|HA_ERR_NOPE"],
                "data/tiny-1.0/aliases.tsv:2: HA_ERR_NOPE is not a known name",
            ),
            (
                "tiny-1.0/aliases.tsv",
                vec![alias, "ER_NO|ER_HASHCHK"],
                "data/tiny-1.0/aliases.tsv:2: alias ER_NO is already a name",
            ),
            (
                "tiny-2.0/aliases.tsv",
                vec![alias, "ER_IPv6|ER_HASHCHK"],
                "data/tiny-2.0/aliases.tsv:2: alias ER_IPv6 is not upper case",
            ),
            (
                "tiny-1.0/handler.tsv",
                vec!["code|name|message", "1|ER_NO|x"],
                "data/tiny-1.0/handler.tsv:2: name ER_NO is used twice",
            ),
            (
                "tiny-1.0/global.tsv",
                vec!["code|name|message", "1|CR_UNKNOWN_ERROR|x"],
                "data/tiny-1.0/global.tsv:2: name CR_UNKNOWN_ERROR is used twice",
            ),
            (
                "tiny-2.0/server-translations.tsv",
                vec!["code|lang|message", "3228|eng|x"],
                "data/tiny-2.0/server-translations.tsv:2: code 3228 is in no server file",
            ),
        ] {
            assert_eq!(error(fixture::with_tsv(rel, &lines)), want, "{rel}");
        }
        let without = |rel: &str| error(fixture::data().without(rel));
        assert_eq!(
            without("tiny-1.0/client.tsv"),
            "data/tiny-1.0/client.tsv:0: cannot read: entity not found"
        );
        let catalog = load_catalog(
            &fixture::data().without("tiny-2.0/server-error-log.tsv"),
            &fixture::ALL,
        );
        assert_eq!(
            catalog.unwrap_err().to_string(),
            "data/tiny-2.0/server-translations.tsv:2: code 10000 is in no server file",
            "the error-log file is optional"
        );
    }
}
