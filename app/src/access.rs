//! The one access policy: who may see or do what.
//!
//! Every "may this person …?" that a server function or a plain route asks is one of the small
//! named predicates below, so each rule is written once and read in one place. They answer
//! `false` unless a rule says yes (deny by default). The domains' server functions turn a `false`
//! into the error shape that fits, through [`allow`] and [`visible`]:
//! - [`AppError::NotFound`] for a record the caller may not even know exists (ids cannot be
//!   probed: another co-op's application looks exactly like a missing one);
//! - [`AppError::Forbidden`] for a record they may see but not change.
//!
//! The queries behind the predicates live in the domains' stores; this module only combines
//! them. `server/tests/integration/access_matrix.rs` calls every server function as every kind of caller.

use crate::accounts::Role;
use crate::accounts::session::Caller;
use crate::circles::model::Circle;
use crate::circles::store as circles;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::organisations::store as organisations;

/// `Ok` when `allowed`, else [`AppError::Forbidden`].
pub fn allow(allowed: bool) -> AppResult<()> {
    if allowed { Ok(()) } else { Err(AppError::Forbidden) }
}

/// `Ok` when `allowed`, else [`AppError::NotFound`]: for records an outsider must not learn of.
pub fn visible(allowed: bool) -> AppResult<()> {
    if allowed { Ok(()) } else { Err(AppError::NotFound) }
}

// ----- Roles alone -----

pub fn is_admin(caller: &Caller) -> bool {
    caller.has(Role::Admin)
}

/// The mutual's staff, who work on every co-op's file: advisors and admins.
pub fn is_staff(caller: &Caller) -> bool {
    caller.has(Role::Advisor) || caller.has(Role::Admin)
}

/// Staff and assessors: may read every co-op's record (assessors for accreditation).
pub fn oversees(caller: &Caller) -> bool {
    is_staff(caller) || caller.has(Role::Assessor)
}

/// May create circles: facilitators and admins.
pub fn creates_circles(caller: &Caller) -> bool {
    caller.has(Role::Facilitator) || caller.has(Role::Admin)
}

/// A member of the mutual: someone who belongs to an approved co-op, or works for the mutual.
/// A freshly signed-up account is none of these and sees the public catalogue only.
pub fn is_member_or_staff(caller: &Caller) -> bool {
    caller.has(Role::Member) || caller.has(Role::Facilitator) || oversees(caller)
}

// ----- Circles -----

/// How the caller stands in one circle: looked up once (one query), so a page that asks
/// several of the questions below about the same circle pays for one lookup.
#[derive(Debug, Clone, Copy)]
pub struct CircleStanding {
    admin: bool,
    advisor: bool,
    oversees: bool,
    /// One of the circle's facilitators.
    facilitates: bool,
    /// A person of one of the circle's member co-ops.
    in_member_coop: bool,
}

impl CircleStanding {
    /// Runs this circle: an admin, or one of its facilitators. The one check behind editing a
    /// circle, scheduling its meetings and running their live sessions.
    pub fn runs(&self) -> bool {
        self.admin || self.facilitates
    }

    /// May answer join requests and invite specialists: those who run it, and advisors.
    pub fn decides(&self) -> bool {
        self.advisor || self.runs()
    }

    /// Takes part in the circle's meetings: a person of one of its member co-ops, or one of
    /// its facilitators.
    pub fn takes_part(&self) -> bool {
        self.in_member_coop || self.facilitates
    }

    /// Sees inside the circle — which co-ops are in it, its facilitators' and specialists'
    /// names, its meetings, a live session's join code: those who take part in it or run it,
    /// and staff.
    pub fn sees_inside(&self) -> bool {
        self.oversees || self.takes_part() || self.runs()
    }

    /// Sees every member co-op of the circle, including those that chose not to be listed to
    /// other members: those who run it, and staff.
    pub fn sees_unlisted(&self) -> bool {
        self.oversees || self.runs()
    }
}

/// The caller's standing in the circle (see [`CircleStanding`]).
pub async fn circle_standing(db: &Db, caller: &Caller, circle_id: i64) -> AppResult<CircleStanding> {
    let (facilitates, in_member_coop) = circles::standing(db, circle_id, caller.user_id).await?;
    Ok(CircleStanding {
        admin: is_admin(caller),
        advisor: caller.has(Role::Advisor),
        oversees: oversees(caller),
        facilitates,
        in_member_coop,
    })
}

