//! Partial dates (`1917`, `2023-11`, `2023-11-15`), as history gives them.
//!
//! A date may be known only to the year or month; such dates sort before the fully known dates of
//! the same year or month. Validation is strict: `2023-02-30` is an error, not March.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PartialDate {
    pub(crate) year: i32,
    pub(crate) month: Option<u8>,
    pub(crate) day: Option<u8>,
}

impl PartialDate {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. A full TOML datetime keeps only its date part.
    pub(crate) fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        let bad = || format!("`{text}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (for example 2023-11-15)");
        let (date_part, time) = text.split_once(['T', ' ']).map_or((text, None), |(d, t)| (d, Some(t)));
        // Only a time may follow the date, and the whole must then be a datetime (TOML's, which
        // is RFC 3339's): anything else after the date would be silently dropped.
        if time.is_some()
            && !text.parse::<toml::value::Datetime>().is_ok_and(|dt| dt.date.is_some() && dt.time.is_some())
        {
            return Err(format!(
                "`{text}` is not a date: only a time may follow the date, as in 2023-11-15T10:00:00+08:00"
            ));
        }
        let parts: Vec<&str> = date_part.split('-').collect();
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(bad());
        }
        if parts[0].len() != 4 || parts[1..].iter().any(|p| p.len() != 2) {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: Option<u8> = parts.get(1).map(|m| m.parse()).transpose().map_err(|_| bad())?;
        let day: Option<u8> = parts.get(2).map(|d| d.parse()).transpose().map_err(|_| bad())?;
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("`{text}`: there is no month {m}; months run from 01 to 12"));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let last = days_in_month(year, m);
            if d == 0 || d > last {
                return Err(format!("`{text}`: month {m:02} of {year} has days 01 to {last}, not {d:02}"));
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// `2023年11月15日`, `2023年11月`, `1917年`.
    pub(crate) fn to_chinese(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{}年{}月{}日", self.year, m, d),
            (Some(m), None) => format!("{}年{}月", self.year, m),
            _ => format!("{}年", self.year),
        }
    }
}

/// A TOML value written as a date: a string, a bare year or a TOML date.
pub(crate) fn date_from_toml(value: &toml::Value) -> Result<PartialDate, String> {
    match value {
        toml::Value::String(s) => PartialDate::parse(s),
        toml::Value::Integer(year) => PartialDate::parse(&format!("{year:04}")),
        toml::Value::Datetime(dt) => match dt.date {
            Some(_) => PartialDate::parse(&dt.to_string()),
            None => Err(format!("`{dt}` is a time without a date")),
        },
        other => Err(format!("a date must be a string like \"2023-11-15\", not a {}", other.type_str())),
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_dates_and_rejects_impossible_ones() {
        let ok = [
            ("1917", "1917", "1917年"),
            ("2023-11", "2023-11", "2023年11月"),
            ("2023-11-15", "2023-11-15", "2023年11月15日"),
            ("2024-02-29", "2024-02-29", "2024年2月29日"),
            ("2023-11-15T10:00:00+08:00", "2023-11-15", "2023年11月15日"),
            ("2023-11-15T10:00:00Z", "2023-11-15", "2023年11月15日"),
            ("2023-11-15 10:00:00", "2023-11-15", "2023年11月15日"),
            ("2023-11-15T10:00:00", "2023-11-15", "2023年11月15日"),
        ];
        for (input, shown, zh) in ok {
            let d = PartialDate::parse(input).unwrap();
            assert_eq!((d.to_string().as_str(), d.to_chinese().as_str()), (shown, zh));
        }
        for bad in ["", "23", "2023-13", "2023-02-29", "1900-02-29", "2023-11-31", "2023-1-5", "明年", "2023-11-15-1"]
            .into_iter()
            .chain(["2023-11-15 not really a date", "2023-11-15T", "2023-11-15 10:00 o'clock", "2023 年", "2023-11 15"])
        {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn partial_dates_sort_before_precise_ones_of_the_same_period() {
        let mut dates: Vec<PartialDate> = ["2023-11-15", "2023", "1917", "2023-11", "2022-11"]
            .iter()
            .map(|d| PartialDate::parse(d).unwrap())
            .collect();
        dates.sort();
        let shown: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown, ["1917", "2022-11", "2023", "2023-11", "2023-11-15"]);
    }
}
