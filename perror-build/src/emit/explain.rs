//! The write-ups: `BULLETS`, every bullet's span, and `EXPLANATIONS`, key → write-up.

use std::collections::BTreeMap;

use super::{Emitter, out};
use crate::model::{Body, Doc, WriteUp};

pub(super) fn emit(e: &mut Emitter, write_ups: &[WriteUp]) {
    let mut bullets: Vec<String> = Vec::new();
    // Sorted by key (byte order, the order `str::cmp` searches in).
    let mut by_key: BTreeMap<&str, String> = BTreeMap::new();
    for w in write_ups {
        if let Body::Doc(doc) = &w.body {
            by_key.insert(&w.key, self::doc(e, doc, &mut bullets));
        }
    }
    for w in write_ups {
        if let Body::See(target) = &w.body {
            let see = format!("Explanation::See({})", e.blob.span(target));
            by_key.insert(&w.key, see);
        }
    }
    assert!(u16::try_from(bullets.len()).is_ok(), "over 65,535 bullets");
    out!(e, "static BULLETS: [Span; {}] = [", bullets.len());
    for b in &bullets {
        out!(e, "    {b},");
    }
    e.out.push_str("];\n");
    out!(
        e,
        "static EXPLANATIONS: [(Span, Explanation); {}] = [",
        by_key.len()
    );
    for (key, explanation) in by_key {
        out!(e, "    ({}, {explanation}),", e.blob.span(key));
    }
    e.out.push_str("];\n");
}

/// The `Explanation::Doc(..)` expression, its bullets' spans added to `bullets`.
fn doc(e: &mut Emitter, doc: &Doc, bullets: &mut Vec<String>) -> String {
    let summary = e.blob.span(&doc.summary);
    let mut list = |texts: &[String]| {
        let at = bullets.len();
        bullets.extend(texts.iter().map(|b| e.blob.span(b).to_string()));
        format!("Bullets {{ at: {at}, len: {} }}", texts.len())
    };
    let causes = list(&doc.causes);
    let find_out = list(&doc.find_out);
    let fix = list(&doc.fix);
    format!(
        "Explanation::Doc(Doc {{ summary: {summary}, causes: {causes}, find_out: {find_out}, fix: {fix} }})"
    )
}
