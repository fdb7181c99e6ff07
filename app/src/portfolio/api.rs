//! Portfolio server functions. A co-op's portfolio is read by those who read its programme,
//! and curated and exported by its representative (see `crate::access`). An export is checked
//! to be of a portfolio the caller reads before anything of it is said.

use super::model::PortfolioView;
#[cfg(feature = "ssr")]
use super::model::{ExportView, STATEMENT_MAX, POSITION_MAX};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use {
    super::{export, gather, store},
    crate::access,
    crate::accounts::session::{Caller, require_user},
    crate::error::FieldError,
    crate::i18n::T,
    crate::state::{AppState, app_state},
    crate::ui::forms::{go_to, plain_form},
};

/// The co-op's name, when the caller may read its portfolio (else 404, as for a co-op that
/// does not exist).
#[cfg(feature = "ssr")]
async fn readable(state: &AppState, caller: &Caller, organisation_id: i64) -> Result<String, AppError> {
    let name = crate::programmes::store::organisation_name(&state.db, organisation_id).await?.ok_or(AppError::NotFound)?;
    access::visible(access::sees_portfolio(&state.db, caller, organisation_id).await?)?;
    Ok(name)
}

/// Whose an export is (the co-op's name, or the person's), when the caller may read it (else
/// 404): a co-op's exports to those who read its portfolio, a person's to that person.
#[cfg(feature = "ssr")]
pub async fn readable_export(state: &AppState, caller: &Caller, row: &store::ExportRow) -> Result<String, AppError> {
    match row.subject()? {
        store::Subject::Coop(o) | store::Subject::Version(o, _) => readable(state, caller, o).await,
        store::Subject::Person(p) => {
            access::visible(access::owns_record(caller, p))?;
            Ok(caller.name.clone())
        }
    }
}

#[cfg(feature = "ssr")]
async fn export_views(state: &AppState, rows: Vec<(store::ExportRow, Option<String>)>, zone: &str) -> Result<Vec<ExportView>, AppError> {
    let mut out = Vec::with_capacity(rows.len());
    for (row, by) in rows {
        out.push(export_view(state, row, by, zone).await?);
    }
    Ok(out)
}

#[cfg(feature = "ssr")]
async fn export_view(state: &AppState, row: store::ExportRow, by: Option<String>, zone: &str) -> Result<ExportView, AppError> {
    let now = crate::time::now();
    let version = match row.snapshot_id {
        Some(s) => store::snapshot_by_id(&state.db, s).await?.map(|v| v.1),
        None => None,
    };
    Ok(ExportView {
        page: export::page(&row),
        version,
        id: row.id,
        organisation_id: row.organisation_id,
        expired: row.expires_at.is_some_and(|at| at <= now),
        status: row.status,
        items_done: row.items_done,
        items_total: row.items_total,
        size: row.bundle_size,
        asked: crate::time::when(row.created_at, zone),
        by: by.unwrap_or_default(),
        expires: row.expires_at.map(|at| crate::time::when(at, zone)),
    })
}

#[server(endpoint = "portfolio/get")]
pub async fn get_portfolio(organisation_id: i64) -> Result<PortfolioView, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let name = readable(&state, &caller, organisation_id).await?;
    let locale = caller.page_locale();
    let gathered = gather::gather(&state.db, organisation_id, &name, locale).await?;
    let choices = store::choices(&state.db, organisation_id).await?;
    let items = gather::items(&gathered, &choices, locale, &caller.time_zone);
    let statements = gathered
        .goals
        .iter()
        .filter_map(|g| {
            let id = super::model::split_key(&g.id)?.1;
            Some(super::model::GoalStatement { goal_id: id, title: g.title.clone(), text: g.statement.clone() })
        })
        .collect();
    let snapshots = store::snapshots(&state.db, organisation_id)
        .await?
        .into_iter()
        .map(|(number, at, by)| super::model::SnapshotSummary { number, submitted: crate::time::when(at, &caller.time_zone), by: by.unwrap_or_default() })
        .collect();
    let exports = export_views(&state, store::exports(&state.db, store::Subject::Coop(organisation_id), 5).await?, &caller.time_zone).await?;
    Ok(PortfolioView {
        organisation_id,
        organisation_name: name,
        items,
        statements,
        exports,
        snapshots,
        can_curate: access::curates_portfolio(&state.db, &caller, organisation_id).await?,
    })
}

