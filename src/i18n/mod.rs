//! Languages of everything a person reads: report.html, chart titles and axis labels, the `why`
//! sentences of roles, the audit's rule descriptions, terminal summaries and the methods
//! paragraph. Column names of tables (and values such as role labels) are an API and stay
//! English.
//!
//! The texts live in one [Fluent](https://projectfluent.org) catalogue per language,
//! `locales/<lang>/relais.ftl`, embedded in the binary with `include_str!`. A [`Tr`] holds the
//! parsed catalogue of one [`Lang`] and formats messages ([`Tr::tr`], [`Tr::tr_args`]) and
//! numbers and dates the way that language writes them:
//!
//! | | English | French |
//! |---|---|---|
//! | integer | `1,234,567` | `1 234 567` (U+202F narrow no-break space, as CLDR) |
//! | real | `0.5` | `0,5` |
//! | share | `61%` | `61 %` (U+202F before `%`) |
//! | date | `2026-11-21` | `21/11/2026` |
//!
//! English output is byte-identical to what relais wrote before translations existed. The
//! catalogue is passed down as a value (in the report's configuration or as an argument), never
//! held in a global. Fluent's Unicode isolation marks (U+2068, U+2069 around each placeable)
//! are turned off: the pages and terminal texts are not bidirectional, and the marks would show
//! up in copied text and break greps.
//!
//! Locale detection ([`Lang::detect`]): the first non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG`
//! (POSIX precedence); a value whose language part is `fr` (`fr_FR.UTF-8`, `fr_CA`, `fr`)
//! gives French, anything else (`C`, `POSIX`, `en_US.UTF-8`, `de_DE`) English.

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// The English catalogue (Fluent syntax).
pub const EN_FTL: &str = include_str!("../../locales/en/relais.ftl");
/// The French catalogue (Fluent syntax).
pub const FR_FTL: &str = include_str!("../../locales/fr/relais.ftl");

/// French thousands separator: U+202F NARROW NO-BREAK SPACE (CLDR's French grouping).
pub const FR_GROUP: char = '\u{202F}';

/// A language of the texts.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every language, in catalogue order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The ISO 639-1 code (`en`, `fr`), as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The Fluent catalogue.
    pub fn catalogue(self) -> &'static str {
        match self {
            Lang::En => EN_FTL,
            Lang::Fr => FR_FTL,
        }
    }

    /// The language of a POSIX locale value (`fr_FR.UTF-8` → French); anything that is not
    /// French is English.
    pub fn from_locale(value: &str) -> Lang {
        let language = value
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if language == "fr" {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    /// The language of the first non-empty of `LC_ALL`, `LC_MESSAGES` and `LANG` as read by
    /// `var`; English when none is set.
    pub fn detect_from(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()))
            .map_or(Lang::En, |v| Lang::from_locale(&v))
    }

    /// The language of this process's locale (see [`Lang::detect_from`]).
    pub fn detect() -> Lang {
        Lang::detect_from(|name| std::env::var(name).ok())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A message argument: text (shown as is) or a number (for Fluent's plural selection only; the
/// catalogues show numbers through text arguments formatted by [`Tr`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    /// Text.
    Text(Cow<'a, str>),
    /// A number.
    Num(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(s.as_str()))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

impl From<u64> for Arg<'_> {
    fn from(x: u64) -> Self {
        Arg::Num(x as f64)
    }
}

impl From<usize> for Arg<'_> {
    fn from(x: usize) -> Self {
        Arg::Num(x as f64)
    }
}

/// The catalogue of one language, with its number and date formats.
pub struct Tr {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl fmt::Debug for Tr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tr").field("lang", &self.lang).finish()
    }
}

impl Default for Tr {
    fn default() -> Self {
        Tr::new(Lang::En)
    }
}

