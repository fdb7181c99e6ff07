//! A general limit on server-function calls (`/api/*`) per client address, with
//! `tower_governor`: on average `api_per_second` a second with bursts of `api_burst` (the
//! settings; 20 and 60 by default, far above what a person clicking through pages sends), and
//! `429 Too Many Requests` with `Retry-After` beyond. The address is the one the rate limits of
//! sign-in count by: the peer, or the client named by a trusted proxy
//! (`app::accounts::session::TrustedProxies`), and an IPv6 client by its /64.
//!
//! The counts live in this process's memory: each instance allows its own share, which is
//! what a limit meant to shield the machine wants. Pages and static files are not counted.

use app::accounts::session::{TrustedProxies, request_client_ip, throttle_ip};
use app::error::AppError;
use app::state::Settings;
use axum::body::Body;
use futures_util::future::BoxFuture;
use governor::middleware::NoOpMiddleware;
use http::{HeaderValue, Request, Response, StatusCode, header};
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Weak};
use std::task::{Context, Poll};
use std::time::Duration;
use tower::{Layer, Service, ServiceExt};
use tower_governor::GovernorError;
use tower_governor::governor::{Governor, GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::KeyExtractor;

/// The client address a request is counted by.
#[derive(Clone, Debug)]
pub struct ClientAddress(Arc<TrustedProxies>);

impl KeyExtractor for ClientAddress {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        // Without a peer (a request made inside the process) there is nobody to count apart.
        Ok(
            request_client_ip(request.extensions(), request.headers(), &self.0)
                .map(throttle_ip)
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        )
    }
}

type Config = GovernorConfig<ClientAddress, NoOpMiddleware>;

/// The layer for `middleware::stack`; it lets everything through when the limit is off
/// (`api_per_second` 0).
#[derive(Clone)]
pub struct ApiLimitLayer {
    config: Option<Arc<Config>>,
}

pub fn layer(settings: &Settings) -> ApiLimitLayer {
    if settings.api_per_second == 0 {
        return ApiLimitLayer { config: None };
    }
    let config = GovernorConfigBuilder::default()
        .period(Duration::from_secs(1) / settings.api_per_second)
        .burst_size(settings.api_burst.max(1))
        .key_extractor(ClientAddress(Arc::new(settings.trusted_proxies.clone())))
        .finish()
        .map(Arc::new);
    if let Some(config) = &config {
        forget_quiet_addresses(Arc::downgrade(config));
    }
    ApiLimitLayer { config }
}

/// Addresses not seen for a while are dropped from memory each minute, so a crowd of
/// passing addresses cannot grow the table for ever. Stops when the server is dropped.
fn forget_quiet_addresses(config: Weak<Config>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        tick.tick().await;
        loop {
            tick.tick().await;
            let Some(config) = config.upgrade() else {
                return;
            };
            let limiter = config.limiter();
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    });
}

impl<S> Layer<S> for ApiLimitLayer
where
    S: Clone,
{
    type Service = ApiLimit<S>;

    fn layer(&self, inner: S) -> ApiLimit<S> {
        ApiLimit {
            governed: self.config.as_ref().map(|config| {
                Governor::new(inner.clone(), config).error_handler(too_many_requests)
            }),
            inner,
        }
    }
}

#[derive(Clone)]
pub struct ApiLimit<S> {
    inner: S,
    governed: Option<Governor<ClientAddress, NoOpMiddleware, S, Body>>,
}

impl<S> Service<Request<Body>> for ApiLimit<S>
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // Readiness is awaited on the clone that takes each request (`oneshot`).
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        match &self.governed {
            Some(governed) if request.uri().path().starts_with("/api/") => {
                Box::pin(governed.clone().oneshot(request))
            }
            _ => Box::pin(self.inner.clone().oneshot(request)),
        }
    }
}

/// 429 with `Retry-After`, and as a body the error a server function's caller understands
/// (the page then says how long to wait, in the reader's language).
fn too_many_requests(error: GovernorError) -> Response<Body> {
    let (wait_secs, headers) = match error {
        GovernorError::TooManyRequests { wait_time, headers } => (wait_time, headers),
        // Our key extractor never fails; anything else is not a client's doing.
        _ => {
            tracing::error!(?error, "api limit");
            return Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .body(Body::empty())
                .expect("a plain response");
        }
    };
    let body = serde_json::to_string(&AppError::RateLimited {
        retry_after_minutes: (wait_secs.div_ceil(60).max(1)) as i64,
    })
    .expect("an error serialises");
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    if let Some(headers) = headers {
        response.headers_mut().extend(headers);
    }
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait_secs.max(1)));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
