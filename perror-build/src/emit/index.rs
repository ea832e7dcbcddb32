//! A table's index: code → row.

/// The `Index { .. }` expression for rows with `codes` (in row order): the perfect-hash map
/// code → row, behind a bitmap of the codes present. Most codes asked about are in no
/// table (`perror $(seq 0 5000)` finds about one in four), and testing a bit is far
/// cheaper than hashing, so only codes that are there are hashed.
pub fn index(codes: &[i32]) -> String {
    let mut map = phf_codegen::Map::new();
    for (row, code) in codes.iter().enumerate() {
        map.entry(*code, row.to_string());
    }
    let (first, words) = presence(codes);
    let words: Vec<String> = words.iter().map(|w| format!("{w:#x}")).collect();
    format!(
        "Index {{ present: Presence {{ first: {first}, bits: &[{}] }}, rows: {} }}",
        words.join(", "),
        map.build()
    )
}

/// The bitmap of `codes` (ascending): the first code, and one bit per code from it on.
fn presence(codes: &[i32]) -> (i32, Vec<u64>) {
    let (first, last) = match (codes.first(), codes.last()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => (0, -1),
    };
    let span = usize::try_from(i64::from(last) - i64::from(first) + 1).unwrap_or(0);
    let mut bits = vec![0u64; span.div_ceil(64)];
    for code in codes {
        let at = (i64::from(*code) - i64::from(first)) as usize;
        bits[at / 64] |= 1 << (at % 64);
    }
    (first, bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::read_back::phf_entries;

    #[test]
    fn the_phf_map_takes_each_code_to_its_row() {
        let codes = [-30999, -5, 0, 7, 1000, 1001, 4000];
        let mut entries = phf_entries(&index(&codes));
        entries.sort_by_key(|&(_, row)| row);
        let rows: Vec<(i32, usize)> = codes.iter().copied().zip(0..).collect();
        assert_eq!(entries, rows);
    }

    #[test]
    fn the_bitmap_has_a_bit_for_each_code_present() {
        let codes = [10, 11, 75, 200];
        let (first, bits) = presence(&codes);
        assert_eq!(first, 10);
        assert_eq!(bits.len(), 3, "191 codes from 10 to 200 take three words");
        for code in 0..300 {
            let at = code - 10;
            let word = usize::try_from(at).ok().and_then(|at| bits.get(at / 64));
            let set = word.is_some_and(|w| w & (1 << (at % 64)) != 0);
            assert_eq!(set, codes.contains(&code), "{code}");
        }
        assert_eq!(presence(&[-64, 63]), (-64, vec![1, 1 << 63]));
    }

    #[test]
    fn an_empty_table_has_an_empty_index() {
        assert_eq!(presence(&[]), (0, vec![]));
        let text = index(&[]);
        assert!(text.starts_with("Index { present: Presence { first: 0, bits: &[] }, rows: "));
        assert_eq!(phf_entries(&text), []);
    }
}
