//! Email normalization: the one form in which addresses are compared.
//!
//! CRMs compare email addresses case-insensitively (Dataverse `eq` on `emailaddress1`,
//! Salesforce `Email`, HubSpot `email`), and hosts hand us addresses with stray spaces or
//! capitals, so every address is trimmed, validated and case-folded before it is searched.

use email_address::{EmailAddress, Options};

/// Longest address SMTP can carry (RFC 5321 §4.5.3.1: a 256-octet path minus the brackets).
pub const MAX_EMAIL_LEN: usize = 254;

/// Why a string is not an email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a valid email address ({reason})")]
pub struct EmailError {
    /// The value as given (cut to a readable length).
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Trims, validates and case-folds an email address.
///
/// Plus-addressing, underscores and apostrophes are valid and kept (`o'brien_s+vip@x.ie`);
/// display names (`Ann <ann@x.example>`), domain literals and domains without a dot are refused:
/// no CRM stores those in an email field.
pub fn normalize_email(raw: &str) -> Result<String, EmailError> {
    let trimmed = raw.trim();
    let fail = |reason: &str| EmailError {
        input: trimmed.chars().take(80).collect(),
        reason: reason.to_owned(),
    };
    if trimmed.is_empty() {
        return Err(fail("it is empty"));
    }
    if trimmed.len() > MAX_EMAIL_LEN {
        return Err(fail("longer than 254 characters"));
    }
    let options = Options::default()
        .without_display_text()
        .without_domain_literal()
        .with_required_tld();
    EmailAddress::parse_with_options(trimmed, options)
        .map_err(|e| fail(&e.to_string().to_lowercase()))?;
    Ok(trimmed.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_case_folds() {
        assert_eq!(
            normalize_email("  Ana.Garcia@Contoso.COM ").unwrap(),
            "ana.garcia@contoso.com"
        );
        assert_eq!(
            normalize_email("ZOË@Example.com").unwrap(),
            "zoë@example.com"
        );
    }

    #[test]
    fn keeps_plus_underscore_and_apostrophe() {
        assert_eq!(
            normalize_email("Sean.O'Brien_IE+support@Example.ie").unwrap(),
            "sean.o'brien_ie+support@example.ie"
        );
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for bad in [
            "",
            "   ",
            "ana",
            "ana@",
            "@contoso.com",
            "ana@localhost",
            "Ana <ana@contoso.com>",
            "ana@[127.0.0.1]",
            "a b@contoso.com",
            "ana@@contoso.com",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?} should be rejected");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(normalize_email(&long).unwrap_err().reason.contains("254"));
    }

    #[test]
    fn the_error_names_the_value() {
        let err = normalize_email("not-an-email").unwrap_err();
        assert!(err.to_string().contains("\"not-an-email\""), "{err}");
    }
}
