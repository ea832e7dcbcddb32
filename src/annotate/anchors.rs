//! Searching for a thousand literals at once: the message anchors, all cut to the same
//! length so that the Wu–Manber algorithm (the one agrep uses for large pattern sets)
//! can skip through text that contains none of them several bytes at a time.
//!
//! Why not Aho-Corasick here: an automaton walks every byte, one dependent table load
//! after another; with a thousand patterns its table (12 MB as a DFA) no longer fits in
//! the cache, and it ran at a third of GNU grep's speed. Wu–Manber hashes the last
//! [`BLOCK`] bytes of a window and, unless they occur near the end of some anchor, moves
//! the window by up to `LEN - BLOCK + 1` bytes; its shift table is 64 KiB. Which part of a
//! message is its anchor is chosen so that this happens rarely (see `scan`).

/// Every anchor's length. The longer, the further the search can skip; templates
/// without a literal piece this long are searched for with the trigger words instead.
pub const LEN: usize = 12;
/// Bytes per block hashed for the shift table.
pub const BLOCK: usize = 4;
const TABLE_BITS: u32 = 16;
const TABLE: usize = 1 << TABLE_BITS;
/// How many parts [`Anchors::find_all`] searches at once.
const STREAMS: usize = 4;
/// The shift for a block that occurs in no anchor.
const MAX_SHIFT: usize = LEN - BLOCK + 1;

/// Where an anchor occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnchorHit {
    pub start: usize,
    /// The anchor's index in the set.
    pub id: u32,
}

/// A set of byte strings of length [`LEN`].
#[derive(Debug, Clone)]
pub struct Anchors {
    /// How far the window may move when its last block hashes here. An array, so that
    /// indexing it with a hash needs no bounds check.
    shift: Box<[u8; TABLE]>,
    /// For each hash, the anchors whose last block hashes there, as a range of `ids`
    /// (`bucket_start[h]..bucket_start[h + 1]`).
    bucket_start: Box<[u32]>,
    ids: Box<[u32]>,
    /// The anchors' bytes, one after another.
    bytes: Box<[u8]>,
}

fn hash(block: [u8; BLOCK]) -> usize {
    // Fibonacci hashing: the top bits of the product mix all the bytes.
    (u32::from_le_bytes(block).wrapping_mul(0x9E37_79B1) >> (32 - TABLE_BITS)) as usize
}

/// The [`BLOCK`] bytes of `bytes` that end at `end`, if they are all there.
fn block_ending_at(bytes: &[u8], end: usize) -> Option<[u8; BLOCK]> {
    let start = (end + 1).checked_sub(BLOCK)?;
    bytes.get(start..=end)?.try_into().ok()
}

impl Anchors {
    /// The set of `patterns`, each exactly [`LEN`] bytes long; an anchor's id is its
    /// index.
    pub fn new(patterns: &[[u8; LEN]]) -> Anchors {
        let mut shift = Box::new([MAX_SHIFT as u8; TABLE]);
        let mut bucket_len = vec![0u32; TABLE];
        let last_block = |p: &[u8; LEN]| hash(p[LEN - BLOCK..].try_into().expect("BLOCK bytes"));
        for p in patterns {
            for (i, block) in p.windows(BLOCK).enumerate() {
                let h = hash(block.try_into().expect("BLOCK bytes"));
                shift[h] = shift[h].min((LEN - BLOCK - i) as u8);
            }
            bucket_len[last_block(p)] += 1;
        }
        let mut bucket_start = Vec::with_capacity(TABLE + 1);
        let mut total = 0u32;
        bucket_start.push(0);
        for len in &bucket_len {
            total += len;
            bucket_start.push(total);
        }
        let mut filled = bucket_start.clone();
        let mut ids = vec![0u32; patterns.len()];
        for (id, p) in patterns.iter().enumerate() {
            let h = last_block(p);
            ids[filled[h] as usize] = id as u32;
            filled[h] += 1;
        }
        Anchors {
            shift,
            bucket_start: bucket_start.into_boxed_slice(),
            ids: ids.into_boxed_slice(),
            bytes: patterns.concat().into_boxed_slice(),
        }
    }

