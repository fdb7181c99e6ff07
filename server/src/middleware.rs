//! The middleware stack, built in one place and read top to bottom: the first layer listed
//! sees the request first.

use app::accounts::session::{RequestCaller, cookie_value, locale_for, resolve};
use app::error::AppError;
use app::ui::flash;
use app::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use rand::RngCore;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body we accept: forms are small. A report's evidence upload may carry a
/// file up to the configured limit on top ([`body_limit`]).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The body limit for a request: the upload route takes one file's limit more than a form.
fn body_limit(state: &AppState, request: &Request) -> usize {
    if request.method() == http::Method::POST && app::reports::evidence::is_upload_path(request.uri().path()) {
        BODY_LIMIT.saturating_add(state.files.max_bytes() as usize)
    } else {
        BODY_LIMIT
    }
}
/// No request may take longer than this.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The page for a fault we did not foresee: in both languages, since we cannot know which.
const PROBLEM_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Co-op Circles</title></head>\
<body><main><h1>Sorry, there is a problem</h1><p>Something went wrong on our side. Nothing you typed \
was saved by this request: go back and try again in a few minutes.</p><p><a href=\"/\">Go to the home page</a></p>\
<h2 lang=\"fr\">Désolé, il y a un problème</h2><p lang=\"fr\">Un problème est survenu de notre côté. \
Revenez en arrière et réessayez dans quelques minutes.</p></main></body></html>";

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn stack(router: Router, state: AppState) -> Router {
    router.layer(
        ServiceBuilder::new()
            // Every request gets an id, echoed in the response and on every log line.
            .layer(SetRequestIdLayer::new(X_REQUEST_ID.clone(), RandomRequestId))
            .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                let id = req.headers().get(&X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                tracing::info_span!("request", id, method = %req.method(), path = %loggable_path(req.uri().path()))
            }))
            .layer(PropagateRequestIdLayer::new(X_REQUEST_ID.clone()))
            // A panic becomes a plain 500, never a dropped connection or a stack trace.
            .layer(CatchPanicLayer::custom(|_| {
                (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], PROBLEM_PAGE)
                    .into_response()
            }))
            .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT))
            // Pre-compressed static files already carry Content-Encoding and are left alone.
            .layer(CompressionLayer::new().br(true).gzip(true))
            .layer(from_fn_with_state(state.clone(), limit_body))
            .layer(from_fn(server_fn_status))
            .layer(from_fn_with_state(state.clone(), security_headers))
            .layer(crate::api_limit::layer(&state.settings))
            .layer(from_fn_with_state(state.clone(), refuse_cross_site))
            .layer(from_fn_with_state(state, identify_caller)),
    )
}

/// The path as logs may show it: a private calendar feed's address is its own bearer token
/// (`/calendar/<token>.ics`), so it is cut out. Query strings are never logged.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix("/calendar/") {
        Some(rest) if !rest.is_empty() => "/calendar/[redacted]".into(),
        _ => path.into(),
    }
}

#[derive(Clone, Copy)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _request: &http::Request<B>) -> Option<RequestId> {
        let mut bytes = [0u8; 8];
        rand::thread_rng().fill_bytes(&mut bytes);
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// Headers for every response. HTML pages set their own Content-Security-Policy with the
/// page's nonce (see `app::shell`); anything else gets a policy that allows nothing to run.
async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut http::HeaderMap, name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(
        headers,
        header::REFERRER_POLICY,
        "strict-origin-when-cross-origin",
    );
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        headers,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    if state.settings.secure_cookies {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

/// A state-changing request must come from our own pages: refuse it when the browser says it
/// came from another site (`Sec-Fetch-Site`) or names another origin (`Origin`).
async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if is_safe_method(request.method()) || same_site(&state, &request) {
        return next.run(request).await;
    }
    tracing::warn!(origin = ?request.headers().get(header::ORIGIN), "cross-site request refused");
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "This request came from another site and was refused.",
    )
        .into_response()
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn same_site(state: &AppState, request: &Request) -> bool {
    same_site_headers(state, request.headers())
}

