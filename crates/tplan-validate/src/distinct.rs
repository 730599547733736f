//! How many distinct strings, in fixed memory: a HyperLogLog sketch.
//!
//! Counting distinct names exactly means keeping every name, which is the
//! memory a stream of made-up event names must not take. The sketch keeps
//! 4,096 one-byte registers (4 KiB, allocated on first use) whatever the
//! input; its estimate is within about 1.6% (one standard error) for large
//! counts and, through linear counting, close to exact for small ones.

use serde::Serialize;

/// Registers are indexed by the hash's top `BITS` bits.
const BITS: u32 = 12;
const REGISTERS: usize = 1 << BITS;

/// An estimate of how many distinct strings were added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Distinct {
    registers: Option<Box<[u8]>>,
}

impl Distinct {
    /// Counts `text`; adding it again changes nothing.
    pub fn insert(&mut self, text: &str) {
        let hash = hash(text.as_bytes());
        let index = (hash >> (64 - BITS)) as usize;
        // The rank of the first 1 bit in what is left (1-based), at most
        // 64 - BITS + 1 when all of it is zero.
        let rest = hash << BITS;
        let rank = (rest.leading_zeros().min(64 - BITS) + 1) as u8;
        let registers = self
            .registers
            .get_or_insert_with(|| vec![0; REGISTERS].into_boxed_slice());
        registers[index] = registers[index].max(rank);
    }

    /// Adds every string `other` counted.
    pub fn merge(&mut self, other: &Distinct) {
        let Some(theirs) = &other.registers else {
            return;
        };
        match &mut self.registers {
            None => self.registers = Some(theirs.clone()),
            Some(ours) => {
                for (o, t) in ours.iter_mut().zip(theirs.iter()) {
                    *o = (*o).max(*t);
                }
            }
        }
    }

    /// Forgets everything counted.
    pub fn clear(&mut self) {
        self.registers = None;
    }

    /// The estimated number of distinct strings added (0 when none).
    pub fn estimate(&self) -> u64 {
        let Some(registers) = &self.registers else {
            return 0;
        };
        let m = REGISTERS as f64;
        let zeros = registers.iter().filter(|r| **r == 0).count();
        let sum: f64 = registers.iter().map(|r| 2f64.powi(-i32::from(*r))).sum();
        let alpha = 0.7213 / (1.0 + 1.079 / m);
        let raw = alpha * m * m / sum;
        // Small counts: linear counting over the empty registers is far
        // more accurate than the harmonic mean.
        let estimate = if raw <= 2.5 * m && zeros > 0 {
            m * (m / zeros as f64).ln()
        } else {
            raw
        };
        estimate.round() as u64
    }
}

impl Serialize for Distinct {
    /// Serialized as its estimate.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.estimate())
    }
}

/// FNV-1a, then MurmurHash3's finaliser to spread its bits: stable across
/// runs, platforms and Rust versions, so a report never changes between
/// two runs on the same input.
fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(n: u64) -> Distinct {
        let mut d = Distinct::default();
        for i in 0..n {
            d.insert(&format!("Unplanned Event {i}"));
            d.insert(&format!("Unplanned Event {i}"));
        }
        d
    }

    #[test]
    fn nothing_counted_is_zero_and_takes_no_registers() {
        let d = Distinct::default();
        assert_eq!(d.estimate(), 0);
        assert!(d.registers.is_none());
    }

    #[test]
    fn small_counts_are_close_to_exact() {
        for n in [1, 5, 40, 300] {
            let e = of(n).estimate() as f64;
            assert!(
                (e - n as f64).abs() <= (n as f64 * 0.02).max(1.0),
                "{n}: {e}"
            );
        }
    }

    #[test]
    fn large_counts_are_within_a_few_percent() {
        for n in [20_000u64, 300_000] {
            let e = of(n).estimate() as f64;
            assert!((e / n as f64 - 1.0).abs() < 0.05, "{n}: {e}");
        }
    }

    #[test]
    fn merging_counts_the_union() {
        let mut a = Distinct::default();
        let mut b = Distinct::default();
        for i in 0..1000 {
            a.insert(&i.to_string());
            b.insert(&(i + 500).to_string());
        }
        a.merge(&b);
        let e = a.estimate() as f64;
        assert!((e - 1500.0).abs() < 45.0, "{e}");
    }
}
