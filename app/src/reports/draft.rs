//! Saving a draft's answers: the one path for the form's own saves (`reports/save`) and for
//! the answers that travel with a file upload (`evidence::upload`), so both check the same.

use super::{check, store};
use super::model::editable;
use super::template::Template;
use crate::access;
use crate::accounts::session::Caller;
use crate::error::AppError;
use crate::i18n::T;
use crate::state::AppState;
use std::collections::BTreeMap;

/// Check who writes, on which template version and revision, then store the cleaned answers.
/// Returns the template, the answers as stored and the draft's new revision.
pub async fn save(
    state: &AppState,
    caller: &Caller,
    row: &store::ReportRow,
    version: i64,
    fields: &BTreeMap<String, String>,
    revision: Option<i64>,
    writer: &str,
) -> Result<(Template, BTreeMap<String, String>, i64), AppError> {
    access::allow(access::edits_programme(&state.db, caller, row.organisation_id).await?)?;
    if !editable(&row.status) {
        return Err(AppError::invalid("report", T::ErrReportNotEditable));
    }
    // The page was made for another version of the template than the report's.
    if version != row.template_id {
        return Err(AppError::invalid("report", T::ErrTemplateChanged));
    }
    if !check::writer_ok(writer) {
        return Err(AppError::BadRequest);
    }
    let template = store::template(&state.db, row.template_id).await?;
    let clean = check::draft(&template, fields)?;
    let revision = match store::save_answers(&state.db, row.id, &clean, revision, writer).await? {
        store::Saved::As(r) => r,
        store::Saved::Stale => return Err(AppError::invalid("revision", T::ErrReportDraftNewer)),
        store::Saved::NotEditable => return Err(AppError::invalid("report", T::ErrReportNotEditable)),
    };
    Ok((template, clean, revision))
}