/// Keep the co-op's choices: for each item gathered, `fields[in-<kind>-<id>]` (a ticked box
/// means in) and `fields[place-<kind>-<id>]` (1 comes first); for each goal,
/// `fields[statement-<id>]`. An item the form does not name is left as it was; a field that is
/// not one of the co-op's items refuses the whole post. A place mistyped keeps every choice as
/// it was, but the statements written are saved all the same (as a report's draft is): a
/// statement can be longer than what a failed post carries back to the form.
#[server(endpoint = "portfolio/save")]
pub async fn save_portfolio(organisation_id: i64, #[server(default)] fields: BTreeMap<String, String>) -> Result<String, AppError> {
    // The choices come back to the form after a failed post; the statements are saved instead.
    let kept: Vec<(String, String)> = fields.iter().filter(|(k, _)| !k.starts_with("statement-")).map(|(k, v)| (k.clone(), v.clone())).collect();
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let name = readable(&state, &caller, organisation_id).await?;
        access::allow(access::curates_portfolio(&state.db, &caller, organisation_id).await?)?;
        let gathered = gather::gather(&state.db, organisation_id, &name, caller.page_locale()).await?;
        let (choices, statements, errors) = read_form(&gathered, &fields)?;
        if !errors.is_empty() {
            store::save(&state.db, organisation_id, caller.user_id, &[], &statements).await?;
            return Err(AppError::Invalid(errors));
        }
        store::save(&state.db, organisation_id, caller.user_id, &choices, &statements).await?;
        tracing::info!(organisation = organisation_id, by = caller.user_id, items = choices.len(), "portfolio choices saved");
        Ok(go_to(&format!("/coops/{organisation_id}/portfolio?done=saved")))
    }
    .await;
    let keep: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    plain_form(result, &keep).await
}

/// What the form's fields ask: choices (item, in, place), the statements that may be saved
/// (goal, text), and the errors by field; a field no form of ours sends is refused.
#[cfg(feature = "ssr")]
type FormAsked = (Vec<(String, bool, i64)>, Vec<(i64, String)>, Vec<FieldError>);

#[cfg(feature = "ssr")]
fn read_form(gathered: &super::document::Portfolio, fields: &BTreeMap<String, String>) -> Result<FormAsked, AppError> {
    use super::model::{field_item, item_field};
    let mut errors = Vec::new();
    let mut choices = Vec::new();
    let mut statements = Vec::new();
    for (field, value) in fields {
        let (what, rest) = field.split_once('-').unwrap_or((field.as_str(), ""));
        match what {
            "place" => {
                let item = field_item(rest).filter(|item| gather::is_item(gathered, item)).ok_or(AppError::BadRequest)?;
                match value.trim().parse::<i64>() {
                    Ok(place) if (1..=POSITION_MAX).contains(&place) => {
                        choices.push((item.clone(), fields.contains_key(&item_field("in", &item)), place));
                    }
                    _ => errors.push(FieldError::new(field, T::ErrOrderInvalid)),
                }
            }
            "in" => {
                // Read with its place; a box without a place is not from our form.
                let item = field_item(rest).filter(|item| gather::is_item(gathered, item)).ok_or(AppError::BadRequest)?;
                if !fields.contains_key(&item_field("place", &item)) {
                    return Err(AppError::BadRequest);
                }
            }
            "statement" => {
                let goal_id = rest.parse::<i64>().ok().filter(|id| gather::is_item(gathered, &format!("goal:{id}"))).ok_or(AppError::BadRequest)?;
                if value.chars().count() > STATEMENT_MAX {
                    errors.push(FieldError::new(field, T::ErrStatementLong));
                } else {
                    statements.push((goal_id, value.trim().to_string()));
                }
            }
            _ => return Err(AppError::BadRequest),
        }
    }
    Ok((choices, statements, errors))
}

/// Start an export in the background; the page of the export shows how it goes.
#[server(endpoint = "portfolio/export")]
pub async fn start_export(organisation_id: i64) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        readable(&state, &caller, organisation_id).await?;
        access::allow(access::curates_portfolio(&state.db, &caller, organisation_id).await?)?;
        let id = store::queue_export(&state.db, store::Subject::Coop(organisation_id), caller.user_id, caller.page_locale().code(), export::EXPORT).await?;
        state.wake_worker();
        tracing::info!(export = id, organisation = organisation_id, by = caller.user_id, "portfolio export asked for");
        Ok(go_to(&format!("/coops/{organisation_id}/portfolio/exports/{id}")))
    }
    .await;
    plain_form(result, &[]).await
}

