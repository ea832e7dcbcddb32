//! The write-ups: `BULLETS`, every bullet's span, and `EXPLANATIONS`, key → write-up.
//!
//! A write-up is emitted once per product family it is shown for, its `{{mariadb:…|
//! mysql:…}}` alternatives resolved, under the key `<family>/<kind>-<code>`
//! (`mysql/server-1213`), so a lookup needs no text processing at run time. Their texts
//! go to a cold segment of their own: only `--explain` reads them.

use std::collections::BTreeMap;

use super::{Emitter, out};
use crate::model::{Body, Doc, Flavor, Product, WriteUp};

pub(super) fn emit(e: &mut Emitter, write_ups: &[WriteUp], flavors: &[Flavor]) {
    let mut products: Vec<Product> = flavors.iter().map(|f| f.version_style.product()).collect();
    products.sort();
    products.dedup();
    let mut bullets: Vec<String> = Vec::new();
    // Sorted by key (byte order, the order `str::cmp` searches in); the keys are hot,
    // since a lookup compares them, and the texts cold.
    let mut by_key: BTreeMap<String, String> = BTreeMap::new();
    let shown = |w: &WriteUp, p: Product| w.product.is_none_or(|q| q == p);
    for &p in &products {
        for w in write_ups.iter().filter(|w| shown(w, p)) {
            by_key.insert(format!("{}/{}", p.as_str(), w.key), String::new());
        }
    }
    let key_spans: BTreeMap<String, String> = by_key
        .keys()
        .map(|k| (k.clone(), e.blob.span(k).to_string()))
        .collect();
    e.blob.go_cold("write-ups");
    for &p in &products {
        for w in write_ups.iter().filter(|w| shown(w, p)) {
            let key = format!("{}/{}", p.as_str(), w.key);
            let value = match &w.body {
                Body::Doc(doc) => {
                    let mask = flavor_mask(w, flavors);
                    self::doc(e, &doc.for_product(p), &w.front.sources, mask, &mut bullets)
                }
                Body::See(target) => {
                    let target = format!("{}/{target}", p.as_str());
                    format!("Explanation::See({})", key_spans[&target])
                }
            };
            by_key.insert(key, value);
        }
    }
    e.blob.go_hot();
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
        out!(e, "    ({}, {explanation}),", key_spans[&key]);
    }
    e.out.push_str("];\n");
}

/// Bit `i` for `flavors[i]` when the write-up names the flavors it is for; 0 for all.
fn flavor_mask(w: &WriteUp, flavors: &[Flavor]) -> u8 {
    assert!(flavors.len() <= 8, "a flavor mask holds eight flavors");
    (0..flavors.len())
        .filter(|&i| w.front.flavors.contains(&flavors[i].name))
        .fold(0, |mask, i| mask | 1 << i)
}

/// The `Explanation::Doc(..)` expression, its bullets' spans added to `bullets`.
fn doc(
    e: &mut Emitter,
    doc: &Doc,
    sources: &[String],
    flavors: u8,
    bullets: &mut Vec<String>,
) -> String {
    let summary = e.blob.span(&doc.summary);
    let mut list = |texts: &[String]| {
        let at = bullets.len();
        bullets.extend(texts.iter().map(|b| e.blob.span(b).to_string()));
        format!("Bullets {{ at: {at}, len: {} }}", texts.len())
    };
    let causes = list(&doc.causes);
    let find_out = list(&doc.find_out);
    let fix = list(&doc.fix);
    let sources = list(sources);
    format!(
        "Explanation::Doc(Doc {{ summary: {summary}, causes: {causes}, find_out: {find_out}, fix: {fix}, sources: {sources}, flavors: {flavors} }})"
    )
}