    fn anchor(&self, id: u32) -> &[u8] {
        let start = id as usize * LEN;
        &self.bytes[start..start + LEN]
    }

    /// Appends every anchor occurrence in `hay`, overlapping ones included, to `found`,
    /// in order of start.
    ///
    /// Each step of the search waits on a table load that depends on the step before,
    /// so one search leaves the CPU idle most of the time. `hay` is cut into [`STREAMS`]
    /// parts searched in lockstep, whose loads overlap: twice as fast as one.
    pub fn find_all(&self, hay: &[u8], found: &mut Vec<AnchorHit>) {
        let first = found.len();
        let part = hay.len().div_ceil(STREAMS);
        // Stream k finds the occurrences starting in its part, reading past it by up to
        // LEN - 1 bytes for those that straddle the boundary.
        let mut next_end = [0; STREAMS];
        let mut limit = [0; STREAMS];
        for k in 0..STREAMS {
            let start = (k * part).min(hay.len());
            next_end[k] = start + LEN - 1;
            limit[k] = ((k + 1) * part).min(hay.len()) + LEN - 1;
        }
        let mut active = true;
        while active {
            active = false;
            for k in 0..STREAMS {
                let end = next_end[k];
                if end >= limit[k] {
                    continue;
                }
                let Some(block) = block_ending_at(hay, end) else {
                    next_end[k] = limit[k];
                    continue;
                };
                active = true;
                let h = hash(block);
                let shift = usize::from(self.shift[h]);
                if shift > 0 {
                    next_end[k] = end + shift;
                    continue;
                }
                let start = end + 1 - LEN;
                let window = &hay[start..=end];
                let bucket = self.bucket_start[h] as usize..self.bucket_start[h + 1] as usize;
                for &id in &self.ids[bucket] {
                    if self.anchor(id) == window {
                        found.push(AnchorHit { start, id });
                    }
                }
                next_end[k] = end + 1;
            }
        }
        // Each stream's finds are in order, and no two anchors start at the same byte
        // (they are distinct and of one length); sorting puts the streams in order.
        found[first..].sort_unstable_by_key(|h| h.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &[&str]) -> Anchors {
        let patterns: Vec<[u8; LEN]> = words
            .iter()
            .map(|w| w.as_bytes().try_into().unwrap())
            .collect();
        Anchors::new(&patterns)
    }

    fn all(a: &Anchors, hay: &str) -> Vec<(usize, u32)> {
        let mut found = Vec::new();
        a.find_all(hay.as_bytes(), &mut found);
        found.iter().map(|h| (h.start, h.id)).collect()
    }

    #[test]
    fn finds_every_occurrence_overlapping_included() {
        let a = set(&["Aborted conn", "borted conne", "0123456789ab"]);
        assert_eq!(
            all(&a, "x Aborted connection; 0123456789ab"),
            [(2, 0), (3, 1), (22, 2)]
        );
        assert_eq!(
            all(&a, "Aborted conn"),
            [(0, 0)],
            "at both ends of the text"
        );
        assert_eq!(all(&a, "Aborted con"), [], "shorter than an anchor");
        assert_eq!(all(&a, ""), []);
    }

    #[test]
    fn agrees_with_a_naive_search() {
        let words = [
            "error code: ",
            "rror code: 5",
            "Got error co",
            "  errno: 104",
            "aaaaaaaaaaaa",
        ];
        let a = set(&words);
        let text = "Got error code: 5 aaaaaaaaaaaaaa  errno: 104 xGot error rror code: 5";
        // Every length, so that the streams' parts fall everywhere.
        for len in 0..=text.len() {
            let hay = &text[..len];
            let mut naive = Vec::new();
            for start in 0..(len + 1).saturating_sub(LEN) {
                for (id, w) in words.iter().enumerate() {
                    if &hay[start..start + LEN] == *w {
                        naive.push((start, id as u32));
                    }
                }
            }
            assert_eq!(all(&a, hay), naive, "{hay:?}");
        }
    }
}
