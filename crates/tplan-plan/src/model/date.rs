use std::fmt;

/// A calendar date (`2026-06-01`), as used for deprecation and sunset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        // Exactly ten characters: jiff also reads signed six-digit years.
        if s.len() != 10 || !s.as_bytes()[0].is_ascii_digit() {
            return None;
        }
        s.parse().ok().map(Date)
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        Date(
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date(),
        )
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.0.year()
    }
}

/// Seconds since the Unix epoch of an RFC 3339 time as tplan's records
/// write them (`2026-11-25T10:21:44+01:00`, `…Z`, fractions ignored), so
/// times written in different zones compare.
pub fn instant(text: &str) -> Option<i64> {
    text.parse::<jiff::Timestamp>().ok().map(|t| t.as_second())
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
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
    fn today_is_a_real_date() {
        assert!(Date::today().year() >= 2026);
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
