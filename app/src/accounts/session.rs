//! Sessions and the one helper that tells a server function who is calling.
//!
//! A session is a random 256-bit token held in an HttpOnly cookie; the database keeps only its
//! SHA-256, so a leaked database cannot be replayed as cookies. The server's middleware looks the
//! cookie up once per request ([`resolve`]) and leaves a [`RequestCaller`] in the request's
//! extensions; [`caller`] / [`require_user`] read it from there.

use super::model::{Me, Role};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::state::{AppState, Settings};
use crate::time::now;
use http::HeaderMap;
use http::header::{COOKIE, SET_COOKIE, USER_AGENT};
use leptos::prelude::use_context;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, Ipv6Addr};

/// Who is calling: the signed-in person, their roles, and the session they came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: i64,
    pub session_id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub locale: Locale,
    pub time_zone: String,
    /// Whether `email` is confirmed, read with the session (the home and account pages ask on
    /// every load; a confirmation changes it in the database, which the next request reads).
    pub email_verified: bool,
}

impl Caller {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The language of the page being served (the one chosen on the site, or the browser's),
    /// falling back to the account's: for words a server function puts in its answer.
    pub fn page_locale(&self) -> crate::i18n::Locale {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<crate::i18n::Locale>().copied())
            .unwrap_or(self.locale)
    }

    /// Deny unless the caller holds `role`.
    pub fn require(&self, role: Role) -> AppResult<()> {
        if self.has(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn me(&self) -> Me {
        Me {
            id: self.user_id,
            name: self.name.clone(),
            email: self.email.clone(),
            roles: self.roles.clone(),
            locale: self.locale,
        }
    }
}

/// What the middleware learnt about the request's session.
#[derive(Debug, Clone, Default)]
pub struct RequestCaller(pub Option<Caller>);

pub fn cookie_name(settings: &Settings) -> &'static str {
    // Browsers accept a `__Host-` cookie only when it is Secure, so plain-http development
    // and tests use an unprefixed name with the same attributes otherwise.
    if settings.secure_cookies {
        "__Host-cc_session"
    } else {
        "cc_session"
    }
}

pub const LANG_COOKIE: &str = "cc_lang";

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fresh random token and its hash.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn session_cookie(settings: &Settings, value: &str, max_age: i64) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        cookie_name(settings)
    )
}

pub fn lang_cookie(settings: &Settings, locale: Locale) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000{secure}",
        locale.code()
    )
}

/// Look up the session named by the request's cookie, ending it if it has timed out. A
/// session read in the last two seconds is answered from memory (see
/// [`super::caller_cache`]), its timeouts checked all the same.
pub async fn resolve(state: &AppState, headers: &HeaderMap) -> Option<Caller> {
    let token = cookie_value(headers, cookie_name(&state.settings))?;
    if token.len() != 64 {
        return None;
    }
    let hash = hash_token(token);
    let cache = &state.db.callers;
    if let Some(hit) = cache.get(&hash) {
        let t = now();
        if !timed_out(&state.settings, t, hit.created_at, hit.last_seen_at) {
            if t - hit.last_seen_at > LAST_SEEN_EVERY {
                touch(state, hit.caller.session_id, t).await;
                cache.seen(&hash, t);
            }
            return Some(hit.caller);
        }
        // Timed out: the database path below ends it.
    }
    let generation = cache.generation();
    type Row = (i64, i64, i64, i64, String, String, String, String, Option<i64>, Option<String>);
    // One round trip per request: the person's roles come along, comma-joined (the two
    // databases spell the aggregate differently).
    let roles_of_user = match state.db.backend {
        crate::db::Backend::Sqlite => "(SELECT group_concat(role, ',') FROM user_roles r WHERE r.user_id = u.id)",
        crate::db::Backend::Postgres => "(SELECT string_agg(role, ',') FROM user_roles r WHERE r.user_id = u.id)",
    };
    let sql = format!(
        "SELECT s.id, s.user_id, s.created_at, s.last_seen_at, u.name, u.email, u.locale, u.time_zone, u.email_verified_at, {roles_of_user} \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
    );
    let row = sqlx::query_as::<_, Row>(&sql)
    .bind(&hash)
    .fetch_optional(&state.db.pool)
    .await
    .map_err(|e| tracing::error!(error = %e, "session lookup"))
    .ok()??;
    let (session_id, user_id, created_at, last_seen_at, name, email, locale, time_zone, verified_at, roles) = row;
    let t = now();
    if timed_out(&state.settings, t, created_at, last_seen_at) {
        let _ = sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(session_id)
            .execute(&state.db.pool)
            .await;
        cache.forget_session(session_id);
        return None;
    }
    let mut last_seen_at = last_seen_at;
    if t - last_seen_at > LAST_SEEN_EVERY {
        touch(state, session_id, t).await;
        last_seen_at = t;
    }
    let mut roles: Vec<Role> = roles.unwrap_or_default().split(',').filter_map(Role::parse).collect();
    roles.sort();
    let caller = Caller {
        user_id,
        session_id,
        name,
        email,
        roles,
        locale: Locale::parse(&locale).unwrap_or_default(),
        time_zone,
        email_verified: verified_at.is_some(),
    };
    let cached = super::caller_cache::Cached { caller: caller.clone(), created_at, last_seen_at };
    cache.keep(hash, generation, cached);
    Some(caller)
}

