//! Reading quantities and units from text: `"2000 mcg/mL"`, `"10 mg/20 mL"` (a container:
//! amount per volume), `"24 mcg per h"`, both micro signs, case-insensitive words.

use core::fmt;

use super::{Dimension, Measure, Unit};
use crate::error::ErrorKind;

impl Measure {
    /// Parses `"2000 mcg/mL"`, `"0.5mg"`, `"10 mg/20 mL"` (amount per volume), `"24 mcg per h"`.
    pub fn parse(text: &str) -> Result<Measure, ParseError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ParseError::new(
                ErrorKind::InvalidValue,
                "empty: a number and a unit are required",
            ));
        }
        let (value, rest) = split_number(text)?;
        let rest = rest.trim_start();
        if rest.is_empty() {
            return Err(ParseError::new(
                ErrorKind::UnitRequired,
                "a number without a unit",
            ));
        }
        if rest.starts_with([',', '.']) || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(ParseError::new(
                ErrorKind::InvalidValue,
                "use '.' as the decimal mark and no thousands separators",
            ));
        }
        if !value.is_finite() {
            // The digits were a number; only its size is wrong.
            return Err(ParseError::new(
                ErrorKind::NotFinite,
                "a number too large to hold (more than about 1.8e308)",
            ));
        }
        let (unit, divisor) = parse_unit_expr(rest)?;
        match divisor {
            None => Ok(Measure::new(value, unit)),
            Some(0.0) => Err(ParseError::new(
                ErrorKind::Zero,
                "a container volume of zero",
            )),
            Some(d) if !d.is_finite() => Err(ParseError::new(
                ErrorKind::NotFinite,
                "a container volume too large to hold (more than about 1.8e308)",
            )),
            Some(d) => {
                let per_volume = value / d;
                if !per_volume.is_finite() {
                    return Err(ParseError::new(
                        ErrorKind::NotFinite,
                        "an amount per volume too large to hold",
                    ));
                }
                // "1e-200 mcg/1e200 mL" underflows to 0: a non-zero amount is never read as zero.
                if per_volume == 0.0 && value != 0.0 {
                    return Err(ParseError::new(
                        ErrorKind::OutOfRange,
                        "an amount per volume too small to hold, and no zero",
                    ));
                }
                Ok(Measure::new(per_volume, unit))
            }
        }
    }
}

impl Unit {
    /// Parses a unit on its own (`"mg/mL"`, `"micrograms per day"`, `"µg"`), as in a
    /// `convert` request's `to`. A number inside (`"mg/5 mL"`) is refused: that is a quantity.
    pub fn parse(text: &str) -> Result<Unit, ParseError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ParseError::new(ErrorKind::UnitRequired, "no unit given"));
        }
        if split_number(text).is_ok() {
            return Err(ParseError::new(
                ErrorKind::InvalidValue,
                "a unit was expected, not a quantity with a number",
            ));
        }
        match parse_unit_expr(text)? {
            (unit, None) => Ok(unit),
            (_, Some(_)) => Err(ParseError::new(
                ErrorKind::InvalidValue,
                "a unit was expected, not a quantity with a number",
            )),
        }
    }
}

/// Why a quantity or unit string could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// `unit_required`, `unit_unknown`, `invalid_value`, `not_finite` or `zero`.
    pub kind: ErrorKind,
    /// What was wrong, for the message.
    pub reason: &'static str,
}

impl ParseError {
    const fn new(kind: ErrorKind, reason: &'static str) -> Self {
        ParseError { kind, reason }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason)
    }
}

