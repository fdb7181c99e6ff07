//! Evidence files on a report, as plain HTTP routes: a file is a streamed multipart body, which
//! a server function would hold whole.
//!
//! - `POST /reports/{id}/evidence`: the draft form itself, posted as multipart by its "Attach"
//!   and "Remove" buttons (`formaction`), so the answers typed so far are saved with the file,
//!   with or without JavaScript. Who may: those who edit the co-op's programme, while the report
//!   can be edited — checked before a byte of the file is read.
//! - `GET /evidence/{id}`: one file, to those who read the report, as an attachment.

use super::model::editable;
use super::store::{self, NewFile};
use super::template::{KIND_EVIDENCE, Template};
use crate::access;
use crate::accounts::session::{Caller, RequestCaller};
use crate::error::AppError;
use crate::files::storage::{Refusal, Staged};
use crate::state::AppState;
use axum::extract::multipart::{Multipart, MultipartError};
use axum::extract::{Extension, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;

/// Whether a path is a report's upload address (its body may be as large as a file).
pub fn is_upload_path(path: &str) -> bool {
    path.strip_prefix("/reports/")
        .and_then(|rest| rest.strip_suffix("/evidence"))
        .is_some_and(|id| !id.is_empty() && id.len() <= 18 && id.bytes().all(|b| b.is_ascii_digit()))
}

fn page(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// The answer when a file is over the limit: in both languages (it may come before we know
/// who is asking), with the limit and the way back to the report.
pub fn too_large_page<B>(state: &AppState, request: &http::Request<B>) -> Response {
    let back = request.uri().path().trim_end_matches("/evidence").to_string();
    let mb = state.files.max_bytes() / 1_000_000;
    page(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>File too large · Co-op Circles</title></head>\
<body><main><h1>That file is too large</h1><p>A file may be at most {mb} MB. Nothing was stored. \
Choose a smaller file (a photo at a lower resolution, or a PDF in parts) and attach it again.</p>\
<p><a href=\"{back}\">Back to the report</a></p>\
<h2 lang=\"fr\">Ce fichier est trop volumineux</h2><p lang=\"fr\">Un fichier peut faire {mb} Mo au plus. Rien n'a été enregistré. \
Choisissez un fichier plus petit (une photo en plus basse résolution, ou un PDF en plusieurs parties) et joignez-le à nouveau.</p>\
<p lang=\"fr\"><a href=\"{back}\">Retour au rapport</a></p></main></body></html>"
        ),
    )
}

/// What the multipart form carried.
#[derive(Default)]
struct Posted {
    text: BTreeMap<String, String>,
    fields: BTreeMap<String, String>,
    /// (section, name as sent, the file under its temporary name)
    staged: Vec<(String, String, Staged)>,
    /// The first file refused, and its section.
    refused: Option<(String, Refusal)>,
    /// A part that no page sends (a file for a section that takes none).
    malformed: bool,
}

enum ReadError {
    Body(MultipartError),
    Storage(AppError),
}

/// Read the whole form, streaming each file to storage as it arrives. On any failure every file
/// received so far is dropped.
async fn read_form(state: &AppState, template: &Template, mut multipart: Multipart) -> Result<Posted, ReadError> {
    let mut posted = Posted::default();
    let outcome = async {
        while let Some(mut field) = multipart.next_field().await.map_err(ReadError::Body)? {
            let name = field.name().unwrap_or("").to_string();
            let Some(section) = name.strip_prefix("evidence[").and_then(|s| s.strip_suffix(']')).map(str::to_string) else {
                let value = field.text().await.map_err(ReadError::Body)?;
                match name.strip_prefix("fields[").and_then(|s| s.strip_suffix(']')) {
                    Some(key) => posted.fields.insert(key.to_string(), value),
                    None => posted.text.insert(name, value),
                };
                continue;
            };
            let sent = field.file_name().unwrap_or("").to_string();
            let takes_files = template.section(&section).is_some_and(|s| s.kind == KIND_EVIDENCE);
            let mut incoming = state.files.receive();
            loop {
                let chunk = match field.chunk().await {
                    Ok(Some(chunk)) => chunk,
                    Ok(None) => break,
                    Err(e) => {
                        incoming.abort().await;
                        return Err(ReadError::Body(e));
                    }
                };
                if !takes_files {
                    continue;
                }
                if let Err(e) = incoming.push(&chunk).await {
                    incoming.abort().await;
                    return Err(ReadError::Storage(e));
                }
            }
            // A file input left empty sends a part with no name and no bytes.
            if incoming.is_empty() && sent.is_empty() {
                continue;
            }
            if !takes_files {
                posted.malformed = true;
                incoming.abort().await;
                continue;
            }
            match incoming.finish().await {
                Ok(Ok(staged)) => posted.staged.push((section, sent, staged)),
                Ok(Err(why)) => {
                    posted.refused.get_or_insert((section, why));
                }
                Err(e) => return Err(ReadError::Storage(e)),
            }
        }
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => Ok(posted),
        Err(e) => {
            for (_, _, staged) in posted.staged {
                state.files.discard(staged).await;
            }
            Err(e)
        }
    }
}

fn back_to(id: i64, query: &str, section: Option<&str>) -> Response {
    let anchor = section.map(|s| format!("#{}", super::model::field(s))).unwrap_or_default();
    Redirect::to(&format!("/reports/{id}?{query}{anchor}")).into_response()
}

async fn editor(state: &AppState, caller: &Caller, id: i64) -> Result<store::ReportRow, AppError> {
    let row = store::row(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let standing = access::coop_standing(&state.db, caller, row.organisation_id).await?;
    access::visible(standing.sees_programme())?;
    access::allow(standing.edits_programme())?;
    Ok(row)
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(caller): Extension<RequestCaller>,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Response {
    let Some(caller) = caller.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    // Who and which report before a byte of the file is read.
    let row = match editor(&state, &caller, id).await {
        Ok(row) => row,
        Err(e) => return crate::files::send::refused(&e),
    };
    if !editable(&row.status) {
        return back_to(id, "file_error=not_editable", None);
    }
    let template = match store::template(&state.db, row.template_id).await {
        Ok(t) => t,
        Err(e) => return crate::files::send::refused(&e),
    };
    let posted = match read_form(&state, &template, multipart).await {
        Ok(posted) => posted,
        Err(ReadError::Body(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let request = http::Request::post(format!("/reports/{id}/evidence")).body(()).unwrap_or_default();
            return too_large_page(&state, &request);
        }
        // The upload broke off (the connection dropped): nothing of it was kept.
        Err(ReadError::Body(e)) => {
            tracing::info!(report = id, error = %e, "an upload broke off");
            return StatusCode::BAD_REQUEST.into_response();
        }
        Err(ReadError::Storage(e)) => {
            tracing::error!(report = id, error = ?e, "an upload could not be stored");
            return back_to(id, "file_error=failed", None);
        }
    };
    let finish = async {
        let discard_all = |posted: Posted| async {
            for (_, _, staged) in posted.staged {
                state.files.discard(staged).await;
            }
        };
        if posted.malformed || posted.text.get("id").is_some_and(|v| v.parse::<i64>().ok() != Some(id)) {
            discard_all(posted).await;
            return StatusCode::BAD_REQUEST.into_response();
        }
        if let Some((section, Refusal::TooLarge)) = &posted.refused {
            let _ = section;
            discard_all(posted).await;
            let request = http::Request::post(format!("/reports/{id}/evidence")).body(()).unwrap_or_default();
            return too_large_page(&state, &request);
        }
        // The answers typed so far, saved as the form's own save would.
        let version = posted.text.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
        let revision = posted.text.get("revision").and_then(|v| v.parse().ok());
        let writer = posted.text.get("writer").cloned().unwrap_or_default();
        let mut notes: Vec<String> = Vec::new();
        match super::draft::save(&state, &caller, &row, version, &posted.fields, revision, &writer).await {
            Ok((_, _, revision)) => notes.push(format!("revision={revision}")),
            Err(e) if e.for_field("revision").is_some() => notes.push("done=newer".into()),
            Err(AppError::BadRequest) => {
                discard_all(posted).await;
                return StatusCode::BAD_REQUEST.into_response();
            }
            Err(e) if e.for_field("report").is_some() => {
                discard_all(posted).await;
                return back_to(id, "file_error=not_editable", None);
            }
            Err(AppError::Invalid(_)) => notes.push("file_error=answers".into()),
            Err(e) => {
                discard_all(posted).await;
                return crate::files::send::refused(&e);
            }
        }
        // Files taken off.
        let mut removed = false;
        if let Some(file) = posted.text.get("remove").and_then(|v| v.parse::<i64>().ok()) {
            match store::remove_file(&state.db, id, file).await {
                Ok(true) => removed = true,
                Ok(false) => {}
                Err(e) => return crate::files::send::refused(&e),
            }
        }
        // Files kept: moved to their content address, then named on the report.
        let mut kept = Vec::new();
        for (section, sent, staged) in &posted.staged {
            if let Err(e) = state.files.keep(staged).await {
                tracing::error!(report = id, error = ?e, "a received file could not be kept");
                return back_to(id, "file_error=failed", Some(section));
            }
            kept.push((section.clone(), crate::files::kind::display_name(sent, staged.kind), staged));
        }
        let new: Vec<NewFile> = kept
            .iter()
            .map(|(section, name, staged)| NewFile { section, sha256: &staged.hash, name, media_type: staged.kind.media_type, size: staged.size as i64 })
            .collect();
        let added = match store::add_files(&state.db, id, &new, caller.user_id).await {
            Ok(n) => n,
            Err(e) => return crate::files::send::refused(&e),
        };
        if added > 0 {
            tracing::info!(report = id, files = added, by = caller.user_id, "evidence attached");
        }
        let section = posted.refused.as_ref().map(|(s, _)| s.as_str()).or(kept.first().map(|(s, _, _)| s.as_str()));
        if let Some((_, why)) = &posted.refused {
            notes.push(format!("file_error={}", why.code()));
            if let Some(s) = section {
                notes.push(format!("file_section={s}"));
            }
        } else if !new.is_empty() && added == 0 {
            notes.push("file_error=not_editable".into());
        } else if added > 0 {
            notes.push("done=files".into());
        } else if removed {
            notes.push("done=removed".into());
        }
        back_to(id, &notes.join("&"), section)
    };
    finish.await
}

pub async fn download(
    State(state): State<AppState>,
    Extension(caller): Extension<RequestCaller>,
    Path(id): Path<i64>,
) -> Response {
    let Some(caller) = caller.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let found = async {
        let (report_id, sha256, name, media_type) = store::file(&state.db, id).await?.ok_or(AppError::NotFound)?;
        let row = store::row(&state.db, report_id).await?.ok_or(AppError::NotFound)?;
        // The same rule as the report's page: a file is seen by those who read the report.
        access::visible(access::sees_programme(&state.db, &caller, row.organisation_id).await?)?;
        let (size, stream) = state.files.open(&sha256).await?;
        Ok::<_, AppError>((name, media_type, size, stream))
    }
    .await;
    let (name, media_type, size, stream) = match found {
        Ok(found) => found,
        Err(e) => return crate::files::send::refused(&e),
    };
    crate::files::send::attachment(&name, &media_type, size, stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_report_upload_address_takes_a_large_body() {
        assert!(is_upload_path("/reports/12/evidence"));
        assert!(!is_upload_path("/reports//evidence"));
        assert!(!is_upload_path("/reports/12/evidence/x"));
        assert!(!is_upload_path("/reports/1a/evidence"));
        assert!(!is_upload_path("/api/reports/save"));
        assert!(!is_upload_path("/reports/12345678901234567890/evidence"));
    }
}