/// One export, as its page shows it.
#[server(endpoint = "portfolio/get_export")]
pub async fn get_export(id: i64) -> Result<ExportPageData, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let (row, by) = store::export_with_name(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let name = readable_export(&state, &caller, &row).await?;
    Ok(ExportPageData { subject_name: name, export: export_view(&state, row, by, &caller.time_zone).await? })
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportPageData {
    /// The co-op's name, or the person's for their own record.
    pub subject_name: String,
    pub export: super::model::ExportView,
}

/// Export a frozen version as it was submitted: the same bundle, of the version's content.
#[server(endpoint = "portfolio/export_version")]
pub async fn export_version(organisation_id: i64, number: i64) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        readable(&state, &caller, organisation_id).await?;
        access::allow(access::curates_portfolio(&state.db, &caller, organisation_id).await?)?;
        let (snapshot_id, _, _, _) = store::snapshot(&state.db, organisation_id, number).await?.ok_or(AppError::NotFound)?;
        let of = store::Subject::Version(organisation_id, snapshot_id);
        let id = store::queue_export(&state.db, of, caller.user_id, caller.page_locale().code(), export::EXPORT).await?;
        state.wake_worker();
        tracing::info!(export = id, organisation = organisation_id, number, by = caller.user_id, "portfolio version export asked for");
        Ok(go_to(&format!("/coops/{organisation_id}/portfolio/exports/{id}")))
    }
    .await;
    plain_form(result, &[]).await
}

/// The caller's own learning record, gathered now, with their exports of it.
#[server(endpoint = "record/get")]
pub async fn get_record() -> Result<super::model::RecordView, AppError> {
    let state = app_state()?;
    // Always the caller's own: no id is asked for.
    let caller = require_user()?;
    let document = gather::gather_record(&state.db, caller.user_id, caller.page_locale()).await?.ok_or(AppError::NotFound)?;
    let exports = export_views(&state, store::exports(&state.db, store::Subject::Person(caller.user_id), 5).await?, &caller.time_zone).await?;
    Ok(super::model::RecordView { document, exports })
}

/// Export the caller's own learning record in the background.
#[server(endpoint = "record/export")]
pub async fn start_record_export() -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        // Always the caller's own: no id is asked for.
        let caller = require_user()?;
        let of = store::Subject::Person(caller.user_id);
        let id = store::queue_export(&state.db, of, caller.user_id, caller.page_locale().code(), export::EXPORT).await?;
        state.wake_worker();
        tracing::info!(export = id, by = caller.user_id, "learning record export asked for");
        Ok(go_to(&format!("/account/record/exports/{id}")))
    }
    .await;
    plain_form(result, &[]).await
}

/// "Submit for accreditation": freeze the portfolio as the co-op chose it, in the caller's
/// language, as the next numbered version.
#[server(endpoint = "portfolio/submit")]
pub async fn submit_snapshot(organisation_id: i64) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let name = readable(&state, &caller, organisation_id).await?;
        access::allow(access::curates_portfolio(&state.db, &caller, organisation_id).await?)?;
        let choices = store::choices(&state.db, organisation_id).await?;
        let document = gather::curate(gather::gather(&state.db, organisation_id, &name, caller.page_locale()).await?, &choices);
        let content = serde_json::to_string(&document).map_err(|e| AppError::internal("portfolio snapshot", e))?;
        let number = store::submit_snapshot(&state.db, organisation_id, &content, caller.user_id).await?;
        tracing::info!(organisation = organisation_id, number, by = caller.user_id, "portfolio submitted for accreditation");
        Ok(go_to(&format!("/coops/{organisation_id}/portfolio/versions/{number}?done=submitted")))
    }
    .await;
    plain_form(result, &[]).await
}

#[cfg(feature = "ssr")]
fn share_view(row: store::ShareRow, zone: &str) -> super::model::ShareView {
    let (id, reader, email, created, expires, revoked, opens, last) = row;
    super::model::ShareView {
        id,
        reader,
        email,
        created: crate::time::when(created, zone),
        expired: expires <= crate::time::now(),
        expires: crate::time::when(expires, zone),
        revoked: revoked.is_some(),
        opens,
        last_opened: last.map(|at| crate::time::when(at, zone)),
    }
}

#[cfg(feature = "ssr")]
fn frozen(content: &str) -> Result<super::document::Portfolio, AppError> {
    serde_json::from_str(content).map_err(|e| AppError::internal("portfolio snapshot", e))
}

/// One frozen version and its share links.
#[server(endpoint = "portfolio/version")]
pub async fn get_snapshot(organisation_id: i64, number: i64) -> Result<super::model::SnapshotView, AppError> {
    let state = app_state()?;
    let caller = require_user()?;
    let name = readable(&state, &caller, organisation_id).await?;
    let (id, content, at, by) = store::snapshot(&state.db, organisation_id, number).await?.ok_or(AppError::NotFound)?;
    let shares = store::shares(&state.db, id).await?.into_iter().map(|row| share_view(row, &caller.time_zone)).collect();
    Ok(super::model::SnapshotView {
        organisation_id,
        organisation_name: name,
        summary: super::model::SnapshotSummary { number, submitted: crate::time::when(at, &caller.time_zone), by: by.unwrap_or_default() },
        document: frozen(&content)?,
        shares,
        can_share: access::curates_portfolio(&state.db, &caller, organisation_id).await?,
    })
}

