//! Exact decimal arithmetic for `multipleOf`: `0.01` divides `0.05`, which
//! binary floating point cannot say.

use serde_json::Number;

/// A decimal as an integer mantissa and a power-of-ten exponent.
fn parse(n: &Number) -> Option<(i128, i32)> {
    let text = n.to_string();
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
        None => (&text[..], 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    let value: i128 = digits.parse().ok()?;
    Some((value, exponent - frac.len() as i32))
}

/// Whether `divisor` divides `dividend` exactly (`dividend / divisor` is an
/// integer). `None` when the numbers are out of range.
pub(crate) fn divides(divisor: &Number, dividend: &Number) -> Option<bool> {
    let (a, ea) = parse(divisor)?;
    let (b, eb) = parse(dividend)?;
    if a == 0 {
        return Some(false);
    }
    // Bring both to the smaller exponent.
    let e = ea.min(eb);
    let scale = |m: i128, from: i32| -> Option<i128> {
        let shift = u32::try_from(from - e).ok()?;
        m.checked_mul(10i128.checked_pow(shift)?)
    };
    let (a, b) = (scale(a, ea)?, scale(b, eb)?);
    Some(b % a == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn decimal_division_is_exact() {
        assert_eq!(divides(&n("6"), &n("12")), Some(true));
        assert_eq!(divides(&n("10"), &n("5")), Some(false));
        assert_eq!(divides(&n("0.01"), &n("0.05")), Some(true));
        assert_eq!(divides(&n("0.1"), &n("0.3")), Some(true));
        assert_eq!(divides(&n("0.02"), &n("0.05")), Some(false));
        assert_eq!(divides(&n("1e-3"), &n("0.5")), Some(true));
    }
}
