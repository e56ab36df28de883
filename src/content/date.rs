//! Partial dates (`1917`, `2023-11`, `2023-11-15`), as history gives them.
//!
//! A date may be known only to the year or month; such dates sort before the fully known dates of
//! the same year or month. Validation is strict: `2023-02-30` is an error, not March.
//!
//! [`format`] prints a date as a language writes it. Without a format, CLDR's patterns (icu): the
//! long date (`2023年11月15日`, `November 15, 2023`) or, for a partial date, the year-month or year
//! pattern. A format is chrono's strftime (`%e %B %Y`), with the month and weekday names of the
//! language's POSIX locale, named from CLDR's likely subtags (`zh-Hans` is `zh_CN`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use chrono::NaiveDate;
use chrono::format::{Fixed, Item, Numeric, StrftimeItems};
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{Y, YM, YMD};
use icu_datetime::{DateTimeFormatterPreferences, FixedCalendarDateTimeFormatter};
use icu_locale::LocaleExpander;
use icu_locale_core::{LanguageIdentifier, Locale};

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

/// One language's dates: its three default patterns (CLDR's, through icu), its strftime locale
/// (chrono's, from glibc's locale data) and the dates it wrote with its patterns, loaded once per
/// thread (loading is far slower than formatting).
struct LocaleDates {
    ymd: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    ym: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    y: FixedCalendarDateTimeFormatter<Gregorian, Y>,
    /// The locale whose month and weekday names a format prints, or why there is none.
    strftime: Result<chrono::Locale, String>,
    /// Dates already written with the default patterns: a site prints the same few dates on many
    /// pages (listings, feeds), and icu takes far longer to format one than a lookup takes.
    shown: RefCell<HashMap<PartialDate, String>>,
}

thread_local! {
    static LOCALES: RefCell<HashMap<String, Rc<LocaleDates>>> = RefCell::new(HashMap::new());
}

impl LocaleDates {
    fn get(lang: &str) -> Result<Rc<LocaleDates>, String> {
        if let Some(found) = LOCALES.with(|l| l.borrow().get(lang).cloned()) {
            return Ok(found);
        }
        let loaded = Rc::new(LocaleDates::load(lang)?);
        LOCALES.with(|l| l.borrow_mut().insert(lang.to_string(), loaded.clone()));
        Ok(loaded)
    }

    fn load(lang: &str) -> Result<LocaleDates, String> {
        let locale = Locale::try_from_str(lang)
            .map_err(|_| format!("`{lang}` is not a language code (BCP 47, such as zh-Hans or en)"))?;
        let prefs = DateTimeFormatterPreferences::from(&locale);
        let fail = |e: &dyn fmt::Display| format!("no date data for language `{lang}`: {e}");
        let ymd = FixedCalendarDateTimeFormatter::try_new(prefs, YMD::long()).map_err(|e| fail(&e))?;
        let ym = FixedCalendarDateTimeFormatter::try_new(prefs, YM::long()).map_err(|e| fail(&e))?;
        let y = FixedCalendarDateTimeFormatter::try_new(prefs, Y::long()).map_err(|e| fail(&e))?;
        Ok(LocaleDates { ymd, ym, y, strftime: strftime_locale(lang, &locale), shown: RefCell::default() })
    }
}

