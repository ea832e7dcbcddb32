//! A flavor's symbols: every error name and alias, and the table and code each names.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use super::Kind;

/// A name perror resolves (`ER_DUP_ENTRY`): its key, the table and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The name, the spelling lookups compare with.
    pub key: String,
    pub kind: Kind,
    pub code: i32,
}

/// An upper-case C identifier: a capital letter, then capitals, digits and underscores.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = name.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!("name {name:?} is not an upper-case C identifier"))
    }
}

/// A flavor's symbols as its files are read: the rows' names first, then the aliases.
#[derive(Debug, Default)]
pub(crate) struct Symbols {
    by_key: BTreeMap<String, (Kind, i32)>,
}

impl Symbols {
    /// Registers a row's name (checked with [`check_name`] before). The reason is the
    /// error when another row has the name already.
    pub fn add_name(&mut self, name: &str, kind: Kind, code: i32) -> Result<(), String> {
        match self.by_key.entry(name.to_string()) {
            Entry::Vacant(slot) => {
                slot.insert((kind, code));
                Ok(())
            }
            Entry::Occupied(_) => Err(format!("name {name} is used twice")),
        }
    }

    /// Registers `alias` as a second name for `name`'s error.
    pub fn add_alias(&mut self, alias: &str, name: &str) -> Result<(), String> {
        check_name(alias)?;
        let target = *self
            .by_key
            .get(name)
            .ok_or_else(|| format!("{name} is not a known name"))?;
        match self.by_key.entry(alias.to_string()) {
            Entry::Vacant(slot) => {
                slot.insert(target);
                Ok(())
            }
            Entry::Occupied(_) => Err(format!("alias {alias} is already a name")),
        }
    }

    /// Every symbol, in byte order of the keys (the order `str::cmp` searches in).
    pub fn into_sorted(self) -> Vec<Symbol> {
        self.by_key
            .into_iter()
            .map(|(key, (kind, code))| Symbol { key, kind, code })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_upper_case_c_identifiers() {
        for good in ["ER_X", "HA_ERR_1", "E"] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        for bad in ["", "er_x", "ER_x", "_ER", "1ER", "ER-X", "ER X", "ÉR"] {
            assert_eq!(
                check_name(bad),
                Err(format!("name {bad:?} is not an upper-case C identifier")),
            );
        }
    }

    #[test]
    fn a_name_is_one_error_s() {
        let mut s = Symbols::default();
        s.add_name("ER_Y", Kind::Server, 1).unwrap();
        assert_eq!(
            s.add_name("ER_Y", Kind::Client, 2),
            Err("name ER_Y is used twice".into())
        );
        let symbols = s.into_sorted();
        assert_eq!(symbols.len(), 1);
        assert_eq!((symbols[0].kind, symbols[0].code), (Kind::Server, 1));
    }

    #[test]
    fn aliases_are_names_of_known_errors() {
        let mut s = Symbols::default();
        s.add_name("HA_ERR_B", Kind::Handler, 121).unwrap();
        s.add_name("HA_ERR_A", Kind::Handler, 120).unwrap();
        s.add_alias("HA_ERR_C", "HA_ERR_A").unwrap();
        assert_eq!(
            s.add_alias("lower", "HA_ERR_A"),
            Err("name \"lower\" is not an upper-case C identifier".into())
        );
        assert_eq!(
            s.add_alias("HA_B", "HA_ERR_NONE"),
            Err("HA_ERR_NONE is not a known name".into())
        );
        assert_eq!(
            s.add_alias("HA_ERR_A", "HA_ERR_B"),
            Err("alias HA_ERR_A is already a name".into())
        );
        let symbols = s.into_sorted();
        let keys: Vec<&str> = symbols.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(keys, ["HA_ERR_A", "HA_ERR_B", "HA_ERR_C"], "sorted by key");
        assert_eq!((symbols[2].kind, symbols[2].code), (Kind::Handler, 120));
    }
}
