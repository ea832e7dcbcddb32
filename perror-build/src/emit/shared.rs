//! The tables every flavor shares: bdb, SQLSTATE meanings, locales. And the code-table
//! shape bdb shares with the flavors' handler, client and global tables.

use super::index::index;
use super::{Emitter, out};
use crate::model::{CodeRow, Locale, SqlState};

/// `<ident>_ROWS` and the `Table` `<ident>` over them.
pub(super) fn code_table(e: &mut Emitter, ident: &str, rows: &[CodeRow]) {
    out!(e, "static {ident}_ROWS: [Entry; {}] = [", rows.len());
    for r in rows {
        out!(
            e,
            "    Entry {{ code: {}, name: {}, message: {} }},",
            r.code,
            e.blob.span(&r.name),
            e.blob.span(&r.message)
        );
    }
    e.out.push_str("];\n");
    let codes: Vec<i32> = rows.iter().map(|r| r.code).collect();
    out!(
        e,
        "static {ident}: Table = Table {{ rows: Rows::Hot(&{ident}_ROWS), index: {} }};",
        index(&codes)
    );
}

/// state → (source, meaning), sorted by state.
pub(super) fn sqlstates(e: &mut Emitter, states: &[SqlState]) {
    out!(
        e,
        "static SQLSTATES: [(Span, Span, Span); {}] = [",
        states.len()
    );
    for s in states {
        out!(
            e,
            "    ({}, {}, {}),",
            e.blob.span(&s.state),
            e.blob.span(&s.source),
            e.blob.span(&s.meaning)
        );
    }
    e.out.push_str("];\n");
}

/// locale → language code, sorted by locale.
pub(super) fn locales(e: &mut Emitter, locales: &[Locale]) {
    out!(e, "static LOCALES: [(Span, Span); {}] = [", locales.len());
    for l in locales {
        out!(
            e,
            "    ({}, {}),",
            e.blob.span(&l.alias),
            e.blob.span(&l.language)
        );
    }
    e.out.push_str("];\n");
}
