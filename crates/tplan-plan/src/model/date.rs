use std::fmt;

/// A calendar date (`2026-06-01`), as used for deprecation and sunset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, four digits.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31 (checked against the month).
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_unix_days((secs / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }
}

impl Date {
    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    pub fn unix_days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

/// Seconds since the Unix epoch of an RFC 3339 time as tplan's records
/// write them (`2026-11-25T10:21:44+01:00`, `…Z`, fractions ignored), so
/// times written in different zones compare.
pub fn instant(text: &str) -> Option<i64> {
    let date = Date::parse(text.get(..10)?)?;
    let rest = text.get(10..)?.strip_prefix(['T', 't', ' '])?;
    let clock = rest.get(..8)?;
    let b = clock.as_bytes();
    if b[2] != b':' || b[5] != b':' {
        return None;
    }
    let num = |s: &str| -> Option<i64> {
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (h, m, sec) = (num(&clock[..2])?, num(&clock[3..5])?, num(&clock[6..8])?);
    let mut zone = &rest[8..];
    if let Some(fraction) = zone.strip_prefix('.') {
        zone = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = zone[1..].split_once(':')?;
            sign * (num(oh)? * 3600 + num(om)? * 60)
        }
    };
    (h < 24 && m < 60 && sec < 61)
        .then(|| date.unix_days() * 86_400 + h * 3600 + m * 60 + sec - offset)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_check_the_calendar() {
        assert_eq!(Date::parse("2026-06-01").unwrap().to_string(), "2026-06-01");
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-6-1").is_none());
        assert!(Date::parse("+026-06-01").is_none());
    }

    #[test]
    fn unix_days_map_to_dates() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_416).to_string(), "2025-11-24");
        for days in [-1000, 0, 59, 60, 20_416, 40_000] {
            assert_eq!(Date::from_unix_days(days).unix_days(), days);
        }
    }

    #[test]
    fn instants_compare_across_zones() {
        assert_eq!(instant("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            instant("2026-11-25T12:30:00+01:00"),
            instant("2026-11-25T11:30:00Z")
        );
        assert_eq!(
            instant("2026-11-25T11:30:00.250-02:30"),
            instant("2026-11-25T14:00:00Z")
        );
        assert!(instant("2026-11-25").is_none());
        assert!(instant("2026-11-25T25:00:00Z").is_none());
        assert!(instant("2026-11-25T10:00:00").is_none());
    }
}
