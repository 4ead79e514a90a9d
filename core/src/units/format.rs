//! Writing quantities for people, the ISMP way: a leading zero (`0.5 mL`), no trailing zero
//! (`2 mg`), thousands separators (`2,000 mcg/mL`), `mcg` never `µg`.

use core::fmt::{self, Write as _};

use super::{Measure, Unit};

impl fmt::Display for Measure {
    /// ISMP safe writing: `0.5 mL`, `2 mg`, `2,000 mcg/mL`, `126.7 days`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_number(f, self.value)?;
        if self.unit == Unit::Day && self.value != 1.0 {
            f.write_str(" days")
        } else if self.unit == Unit::Year {
            f.write_str(if self.value == 1.0 { " year" } else { " years" })
        } else if self.unit == Unit::Step {
            f.write_str(if self.value == 1.0 { " step" } else { " steps" })
        } else {
            write!(f, " {}", self.unit.symbol())
        }
    }
}

/// Writes a number the ISMP way: leading zero, no trailing zero, thousands separators, only
/// the fractional part rounded, to at most 4 significant figures in all.
pub fn write_number(out: &mut impl fmt::Write, x: f64) -> fmt::Result {
    if !x.is_finite() {
        return out.write_str(if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "inf"
        } else {
            "-inf"
        });
    }
    let magnitude = libm::fabs(x);
    if magnitude != 0.0 && !(SMALLEST_WRITTEN_OUT..LARGEST_WRITTEN_OUT).contains(&magnitude) {
        return write_scientific(out, x);
    }
    let decimals = if magnitude == 0.0 {
        0
    } else if magnitude >= 1.0 {
        let int_digits = libm::floor(libm::log10(magnitude)) as i32 + 1;
        (4 - int_digits).max(0) as usize
    } else {
        // Leading zeros after the point are not significant: 0.0104166 → 0.01042.
        let leading_zeros = (-libm::floor(libm::log10(magnitude)) as i32 - 1).max(0) as usize;
        leading_zeros + 4
    };
    let mut buf = StackBuf::<800>::new();
    write!(buf, "{:.*}", decimals, magnitude)?;
    let digits = buf.as_str();
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    let frac_part = frac_part.trim_end_matches('0');
    let is_zero = int_part.bytes().all(|b| b == b'0') && frac_part.is_empty();
    if x < 0.0 && !is_zero {
        out.write_char('-')?;
    }
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.write_char(',')?;
        }
        out.write_char(c)?;
    }
    if !frac_part.is_empty() {
        out.write_char('.')?;
        out.write_str(frac_part)?;
    }
    Ok(())
}

/// Below this magnitude a number is written as `6.716e-12`: its leading zeros would make a text
/// no one reads (a CSF estimate 1,000 h after a bolus is about 1e-200 mcg/mL).
const SMALLEST_WRITTEN_OUT: f64 = 1e-9;
/// From this magnitude on, `1.235e+15`: more digits than a person counts.
const LARGEST_WRITTEN_OUT: f64 = 1e15;

/// `x` with 4 significant figures and a power of ten (`6.716e-200`, `1.235e+15`), no trailing
/// zero in the mantissa.
fn write_scientific(out: &mut impl fmt::Write, x: f64) -> fmt::Result {
    let mut buf = StackBuf::<64>::new();
    write!(buf, "{:.3e}", x)?;
    let text = buf.as_str();
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let mantissa = match mantissa.split_once('.') {
        Some((int, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                out.write_str(int)?;
                ""
            } else {
                out.write_str(int)?;
                out.write_char('.')?;
                frac
            }
        }
        None => mantissa,
    };
    out.write_str(mantissa)?;
    let sign = if exponent.starts_with('-') { "" } else { "+" };
    write!(out, "e{sign}{exponent}")
}

/// A small fixed buffer implementing `fmt::Write`, so formatting needs no allocator.
struct StackBuf<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> StackBuf<N> {
    fn new() -> Self {
        StackBuf {
            bytes: [0; N],
            len: 0,
        }
    }
    fn as_str(&self) -> &str {
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> fmt::Write for StackBuf<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > N {
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: f64, unit: Unit) -> String {
        Measure::new(value, unit).to_string()
    }

    #[test]
    fn ismp_text() {
        assert_eq!(text(0.5, Unit::Milliliter), "0.5 mL");
        assert_eq!(text(2.0, Unit::Milligram), "2 mg");
        assert_eq!(text(2000.0, Unit::McgPerMl), "2,000 mcg/mL");
        assert_eq!(text(126.666_666, Unit::Day), "126.7 days");
        assert_eq!(text(0.283_333_3, Unit::MlPerDay), "0.2833 mL/day");
        assert_eq!(text(12_345.0, Unit::Microgram), "12,345 mcg");
        assert_eq!(text(1_234_567.6, Unit::Microgram), "1,234,568 mcg");
        assert_eq!(text(0.010_416_666, Unit::MlPerHour), "0.01042 mL/h");
        assert_eq!(text(72.0, Unit::Day), "72 days");
        assert_eq!(text(1.0, Unit::Day), "1 day");
        assert_eq!(text(8.0, Unit::Hour), "8 h");
        assert_eq!(text(0.0, Unit::Milliliter), "0 mL");
        assert_eq!(text(-2.0, Unit::Milliliter), "-2 mL");
        assert_eq!(text(999.96, Unit::Microgram), "1,000 mcg");
        assert_eq!(text(1e-7, Unit::Milligram), "0.0000001 mg");
        // Beyond what a person reads digit by digit, a power of ten (4 significant figures).
        assert_eq!(text(1e300, Unit::Microgram), "1e+300 mcg");
        assert_eq!(text(1.234_56e15, Unit::Microgram), "1.235e+15 mcg");
        assert_eq!(
            text(999_999_999_999_999.0, Unit::Microgram),
            "999,999,999,999,999 mcg"
        );
        assert_eq!(
            text(6.716_054_883e-200, Unit::McgPerMl),
            "6.716e-200 mcg/mL"
        );
        assert_eq!(text(-2.5e-10, Unit::Milliliter), "-2.5e-10 mL");
        assert_eq!(text(1e-9, Unit::Milliliter), "0.000000001 mL");
    }
}