/// `last_seen_at` is written at most once a minute: enough for idle timeouts, cheap for busy
/// pages.
const LAST_SEEN_EVERY: i64 = 60;

fn timed_out(settings: &Settings, t: i64, created_at: i64, last_seen_at: i64) -> bool {
    t - last_seen_at > settings.session_idle_secs || t - created_at > settings.session_absolute_secs
}

async fn touch(state: &AppState, session_id: i64, t: i64) {
    let _ = sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(t)
        .bind(session_id)
        .execute(&state.db.pool)
        .await;
}

/// The page language: the person's choice, then the cookie, then the browser's languages.
pub fn locale_for(headers: &HeaderMap, caller: Option<&Caller>) -> Locale {
    caller
        .map(|c| c.locale)
        .or_else(|| cookie_value(headers, LANG_COOKIE).and_then(Locale::parse))
        .or_else(|| {
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}

fn request_parts() -> AppResult<http::request::Parts> {
    use_context::<http::request::Parts>()
        .ok_or_else(|| AppError::internal("request", "no request parts in context"))
}

/// Who is calling, if anyone. Every server function starts here (or with [`require_user`]).
pub fn caller() -> AppResult<Option<Caller>> {
    Ok(request_parts()?
        .extensions
        .get::<RequestCaller>()
        .and_then(|c| c.0.clone()))
}

/// The signed-in caller, or [`AppError::SignInRequired`].
pub fn require_user() -> AppResult<Caller> {
    caller()?.ok_or(AppError::SignInRequired)
}

/// The signed-in caller holding `role`.
pub fn require_role(role: Role) -> AppResult<Caller> {
    let caller = require_user()?;
    caller.require(role)?;
    Ok(caller)
}

/// The client's address, for rate limits and the sessions list: the peer's, or when the peer
/// is one of the configured trusted proxies, the one its forwarding header names (see
/// [`TrustedProxies::client_ip`]).
pub fn client_addr() -> String {
    client_ip()
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// What a per-address throttle counts the client by (see [`throttle_ip`]).
pub fn client_throttle_key() -> String {
    client_ip()
        .map(|ip| throttle_ip(ip).to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn client_ip() -> Option<IpAddr> {
    let parts = use_context::<http::request::Parts>()?;
    let state = use_context::<AppState>();
    let none = TrustedProxies::default();
    let trusted = state
        .as_ref()
        .map(|s| &s.settings.trusted_proxies)
        .unwrap_or(&none);
    request_client_ip(&parts.extensions, &parts.headers, trusted)
}

/// The client's address for a request: its peer (`ConnectInfo`) as seen through `trusted`.
pub fn request_client_ip(
    extensions: &http::Extensions,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let peer = extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()?
        .0
        .ip();
    Some(trusted.client_ip(peer, headers))
}

/// The part of an address a throttle counts by: an IPv4 address whole, an IPv6 address by its
/// /64 (one home, phone or server is handed a whole /64, so counting single IPv6 addresses
/// would give each of them 2^64 tries).
pub fn throttle_ip(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !(u64::MAX as u128))),
        v4 => v4,
    }
}

/// An address or a block of addresses: `192.0.2.7`, `10.0.0.0/8`, `fd00::/8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                prefix_mask_32(self.prefix) & (u32::from(net) ^ u32::from(ip)) == 0
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_mask_128(self.prefix) & (u128::from(net) ^ u128::from(ip)) == 0
            }
            _ => false,
        }
    }
}

fn prefix_mask_32(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

fn prefix_mask_128(prefix: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0)
}

impl std::str::FromStr for IpRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || format!("{s:?} is not an IP address or a CIDR block such as 10.0.0.0/8");
        let (addr, prefix) = match s.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (s, None),
        };
        let network: IpAddr = addr.parse().map_err(|_| bad())?;
        let network = network.to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        let range = IpRange { network, prefix };
        // Keep only the network part, so `10.1.2.3/8` means `10.0.0.0/8`.
        let network = match network {
            IpAddr::V4(v4) => IpAddr::V4((u32::from(v4) & prefix_mask_32(prefix)).into()),
            IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & prefix_mask_128(prefix)).into()),
        };
        Ok(IpRange { network, ..range })
    }
}

