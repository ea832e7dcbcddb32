//! The options as read: what each flag's `update` (cli/defs.rs) writes, in command-line
//! order, before anything is checked against anything else. `cli::settle` turns them
//! into typed [`super::Settings`]; `--help` shows them as they stand.

use super::defs::{self, Flag};
use crate::catalog::{Flavor, Kind};

/// An option that ends the reading at once and prints something of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Help,
    Version,
}

/// Every option's value so far; the defaults are my_getopt's.
#[derive(Debug, Clone)]
pub struct LowArgs {
    pub special: Option<Special>,
    pub flavor: &'static Flavor,
    /// `--flavor=all`: answer in every flavor (`flavor` still rules the options' dialect
    /// and the usage text).
    pub every_flavor: bool,
    pub verbose: bool,
    pub extensions: bool,
    pub json: bool,
    /// `--lang` as given; resolved against the flavor's languages once reading is done.
    pub lang: Option<String>,
    pub annotate: bool,
    pub explain: bool,
    pub grep: Option<String>,
    /// `--list` (`Some(None)`) or `--list=KIND`.
    pub list: Option<Option<Kind>>,
    pub only_matching: bool,
    /// `--all-messages`.
    pub all_messages: bool,
    /// `--top[=N]`.
    pub top: Option<usize>,
}

impl LowArgs {
    pub fn new(flavor: &'static Flavor) -> LowArgs {
        LowArgs {
            special: None,
            flavor,
            every_flavor: false,
            verbose: true,
            extensions: true,
            json: false,
            lang: None,
            annotate: false,
            explain: false,
            grep: None,
            list: None,
            only_matching: false,
            all_messages: false,
            top: None,
        }
    }

    /// The options given that choose what perror does (at most one may be), in the order
    /// the conflict message names them: `--list --annotate` is "--annotate and --list".
    pub fn modes_given(&self) -> Vec<&'static Flag> {
        [
            (&defs::ANNOTATE, self.annotate),
            // With --annotate, --explain is one of its options: explanations under the
            // annotations.
            (&defs::EXPLAIN, self.explain && !self.annotate),
            (&defs::GREP, self.grep.is_some()),
            (&defs::LIST, self.list.is_some()),
        ]
        .into_iter()
        .filter_map(|(flag, given)| given.then_some(flag))
        .collect()
    }
}