/// The POSIX locale (`en_US`, `zh_CN`) that writes `lang`: CLDR's likely subtags complete the
/// language code (`en` is `en-Latn-US`, `zh-Hans` is `zh-Hans-CN`, `zh-Hant` is `zh-Hant-TW`), and
/// `language_REGION` names the locale, provided that region's usual script is the one asked for (a
/// POSIX locale has no script: `sr_RS` writes Cyrillic, so `sr-Latn` has none).
fn strftime_locale(lang: &str, locale: &Locale) -> Result<chrono::Locale, String> {
    let expander = LocaleExpander::new_common();
    let mut full = locale.id.clone();
    expander.maximize(&mut full);
    let none = |why: &str| {
        format!(
            "no month and weekday names for language `{lang}` ({why}); leave format out to print the date \
             with CLDR's pattern for the language"
        )
    };
    let Some(region) = full.region else {
        return Err(none("its likely region is unknown"));
    };
    let mut usual = LanguageIdentifier::from((full.language, None, Some(region)));
    expander.maximize(&mut usual);
    if usual.script != full.script {
        let script = full.script.map_or_else(String::new, |s| s.to_string());
        return Err(none(&format!("the locale data of {}_{region} is not in the {script} script", full.language)));
    }
    let posix = format!("{}_{region}", full.language);
    chrono::Locale::try_from(posix.as_str()).map_err(|_| none(&format!("there is no locale data for {posix}")))
}

/// `date` as `lang` writes it: with `format` (strftime's: `%e %B %Y`), or else the language's long
/// date, year-month or year pattern, as far as the date is known. A format that asks for a field
/// the date does not have is an error that says what to write instead.
pub(crate) fn format(date: PartialDate, lang: &str, format: Option<&str>) -> Result<String, String> {
    let names = LocaleDates::get(lang)?;
    let Some(format) = format else {
        if let Some(shown) = names.shown.borrow().get(&date) {
            return Ok(shown.clone());
        }
        let shown = match (date.month, date.day) {
            (Some(m), Some(d)) => names.ymd.format(&gregorian(date.year, m, d)?).to_string(),
            (Some(m), None) => names.ym.format(&gregorian(date.year, m, 1)?).to_string(),
            _ => names.y.format(&gregorian(date.year, 1, 1)?).to_string(),
        };
        names.shown.borrow_mut().insert(date, shown.clone());
        return Ok(shown);
    };
    strftime(date, format, names.strftime.clone()?)
}

fn gregorian(year: i32, month: u8, day: u8) -> Result<Date<Gregorian>, String> {
    Date::try_new_gregorian(year, month, day).map_err(|e| format!("{year:04}-{month:02}-{day:02}: {e}"))
}

/// What a format item needs of a date beyond its year: `Some("month")`, `Some("day")`, or a time
/// of day (`Err`), which dates here never carry.
fn needs(item: &Item) -> Result<Option<&'static str>, ()> {
    Ok(match item {
        Item::Numeric(Numeric::Month | Numeric::Quarter, _)
        | Item::Fixed(Fixed::ShortMonthName | Fixed::LongMonthName) => Some("month"),
        Item::Numeric(
            Numeric::Day
            | Numeric::Ordinal
            | Numeric::WeekdayFromMon
            | Numeric::NumDaysFromSun
            | Numeric::WeekFromSun
            | Numeric::WeekFromMon
            | Numeric::IsoWeek
            | Numeric::IsoYear
            | Numeric::IsoYearDiv100
            | Numeric::IsoYearMod100,
            _,
        )
        | Item::Fixed(Fixed::ShortWeekdayName | Fixed::LongWeekdayName) => Some("day"),
        Item::Numeric(Numeric::Year | Numeric::YearDiv100 | Numeric::YearMod100, _)
        | Item::Literal(_)
        | Item::OwnedLiteral(_)
        | Item::Space(_)
        | Item::OwnedSpace(_)
        | Item::Error => None,
        _ => return Err(()),
    })
}