impl Tr {
    /// Parses the embedded catalogue of `lang`.
    ///
    /// # Panics
    /// Never on the catalogues shipped (the unit tests parse both); a syntax error in an edited
    /// catalogue panics here with the message's position.
    pub fn new(lang: Lang) -> Tr {
        let resource =
            FluentResource::try_new(lang.catalogue().to_string()).unwrap_or_else(|(_, errors)| {
                panic!("locales/{}/relais.ftl does not parse: {errors:?}", lang)
            });
        let id: unic_langid::LanguageIdentifier = lang
            .code()
            .parse()
            .expect("ISO 639-1 codes are language ids");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("locales/{}/relais.ftl: {e:?}", lang));
        Tr { lang, bundle }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `key` without arguments. A missing key (which the catalogue tests rule out)
    /// gives the key itself.
    pub fn tr(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with `args` (`$name` in the catalogue).
    pub fn tr_args(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fa = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            match value {
                Arg::Text(s) => fa.set(*name, FluentValue::from(s.as_ref())),
                Arg::Num(x) => fa.set(*name, FluentValue::from(*x)),
            }
        }
        self.format(key, Some(&fa))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            debug_assert!(false, "missing message {key} in {}", self.lang);
            return key.to_string();
        };
        let mut errors = Vec::new();
        let out = self.bundle.format_pattern(pattern, args, &mut errors);
        debug_assert!(errors.is_empty(), "{key} ({}): {errors:?}", self.lang);
        out.into_owned()
    }

    /// Whether the catalogue has message `key`.
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    /// An integer with thousands separators: `1,234,567` / `1 234 567`.
    pub fn int(&self, n: u64) -> String {
        let sep = match self.lang {
            Lang::En => ',',
            Lang::Fr => FR_GROUP,
        };
        group(&n.to_string(), sep)
    }

    /// An integer as English pages print it where they do not group digits (`1234`), and
    /// grouped in French (`1 234`).
    pub fn count(&self, n: u64) -> String {
        match self.lang {
            Lang::En => n.to_string(),
            Lang::Fr => self.int(n),
        }
    }

    /// A number already formatted the English way (`0.5`, `-1.5e-3`, `1,234.5`) in this
    /// language: French swaps the decimal point for a comma and the English grouping comma for
    /// U+202F.
    pub fn decimal(&self, english: &str) -> String {
        match self.lang {
            Lang::En => english.to_string(),
            Lang::Fr => english
                .chars()
                .map(|c| match c {
                    '.' => ',',
                    ',' => FR_GROUP,
                    c => c,
                })
                .collect(),
        }
    }

    /// `x` with `digits` decimals (`{x:.digits$}`), localised.
    pub fn fixed(&self, x: f64, digits: usize) -> String {
        self.decimal(&format!("{x:.digits$}"))
    }

    /// A percentage already formatted as a number (`61`, `61.3`): `61%` / `61 %`.
    pub fn percent(&self, number: &str) -> String {
        match self.lang {
            Lang::En => format!("{number}%"),
            Lang::Fr => format!("{}{FR_GROUP}%", self.decimal(number)),
        }
    }

    /// A date (and optional time) written as ISO 8601 (`2026-11-21`, `2026-11-21 14h`,
    /// `2026-11-21T14:00:00Z`) in this language: unchanged in English, `21/11/2026` (followed by
    /// the rest) in French. Text that does not start with a date is returned unchanged.
    pub fn date(&self, iso: &str) -> String {
        let b = iso.as_bytes();
        let is_date = b.len() >= 10
            && b[4] == b'-'
            && b[7] == b'-'
            && [0, 1, 2, 3, 5, 6, 8, 9]
                .iter()
                .all(|&i| b[i].is_ascii_digit());
        match self.lang {
            Lang::Fr if is_date => {
                format!("{}/{}/{}{}", &iso[8..10], &iso[5..7], &iso[..4], &iso[10..])
            }
            _ => iso.to_string(),
        }
    }
}

/// A number written the plain English way (`1234.5`, `-0.25`, `1000`: a decimal point, no
/// grouping), as chart ticks are, in `lang`: unchanged in English; in French the integer part
/// grouped by three with U+202F and a decimal comma (`1 234,5`), as [`Tr::int`] and
/// [`Tr::decimal`] write numbers.
pub fn plain_number(lang: Lang, english: &str) -> String {
    match lang {
        Lang::En => english.to_string(),
        Lang::Fr => {
            let (int, frac) = match english.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (english, None),
            };
            let unsigned = int.strip_prefix('-').unwrap_or(int);
            if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
                return english.replace('.', ",");
            }
            let mut out = group(int, FR_GROUP);
            if let Some(f) = frac {
                out.push(',');
                out.push_str(f);
            }
            out
        }
    }
}

/// `digits` (ASCII digits, optionally signed) grouped by three with `sep`.
fn group(digits: &str, sep: char) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", digits),
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    out.push_str(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}
