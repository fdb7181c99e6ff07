//! Sending a kept file to the one who may have it: as a download (never shown in the page, so
//! a file that is really HTML or script cannot run as ours), not kept by shared caches.

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::stream::BoxStream;

/// The file as an attachment named `name` (the name given in plain ASCII and in full UTF-8).
pub fn attachment(name: &str, media_type: &str, size: u64, stream: BoxStream<'static, object_store::Result<Bytes>>) -> Response {
    let ascii: String = name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    (
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (header::CONTENT_LENGTH, size.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", encoded_name(name))),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// A file not given: only its status (401, 403, 404, 503…), nothing said about why.
pub fn refused(error: &crate::error::AppError) -> Response {
    axum::http::StatusCode::from_u16(error.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR).into_response()
}

/// `filename*` in RFC 5987 form: UTF-8, every byte outside the safe set percent-encoded.
fn encoded_name(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_download_name_survives_any_characters() {
        assert_eq!(super::encoded_name("Procès-verbal 2.pdf"), "Proc%C3%A8s-verbal%202.pdf");
    }
}
