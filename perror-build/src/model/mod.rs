//! Stage 1: `data/` loaded and checked into typed rows (data/README.md describes the
//! files). Every check of the data is made here, so the emitter can trust the model.

mod code_table;
mod explain;
mod flavor;
mod levels;
mod locales;
mod server;
mod sqlstates;
mod symbols;

pub use code_table::CodeRow;
pub use explain::{
    Body, Doc, FrontMatter, KINDS, Product, StatedDefault, WriteUp, parse_doc, parse_front, resolve,
};
pub use flavor::{Flavor, Language, VersionStyle};
pub use levels::{LEVEL_BITS, LogLevels};
pub use locales::Locale;
pub use server::{ServerRow, ServerSection, Translated};
pub use sqlstates::SqlState;
pub use symbols::{Symbol, check_name, upper_key};

use crate::source::Source;
use crate::tsv::DataError;

/// What to load beyond what every build needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Read the server messages' other languages (`server-translations.tsv`), for the
    /// `translations` feature. Without it those files are neither read nor checked.
    pub translations: bool,
}

/// The table an error comes from (catalog::Kind, less `Os`, whose texts are libc's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Handler,
    Bdb,
    Server,
    Client,
    Global,
}

/// Everything `data/` holds, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// In `flavors.tsv`'s order; never empty.
    pub flavors: Vec<Flavor>,
    /// perror's legacy Berkeley DB codes, shared by every flavor.
    pub bdb: Vec<CodeRow>,
    /// Sorted by state.
    pub sqlstates: Vec<SqlState>,
    /// Sorted by locale name.
    pub locales: Vec<Locale>,
    /// `data/explain/`, in file-name order.
    pub write_ups: Vec<WriteUp>,
    /// Whether the flavors' translations were read ([`Options::translations`]).
    pub translations: bool,
}

/// Loads and checks every file of `data/`, in a fixed order: the first bad file met
/// is the error.
pub fn load(source: &dyn Source, options: &Options) -> Result<Catalog, DataError> {
    let flavors = flavor::load_all(source, options)?;
    let bdb = code_table::load(source, "bdb.tsv", Kind::Bdb, &mut Default::default())?;
    let sqlstates = sqlstates::load(source)?;
    let locales = locales::load(source, &flavors)?;
    let write_ups = explain::load(source)?;
    explain::check_flavors(&write_ups, &flavors)?;
    Ok(Catalog {
        flavors,
        bdb,
        sqlstates,
        locales,
        write_ups,
        translations: options.translations,
    })
}

impl Catalog {
    /// The flavor a build makes the default: the one named by `requested` (a name or an
    /// alias, from `PERROR_DEFAULT_FLAVOR`), the first registered otherwise.
    pub fn default_flavor(&self, requested: Option<&str>) -> Result<&Flavor, DataError> {
        let Some(wanted) = requested.filter(|v| !v.is_empty()) else {
            return Ok(&self.flavors[0]);
        };
        self.flavors
            .iter()
            .find(|f| f.name == wanted || f.aliases.iter().any(|a| a == wanted))
            .ok_or_else(|| {
                let known: Vec<&str> = self.flavors.iter().map(|f| f.name.as_str()).collect();
                DataError {
                    file: "PERROR_DEFAULT_FLAVOR".into(),
                    line: 0,
                    reason: format!(
                        "{wanted:?} is not a registered flavor ({})",
                        known.join(", ")
                    ),
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn the_default_flavor_is_the_first_unless_one_is_named() {
        let catalog = load(&fixture::data(), &fixture::ALL).unwrap();
        assert_eq!(catalog.default_flavor(None).unwrap().name, "tiny-1.0");
        assert_eq!(catalog.default_flavor(Some("")).unwrap().name, "tiny-1.0");
        assert_eq!(catalog.default_flavor(Some("t2")).unwrap().name, "tiny-2.0");
        let e = catalog.default_flavor(Some("nope")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "PERROR_DEFAULT_FLAVOR:0: \"nope\" is not a registered flavor (tiny-1.0, tiny-2.0)"
        );
    }

    #[test]
    fn translations_are_read_only_when_asked_for() {
        // Without the option a broken translations file is not even read.
        let data = fixture::data().with("tiny-1.0/server-translations.tsv", "junk\n");
        let english = Options {
            translations: false,
        };
        let catalog = load(&data, &english).unwrap();
        assert!(!catalog.translations);
        assert!(
            catalog.flavors[0]
                .server
                .iter()
                .all(|r| r.translations.is_empty())
        );
        let e = load(&data, &fixture::ALL).unwrap_err();
        assert_eq!(e.file, "data/tiny-1.0/server-translations.tsv");
    }
}
