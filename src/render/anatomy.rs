//! `--explain`'s anatomy of a message, between the facts and the write-up: what the
//! template's conversions are, the codes it carries and what the number is elsewhere.

use std::fmt::Write as _;

use crate::anatomy::{Anatomy, Verdict};
use crate::catalog::Flavor;

/// The anatomy as text: sections like the write-up's, each after a blank line; empty when
/// there is nothing to say (an OS error).
pub fn text(flavor: &Flavor, a: &Anatomy) -> String {
    let mut s = String::new();
    if !a.placeholders.is_empty() {
        s.push_str("\nReading the message\n");
        let _ = writeln!(s, "  {}", a.readable);
        let width = a
            .placeholders
            .iter()
            .map(|p| p.raw.len())
            .max()
            .unwrap_or(0);
        for p in &a.placeholders {
            let _ = writeln!(s, "  {:<width$}  {}: {}", p.raw, p.name, p.words);
        }
    }
    if !a.codes_inside.is_empty() {
        s.push_str("\nLook up next\n");
        for c in &a.codes_inside {
            let name = &a.placeholders[c.placeholder].name;
            let _ = writeln!(
                s,
                "  <{name}> is {}: {}",
                c.kind.words(),
                crate::anatomy::explain_command(flavor, &format!("<{name}>"))
            );
        }
    }
    if !a.elsewhere.is_empty() {
        s.push_str("\nIn other flavors\n");
        let width = a
            .elsewhere
            .iter()
            .map(|e| e.flavors.join(", ").len())
            .max()
            .unwrap_or(0);
        for e in &a.elsewhere {
            let _ = writeln!(s, "  {:<width$}  {}", e.flavors.join(", "), verdict(e));
        }
    }
    s
}

fn verdict(e: &crate::anatomy::Elsewhere) -> String {
    let message = e.message.unwrap_or_default();
    match e.verdict {
        Verdict::Same => "the same error, the same message".to_string(),
        Verdict::SameSpelledOtherwise => {
            format!("the same error, its conversions spelled otherwise: {message}")
        }
        Verdict::SameWordedOtherwise => format!("the same error, worded otherwise: {message}"),
        Verdict::Another => format!(
            "another error: {}{message}",
            e.name.map(|n| format!("{n}: ")).unwrap_or_default()
        ),
        Verdict::None => "no such error".to_string(),
    }
}

/// The one line `--annotate --explain` gives a code without a write-up: what to look up
/// next (the first code its message carries: where there are two, they are of one kind),
/// or `None` when its message carries none.
pub fn look_up_next(flavor: &Flavor, a: &Anatomy) -> Option<String> {
    let c = a.codes_inside.first()?;
    let name = &a.placeholders[c.placeholder].name;
    Some(format!(
        "look up next: <{name}> ({}): {}",
        c.kind.words(),
        crate::anatomy::explain_command(flavor, &format!("<{name}>"))
    ))
}
