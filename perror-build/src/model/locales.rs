//! `locales.tsv`: locale names and ISO codes that select a server language.

use std::collections::HashSet;

use super::flavor::Flavor;
use crate::source::{At, Source, read_tsv};
use crate::tsv::DataError;

/// A locale name or ISO code (lower case) and the language code it selects (`de_de` → `ger`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    pub alias: String,
    pub language: String,
}

/// Every locale, sorted by name; each language one of some flavor's.
pub(crate) fn load(source: &dyn Source, flavors: &[Flavor]) -> Result<Vec<Locale>, DataError> {
    let rel = "locales.tsv";
    let languages: HashSet<&str> = flavors
        .iter()
        .flat_map(|f| &f.languages)
        .map(|l| l.code.as_str())
        .collect();
    let mut seen = HashSet::new();
    let mut locales = Vec::new();
    for record in &read_tsv(source, rel, &["code", "locales"])? {
        let at = At::new(rel, record);
        let language = at.field(0);
        if !languages.contains(language) {
            return Err(at.error(format!("{language:?} is not a language of any flavor")));
        }
        for alias in at.field(1).split(',') {
            let alias = alias.to_ascii_lowercase();
            check_locale(at, &alias)?;
            if !seen.insert(alias.clone()) {
                return Err(at.error(format!("locale {alias} is listed twice")));
            }
            locales.push(Locale {
                alias,
                language: language.to_string(),
            });
        }
    }
    locales.sort_by(|a, b| a.alias.cmp(&b.alias));
    Ok(locales)
}

fn check_locale(at: At, alias: &str) -> Result<(), DataError> {
    let ok = !alias.is_empty()
        && alias
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(at.error(format!("locale {alias:?} is not a locale name")))
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture;
    use crate::model::load;

    fn locales(lines: &[&str]) -> Result<Vec<(String, String)>, String> {
        let data = fixture::with_tsv("locales.tsv", lines);
        let catalog = load(&data, &fixture::ALL).map_err(|e| e.to_string())?;
        Ok(catalog
            .locales
            .into_iter()
            .map(|l| (l.alias, l.language))
            .collect())
    }

    #[test]
    fn locales_are_lower_case_and_sorted() {
        let got = locales(&["code|locales", "ger|de_DE,DE", "eng|en_US,en"]).unwrap();
        let want = [
            ("de", "ger"),
            ("de_de", "ger"),
            ("en", "eng"),
            ("en_us", "eng"),
        ];
        assert_eq!(got, want.map(|(a, l)| (a.to_string(), l.to_string())));
    }

    #[test]
    fn bad_locales_name_the_line() {
        for (line, want) in [
            ("qqq|qq", "\"qqq\" is not a language of any flavor"),
            ("ger|de-DE", "locale \"de-de\" is not a locale name"),
            ("ger|de,", "locale \"\" is not a locale name"),
            ("ger|de,DE", "locale de is listed twice"),
        ] {
            let e = locales(&["code|locales", line]).unwrap_err();
            assert_eq!(e, format!("data/locales.tsv:2: {want}"));
        }
    }
}
