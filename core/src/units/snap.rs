//! The snap to 12 significant digits, and subtraction on snapped values (see the module
//! documentation of [`units`](super)).

use super::ClinicalQuantity;

/// Rounds to 12 significant digits: the snap applied to every number leaving a quantity.
///
/// Values whose leading digit is outside 1e-11 ..< 1e34, zero and non-finite values are
/// returned unchanged: the power of ten that puts 12 digits before the point must be exact in
/// f64 (up to 1e22), or the scaling would add the noise it removes.
pub fn snap(x: f64) -> f64 {
    // Most clinical values are whole numbers (500 mcg/day, 20 mL, 72 days): one of at most 12
    // digits is its own snap, found with two additions instead of a division.
    let a = x.abs();
    if a < 1e12 && (a + TWO_52) - TWO_52 == a {
        return x;
    }
    rounded_to_12_digits(x)
}

/// [`snap`] without its shortcut for whole numbers.
fn rounded_to_12_digits(x: f64) -> f64 {
    let Some(exponent) = decimal_exponent(x) else {
        return x;
    };
    let shift = 11 - exponent;
    if shift == 0 {
        round(x)
    } else if shift > 0 {
        let p = POW10[shift as usize];
        round(x * p) / p
    } else {
        let p = POW10[(-shift) as usize];
        round(x / p) * p
    }
}

/// Rounds to the nearest integer, half away from zero, in a few instructions and without a
/// library call: adding and taking away 2^52 leaves the nearest integer (ties to even) of any
/// magnitude below 2^52, and a tie that went down is put up.
fn round(x: f64) -> f64 {
    let a = x.abs();
    if a >= TWO_52 {
        return x; // already a whole number
    }
    let mut r = (a + TWO_52) - TWO_52;
    if a - r == 0.5 {
        r += 1.0;
    }
    r.copysign(x)
}