/// Send a read-only link to a version to a named reader, by mail (the link is made when the
/// mail is delivered, and is in the mail only).
#[server(endpoint = "portfolio/share")]
pub async fn share_snapshot(
    organisation_id: i64,
    number: i64,
    #[server(default)] reader: String,
    #[server(default)] email: String,
    #[server(default)] days: String,
) -> Result<String, AppError> {
    let kept = [reader.clone(), email.clone(), days.clone()];
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let name = readable(&state, &caller, organisation_id).await?;
        access::allow(access::curates_portfolio(&state.db, &caller, organisation_id).await?)?;
        let (snapshot_id, _, _, _) = store::snapshot(&state.db, organisation_id, number).await?.ok_or(AppError::NotFound)?;
        let mut errors = Vec::new();
        let reader = reader.trim().to_string();
        if reader.is_empty() || reader.chars().count() > super::model::READER_MAX {
            errors.push(FieldError::new("reader", T::ErrReaderName));
        }
        let email = match crate::accounts::model::check_email(&email) {
            Ok(e) => e,
            Err(mut e) => {
                e.field = "reader_email".into();
                errors.push(e);
                String::new()
            }
        };
        let days = match days.trim() {
            "" => super::model::SHARE_DAYS_DEFAULT,
            d => match d.parse::<i64>() {
                Ok(n) if (1..=super::model::SHARE_DAYS_MAX).contains(&n) => n,
                _ => {
                    errors.push(FieldError::new("days", T::ErrShareDays));
                    0
                }
            },
        };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let expires_at = crate::time::now() + days * 86_400;
        let share = store::create_share(&state.db, snapshot_id, &reader, &email, caller.user_id, expires_at).await?;
        let until = crate::time::when_in(expires_at, &caller.time_zone, caller.page_locale()).local;
        crate::mail::notify_address_secret(
            &state,
            &email,
            None,
            caller.page_locale(),
            T::MailShareSubject,
            T::MailShareBody,
            &[("reader", &reader), ("name", &caller.name), ("organisation", &name), ("number", &number.to_string()), ("until", &until)],
            crate::mail::AccessLink::Share { share },
        )
        .await?;
        tracing::info!(organisation = organisation_id, number, share, by = caller.user_id, "portfolio version shared");
        Ok(go_to(&format!("/coops/{organisation_id}/portfolio/versions/{number}?done=shared#shares")))
    }
    .await;
    plain_form(result, &[("reader", &kept[0]), ("reader_email", &kept[1]), ("days", &kept[2])]).await
}

/// Withdraw a share link: from now on it opens nothing.
#[server(endpoint = "portfolio/revoke")]
pub async fn revoke_share(id: i64) -> Result<String, AppError> {
    let result = async move {
        let state = app_state()?;
        let caller = require_user()?;
        let (organisation_id, number) = store::share_owner(&state.db, id).await?.ok_or(AppError::NotFound)?;
        readable(&state, &caller, organisation_id).await?;
        access::allow(access::curates_portfolio(&state.db, &caller, organisation_id).await?)?;
        store::revoke_share(&state.db, id).await?;
        tracing::info!(organisation = organisation_id, share = id, by = caller.user_id, "portfolio share withdrawn");
        Ok(go_to(&format!("/coops/{organisation_id}/portfolio/versions/{number}?done=revoked#shares")))
    }
    .await;
    plain_form(result, &[]).await
}

/// What a share link opens, for anyone who holds it (no account): the frozen version. Each
/// opening is recorded. An unknown, withdrawn or expired link opens nothing (404).
#[server(endpoint = "portfolio/shared")]
pub async fn open_shared(#[server(default)] token: String) -> Result<super::model::SharedView, AppError> {
    let state = app_state()?;
    let (share, reader, expires, organisation_id, content) = opened(&state, &token).await?;
    store::record_open(&state.db, share).await?;
    let name = crate::programmes::store::organisation_name(&state.db, organisation_id).await?.unwrap_or_default();
    let zone = crate::accounts::session::caller().ok().flatten().map(|c| c.time_zone).unwrap_or_else(|| crate::time::DEFAULT_ZONE.to_string());
    Ok(super::model::SharedView { organisation_name: name, reader, expires: crate::time::when(expires, &zone), document: frozen(&content)? })
}

/// The live share a token opens.
#[cfg(feature = "ssr")]
pub async fn opened(state: &AppState, token: &str) -> Result<store::OpenedShare, AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    store::live_share(&state.db, &crate::accounts::session::hash_token(token)).await?.ok_or(AppError::NotFound)
}