/// Formats with chrono's strftime and the locale's names. chrono parses the format; its items say
/// which fields it asks for, checked against what the date knows before the missing ones are set
/// to 1 for chrono.
fn strftime(date: PartialDate, format: &str, locale: chrono::Locale) -> Result<String, String> {
    let items: Vec<Item> = StrftimeItems::new_with_locale(format, locale).collect();
    for item in &items {
        if *item == Item::Error {
            return Err(format!(
                "format `{format}` has a `%` that starts no strftime field (an unknown letter, or a lone \
                 `%`: write `%%` for a percent sign); use date fields such as %Y %C %y %m %B %b %d %e %j \
                 %A %a %u %w %F %D %x (`-` as in %-d drops the padding)"
            ));
        }
        let Ok(needs) = needs(item) else {
            return Err(format!(
                "format `{format}` asks for a time of day, but dates here carry none (a time in front \
                 matter is dropped); use date fields only: %Y %m %d %e %B %b %A %a"
            ));
        };
        let missing = match needs {
            Some("day") => date.day.is_none(),
            Some(_) => date.month.is_none(),
            None => false,
        };
        if missing {
            let (known, instead) = if date.month.is_some() { ("month", "%B %Y") } else { ("year", "%Y") };
            return Err(format!(
                "date `{date}` is known only to the {known}, but format `{format}` asks for its {}; \
                 write a format without it, such as format=\"{instead}\", or leave format out to print \
                 the date as far as it is known",
                needs.unwrap_or("day")
            ));
        }
    }
    let (month, day) = (date.month.unwrap_or(1), date.day.unwrap_or(1));
    let naive = NaiveDate::from_ymd_opt(date.year, month.into(), day.into())
        .ok_or_else(|| format!("{date}: chrono cannot represent this date"))?;
    let mut out = String::new();
    fmt::write(&mut out, format_args!("{}", naive.format_localized_with_items(items.iter(), locale)))
        .map_err(|_| format!("format `{format}` could not be applied to {date}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_dates_and_rejects_impossible_ones() {
        let ok = [
            ("1917", "1917"),
            ("2023-11", "2023-11"),
            ("2023-11-15", "2023-11-15"),
            ("2024-02-29", "2024-02-29"),
            ("2023-11-15T10:00:00+08:00", "2023-11-15"),
            ("2023-11-15T10:00:00Z", "2023-11-15"),
            ("2023-11-15 10:00:00", "2023-11-15"),
            ("2023-11-15T10:00:00", "2023-11-15"),
        ];
        for (input, shown) in ok {
            assert_eq!(PartialDate::parse(input).unwrap().to_string(), shown);
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

    fn show(date: &str, lang: &str, fmt: Option<&str>) -> Result<String, String> {
        format(PartialDate::parse(date).unwrap(), lang, fmt)
    }

    #[test]
    fn default_dates_follow_each_languages_long_pattern_as_far_as_known() {
        let cases = [
            ("2023-11-15", "2023年11月15日", "November 15, 2023"),
            ("2024-03-06", "2024年3月6日", "March 6, 2024"),
            ("2023-11", "2023年11月", "November 2023"),
            ("1917", "1917年", "1917"),
        ];
        for (date, zh, en) in cases {
            assert_eq!(show(date, "zh-Hans", None).unwrap(), zh, "{date}");
            assert_eq!(show(date, "zh", None).unwrap(), zh, "{date}");
            assert_eq!(show(date, "en", None).unwrap(), en, "{date}");
        }
    }

    #[test]
    fn formats_are_strftime_with_each_languages_names() {
        let cases = [
            ("2023-11-05", "%e %B %Y", " 5 十一月 2023", " 5 November 2023"),
            ("2023-11-05", "%-d %b %Y", "5 11月 2023", "5 Nov 2023"),
            ("2023-11-15", "%A, %d.%m.%y", "星期三, 15.11.23", "Wednesday, 15.11.23"),
            ("2023-11-15", "%a %F %j %u %w 100%%", "三 2023-11-15 319 3 3 100%", "Wed 2023-11-15 319 3 3 100%"),
            ("2023-11-19", "%A %u %w", "星期日 7 0", "Sunday 7 0"),
            ("2023-11", "%B %Y", "十一月 2023", "November 2023"),
            ("1917", "%Y", "1917", "1917"),
            ("1917", "%C %y", "19 17", "19 17"),
            // Each locale's own date pattern (POSIX `d_fmt`).
            ("2023-11-05", "%x", "2023年11月05日", "11/05/2023"),
        ];
        for (date, fmt, zh, en) in cases {
            assert_eq!(show(date, "zh-Hans", Some(fmt)).unwrap(), zh, "{date} {fmt}");
            assert_eq!(show(date, "en", Some(fmt)).unwrap(), en, "{date} {fmt}");
        }
    }

    #[test]
    fn a_formats_locale_comes_from_likely_subtags_not_a_table() {
        assert_eq!(strftime_locale("zh-Hans", &"zh-Hans".parse().unwrap()), Ok(chrono::Locale::zh_CN));
        assert_eq!(strftime_locale("zh", &"zh".parse().unwrap()), Ok(chrono::Locale::zh_CN));
        assert_eq!(strftime_locale("zh-Hant", &"zh-Hant".parse().unwrap()), Ok(chrono::Locale::zh_TW));
        assert_eq!(strftime_locale("en", &"en".parse().unwrap()), Ok(chrono::Locale::en_US));
        assert_eq!(strftime_locale("en-GB", &"en-GB".parse().unwrap()), Ok(chrono::Locale::en_GB));
        assert_eq!(strftime_locale("de", &"de".parse().unwrap()), Ok(chrono::Locale::de_DE));
        assert_eq!(show("2023-11-05", "de", Some("%A, %-d. %B %Y")).unwrap(), "Sonntag, 5. November 2023");
        // A POSIX locale has no script: sr_RS writes Cyrillic, so Latin Serbian has no names, and
        // says so; its default dates still come from CLDR.
        let err = show("2023-11-05", "sr-Latn", Some("%B")).unwrap_err();
        assert!(err.contains("`sr-Latn`") && err.contains("Latn script") && err.contains("leave format out"), "{err}");
        assert!(show("2023-11-05", "sr-Latn", None).unwrap().contains("2023"));
    }

    #[test]
    fn a_format_that_asks_for_more_than_the_date_knows_is_an_error_that_says_what_to_write() {
        let err = show("2023-11", "en", Some("%d %B %Y")).unwrap_err();
        assert!(err.contains("`2023-11`") && err.contains("`%d %B %Y`") && err.contains("format=\"%B %Y\""), "{err}");
        let err = show("1917", "zh-Hans", Some("%B %Y")).unwrap_err();
        assert!(err.contains("`1917`") && err.contains("month") && err.contains("format=\"%Y\""), "{err}");
        let err = show("2023-11-15", "en", Some("%Y %H:%M")).unwrap_err();
        assert!(err.contains("time of day"), "{err}");
        for lang in ["zh-Hans", "en"] {
            let err = show("2023-11-15", lang, Some("%c")).unwrap_err();
            assert!(err.contains("`%c`") && err.contains("time of day"), "{err}");
            let err = show("2023-11", lang, Some("%x")).unwrap_err();
            assert!(err.contains("`%x`") && err.contains("its day") && err.contains("format=\"%B %Y\""), "{err}");
            let err = show("2023-11", lang, Some("%Y W%V")).unwrap_err();
            assert!(err.contains("its day"), "{err}");
            let err = show("1917", lang, Some("Q%q %Y")).unwrap_err();
            assert!(err.contains("its month") && err.contains("format=\"%Y\""), "{err}");
        }
        let err = show("2023-11-15", "en", Some("%Q")).unwrap_err();
        assert!(err.contains("`%Q`") && err.contains("starts no strftime field"), "{err}");
        let err = show("2023-11-15", "en", Some("100%")).unwrap_err();
        assert!(err.contains("`100%`") && err.contains("lone `%`"), "{err}");
        let err = show("2023-11-15", "not a language!", Some("%Y")).unwrap_err();
        assert!(err.contains("not a language code"), "{err}");
        let err = show("2023-11-15", "not a language!", None).unwrap_err();
        assert!(err.contains("not a language code"), "{err}");
    }
}
