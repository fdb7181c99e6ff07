//! Account types and validation, shared by the browser and the server (which always checks
//! again).

use crate::error::{AppError, FieldError};
use crate::i18n::{Locale, T};
use crate::time::When;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Member,
    Facilitator,
    Advisor,
    Assessor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Member,
        Role::Facilitator,
        Role::Advisor,
        Role::Assessor,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Facilitator => "facilitator",
            Role::Advisor => "advisor",
            Role::Assessor => "assessor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> T {
        match self {
            Role::Member => T::RoleMember,
            Role::Facilitator => T::RoleFacilitator,
            Role::Advisor => T::RoleAdvisor,
            Role::Assessor => T::RoleAssessor,
            Role::Admin => T::RoleAdmin,
        }
    }
}

/// The signed-in person, as the pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub locale: Locale,
}

impl Me {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// The signed-in person's address and whether they have confirmed it (by the emailed link).
/// Until they have, nothing sent to that address (an invitation, a claim link) is theirs to take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailStatus {
    pub email: String,
    pub verified: bool,
}

/// What a confirmation link confirms, shown before the person uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmLink {
    /// The address it confirms; empty when the link is another account's.
    pub email: String,
    pub for_this_account: bool,
}

/// How long a confirmation link works.
pub const CONFIRM_DAYS: i64 = 3;

/// How long a password-reset link works, from when its mail is delivered.
pub const RESET_SECS: i64 = 3600;

/// One of my sessions, on the account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: i64,
    pub is_current: bool,
    pub device: String,
    pub started: When,
    pub last_seen: When,
}

pub const NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 10;
/// Long enough for any passphrase, short enough that hashing cannot be used to tie up the server.
pub const PASSWORD_MAX: usize = 128;

/// A normalised email address: trimmed and lower-cased, so one person has one account.
pub fn normalise_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

pub fn check_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        Err(FieldError::new("name", T::ErrNameMissing))
    } else if name.chars().count() > NAME_MAX {
        Err(FieldError::new("name", T::ErrNameTooLong))
    } else {
        Ok(name.to_string())
    }
}

pub fn check_email(raw: &str) -> Result<String, FieldError> {
    let email = normalise_email(raw);
    if email.is_empty() {
        return Err(FieldError::new("email", T::ErrEmailMissing));
    }
    let valid = email.len() <= EMAIL_MAX
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if valid {
        Ok(email)
    } else {
        Err(FieldError::new("email", T::ErrEmailInvalid))
    }
}

/// Check a new password (and its confirmation) for the field named `field`.
pub fn check_new_password(
    field: &str,
    password: &str,
    confirm: &str,
    email: &str,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let length = password.chars().count();
    if password.is_empty() {
        errors.push(FieldError::new(field, T::ErrPasswordMissing));
    } else if length < PASSWORD_MIN {
        errors.push(FieldError::new(field, T::ErrPasswordTooShort));
    } else if length > PASSWORD_MAX {
        errors.push(FieldError::new(field, T::ErrPasswordTooLong));
    } else if !email.is_empty() && normalise_email(password) == normalise_email(email) {
        errors.push(FieldError::new(field, T::ErrPasswordIsEmail));
    } else if password != confirm {
        errors.push(FieldError::new("confirm", T::ErrPasswordsDiffer));
    }
    errors
}

/// Everything wrong with a sign-up form, or the clean name and email.
pub fn check_sign_up(
    name: &str,
    email: &str,
    password: &str,
    confirm: &str,
) -> Result<(String, String), AppError> {
    let mut errors = Vec::new();
    let name = check_name(name).map_err(|e| errors.push(e)).ok();
    let email = check_email(email).map_err(|e| errors.push(e)).ok();
    errors.extend(check_new_password(
        "password",
        password,
        confirm,
        email.as_deref().unwrap_or(""),
    ));
    match (name, email) {
        (Some(name), Some(email)) if errors.is_empty() => Ok((name, email)),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Only a path on this site may be a place to go back to after signing in; anything else
/// (another host, a scheme, `//evil`) becomes the home page.
pub fn safe_next(next: &str) -> String {
    let next = next.trim();
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if ok {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            check_email("  Ada@Example.COOP ").unwrap(),
            "ada@example.coop"
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.coop",
            "ada@example",
            "a da@example.coop",
            "ada@@example.coop",
            "ada@.coop",
            "ada@example..coop",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(check_email("").unwrap_err().message, T::ErrEmailMissing);
        let long = format!("{}@example.coop", "a".repeat(250));
        assert_eq!(check_email(&long).unwrap_err().message, T::ErrEmailInvalid);
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(check_name("  Ada Lovelace ").unwrap(), "Ada Lovelace");
        assert_eq!(check_name("   ").unwrap_err().message, T::ErrNameMissing);
        assert_eq!(
            check_name(&"é".repeat(101)).unwrap_err().message,
            T::ErrNameTooLong
        );
        assert!(check_name(&"é".repeat(100)).is_ok());
    }

    #[test]
    fn passwords_follow_the_rules() {
        let msg = |p: &str, c: &str| {
            check_new_password("password", p, c, "ada@example.coop")
                .first()
                .map(|e| e.message)
        };
        assert_eq!(msg("", ""), Some(T::ErrPasswordMissing));
        assert_eq!(msg("short", "short"), Some(T::ErrPasswordTooShort));
        assert_eq!(
            msg(&"x".repeat(129), &"x".repeat(129)),
            Some(T::ErrPasswordTooLong)
        );
        assert_eq!(
            msg("Ada@Example.coop", "Ada@Example.coop"),
            Some(T::ErrPasswordIsEmail)
        );
        assert_eq!(
            msg("correct horse battery", "correct horse battery!"),
            Some(T::ErrPasswordsDiffer)
        );
        assert_eq!(msg("correct horse battery", "correct horse battery"), None);
    }

    #[test]
    fn sign_up_reports_every_field_at_once() {
        let err = check_sign_up("", "nope", "short", "short").unwrap_err();
        let fields: Vec<&str> = err
            .field_errors()
            .iter()
            .map(|e| e.field.as_str())
            .collect();
        assert_eq!(fields, ["name", "email", "password"]);
    }

    #[test]
    fn next_is_kept_on_this_site() {
        assert_eq!(safe_next("/account?tab=1"), "/account?tab=1");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
