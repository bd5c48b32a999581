//! The hash of BrandLens's own maps: the words judged (the vocabulary, the stop words), the
//! matchers' stems, the block cache, and filter rules as lists are compiled. The standard SipHash
//! costs more than the look-ups it serves on short keys (judging looks every word of a page up at
//! least once). The filter and directory indexes are no maps: they are read in place as sorted text
//! ([`crate::line_table`]), so a cold start fills none. This one is much cheaper, keyed per process from the
//! standard library's random keys, since page text chooses the keys. (In the extension's wasm,
//! `wasm32-unknown-unknown` has no randomness, so the key is fixed there, as SipHash's was: a page
//! could choose colliding words. The maps it fills are bounded: the vocabulary holds 65,536 words
//! between judgements, the block cache one page.)

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// Multiply-and-fold hashing (the fallback of the `ahash` crate) with a random key per process.
#[derive(Clone, Copy)]
pub struct FastHasher {
    state: u64,
    key: u64,
}

fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The last 0 to 7 bytes of a key as one number, each or-ed with `mask`'s low byte, without a
/// copy: overlapping reads, as `ahash` does. Distinct for distinct tails of one length (the length
/// is mixed in by the caller).
fn tail(rest: &[u8], mask: u64) -> u64 {
    let n = rest.len();
    match n {
        0 => 0,
        1..=3 => (u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16) | (mask & 0xFF_FFFF),
        _ => {
            let first = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
            let last = u32::from_le_bytes(rest[n - 4..].try_into().expect("4 bytes"));
            (u64::from(first) | u64::from(last) << 32) | mask
        }
    }
}

impl FastHasher {
    /// [`Hasher::write`](std::hash::Hasher::write) of `bytes` with `mask` or-ed into every 8 of
    /// them. With 0x20 in each byte of the mask, ASCII letters and digits hash as their lower case:
    /// the vocabulary looks words up as written, without a lower-cased copy.
    pub fn write_masked(&mut self, bytes: &[u8], mask: u64) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes")) | mask;
            self.state = folded_multiply(self.state ^ word, self.key);
        }
        let word = tail(chunks.remainder(), mask) ^ ((bytes.len() as u64) << 59);
        self.state = folded_multiply(self.state ^ word, self.key);
    }
}

impl Default for FastHasher {
    fn default() -> FastHasher {
        use std::hash::{BuildHasher, Hasher};
        static KEY: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        // The standard hasher's own random keys; `| 1` keeps the multiplier odd.
        let key = *KEY.get_or_init(|| std::collections::hash_map::RandomState::new().build_hasher().finish() | 1);
        FastHasher { state: key.rotate_left(32), key }
    }
}

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.write_masked(bytes, 0);
    }

    fn write_u8(&mut self, byte: u8) {
        // The terminator `str` hashes after its bytes: cheap, as the lengths are already mixed in.
        self.state = self.state.rotate_left(8) ^ u64::from(byte);
    }

    fn finish(&self) -> u64 {
        folded_multiply(self.state, self.key.rotate_left(17) | 1).rotate_left((self.key & 63) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equal_and_maps_work() {
        let mut map: FastMap<String, usize> = FastMap::default();
        for (i, k) in ["a", "ab", "abcdefgh", "abcdefghi", ""].iter().enumerate() {
            map.insert(k.to_string(), i);
        }
        assert_eq!(map.get("abcdefghi"), Some(&3));
        assert_eq!(map.get(""), Some(&4));
        assert_eq!(map.len(), 5);
    }
}