/// The caller's standing in a circle loaded with all its people (before anything of it is
/// hidden), given the ids of the caller's own co-ops: no lookup, for lists of circles.
pub fn standing_in_loaded_circle(caller: &Caller, circle: &Circle, own_organisations: &[i64]) -> CircleStanding {
    CircleStanding {
        admin: is_admin(caller),
        advisor: caller.has(Role::Advisor),
        oversees: oversees(caller),
        facilitates: circle.facilitators.iter().any(|(id, _)| *id == caller.user_id),
        in_member_coop: circle.organisations.iter().any(|(id, _)| own_organisations.contains(id)),
    }
}

/// [`CircleStanding::runs`], for a single question.
pub async fn runs_circle(db: &Db, caller: &Caller, circle_id: i64) -> AppResult<bool> {
    Ok(circle_standing(db, caller, circle_id).await?.runs())
}

/// [`CircleStanding::decides`], for a single question.
pub async fn decides_for_circle(db: &Db, caller: &Caller, circle_id: i64) -> AppResult<bool> {
    Ok(circle_standing(db, caller, circle_id).await?.decides())
}

/// [`CircleStanding::takes_part`], for a single question.
pub async fn takes_part(db: &Db, caller: &Caller, circle_id: i64) -> AppResult<bool> {
    Ok(circle_standing(db, caller, circle_id).await?.takes_part())
}

/// [`CircleStanding::sees_inside`], for a single question.
pub async fn sees_inside_circle(db: &Db, caller: &Caller, circle_id: i64) -> AppResult<bool> {
    Ok(circle_standing(db, caller, circle_id).await?.sees_inside())
}

/// [`CircleStanding::sees_unlisted`], for a single question.
pub async fn sees_unlisted_in_circle(db: &Db, caller: &Caller, circle_id: i64) -> AppResult<bool> {
    Ok(circle_standing(db, caller, circle_id).await?.sees_unlisted())
}

// ----- Co-ops -----

/// How the caller stands with one co-op: looked up once (one query), so a page that asks
/// several of the questions below about the same co-op (the profile asks four) pays for one
/// lookup.
#[derive(Debug, Clone, Copy)]
pub struct CoopStanding {
    admin: bool,
    staff: bool,
    assessor: bool,
    /// A member or a facilitator: sees the profiles co-ops chose to show to members.
    member_or_facilitator: bool,
    /// One of the co-op's people.
    belongs: bool,
    /// Its representative.
    representative: bool,
    /// Facilitates a circle the co-op is in.
    facilitates_its_circle: bool,
}

impl CoopStanding {
    /// One of the co-op's people.
    pub fn belongs(&self) -> bool {
        self.belongs
    }

    /// Acts for the co-op (edits its profile, invites and removes its people, accepts programme
    /// items): its representative, or an admin.
    pub fn represents(&self) -> bool {
        self.admin || self.representative
    }

    /// Sees the co-op's own file — its needs and the advisor's summary, its actions and
    /// meetings: its people, staff, and the facilitators of its circles.
    pub fn sees_coop_file(&self) -> bool {
        self.staff || self.belongs || self.facilitates_its_circle
    }

    /// Sees the co-op's profile page at all: those who see its file, assessors, and — when the
    /// co-op chose to be visible to members — other members and facilitators.
    pub fn sees_profile(&self, visible_to_members: bool) -> bool {
        self.assessor || (visible_to_members && self.member_or_facilitator) || self.sees_coop_file()
    }

    /// Reads the co-op's activity programme: those who see its file. Other members never see it.
    pub fn sees_programme(&self) -> bool {
        self.sees_coop_file()
    }

    /// Changes it (goals, activities, proposals): its representative (or an admin), and the
    /// facilitators of its circles, with whom it is built.
    pub fn edits_programme(&self) -> bool {
        self.represents() || self.facilitates_its_circle
    }
}

/// The caller's standing with the co-op (see [`CoopStanding`]).
pub async fn coop_standing(db: &Db, caller: &Caller, organisation_id: i64) -> AppResult<CoopStanding> {
    let (membership, facilitates_its_circle) = organisations::standing(db, organisation_id, caller.user_id).await?;
    Ok(CoopStanding {
        admin: is_admin(caller),
        staff: is_staff(caller),
        assessor: caller.has(Role::Assessor),
        member_or_facilitator: caller.has(Role::Member) || caller.has(Role::Facilitator),
        belongs: membership.is_some(),
        representative: membership == Some(true),
        facilitates_its_circle,
    })
}

/// [`CoopStanding::belongs`], for a single question.
pub async fn belongs_to(db: &Db, caller: &Caller, organisation_id: i64) -> AppResult<bool> {
    Ok(coop_standing(db, caller, organisation_id).await?.belongs())
}

/// [`CoopStanding::represents`], for a single question.
pub async fn represents(db: &Db, caller: &Caller, organisation_id: i64) -> AppResult<bool> {
    Ok(coop_standing(db, caller, organisation_id).await?.represents())
}