/// The decimal exponent of the leading digit of `x` (`floor(log10 |x|)`), for `|x|` from 1e-11
/// to below 1e34; `None` outside, for zero and for non-finite values.
///
/// Without a logarithm: the binary exponent gives it within one (log10 of 2^e is e × 0.30103),
/// and one comparison with an exact power of ten settles it. This is what makes the snap cost
/// about as much as the division it cleans.
fn decimal_exponent(x: f64) -> Option<i32> {
    let a = x.abs();
    if !(MIN_SNAPPED..MAX_SNAPPED).contains(&a) {
        return None;
    }
    let binary = ((a.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    // floor(binary × log10 2) is the exponent or one less (a is below 2^(binary + 1)); in
    // integers, 78913 / 2^18 is log10 2 to 6 digits, exact for |binary| below 1,700, and the
    // arithmetic shift floors negative values too.
    let estimate = (binary * 78_913) >> 18;
    let next = estimate + 1;
    let at_least_next = match next {
        0..=34 => a >= POW10[next as usize],
        // Below 1: the f64 nearest 10^next, as the literal would be.
        -22..=-1 => a >= NEG_POW10[(-next) as usize],
        _ => false, // outside the range checked above
    };
    Some(if at_least_next { next } else { estimate })
}

/// 2^52: adding and taking it away leaves the nearest whole number of a magnitude below it.
const TWO_52: f64 = 4_503_599_627_370_496.0;

/// The smallest and the first too large magnitude [`snap`] rounds (see there).
const MIN_SNAPPED: f64 = 1e-11;
const MAX_SNAPPED: f64 = 1e34;

/// `a − b` computed on snapped clinical values, then snapped: the way every subtraction of
/// quantities is done, so that 20 mL − 20 mL is exactly 0 mL (not −3.4e-15 mL) and
/// 20 mL − 60 day × 0.25 mL/day is exactly 5 mL.
///
/// ```
/// use itb::units::{difference, ClinicalQuantity, Volume, Unit};
/// let fill = Volume::from_unit(20.0, Unit::Milliliter).unwrap();
/// let used = Volume::from_unit(15.000000000000002, Unit::Milliliter).unwrap();
/// assert_eq!(difference(fill, used).value_in(Unit::Milliliter).unwrap(), 5.0);
/// ```
pub fn difference<Q: ClinicalQuantity>(a: Q, b: Q) -> Q {
    let v = snap(a.canonical() - b.canonical());
    // from_unit cannot miss: CANONICAL belongs to the quantity's own dimension.
    Q::from_unit(v, Q::CANONICAL).unwrap_or(a)
}

/// 10^-k, the f64 nearest each (as the literal `1e-k` is).
const NEG_POW10: [f64; 23] = [
    1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14,
    1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22,
];

/// 10^k, the f64 of each literal: exact up to 1e22 (the only ones that scale a value).
const POW10: [f64; 35] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32,
    1e33, 1e34,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_below_1e12_are_their_own_snap() {
        // The shortcut gives what the rounding would: a whole number of at most 12 digits has
        // nothing to round. Across magnitudes, signs, and the first 13-digit number.
        let mut k = 1.0_f64;
        while k < 1e12 {
            for v in [k, k + 1.0, k * 7.0 + 3.0, -(k + 5.0)] {
                if v.abs() < 1e12 {
                    assert_eq!(snap(v), rounded_to_12_digits(v), "{v}");
                    assert_eq!(snap(v), v, "{v}");
                }
            }
            k *= 3.0;
        }
        assert_eq!(snap(1_000_000_000_001.0), 1_000_000_000_000.0); // 13 digits: rounded
        assert_eq!(snap(0.5), 0.5);
        assert_eq!(snap(-0.0).to_bits(), (-0.0_f64).to_bits());
    }

    #[test]
    fn decimal_exponent_is_floor_log10() {
        // Powers of ten, their neighbours one ulp away, and values across the whole range.
        for k in -11..=33 {
            let p: f64 = format!("1e{k}").parse().unwrap();
            assert_eq!(decimal_exponent(p), Some(k), "1e{k}");
            let below = f64::from_bits(p.to_bits() - 1);
            if k > -11 {
                assert_eq!(decimal_exponent(below), Some(k - 1), "below 1e{k}");
            }
            assert_eq!(decimal_exponent(-p), Some(k), "-1e{k}");
        }
        let mut x = 1.234_567e-11;
        while x < 1e33 {
            let expected = libm::floor(libm::log10(x)) as i32;
            assert_eq!(decimal_exponent(x), Some(expected), "{x}");
            x *= 1.7;
        }
        assert_eq!(decimal_exponent(0.0), None);
        assert_eq!(decimal_exponent(f64::NAN), None);
        assert_eq!(decimal_exponent(1e35), None);
        assert_eq!(decimal_exponent(1e-12), None);
    }

    /// The snap as it was first written, with a logarithm: the fast one must agree with it.
    fn reference(x: f64) -> f64 {
        if !x.is_finite() || x == 0.0 {
            return x;
        }
        let shift = 11 - libm::floor(libm::log10(libm::fabs(x))) as i32;
        match shift {
            0 => libm::round(x),
            1..=22 => libm::round(x * POW10[shift as usize]) / POW10[shift as usize],
            -22..=-1 => libm::round(x / POW10[(-shift) as usize]) * POW10[(-shift) as usize],
            _ => x,
        }
    }

    #[test]
    fn snap_agrees_with_the_logarithm() {
        let mut x = 3.3e-11;
        while x < 1e33 {
            for v in [x, -x, x * (1.0 + f64::EPSILON), 1.0 / x] {
                assert_eq!(snap(v).to_bits(), reference(v).to_bits(), "{v:e}");
            }
            x *= 1.37;
        }
        for v in [
            0.25000000000000006,
            4.999999999999999,
            0.1,
            0.3,
            1e-11,
            2000.0 / 3.0,
        ] {
            assert_eq!(snap(v).to_bits(), reference(v).to_bits(), "{v:e}");
        }
    }

    #[test]
    fn round_is_half_away_from_zero() {
        let cases = [
            (0.0, 0.0),
            (0.49999999999999994, 0.0),
            (0.5, 1.0),
            (1.5, 2.0),
            (2.5, 3.0),
            (-2.5, -3.0),
            (-0.4, -0.0),
            (123_456_789_012.4, 123_456_789_012.0),
            (4_503_599_627_370_497.0, 4_503_599_627_370_497.0),
        ];
        for (x, expected) in cases {
            assert_eq!(round(x), expected, "{x}");
            assert_eq!(round(x), libm::round(x), "{x} as libm rounds it");
        }
    }

    #[test]
    fn snap_removes_noise_and_keeps_clinical_digits() {
        assert_eq!(snap(0.25000000000000006), 0.25);
        assert_eq!(snap(4.999999999999999), 5.0);
        assert_eq!(snap(499.99999999999994), 500.0);
        assert_eq!(snap(0.2833), 0.2833);
        assert_eq!(snap(-2.0000000000000004), -2.0);
        assert_eq!(snap(123_456_789_012_345.0), 123_456_789_012_000.0);
        assert_eq!(snap(0.0), 0.0);
        assert!(snap(f64::NAN).is_nan());
    }
}
