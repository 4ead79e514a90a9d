//! Calendar dates for `itb refill`: the refill date, and the alarm, due and empty dates counted
//! from it. The core works in durations (`days_to_alarm`, `refill_due`); only the command turns
//! them into dates, with jiff doing every piece of calendar arithmetic.
//!
//! With a refill date but no time of day, the alarm falls `days_to_alarm` after a moment
//! somewhere in that day, so its date is the refill date plus `days_to_alarm` or one day more.
//! The dates printed are the refill date plus the days rounded **down** (72.9 days → 72 days):
//! never later than the exact moment, so a clinic that books on the date printed never books
//! after the alarm.

use itb::units::{ClinicalQuantity, Duration, Unit};
use jiff::civil::Date;
use jiff::{Span, Zoned};

/// What `--refill-date` takes, for messages and `--help`.
pub const DATE_FORMAT: &str = "a calendar date written YYYY-MM-DD, e.g. 2026-01-01";

/// Reads `--refill-date`: exactly `YYYY-MM-DD`, and a date the calendar has (`2026-02-30` is
/// refused, not moved to March).
///
/// ```
/// use itb_cli::dates::parse_date;
/// assert_eq!(parse_date("2026-01-01").unwrap().to_string(), "2026-01-01");
/// assert!(parse_date("2026-02-30").is_err());
/// assert!(parse_date("tomorrow").is_err());
/// ```
pub fn parse_date(text: &str) -> Result<Date, String> {
    // jiff also reads ISO forms such as 20260101 or a date with a time; a refill date is
    // written one way only, so the shape is checked first.
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(format!("{text:?} is not {DATE_FORMAT}"));
    }
    text.parse::<Date>().map_err(|e| {
        format!("{text:?} is not a date on the calendar ({e}); expected {DATE_FORMAT}")
    })
}

/// Today's date where the command runs (the system time zone; UTC when it cannot be found).
pub fn today() -> Date {
    Zoned::now().date()
}

/// `date` plus `days` rounded down to whole days (`72.9` → 72, `-2.5` → -3): never later than
/// the exact moment. `None` for a count that is not finite or goes past the calendar
/// (years -9999 to 9999).
///
/// ```
/// use itb_cli::dates::{after_whole_days, parse_date};
/// let refill = parse_date("2026-01-01").unwrap();
/// // January has 31 days and February 2026 has 28: 2026-01-01 + 59 days is 2026-03-01.
/// assert_eq!(after_whole_days(refill, 72.9).unwrap().to_string(), "2026-03-14");
/// assert_eq!(after_whole_days(refill, -2.5).unwrap().to_string(), "2025-12-29");
/// ```
pub fn after_whole_days(date: Date, days: f64) -> Option<Date> {
    let duration = Duration::from_unit(days, Unit::Day)?;
    let whole = itb::refill::whole_days(duration, "days").ok()?;
    let span = Span::new().try_days(whole).ok()?;
    date.checked_add(span).ok()
}

/// `2026-03-07 (Saturday)`: a clinic books on a weekday, so the day is named.
pub fn show(date: Date) -> String {
    format!("{date} ({})", date.strftime("%A"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        parse_date(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn only_yyyy_mm_dd_calendar_dates_are_read() {
        assert_eq!(date("2024-02-29").to_string(), "2024-02-29"); // a leap day
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "tomorrow",
            "20260101",
            "2026-1-1",
            "2026-01-01T10:00",
            " 2026-01-01",
            "",
        ] {
            let message = parse_date(bad).expect_err(bad);
            assert!(message.contains("YYYY-MM-DD"), "{bad}: {message}");
            assert!(message.contains(&format!("{bad:?}")), "{bad}: {message}");
        }
    }

    #[test]
    fn days_are_rounded_down_never_up() {
        let refill = date("2026-01-01");
        // 2026-01-01 + 31 days = 2026-02-01; + 28 (February 2026) = 2026-03-01 (59 days).
        assert_eq!(after_whole_days(refill, 59.0), Some(date("2026-03-01")));
        assert_eq!(after_whole_days(refill, 72.0), Some(date("2026-03-14")));
        assert_eq!(after_whole_days(refill, 72.9), Some(date("2026-03-14")));
        assert_eq!(after_whole_days(refill, 72.999), Some(date("2026-03-14")));
        assert_eq!(after_whole_days(refill, 0.5), Some(refill));
        assert_eq!(after_whole_days(refill, 0.0), Some(refill));
        // Negative (overdue): -0.5 day is before the refill date's start, so the day before.
        assert_eq!(after_whole_days(refill, -0.5), Some(date("2025-12-31")));
        assert_eq!(after_whole_days(refill, -2.5), Some(date("2025-12-29")));
        // Across a leap day: 2024-02-28 + 1 = 2024-02-29; + 2 = 2024-03-01.
        assert_eq!(
            after_whole_days(date("2024-02-28"), 2.0),
            Some(date("2024-03-01"))
        );
    }

    #[test]
    fn counts_past_the_calendar_are_none_not_a_panic() {
        let refill = date("2026-01-01");
        assert_eq!(after_whole_days(refill, f64::INFINITY), None);
        assert_eq!(after_whole_days(refill, f64::NAN), None);
        assert_eq!(after_whole_days(refill, 1e12), None);
        // 9999-12-31 is the last date: 8,000 years of days is past it.
        assert_eq!(after_whole_days(refill, 8000.0 * 366.0), None);
    }

    #[test]
    fn dates_show_their_weekday() {
        // 2026-01-01 is a Thursday (2025-01-01 was a Wednesday and 2025 has 365 days).
        assert_eq!(show(date("2026-01-01")), "2026-01-01 (Thursday)");
        assert_eq!(show(date("2026-03-07")), "2026-03-07 (Saturday)");
    }
}
