//! A fast, non-cryptographic hasher for the per-document tables of the hot
//! loops (repeated sentences, shingles, word lists).
//!
//! The standard library's SipHash resists collision attacks at several times
//! the cost; these tables are rebuilt for every document, hold keys that are
//! already 64-bit hashes or short words, and an attacker who forced
//! collisions would only slow one document down. The mixing is the
//! multiply-and-rotate of the Firefox/rustc "Fx" hash, with a final fold so
//! that hashbrown, which takes its bucket from the low bits and its tag from
//! the top seven, sees both well mixed.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A `HashSet` with [`FastHasher`].
pub(crate) type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Fx-style hashing: each word of input is xor-ed in, multiplied and
/// rotated.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher {
    hash: u64,
}

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weakly mixed: fold the high half
        // in.
        self.hash ^ (self.hash >> 29)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_and_sets_work_with_words_and_hashes() {
        let mut m: FastMap<u64, u32> = FastMap::default();
        for k in 0..10_000u64 {
            *m.entry(k.wrapping_mul(0x9e37_79b9_7f4a_7c15)).or_default() += 1;
        }
        assert_eq!(m.len(), 10_000);
        let s: FastSet<&str> = ["the", "of", "and", "the", "", "a longer word here"]
            .into_iter()
            .collect();
        assert_eq!(s.len(), 5);
        assert!(s.contains("a longer word here") && s.contains("") && !s.contains("an"));
    }
}
