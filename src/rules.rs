//! What differs between the original perrors, as values: one [`Rules`] per [`Family`],
//! reached through [`FlavorRules::rules`] (`flavor.rules()`). Code asks a rule
//! (is the Berkeley DB table consulted? how is a server line worded? how are options
//! read?), never which product a flavor is.
//!
//! | rule | MariaDB's perror | MySQL's perror |
//! | --- | --- | --- |
//! | after the OS text | handler, or the legacy Berkeley DB table | handler only |
//! | then | the server table | mysys's global table (1–94), or the server table |
//! | arguments read before atoi | none | `MY-<atoi>`, exact `ER_NAME` |
//!
//! The wordings that differ too live with the modules that word them, each chosen by the
//! family: lines in [`crate::render::lines_of`], options (my_getopt's dialect) in
//! [`crate::cli::dialect::Dialect::of`], `--help`'s header in
//! [`crate::cli::help::UsageText::of`]. Rules import only the catalog, so that every
//! module may ask them.

use crate::catalog::{Family, Flavor};

/// How one original perror works, where the originals differ.
#[derive(Debug, PartialEq, Eq)]
pub struct Rules {
    pub family: Family,
    /// What perror looks a code up in.
    pub consults: Consults,
    /// Argument forms perror reads itself.
    pub native_forms: NativeForms,
    /// Whether the server's errors come from two message files (clients', error log's),
    /// which `--json` then names (`section`).
    pub server_sections: bool,
}

/// The tables perror consults for a code, after the OS's `strerror` and the handler
/// table, which both originals consult.
#[derive(Debug, PartialEq, Eq)]
pub struct Consults {
    /// MariaDB's legacy Berkeley DB codes (−30999…−30975), where no handler error is.
    /// MySQL's perror has none: `perror -- -30999` is illegal there.
    pub bdb: bool,
    /// mysys's global errors (1–94), in place of the server table: MySQL's perror prints
    /// them as its own (`perror 1` gives the OS line and `MySQL error code MY-000001:
    /// …`), so `--skip-extensions` keeps them. MariaDB's never does.
    pub global: bool,
}

/// Argument forms the original reads before atoi, so they hold even with
/// `--skip-extensions` (see [`crate::resolve::native_code`]).
#[derive(Debug, PartialEq, Eq)]
pub struct NativeForms {
    /// `MY-` then atoi of the rest (`MY-1062`, `MY-010914`, `MY-+1062`), exact case.
    pub my_prefix: bool,
    /// `ER_` and a server error's exact name, of either section; an unknown one is 0.
    pub er_names: bool,
}

/// MariaDB's perror (10.11, 11.x).
pub static MARIADB: Rules = Rules {
    family: Family::MariaDb,
    consults: Consults {
        bdb: true,
        global: false,
    },
    native_forms: NativeForms {
        my_prefix: false,
        er_names: false,
    },
    server_sections: false,
};

/// MySQL's perror (8.x, 9.x).
pub static MYSQL: Rules = Rules {
    family: Family::MySql,
    consults: Consults {
        bdb: false,
        global: true,
    },
    native_forms: NativeForms {
        my_prefix: true,
        er_names: true,
    },
    server_sections: true,
};

impl Rules {
    /// The rules of a family's perror.
    pub fn of(family: Family) -> &'static Rules {
        match family {
            Family::MariaDb => &MARIADB,
            Family::MySql => &MYSQL,
        }
    }
}

/// `flavor.rules()`: the rules of the flavor's family. A trait here rather than a method
/// of [`Flavor`], so that the catalog imports nothing above it.
pub trait FlavorRules {
    /// How this flavor's original reads arguments and what it consults.
    fn rules(&self) -> &'static Rules;
}

impl FlavorRules for Flavor {
    fn rules(&self) -> &'static Rules {
        Rules::of(self.family())
    }
}
