//! Phone normalization: E.164 for comparing, and the fan-out of formats CRMs store.
//!
//! CRMs store numbers the way people typed them: "(425) 555-0100", "+1 425 555 0100",
//! "425.555.0100". Dataverse and SOQL compare stored strings, so a caller's `+14255550100` only
//! finds the contact if we search for the stored form too. [`normalize_phone`] parses the
//! number once (libphonenumber's rules via the `phonenumber` crate, with a default region for
//! numbers given without a country code) and lists every common way to write it.

use phonenumber::{Mode, PhoneNumber, country};
use std::fmt;
use std::str::FromStr;

/// More characters than any formatted number with an extension needs; longer input is refused
/// before parsing.
pub const MAX_PHONE_LEN: usize = 40;

/// The region assumed for numbers written without a country code (ISO 3166-1 alpha-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(country::Id);

impl Region {
    /// The ISO code, e.g. `US`.
    pub fn code(&self) -> &str {
        self.0.as_ref()
    }
}

impl Default for Region {
    fn default() -> Self {
        Region(country::Id::US)
    }
}

impl FromStr for Region {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        country::Id::from_str(&upper).map(Region).map_err(|_| {
            format!("{s:?} is not an ISO 3166 two-letter region code (e.g. US, GB, DE)")
        })
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a string is not a phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a valid phone number ({reason})")]
pub struct PhoneError {
    /// The value as given (cut to a readable length).
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

/// A number ready to search for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneKey {
    /// E.164, the canonical form (`+14255550100`).
    pub e164: String,
    /// Every common stored format, E.164 first, without duplicates.
    pub formats: Vec<String>,
}

/// Parses a number (with `region` assumed when it has no country code), checks it is a
/// valid number, and lists the formats to search for.
pub fn normalize_phone(raw: &str, region: Region) -> Result<PhoneKey, PhoneError> {
    let trimmed = raw.trim();
    let fail = |reason: &str| PhoneError {
        input: trimmed.chars().take(80).collect(),
        reason: reason.to_owned(),
    };
    if trimmed.is_empty() {
        return Err(fail("it is empty"));
    }
    if trimmed.len() > MAX_PHONE_LEN {
        return Err(fail("longer than 40 characters"));
    }
    if trimmed
        .chars()
        .any(|c| c.is_alphabetic() && !"xXeEtT".contains(c))
    {
        // Letters other than an extension marker ("x123", "ext. 4") mean it is not a number.
        return Err(fail("it contains letters"));
    }
    let number = parse(trimmed, region).ok_or_else(|| fail("it cannot be read as a number"))?;
    if !number.is_valid() {
        return Err(fail(&format!(
            "no such number with country code +{} (numbers without one are read as {region})",
            number.code().value()
        )));
    }
    Ok(PhoneKey {
        e164: number.format().mode(Mode::E164).to_string(),
        formats: stored_formats(&number),
    })
}

/// The E.164 form of a stored number, or `None` if it is not a valid number. Used to compare a
/// stored value with a searched one whatever format either is in.
pub fn to_e164(raw: &str, region: Region) -> Option<String> {
    let number = parse(raw.trim(), region)?;
    number
        .is_valid()
        .then(|| number.format().mode(Mode::E164).to_string())
}

/// The national significant number of an E.164 number, digits only (`+14255550100` →
/// `4255550100`, `+442079460958` → `2079460958`): "the area code and local number", as
/// HubSpot's calculated searchable phone properties hold it.
pub fn national_digits(e164: &str) -> Option<String> {
    let number = phonenumber::parse(None, e164).ok()?;
    Some(number.national().to_string())
}

/// The national format of an E.164 number, as libphonenumber writes it (`+14255550100` →
/// `(425) 555-0100`).
pub fn national_format(e164: &str) -> Option<String> {
    let number = phonenumber::parse(None, e164).ok()?;
    Some(number.format().mode(Mode::National).to_string())
}

fn parse(raw: &str, region: Region) -> Option<PhoneNumber> {
    if raw.is_empty() || raw.len() > MAX_PHONE_LEN {
        return None;
    }
    phonenumber::parse(Some(region.0), raw).ok()
}

/// E.164, national and international (as libphonenumber writes them), each also with its
/// digit groups joined by space, hyphen and dot, and digits only with and without the country
/// code. For a US number: `+14255550100`, `(425) 555-0100`, `425-555-0100`, `425 555 0100`,
/// `425.555.0100`, `+1 425-555-0100`, `+1 425 555 0100`, `+1.425.555.0100`, `4255550100`,
/// `14255550100`, …
fn stored_formats(number: &PhoneNumber) -> Vec<String> {
    let e164 = number.format().mode(Mode::E164).to_string();
    let national = number.format().mode(Mode::National).to_string();
    let international = number.format().mode(Mode::International).to_string();
    let code = number.code().value().to_string();

    let mut out = vec![e164.clone(), national.clone(), international.clone()];
    let national_groups = digit_groups(&national);
    let intl_groups = digit_groups(international.trim_start_matches('+'));
    for sep in [" ", "-", "."] {
        out.push(national_groups.join(sep));
        // Intl groups start with the country code: "+1 425 555 0100", "+1-425-555-0100".
        out.push(format!("+{}", intl_groups.join(sep)));
    }
    if national.contains('(') {
        // "(425) 555 0100" and "+1 (425) 555-0100" are both common in CRMs.
        if let Some((area, rest)) = national.split_once(") ") {
            out.push(format!("{area}) {}", digit_groups(rest).join(" ")));
            out.push(format!("+{code} {national}"));
        }
    }
    let national_digits: String = national.chars().filter(char::is_ascii_digit).collect();
    out.push(national_digits);
    out.push(e164.trim_start_matches('+').to_owned());

    let mut seen = std::collections::HashSet::new();
    out.retain(|f| !f.is_empty() && seen.insert(f.clone()));
    out
}

/// Runs of digits in a formatted number: "(425) 555-0100" → ["425", "555", "0100"].
fn digit_groups(formatted: &str) -> Vec<&str> {
    formatted
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_digits_drop_the_country_code() {
        assert_eq!(
            national_digits("+14255550100").as_deref(),
            Some("4255550100")
        );
        assert_eq!(
            national_digits("+442079460958").as_deref(),
            Some("2079460958")
        );
        assert_eq!(
            national_digits("+390612345678").as_deref(),
            Some("0612345678")
        );
        assert_eq!(national_digits("not a number"), None);
        assert_eq!(
            national_format("+14255550100").as_deref(),
            Some("(425) 555-0100")
        );
    }

    fn us() -> Region {
        Region::default()
    }

    #[test]
    fn every_common_format_normalizes_to_the_same_e164() {
        for input in [
            "+14255550100",
            "(425) 555-0100",
            "+1 425 555 0100",
            "425.555.0100",
            "425-555-0100",
            "1-425-555-0100",
            "4255550100",
            " +1 (425) 555-0100 ",
        ] {
            assert_eq!(
                normalize_phone(input, us()).unwrap().e164,
                "+14255550100",
                "{input}"
            );
        }
    }

    #[test]
    fn the_fan_out_covers_the_formats_crms_store() {
        let key = normalize_phone("+14255550100", us()).unwrap();
        assert_eq!(key.formats[0], "+14255550100", "E.164 comes first");
        for stored in [
            "(425) 555-0100",
            "+1 425 555 0100",
            "425.555.0100",
            "425-555-0100",
            "+1 425-555-0100",
            "+1 (425) 555-0100",
            "4255550100",
            "14255550100",
        ] {
            assert!(
                key.formats.iter().any(|f| f == stored),
                "{stored} missing: {:?}",
                key.formats
            );
        }
        let unique: std::collections::HashSet<_> = key.formats.iter().collect();
        assert_eq!(unique.len(), key.formats.len(), "no duplicates");
    }

    #[test]
    fn the_default_region_decides_numbers_without_a_country_code() {
        let gb: Region = "gb".parse().unwrap();
        let key = normalize_phone("020 7946 0958", gb).unwrap();
        assert_eq!(key.e164, "+442079460958");
        assert!(key.formats.contains(&"020 7946 0958".to_owned()));
        assert!(key.formats.contains(&"+44 20 7946 0958".to_owned()));
        // The same digits under the US default are not a valid number.
        assert!(normalize_phone("020 7946 0958", us()).is_err());
        // An explicit country code wins over the default region.
        assert_eq!(
            normalize_phone("+44 20 7946 0958", us()).unwrap().e164,
            "+442079460958"
        );
    }

    #[test]
    fn bad_numbers_are_refused_with_the_value_named() {
        for bad in [
            "",
            "12",
            "call me",
            "+1 425 555",
            &"9".repeat(41),
            "425-555-01OO",
        ] {
            let err = normalize_phone(bad, us()).unwrap_err();
            assert!(
                err.to_string().contains("not a valid phone number"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn stored_values_compare_in_e164() {
        assert_eq!(
            to_e164("425.555.0100", us()).as_deref(),
            Some("+14255550100")
        );
        assert_eq!(to_e164("not a phone", us()), None);
        assert_eq!(to_e164("", us()), None);
    }

    #[test]
    fn regions_parse_from_iso_codes() {
        assert_eq!("de".parse::<Region>().unwrap().code(), "DE");
        assert!("XX".parse::<Region>().is_err());
        assert!("United States".parse::<Region>().is_err());
    }
}
