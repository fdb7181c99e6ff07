//! A small HTTP load generator for the benchmark (`.ci/bench.sh`), and the bare axum handler
//! it compares against.
//!
//!   loadgen run URL [--connections 32] [--seconds 10] [--cookie "name=value"] [--tsv]
//!   loadgen signups BASE_URL [--count 200]
//!   loadgen bare ADDR
//!
//! Each connection is one keep-alive HTTP/1.1 client sending GETs back to back for a fixed
//! time; it prints requests/s and p50/p99 latency (with `--tsv`, one line for a script:
//! requests/s, p50 ms, p99 ms, answers, errors, separated by tabs). Loopback only.

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("bare") => bare(args.get(2).map(String::as_str).unwrap_or("127.0.0.1:3999")).await,
        Some("run") => run(&args[2..]).await,
        Some("signups") => signups(&args[2..]).await,
        _ => {
            eprintln!(
                "usage: loadgen run URL [--connections N] [--seconds S] [--cookie C] [--tsv] | loadgen signups BASE_URL [--count N] | loadgen bare ADDR"
            );
            std::process::exit(2);
        }
    }
}

async fn bare(addr: &str) {
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

async fn run(args: &[String]) {
    let url: hyper::Uri = args.first().expect("URL").parse().expect("a URL");
    if !matches!(
        url.host(),
        Some("127.0.0.1") | Some("localhost") | Some("[::1]")
    ) {
        eprintln!("loadgen only targets loopback addresses");
        std::process::exit(2);
    }
    let connections: usize = flag(args, "--connections")
        .and_then(|v| v.parse().ok())
        .unwrap_or(32);
    let seconds: u64 = flag(args, "--seconds")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let cookie = flag(args, "--cookie");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let url = url.clone();
        let cookie = cookie.clone();
        tasks.push(tokio::spawn(async move {
            let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new())
                .pool_max_idle_per_host(1)
                .build_http();
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            while Instant::now() < deadline {
                let mut request = hyper::Request::get(url.clone()).header("accept", "text/html");
                if let Some(c) = &cookie {
                    request = request.header("cookie", c);
                }
                let started = Instant::now();
                match client.request(request.body(Empty::new()).unwrap()).await {
                    Ok(response) => {
                        let ok = response.status().is_success();
                        let _ = response.into_body().collect().await;
                        if ok {
                            latencies.push(started.elapsed().as_micros() as u64);
                        } else {
                            errors += 1;
                        }
                    }
                    Err(_) => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (latencies, e) = task.await.expect("task");
        all.extend(latencies);
        errors += e;
    }
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1000.0
    };
    if args.iter().any(|a| a == "--tsv") {
        println!(
            "{:.0}\t{:.2}\t{:.2}\t{}\t{}",
            all.len() as f64 / seconds as f64,
            pct(0.50),
            pct(0.99),
            all.len(),
            errors
        );
        return;
    }
    println!(
        "{url}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} ok, {} errors ({} connections, {} s)",
        all.len() as f64 / seconds as f64,
        pct(0.50),
        pct(0.99),
        all.len(),
        errors,
        connections,
        seconds
    );
}

/// `--count` sign-ups at once, each a new account from its own address (10.x.y.z, sent as
/// `X-Forwarded-For`: start the server with `--trusted-proxies 127.0.0.1`), so that neither
/// the per-address limits nor anything but the work of signing up holds them back. Prints how
/// they were answered and how long they took.
async fn signups(args: &[String]) {
    use http_body_util::Full;
    let base = args
        .first()
        .expect("BASE_URL")
        .trim_end_matches('/')
        .to_string();
    let url: hyper::Uri = format!("{base}/api/accounts/sign_up")
        .parse()
        .expect("a URL");
    if !matches!(
        url.host(),
        Some("127.0.0.1") | Some("localhost") | Some("[::1]")
    ) {
        eprintln!("loadgen only targets loopback addresses");
        std::process::exit(2);
    }
    let count: usize = flag(args, "--count")
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let run = std::process::id();
    let started = Instant::now();
    let tasks: Vec<_> = (0..count)
        .map(|i| {
            let (url, base) = (url.clone(), base.clone());
            tokio::spawn(async move {
                let client: Client<_, Full<Bytes>> =
                    Client::builder(TokioExecutor::new()).build_http();
                let body = serde_urlencoded::to_string([
                    ("name", "Load Test"),
                    ("email", &format!("load{run}-{i}@example.coop")),
                    ("password", "a long enough password"),
                    ("confirm", "a long enough password"),
                    ("next", "/"),
                ])
                .unwrap();
                let request = hyper::Request::post(url)
                    .header("origin", &base)
                    .header("accept", "application/json")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header(
                        "x-forwarded-for",
                        format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255),
                    )
                    .body(Full::new(Bytes::from(body)))
                    .unwrap();
                let sent = Instant::now();
                let status = match client.request(request).await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let _ = response.into_body().collect().await;
                        status
                    }
                    Err(_) => 0,
                };
                (status, sent.elapsed().as_millis() as u64)
            })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    let mut latencies = Vec::new();
    for task in tasks {
        let (status, ms) = task.await.expect("task");
        *statuses.entry(status).or_default() += 1;
        latencies.push(ms);
    }
    latencies.sort_unstable();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let answers: Vec<String> = statuses
        .iter()
        .map(|(status, n)| match status {
            0 => format!("{n} failed to connect"),
            s => format!("{n} × {s}"),
        })
        .collect();
    println!(
        "{count} concurrent sign-ups in {:.1} s: {}; p50 {} ms, p99 {} ms",
        started.elapsed().as_secs_f64(),
        answers.join(", "),
        pct(0.50),
        pct(0.99)
    );
}
