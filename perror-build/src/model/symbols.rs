//! A flavor's symbols: every error name and alias, and the table and code each names.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use super::Kind;

/// A name perror resolves (`ER_DUP_ENTRY`, `er_dup_entry`): its key, its spelling, the
/// table and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The name in upper case ([`upper_key`]), the spelling lookups compare with.
    pub key: String,
    /// The name as its row spells it (`ER_XPLUGIN_IPv6_AVAILABLE`), which is how perror
    /// prints it; an alias is spelled as its key.
    pub name: String,
    pub kind: Kind,
    pub code: i32,
}

/// A C identifier that starts with an upper-case letter. MySQL has one name with lower
/// case in it (`ER_XPLUGIN_IPv6_AVAILABLE`), so lower case is allowed after the start;
/// names are unique whatever their case (see [`upper_key`]).
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = name.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!("name {name:?} is not an upper-case C identifier"))
    }
}

/// The key of a name among a flavor's symbols: its upper-case spelling, because names are
/// looked up whatever their case (`er_dup_entry`). MariaDB's names are upper case already.
pub fn upper_key(name: &str) -> String {
    name.to_ascii_uppercase()
}

/// A flavor's symbols as its files are read: the rows' names first, then the aliases.
#[derive(Debug, Default)]
pub(crate) struct Symbols {
    /// key → (name as spelled, kind, code).
    by_key: BTreeMap<String, (String, Kind, i32)>,
}

impl Symbols {
    /// Registers a row's name (checked with [`check_name`] before). The reason is the
    /// error when another row has the name already.
    pub fn add_name(&mut self, name: &str, kind: Kind, code: i32) -> Result<(), String> {
        match self.by_key.entry(upper_key(name)) {
            Entry::Vacant(slot) => {
                slot.insert((name.to_string(), kind, code));
                Ok(())
            }
            // MySQL keeps a retired error's name with OBSOLETE_ in front, and may retire the
            // same name twice (3227 and 13175); perror never looks those up by name, so only
            // the first is a symbol.
            Entry::Occupied(_) if kind == Kind::Server && name.starts_with("OBSOLETE_") => Ok(()),
            Entry::Occupied(_) => Err(format!("name {name} is used twice")),
        }
    }

    /// Registers `alias` as a second name for `name`'s error.
    pub fn add_alias(&mut self, alias: &str, name: &str) -> Result<(), String> {
        check_name(alias)?;
        // An alias is spelled as its key: upper case.
        if alias != upper_key(alias) {
            return Err(format!("alias {alias} is not upper case"));
        }
        let (_, kind, code) = *self
            .by_key
            .get(&upper_key(name))
            .ok_or_else(|| format!("{name} is not a known name"))?;
        match self.by_key.entry(alias.to_string()) {
            Entry::Vacant(slot) => {
                slot.insert((alias.to_string(), kind, code));
                Ok(())
            }
            Entry::Occupied(_) => Err(format!("alias {alias} is already a name")),
        }
    }

    /// Every symbol, in byte order of the keys (the order `str::cmp` searches in).
    pub fn into_sorted(self) -> Vec<Symbol> {
        self.by_key
            .into_iter()
            .map(|(key, (name, kind, code))| Symbol {
                key,
                name,
                kind,
                code,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_c_identifiers_starting_upper_case() {
        for good in ["ER_X", "HA_ERR_1", "ER_XPLUGIN_IPv6_AVAILABLE", "E"] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        for bad in ["", "er_x", "_ER", "1ER", "ER-X", "ER X", "ÉR"] {
            assert_eq!(
                check_name(bad),
                Err(format!("name {bad:?} is not an upper-case C identifier")),
            );
        }
    }

    #[test]
    fn names_are_unique_whatever_their_case() {
        let mut s = Symbols::default();
        s.add_name("ER_IPv6", Kind::Server, 1).unwrap();
        assert_eq!(
            s.add_name("ER_IPV6", Kind::Client, 2),
            Err("name ER_IPV6 is used twice".into())
        );
        let symbols = s.into_sorted();
        assert_eq!(symbols.len(), 1);
        assert_eq!(
            (symbols[0].key.as_str(), symbols[0].name.as_str()),
            ("ER_IPV6", "ER_IPv6")
        );
    }

    #[test]
    fn symbols_sort_by_key_and_keep_their_rows_spelling() {
        let mut s = Symbols::default();
        // By spelling `ER_IPV_Y` would come first ('V' < 'v'); by key it comes last
        // ('6' < '_'), which is the order catalog.rs searches in.
        s.add_name("ER_IPV_Y", Kind::Server, 2).unwrap();
        s.add_name("ER_IPv6_X", Kind::Server, 1).unwrap();
        s.add_alias("ER_IPV6", "ER_IPV6_X").unwrap();
        let symbols = s.into_sorted();
        let got: Vec<(&str, &str, i32)> = symbols
            .iter()
            .map(|x| (x.key.as_str(), x.name.as_str(), x.code))
            .collect();
        assert_eq!(
            got,
            [
                ("ER_IPV6", "ER_IPV6", 1),
                ("ER_IPV6_X", "ER_IPv6_X", 1),
                ("ER_IPV_Y", "ER_IPV_Y", 2),
            ]
        );
    }

    #[test]
    fn only_a_retired_server_name_may_repeat_and_the_first_wins() {
        let mut s = Symbols::default();
        s.add_name("OBSOLETE_ER_X", Kind::Server, 3227).unwrap();
        s.add_name("OBSOLETE_ER_X", Kind::Server, 13175).unwrap();
        assert!(s.add_name("OBSOLETE_ER_X", Kind::Global, 1).is_err());
        s.add_name("ER_Y", Kind::Server, 1).unwrap();
        assert!(s.add_name("ER_Y", Kind::Server, 2).is_err());
        let first = s
            .into_sorted()
            .into_iter()
            .find(|x| x.key == "OBSOLETE_ER_X");
        assert_eq!(
            first.map(|x| (x.name, x.code)),
            Some(("OBSOLETE_ER_X".to_string(), 3227))
        );
    }

    #[test]
    fn aliases_are_upper_case_names_of_known_errors() {
        let mut s = Symbols::default();
        s.add_name("ER_XPLUGIN_IPv6_AVAILABLE", Kind::Server, 3500)
            .unwrap();
        s.add_name("HA_ERR_A", Kind::Handler, 120).unwrap();
        s.add_alias("ER_IPV6", "ER_XPLUGIN_IPv6_AVAILABLE").unwrap();
        assert_eq!(
            s.add_alias("ER_IPv4", "HA_ERR_A"),
            Err("alias ER_IPv4 is not upper case".into())
        );
        assert_eq!(
            s.add_alias("lower", "HA_ERR_A"),
            Err("name \"lower\" is not an upper-case C identifier".into())
        );
        assert_eq!(
            s.add_alias("HA_B", "HA_ERR_NONE"),
            Err("HA_ERR_NONE is not a known name".into())
        );
        assert_eq!(
            s.add_alias("HA_ERR_A", "ER_IPV6"),
            Err("alias HA_ERR_A is already a name".into())
        );
        let symbols = s.into_sorted();
        let keys: Vec<(&str, &str)> = symbols
            .iter()
            .map(|x| (x.key.as_str(), x.name.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("ER_IPV6", "ER_IPV6"),
                ("ER_XPLUGIN_IPV6_AVAILABLE", "ER_XPLUGIN_IPv6_AVAILABLE"),
                ("HA_ERR_A", "HA_ERR_A")
            ]
        );
        assert_eq!((symbols[0].kind, symbols[0].code), (Kind::Server, 3500));
    }
}
