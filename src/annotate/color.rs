//! Colour for annotations: on when standard output is a terminal and `NO_COLOR` is unset
//! or empty (<https://no-color.org>), never otherwise. Only the lines perror adds are
//! coloured; the log's own lines pass through untouched.

use std::ffi::OsStr;

/// The escape sequences to wrap parts of an annotation in; empty when colour is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The field a code came from (`errno`).
    pub label: &'static str,
    /// The code's symbolic name.
    pub name: &'static str,
    /// `--top`'s header and bars.
    pub header: &'static str,
    pub bar: &'static str,
    pub reset: &'static str,
}

impl Palette {
    pub const PLAIN: Palette = Palette {
        label: "",
        name: "",
        header: "",
        bar: "",
        reset: "",
    };

    pub const ANSI: Palette = Palette {
        label: "\x1b[36m",
        name: "\x1b[1m",
        header: "\x1b[1m",
        bar: "\x1b[32m",
        reset: "\x1b[0m",
    };

    pub fn new(color: bool) -> Palette {
        if color { Palette::ANSI } else { Palette::PLAIN }
    }
}

/// Whether to colour: `terminal` is whether standard output is one, `no_color` the value
/// of `NO_COLOR`.
pub fn wanted(terminal: bool, no_color: Option<&OsStr>) -> bool {
    terminal && no_color.is_none_or(OsStr::is_empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(wanted(true, None));
        assert!(wanted(true, Some(OsStr::new(""))));
        assert!(!wanted(true, Some(OsStr::new("1"))));
        assert!(!wanted(false, None));
    }
}