/// Whether the request's `Sec-Fetch-Site` and `Origin` (when sent) say it comes from this site.
pub fn same_site_headers(state: &AppState, headers: &http::HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return false;
        }
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true, // not a browser's cross-site request: browsers send Origin on those POSTs
        Some(origin) => {
            let authority = origin.split_once("://").map(|(_, a)| a).unwrap_or("");
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let public = state
                .settings
                .public_url
                .split_once("://")
                .map(|(_, a)| a)
                .unwrap_or("");
            !authority.is_empty()
                && (authority == host || authority == public.trim_end_matches('/'))
        }
    }
}

/// Look the session cookie up once per request and leave who is calling, and the page's
/// language, for the handlers and server functions. A page load also takes the flash a failed
/// no-JavaScript form post left for it (`app::ui::flash`), and the cookie naming it is cleared.
async fn identify_caller(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let needs_caller = !(path.starts_with("/pkg/")
        || path == "/healthz"
        || path == "/readyz"
        || path == "/favicon.ico");
    if !needs_caller {
        return next.run(request).await;
    }
    let caller = resolve(&state, request.headers()).await;
    let locale = locale_for(request.headers(), caller.as_ref());
    request.extensions_mut().insert(locale);
    request.extensions_mut().insert(RequestCaller(caller));
    let flash_token = (request.method() == Method::GET && !path.starts_with("/api/"))
        .then(|| cookie_value(request.headers(), flash::FLASH_COOKIE).map(str::to_string))
        .flatten();
    if let Some(token) = &flash_token {
        match flash::store::take(&state.db, token, &path).await {
            Ok(Some(kept)) => {
                request.extensions_mut().insert(kept);
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = ?e, "could not read a form's flash"),
        }
    }
    let mut response = next.run(request).await;
    if flash_token.is_some() {
        if let Ok(value) = HeaderValue::from_str(&flash::cookie("", state.settings.secure_cookies)) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// A server function's refusal answers with its own status (400, 401, 403, 404, 410, 422,
/// 429), not the blanket 500 that server_fn gives every error, so that logs, proxies and
/// monitoring tell a person's typo from our fault. Only a real fault stays a 500, and is
/// logged as one.
async fn server_fn_status(request: Request, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn
        || response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // An error is a few hundred bytes of JSON; anything bigger is not one of ours.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        tracing::error!("a server function's error could not be read");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(error) => {
            if let Ok(status) = StatusCode::from_u16(error.status()) {
                parts.status = status;
            }
            if parts.status == StatusCode::INTERNAL_SERVER_ERROR {
                tracing::error!(?error, "server function failed");
            }
        }
        Err(_) => tracing::error!("server function failed with an unknown error"),
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Long-lived caching for hashed assets under /pkg.
pub fn immutable_cache(router: Router) -> Router {
    router.layer(from_fn(|request: Request, next: Next| async move {
        let mut response = next.run(request).await;
        if response.status().is_success() {
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
        }
        response
    }))
}

/// Refuse bodies over [`BODY_LIMIT`]: at once when Content-Length says so, and while reading
/// when the body is streamed without one (chunked): whatever the handler then answers, the
/// response is the same 413.
async fn limit_body(State(state): State<AppState>, request: Request, next: Next) -> Response {
    use http_body_util::BodyExt;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let limit = body_limit(&state, &request);
    let upload = limit > BODY_LIMIT;
    if let Some(n) = declared.filter(|n| *n > limit) {
        if !upload {
            return too_large();
        }
        let page = app::reports::evidence::too_large_page(&state, &request);
        // A browser still sending its file when the answer comes may show a broken connection
        // instead of the answer: a file up to a few times the limit is read to its end and
        // dropped, so the person sees why. Beyond that the connection is cut.
        if n <= limit.saturating_mul(4) {
            let mut body = request.into_body();
            while let Some(Ok(_)) = body.frame().await {}
        }
        return page;
    }
    let overflowed = Arc::new(AtomicBool::new(false));
    let flag = overflowed.clone();
    let request = request.map(|body| {
        Body::new(http_body_util::Limited::new(body, limit).map_err(move |e| {
            if e.is::<http_body_util::LengthLimitError>() {
                flag.store(true, Ordering::Relaxed);
            }
            e
        }))
    });
    let response = next.run(request).await;
    if overflowed.load(Ordering::Relaxed) && !upload {
        return too_large();
    }
    response
}

fn too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "That is more than this form accepts.",
    )
        .into_response()
}