/// Splits a leading decimal number (`-1.5e3`) from the rest. `NaN`/`inf` are `not_finite`.
fn split_number(text: &str) -> Result<(f64, &str), ParseError> {
    let unsigned = text.trim_start_matches(['+', '-']);
    let starts = |w: &str| {
        unsigned
            .get(..w.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(w))
    };
    if starts("nan") || starts("inf") {
        return Err(ParseError::new(ErrorKind::NotFinite, "not a finite number"));
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
        i += 1;
    }
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < bytes.len() && bytes[i] == b'.' {
        let frac_start = i + 1;
        let mut j = frac_start;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        // ISMP: no naked decimal (".5 mg" is read as "5 mg"), and no dangling point ("5.").
        if digits == 0 || j == frac_start {
            return Err(ParseError::new(
                ErrorKind::InvalidValue,
                "write a digit on both sides of the decimal point (0.5, not .5 or 5.)",
            ));
        }
        digits += j - frac_start;
        i = j;
    }
    if digits == 0 {
        return Err(ParseError::new(
            ErrorKind::InvalidValue,
            "not a number followed by a unit",
        ));
    }
    // An exponent only counts when digits follow it; "2 e" would otherwise swallow a unit.
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'-' || bytes[j] == b'+') {
            j += 1;
        }
        let exp_start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    let value: f64 = text[..i]
        .parse()
        .map_err(|_| ParseError::new(ErrorKind::InvalidValue, "not a number followed by a unit"))?;
    // "1e-400" underflows to 0: a value written as non-zero is never read as zero.
    let mantissa = text[..i].split(['e', 'E']).next().unwrap_or("");
    if value == 0.0 && mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        return Err(ParseError::new(
            ErrorKind::OutOfRange,
            "a number too small to hold (below about 1e-308), and no zero",
        ));
    }
    Ok((value, &text[i..]))
}

/// Parses a unit expression: `mg`, `mcg/mL`, `mg/20 mL` (container: divisor 20),
/// `mcg per day`, `mg/24 h` (per day). Returns the unit and the container divisor, if any.
fn parse_unit_expr(text: &str) -> Result<(Unit, Option<f64>), ParseError> {
    let (numerator, denominator) = match split_ratio(text) {
        Some((n, d)) => (n.trim(), Some(d.trim())),
        None => (text.trim(), None),
    };
    let top = word(numerator)?;
    let Some(denominator) = denominator else {
        return match top {
            Word::Mass(u) | Word::Volume(u) | Word::Duration(u) | Word::Length(u) => Ok((u, None)),
        };
    };
    // A number in the denominator: a container ("10 mg/20 mL") or "per 24 h".
    let (count, bottom_text) = if denominator.starts_with(|c: char| c.is_ascii_digit() || c == '.')
    {
        let (n, rest) = split_number(denominator)?;
        (Some(n), rest.trim_start())
    } else {
        (None, denominator)
    };
    let bottom = word(bottom_text)?;
    let unit = combine(top, bottom)?;
    match (count, bottom) {
        (None, _) => Ok((unit, None)),
        (Some(n), Word::Volume(_)) if unit.dimension() == Dimension::Concentration => {
            Ok((unit, Some(n)))
        }
        (Some(24.0), Word::Duration(Unit::Hour)) => Ok((per_day(unit), None)),
        (Some(_), _) => Err(ParseError::new(
            ErrorKind::UnitUnknown,
            "a number in a unit's denominator is allowed only for a container (10 mg/20 mL) or per 24 h",
        )),
    }
}

