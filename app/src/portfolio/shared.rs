//! An evidence file of a shared version, for the holder of its link (no account): only a file
//! the frozen version names, and its bytes as they were when it was frozen (by their SHA-256).

use super::api::opened;
use super::document::Portfolio;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;

#[derive(serde::Deserialize)]
pub struct Token {
    #[serde(default)]
    token: String,
}

/// `GET /shared/evidence/{id}?token=`
pub async fn evidence(State(state): State<AppState>, Path(id): Path<i64>, Query(q): Query<Token>) -> Response {
    let found = async {
        let (_, _, _, _, content) = opened(&state, &q.token).await?;
        let frozen: Portfolio = serde_json::from_str(&content).map_err(|e| AppError::internal("portfolio snapshot", e))?;
        let key = format!("evidence:{id}");
        let file = frozen.evidence.into_iter().find(|e| e.id == key).ok_or(AppError::NotFound)?;
        let (size, stream) = state.files.open(&file.sha256).await?;
        Ok::<_, AppError>((file.name, file.media_type, size, stream))
    }
    .await;
    match found {
        Ok((name, media_type, size, stream)) => crate::files::send::attachment(&name, &media_type, size, stream),
        Err(e) => crate::files::send::refused(&e),
    }
}