impl std::fmt::Display for IpRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// Which header a trusted proxy writes the client's address in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2` (nginx, HAProxy, Caddy, Traefik, cloud load
    /// balancers).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for=proxy1`.
    Forwarded,
}

/// The proxies in front of the server (`--trusted-proxies`): only when the peer is one of
/// them is a forwarding header believed, and only the one header they are configured to write
/// (a header a client sent along with the other one passes through a proxy untouched).
/// Empty by default: the client is the peer and forwarding headers are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    pub ranges: Vec<IpRange>,
    pub header: ProxyHeader,
}

impl TrustedProxies {
    /// A comma-separated list of addresses and CIDR blocks; empty means none.
    pub fn parse_list(list: &str) -> Result<Vec<IpRange>, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect()
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.ranges.iter().any(|r| r.contains(ip))
    }

    /// The client's address: `peer` itself unless it is a trusted proxy; then, walking the
    /// forwarding header's hops from the right (the nearest first), the first hop that is not a
    /// trusted proxy. Whatever lies to the left of that hop was written by the client and is
    /// ignored. A hop that is not an address (`unknown`, an obfuscated name) ends the walk at
    /// the last proxy we trust; a chain of trusted proxies only gives its leftmost hop.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarding_hops(headers, self.header);
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) => {
                    client = *ip;
                    if !self.trusts(*ip) {
                        break;
                    }
                }
                None => break,
            }
        }
        client
    }
}

/// The hops a forwarding header lists, left (the original client) to right (the nearest
/// proxy), across repeated header lines; `None` for a hop that is not an address.
fn forwarding_hops(headers: &HeaderMap, which: ProxyHeader) -> Vec<Option<IpAddr>> {
    let name = match which {
        ProxyHeader::XForwardedFor => "x-forwarded-for",
        ProxyHeader::Forwarded => "forwarded",
    };
    let mut hops = Vec::new();
    for line in headers.get_all(name) {
        let Ok(line) = line.to_str() else {
            // A line we cannot read: the walk stops here.
            hops.push(None);
            continue;
        };
        for element in line.split(',') {
            let node = match which {
                ProxyHeader::XForwardedFor => Some(element.trim()),
                ProxyHeader::Forwarded => element.split(';').find_map(|pair| {
                    let (key, value) = pair.split_once('=')?;
                    key.trim().eq_ignore_ascii_case("for").then_some(value.trim())
                }),
            };
            hops.push(node.and_then(parse_node));
        }
    }
    hops
}