/// [`CoopStanding::sees_coop_file`], for a single question.
pub async fn sees_coop_file(db: &Db, caller: &Caller, organisation_id: i64) -> AppResult<bool> {
    Ok(coop_standing(db, caller, organisation_id).await?.sees_coop_file())
}

// ----- Programmes -----

/// [`CoopStanding::sees_programme`], for a single question.
pub async fn sees_programme(db: &Db, caller: &Caller, organisation_id: i64) -> AppResult<bool> {
    Ok(coop_standing(db, caller, organisation_id).await?.sees_programme())
}

/// [`CoopStanding::edits_programme`], for a single question.
pub async fn edits_programme(db: &Db, caller: &Caller, organisation_id: i64) -> AppResult<bool> {
    Ok(coop_standing(db, caller, organisation_id).await?.edits_programme())
}

/// Comments on it: the mutual's advisors (and admins).
pub fn comments_on_programme(caller: &Caller) -> bool {
    is_staff(caller)
}

/// Reviews reports (comments, asks for changes, accepts): the mutual's advisors (and admins).
pub fn reviews_reports(caller: &Caller) -> bool {
    is_staff(caller)
}

// ----- Portfolios -----

/// Reads a co-op's portfolio and downloads its exports: those who read its programme (the
/// portfolio is gathered from it and from its reports).
pub async fn sees_portfolio(db: &Db, caller: &Caller, organisation_id: i64) -> AppResult<bool> {
    sees_programme(db, caller, organisation_id).await
}

/// Chooses what goes in it, writes its statements and exports it: the co-op's representative
/// (or an admin). What leaves the portal in its name is the co-op's decision.
pub async fn curates_portfolio(db: &Db, caller: &Caller, organisation_id: i64) -> AppResult<bool> {
    represents(db, caller, organisation_id).await
}

/// Reads and exports a person's own learning record: that person only. It names where they
/// were; no role of staff needs it, and the co-op has its own portfolio.
pub fn owns_record(caller: &Caller, person_id: i64) -> bool {
    caller.user_id == person_id
}

// ----- Applications -----

/// Sees an application: its applicant, and staff.
pub fn sees_application(caller: &Caller, applicant_id: Option<i64>) -> bool {
    applicant_id == Some(caller.user_id) || is_staff(caller)
}

/// Edits an application: its applicant, or the advisor who started it for a co-op that has not
/// claimed it yet.
pub fn edits_application(caller: &Caller, applicant_id: Option<i64>, started_by: Option<i64>) -> bool {
    applicant_id == Some(caller.user_id)
        || (applicant_id.is_none() && started_by == Some(caller.user_id) && is_staff(caller))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    fn caller(id: i64, roles: &[Role]) -> Caller {
        Caller {
            user_id: id,
            session_id: 1,
            name: "X".into(),
            email: "x@example.coop".into(),
            roles: roles.to_vec(),
            locale: Locale::En,
            time_zone: "Europe/London".into(),
            email_verified: true,
        }
    }

    #[test]
    fn roles_alone_grant_only_what_they_name() {
        let fresh = caller(1, &[]);
        assert!(!is_staff(&fresh) && !oversees(&fresh) && !is_member_or_staff(&fresh) && !creates_circles(&fresh));
        let assessor = caller(2, &[Role::Assessor]);
        assert!(oversees(&assessor) && !is_staff(&assessor) && !creates_circles(&assessor));
        assert!(is_staff(&caller(3, &[Role::Advisor])) && is_staff(&caller(4, &[Role::Admin])));
        assert!(creates_circles(&caller(5, &[Role::Facilitator])) && !is_staff(&caller(5, &[Role::Facilitator])));
        assert!(allow(false).is_err_and(|e| e == AppError::Forbidden));
        assert!(visible(false).is_err_and(|e| e == AppError::NotFound));
    }

    #[test]
    fn applications_are_their_applicants_and_the_staffs() {
        let applicant = caller(1, &[]);
        let advisor = caller(2, &[Role::Advisor]);
        let stranger = caller(3, &[Role::Member]);
        assert!(sees_application(&applicant, Some(1)) && sees_application(&advisor, Some(1)));
        assert!(!sees_application(&stranger, Some(1)) && !sees_application(&stranger, None));
        assert!(edits_application(&applicant, Some(1), Some(2)));
        // An advisor edits only what they started, and only until the co-op claims it.
        assert!(edits_application(&advisor, None, Some(2)));
        assert!(!edits_application(&advisor, Some(1), Some(2)));
        assert!(!edits_application(&advisor, None, Some(9)));
        // Someone who started it and is no longer staff does not.
        assert!(!edits_application(&stranger, None, Some(3)));
    }
}
