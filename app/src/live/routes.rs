//! The QR code shown to the room: the session's address, as SVG.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use crate::state::AppState;

pub async fn qr_svg(State(state): State<AppState>, Path(id): Path<i64>) -> impl IntoResponse {
    let url = format!("{}/live/{id}", state.settings.public_url.trim_end_matches('/'));
    let svg = qrcode::QrCode::new(url.as_bytes())
        .map(|code| code.render::<qrcode::render::svg::Color>().min_dimensions(160, 160).build())
        .unwrap_or_default();
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "private, max-age=3600")], svg)
}
