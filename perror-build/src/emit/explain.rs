//! The write-ups: `EXPLANATIONS`, a sorted array from a numeric key (family, kind, code)
//! to each write-up as its family shows it.
//!
//! A write-up is emitted once per product family it is shown for, its `{{mariadb:…|
//! mysql:…}}` alternatives resolved, so a lookup needs no text processing at run time.
//! Each section is one text, its bullets joined by line feeds (a span per bullet would
//! cost 8 bytes each, ~45 kB for 250 write-ups). The texts go to a cold segment of their
//! own, since only `--explain` reads them, a write-up's families side by side so that
//! deflate finds what their renderings share.

use std::collections::BTreeMap;

use super::{Emitter, out};
use crate::model::{Body, Doc, Flavor, KINDS, Product, WriteUp};

/// `EXPLANATIONS`' key of a write-up: the family in bits 40–47, the kind's place in
/// [`KINDS`] in bits 32–39, the code's bits in 0–31.
pub fn key(product: Product, key: &str) -> Option<u64> {
    let (kind, code) = key.split_once('-')?;
    let kind = KINDS.iter().position(|k| *k == kind)? as u64;
    let family = match product {
        Product::MariaDb => 0u64,
        Product::MySql => 1,
    };
    let code = u64::from(code.parse::<i32>().ok()? as u32);
    Some(family << 40 | kind << 32 | code)
}

pub(super) fn emit(e: &mut Emitter, write_ups: &[WriteUp], flavors: &[Flavor]) {
    let mut products: Vec<Product> = flavors.iter().map(|f| f.version_style.product()).collect();
    products.sort();
    products.dedup();
    let shown = |w: &WriteUp, p: Product| w.product.is_none_or(|q| q == p);
    let key_of = |p: Product, k: &str| key(p, k).expect("the model checked the file name");
    let mut by_key: BTreeMap<u64, String> = BTreeMap::new();
    e.blob.go_cold("write-ups");
    for w in write_ups {
        for &p in products.iter().filter(|&&p| shown(w, p)) {
            let value = match &w.body {
                Body::Doc(doc) => {
                    let mask = flavor_mask(w, flavors);
                    self::doc(
                        e,
                        &doc.for_product(p),
                        &sources_for(&w.front.sources, p),
                        mask,
                    )
                }
                Body::See(target) => format!("Explanation::See({})", key_of(p, target)),
            };
            by_key.insert(key_of(p, &w.key), value);
        }
    }
    e.blob.go_hot();
    out!(
        e,
        "static EXPLANATIONS: [(u64, Explanation); {}] = [",
        by_key.len()
    );
    for (key, explanation) in by_key {
        out!(e, "    ({key}, {explanation}),");
    }
    e.out.push_str("];\n");
}

/// The sources a family's readers are shown: not the other product's manual (a MySQL
/// user is not sent to MariaDB's documentation), unless that is all there is.
fn sources_for(sources: &[String], product: Product) -> Vec<String> {
    let other = match product {
        Product::MariaDb => "https://dev.mysql.com/",
        Product::MySql => "https://mariadb.com/",
    };
    let own: Vec<String> = sources
        .iter()
        .filter(|u| !u.starts_with(other))
        .cloned()
        .collect();
    if own.is_empty() {
        sources.to_vec()
    } else {
        own
    }
}

/// Bit `i` for `flavors[i]` when the write-up names the flavors it is for; 0 for all.
fn flavor_mask(w: &WriteUp, flavors: &[Flavor]) -> u8 {
    assert!(flavors.len() <= 8, "a flavor mask holds eight flavors");
    (0..flavors.len())
        .filter(|&i| w.front.flavors.contains(&flavors[i].name))
        .fold(0, |mask, i| mask | 1 << i)
}

/// The `Explanation::Doc(..)` expression.
fn doc(e: &mut Emitter, doc: &Doc, sources: &[String], flavors: u8) -> String {
    let summary = e.blob.span(&doc.summary);
    let mut lines = |texts: &[String]| e.blob.span(&texts.join("\n")).to_string();
    let causes = lines(&doc.causes);
    let find_out = lines(&doc.find_out);
    let fix = lines(&doc.fix);
    let sources = lines(sources);
    format!(
        "Explanation::Doc(Doc {{ summary: {summary}, causes: {causes}, find_out: {find_out}, fix: {fix}, sources: {sources}, flavors: {flavors} }})"
    )
}