/// `192.0.2.7`, `192.0.2.7:4711`, `2001:db8::1`, `[2001:db8::1]:4711`, optionally quoted.
fn parse_node(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Some(rest) = node.strip_prefix('[') {
        let (v6, _) = rest.split_once(']')?;
        return v6.parse::<Ipv6Addr>().ok().map(|ip| IpAddr::V6(ip).to_canonical());
    }
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    let (v4, port) = node.split_once(':')?;
    port.parse::<u16>().ok()?;
    v4.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

#[cfg(test)]
mod client_address_tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, value.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies(list: &str, header: ProxyHeader) -> TrustedProxies {
        TrustedProxies {
            ranges: TrustedProxies::parse_list(list).unwrap(),
            header,
        }
    }

    #[test]
    fn ranges_parse_and_match() {
        let r: IpRange = "10.1.2.3/8".parse().unwrap();
        assert_eq!(r.to_string(), "10.0.0.0/8");
        assert!(r.contains(ip("10.200.0.1")));
        assert!(!r.contains(ip("11.0.0.1")));
        assert!(r.contains(ip("::ffff:10.0.0.9")), "IPv4-mapped peers match IPv4 ranges");
        let one: IpRange = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6: IpRange = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        let all: IpRange = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")));
        for bad in ["10.0.0.0/33", "fd00::/129", "proxy.local", "10.0.0/8", ""] {
            assert!(bad.parse::<IpRange>().is_err(), "{bad:?}");
        }
        assert_eq!(TrustedProxies::parse_list(" ").unwrap(), vec![]);
        assert_eq!(TrustedProxies::parse_list("127.0.0.1, 10.0.0.0/8").unwrap().len(), 2);
        assert!(TrustedProxies::parse_list("127.0.0.1,nope").is_err());
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let none = TrustedProxies::default();
        let h = headers(&[("x-forwarded-for", "198.51.100.1"), ("forwarded", "for=198.51.100.2")]);
        assert_eq!(none.client_ip(ip("127.0.0.1"), &h), ip("127.0.0.1"));
    }

    #[test]
    fn a_header_from_an_untrusted_peer_is_ignored() {
        let p = proxies("10.0.0.1", ProxyHeader::XForwardedFor);
        let h = headers(&[("x-forwarded-for", "198.51.100.1")]);
        assert_eq!(p.client_ip(ip("203.0.113.5"), &h), ip("203.0.113.5"));
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let p = proxies("10.0.0.0/8", ProxyHeader::XForwardedFor);
        // The client made up the first two; the proxies appended the rest.
        let h = headers(&[
            ("x-forwarded-for", "1.1.1.1, 2.2.2.2"),
            ("x-forwarded-for", "198.51.100.7, 10.0.0.3"),
        ]);
        assert_eq!(p.client_ip(ip("10.0.0.1"), &h), ip("198.51.100.7"));
        // With ports, brackets and an IPv4-mapped peer.
        let h = headers(&[("x-forwarded-for", "[2001:db8::5]:4711")]);
        assert_eq!(p.client_ip(ip("::ffff:10.0.0.1"), &h), ip("2001:db8::5"));
        let h = headers(&[("x-forwarded-for", "198.51.100.8:51000")]);
        assert_eq!(p.client_ip(ip("10.0.0.1"), &h), ip("198.51.100.8"));
        // Only trusted hops: the leftmost of them. No header: the proxy itself.
        let h = headers(&[("x-forwarded-for", "10.9.9.9, 10.0.0.3")]);
        assert_eq!(p.client_ip(ip("10.0.0.1"), &h), ip("10.9.9.9"));
        assert_eq!(p.client_ip(ip("10.0.0.1"), &HeaderMap::new()), ip("10.0.0.1"));
        // A hop that is not an address stops the walk at the last trusted proxy.
        let h = headers(&[("x-forwarded-for", "198.51.100.9, unknown, 10.0.0.3")]);
        assert_eq!(p.client_ip(ip("10.0.0.1"), &h), ip("10.0.0.3"));
    }

    #[test]
    fn only_the_configured_header_is_read() {
        let xff = proxies("127.0.0.1", ProxyHeader::XForwardedFor);
        let fwd = proxies("127.0.0.1", ProxyHeader::Forwarded);
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.1"),
            (
                "forwarded",
                "for=192.0.2.60;proto=http, For=\"[2001:db8:cafe::17]:4711\";by=203.0.113.43",
            ),
        ]);
        assert_eq!(xff.client_ip(ip("127.0.0.1"), &h), ip("198.51.100.1"));
        assert_eq!(fwd.client_ip(ip("127.0.0.1"), &h), ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(fwd.client_ip(ip("127.0.0.1"), &h), ip("127.0.0.1"));
        let h = headers(&[("forwarded", "for=\"192.0.2.43:80\"")]);
        assert_eq!(fwd.client_ip(ip("127.0.0.1"), &h), ip("192.0.2.43"));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(throttle_ip(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(
            throttle_ip(ip("2001:db8:1:2:ffff::9")),
            throttle_ip(ip("2001:db8:1:2::1"))
        );
        assert_eq!(throttle_ip(ip("198.51.100.4")), ip("198.51.100.4"));
        assert_eq!(throttle_ip(ip("::ffff:198.51.100.4")), ip("198.51.100.4"));
    }
}

fn user_agent() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(300).collect())
        })
        .unwrap_or_default()
}

fn set_cookie(value: String) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = http::HeaderValue::from_str(&value) {
            response.append_header(SET_COOKIE, v);
        }
    }
}

/// Start a new session for `user_id` (always a new token: no session fixation) and set its cookie.
/// A session this browser already had is ended first, so none is left behind unseen.
pub async fn start(state: &AppState, user_id: i64) -> AppResult<()> {
    if let Some(previous) = caller()? {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(previous.session_id)
            .execute(&state.db.pool)
            .await?;
        state.db.callers.forget_session(previous.session_id);
    }
    let (token, hash) = new_token();
    let t = now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, user_agent, client_addr) VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(t)
    .bind(user_agent())
    .bind(client_addr())
    .execute(&state.db.pool)
    .await?;
    set_cookie(session_cookie(
        &state.settings,
        &token,
        state.settings.session_absolute_secs,
    ));
    Ok(())
}

/// End the caller's session on the server and clear the cookie.
pub async fn end(state: &AppState, caller: &Caller) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(caller.session_id)
        .execute(&state.db.pool)
        .await?;
    state.db.callers.forget_session(caller.session_id);
    set_cookie(session_cookie(&state.settings, "", 0));
    Ok(())
}

pub fn set_language_cookie(state: &AppState, locale: Locale) {
    set_cookie(lang_cookie(&state.settings, locale));
}