fn split_ratio(text: &str) -> Option<(&str, &str)> {
    if let Some(i) = text.find('/') {
        return Some((&text[..i], &text[i + 1..]));
    }
    // " per " in any case; ASCII-only lowering keeps byte offsets valid.
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(4)).find_map(|i| {
        let w = &bytes[i..i + 5];
        w.eq_ignore_ascii_case(b" per ")
            .then(|| (&text[..i], &text[i + 5..]))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Mass(Unit),
    Volume(Unit),
    Duration(Unit),
    Length(Unit),
}

/// One unit word, case-insensitive; both micro signs (U+00B5, U+03BC) read as `u`.
fn word(text: &str) -> Result<Word, ParseError> {
    let mut buf = [0u8; 16];
    let mut len = 0;
    for c in text.chars() {
        let folded = match c {
            '\u{00B5}' | '\u{03BC}' => 'u',
            c if c.is_ascii() => c.to_ascii_lowercase(),
            _ => return Err(unknown()),
        };
        if len == buf.len() {
            return Err(unknown());
        }
        buf[len] = folded as u8;
        len += 1;
    }
    let w = match &buf[..len] {
        b"mcg" | b"ug" | b"microgram" | b"micrograms" => Word::Mass(Unit::Microgram),
        b"mg" | b"milligram" | b"milligrams" => Word::Mass(Unit::Milligram),
        b"ml" | b"milliliter" | b"milliliters" | b"millilitre" | b"millilitres" => {
            Word::Volume(Unit::Milliliter)
        }
        b"day" | b"days" | b"d" => Word::Duration(Unit::Day),
        b"h" | b"hr" | b"hour" | b"hours" => Word::Duration(Unit::Hour),
        b"min" | b"minute" | b"minutes" => Word::Duration(Unit::Minute),
        b"cm" | b"centimeter" | b"centimeters" | b"centimetre" | b"centimetres" => {
            Word::Length(Unit::Centimeter)
        }
        _ => return Err(unknown()),
    };
    Ok(w)
}

/// The units a quantity may be written in (the output-only `year`, `%` and `step` are not):
/// one list, checked against [`Unit::ALL`] by a test.
pub const INPUT_UNITS: &str = "mcg, mg, mL, mcg/mL, mg/mL, mcg/day, mg/day, mcg/h, mg/h, mcg/min, \
     mg/min, mL/day, mL/h, mL/min, day, h, min, cm, mL/cm";

fn unknown() -> ParseError {
    ParseError::new(ErrorKind::UnitUnknown, UNKNOWN_UNIT)
}

const UNKNOWN_UNIT: &str = "unknown unit; allowed: mcg, mg, mL, mcg/mL, mg/mL, mcg/day, mg/day, \
     mcg/h, mg/h, mcg/min, mg/min, mL/day, mL/h, mL/min, day, h, min, cm, mL/cm";

fn combine(top: Word, bottom: Word) -> Result<Unit, ParseError> {
    use Unit::*;
    let unit = match (top, bottom) {
        (Word::Mass(Microgram), Word::Volume(_)) => McgPerMl,
        (Word::Mass(_), Word::Volume(_)) => MgPerMl,
        (Word::Mass(m), Word::Duration(d)) => match (m, d) {
            (Microgram, Day) => McgPerDay,
            (Microgram, Hour) => McgPerHour,
            (Microgram, _) => McgPerMinute,
            (_, Day) => MgPerDay,
            (_, Hour) => MgPerHour,
            _ => MgPerMinute,
        },
        (Word::Volume(_), Word::Duration(Day)) => MlPerDay,
        (Word::Volume(_), Word::Duration(Hour)) => MlPerHour,
        (Word::Volume(_), Word::Duration(_)) => MlPerMinute,
        (Word::Volume(_), Word::Length(_)) => MlPerCm,
        _ => return Err(unknown()),
    };
    Ok(unit)
}

fn per_day(unit: Unit) -> Unit {
    match unit {
        Unit::McgPerHour => Unit::McgPerDay,
        Unit::MgPerHour => Unit::MgPerDay,
        Unit::MlPerHour => Unit::MlPerDay,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::snap;

    #[test]
    fn parses_every_spelling_of_the_protocol() {
        let ok = |s: &str, value: f64, unit: Unit| {
            let m = Measure::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!((snap(m.value), m.unit), (value, unit), "{s}");
        };
        ok("2000 mcg/mL", 2000.0, Unit::McgPerMl);
        ok("2000mcg/mL", 2000.0, Unit::McgPerMl);
        ok("2 MG/ML", 2.0, Unit::MgPerMl);
        ok("50 micrograms", 50.0, Unit::Microgram);
        ok("50 ug", 50.0, Unit::Microgram);
        ok("50 \u{00B5}g", 50.0, Unit::Microgram);
        ok("50 \u{03BC}g", 50.0, Unit::Microgram);
        ok("1 milligram", 1.0, Unit::Milligram);
        ok("20 millilitres", 20.0, Unit::Milliliter);
        ok("20 Milliliter", 20.0, Unit::Milliliter);
        ok("10 mg/20 mL", 0.5, Unit::MgPerMl);
        ok("10mg/20ml", 0.5, Unit::MgPerMl);
        ok("40 mg / 20 mL", 2.0, Unit::MgPerMl);
        ok("500 mcg/d", 500.0, Unit::McgPerDay);
        ok("500 mcg/24h", 500.0, Unit::McgPerDay);
        ok("500 mcg/24 h", 500.0, Unit::McgPerDay);
        ok("500 mcg per day", 500.0, Unit::McgPerDay);
        ok("0.5 mg/days", 0.5, Unit::MgPerDay);
        ok("24 mcg/h", 24.0, Unit::McgPerHour);
        ok("24 mcg/hr", 24.0, Unit::McgPerHour);
        ok("1 mcg/min", 1.0, Unit::McgPerMinute);
        ok("0.25 mL/day", 0.25, Unit::MlPerDay);
        ok("0.5 ml per hour", 0.5, Unit::MlPerHour);
        ok("8 hours", 8.0, Unit::Hour);
        ok("30 minutes", 30.0, Unit::Minute);
        ok("3 days", 3.0, Unit::Day);
        ok("110 cm", 110.0, Unit::Centimeter);
        ok("0.0026 mL/cm", 0.0026, Unit::MlPerCm);
        ok("1e3 mcg", 1000.0, Unit::Microgram);
        ok("  5 mg  ", 5.0, Unit::Milligram);
    }

    #[test]
    fn refuses_what_is_not_a_clean_quantity() {
        let kind = |s: &str| Measure::parse(s).map(|m| m.unit).unwrap_err().kind;
        assert_eq!(kind("2000"), ErrorKind::UnitRequired);
        assert_eq!(kind("2000 furlongs"), ErrorKind::UnitUnknown);
        // One list of the units a quantity is written in: the enum's, less the output-only ones.
        let input: Vec<&str> = Unit::ALL
            .iter()
            .filter(|u| !matches!(u, Unit::Year | Unit::Percent | Unit::Step))
            .map(|u| u.symbol())
            .collect();
        assert_eq!(INPUT_UNITS, input.join(", "));
        assert_eq!(
            UNKNOWN_UNIT,
            format!("unknown unit; allowed: {INPUT_UNITS}")
        );
        assert_eq!(kind("1e-400 mg"), ErrorKind::OutOfRange);
        assert_eq!(Measure::parse("0e-400 mg").unwrap().value, 0.0); // a zero is still a zero
        assert_eq!(kind("10 mg/1e400 mL"), ErrorKind::NotFinite);
        assert_eq!(kind("1e-200 mcg/1e200 mL"), ErrorKind::OutOfRange);
        assert_eq!(kind("1 mg/1e-320 mL"), ErrorKind::NotFinite);
        let huge = format!("{} mcg", "9".repeat(400));
        assert_eq!(
            Measure::parse(&huge).unwrap_err().reason,
            "a number too large to hold (more than about 1.8e308)"
        );
        assert_eq!(kind("5 mcg/kg"), ErrorKind::UnitUnknown);
        assert_eq!(kind("5 mL/mcg"), ErrorKind::UnitUnknown);
        assert_eq!(kind("5 mg/2 h"), ErrorKind::UnitUnknown);
        assert_eq!(kind("1,000 mcg"), ErrorKind::InvalidValue);
        assert_eq!(kind("0,5 mg"), ErrorKind::InvalidValue);
        assert_eq!(kind(".5 mg"), ErrorKind::InvalidValue);
        assert_eq!(kind("5. mg"), ErrorKind::InvalidValue);
        assert_eq!(kind("abc mcg"), ErrorKind::InvalidValue);
        assert_eq!(kind(""), ErrorKind::InvalidValue);
        assert_eq!(kind("NaN mg"), ErrorKind::NotFinite);
        assert_eq!(kind("-inf mg"), ErrorKind::NotFinite);
        assert_eq!(kind("1e999 mg"), ErrorKind::NotFinite);
        assert_eq!(kind("10 mg/0 mL"), ErrorKind::Zero);
        assert_eq!(
            Unit::parse("2 mg").unwrap_err().kind,
            ErrorKind::InvalidValue
        );
        assert_eq!(
            Unit::parse("mg/5 mL").unwrap_err().kind,
            ErrorKind::InvalidValue
        );
    }
}
