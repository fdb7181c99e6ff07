//! A small HTTP load generator for the benchmark (`.ci/bench.sh`), and the bare axum handler
//! it compares against.
//!
//!   loadgen run URL [--connections 32] [--seconds 10] [--cookie "name=value"]
//!   loadgen bare ADDR
//!
//! Each connection is one keep-alive HTTP/1.1 client sending GETs back to back for a fixed
//! time; it prints requests/s and p50/p99 latency. Loopback only.

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
        _ => {
            eprintln!(
                "usage: loadgen run URL [--connections N] [--seconds S] [--cookie C] | loadgen bare ADDR"
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
