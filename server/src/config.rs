//! One typed configuration, from flags and environment variables. Secrets never print:
//! `Debug` redacts the SMTP password and any password inside `DATABASE_URL`.

use app::accounts::session::{IpRange, ProxyHeader, TrustedProxies};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "server",
    about = "Co-op Circles: the member portal of Co-operatives 2020"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the portal (the default).
    Serve {
        /// Load the demo data first (only into an empty database) and print the demo sign-ins.
        #[arg(long)]
        demo: bool,
    },
    /// Create or update the database schema, then stop.
    Migrate,
    /// Load the demo data into an empty database, then stop.
    SeedDemo,
    /// For the benchmark: add volume to the demo's first co-op (activities in its programme,
    /// reports waiting in the advisors' queue), then stop.
    #[command(hide = true)]
    SeedVolume {
        #[arg(long, default_value_t = 200)]
        activities: u32,
        #[arg(long, default_value_t = 1000)]
        reports: u32,
    },
    /// For the benchmark: accepted reports with photos on the demo's first co-op, for its
    /// portfolio export, then stop.
    #[command(hide = true)]
    SeedPortfolio {
        #[arg(long, default_value_t = 100)]
        reports: u32,
        #[arg(long, default_value_t = 50)]
        photos: u32,
        #[arg(long, default_value_t = 2_000_000)]
        photo_bytes: usize,
    },
    /// Create the first administrator (or give an existing account the admin role).
    /// The password comes from CC_ADMIN_PASSWORD, or is read from standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Args, Clone)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "CC_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Folder for the embedded database and other data.
    #[arg(long, env = "CC_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL; default: a SQLite file in the data folder.
    // Its value may carry a password: `--help` must not print it from the environment.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// At most this many database connections (default: 8 on SQLite, two per core and at least
    /// 4 on PostgreSQL).
    #[arg(long, env = "CC_DATABASE_CONNECTIONS", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_connections: Option<u32>,
    /// The address people use to reach the portal, for links in emails and the Origin check.
    /// Default: http://<addr>.
    #[arg(long, env = "CC_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Mark cookies Secure with the __Host- prefix. Default: on when the public URL is https.
    #[arg(long, env = "CC_SECURE_COOKIES")]
    pub secure_cookies: Option<bool>,
    /// Where the built site (pkg/ and public files) is.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    #[arg(long, env = "CC_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
    /// SMTP server; without it, mail stays in the outbox that admins read in the portal.
    #[arg(long, env = "CC_SMTP_HOST")]
    pub smtp_host: Option<String>,
    #[arg(long, env = "CC_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,
    #[arg(long, env = "CC_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    #[arg(long, env = "CC_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// starttls, tls or none.
    #[arg(long, env = "CC_SMTP_SECURITY", default_value = "starttls")]
    pub smtp_security: String,
    #[arg(
        long,
        env = "CC_MAIL_FROM",
        default_value = "Co-op Circles <circles@localhost>"
    )]
    pub mail_from: String,
    /// Also write every message, as delivered (links included), as an .eml file in this
    /// folder: a local mailbox for a demo or the browser tests. Not for production.
    #[arg(long, env = "CC_MAIL_DIR")]
    pub mail_dir: Option<PathBuf>,
    /// The proxies in front of the portal, whose forwarding header names the client
    /// (comma-separated addresses or CIDR blocks, e.g. `127.0.0.1,10.0.0.0/8`). Default: none,
    /// and the client's address is the connection's. Rate limits count by this address.
    #[arg(long, env = "CC_TRUSTED_PROXIES", default_value = "", value_parser = parse_proxies)]
    pub trusted_proxies: ProxyList,
    /// The header those proxies write the client's address in (only that one is read).
    #[arg(
        long,
        env = "CC_PROXY_HEADER",
        value_enum,
        default_value = "x-forwarded-for"
    )]
    pub proxy_header: ProxyHeaderName,
    /// Server-function calls (`/api/*`) a second from one client address, on average; 0 turns
    /// the limit off (only behind a proxy that limits for you).
    #[arg(long, env = "CC_API_PER_SECOND", default_value_t = 20)]
    pub api_per_second: u32,
    /// How many calls may come at once on top of that average.
    #[arg(long, env = "CC_API_BURST", default_value_t = 60)]
    pub api_burst: u32,
    /// Accounts one client address may create in an hour.
    #[arg(long, env = "CC_SIGN_UPS_PER_HOUR", default_value_t = 10)]
    pub sign_ups_per_hour: i64,
    /// Folder for evidence files (kept once each, by content). Default: `files` in the data
    /// folder.
    #[arg(long, env = "CC_FILES_DIR")]
    pub files_dir: Option<PathBuf>,
    /// Keep evidence files in this S3-compatible bucket rather than a folder, so that several
    /// instances share them.
    #[arg(long, env = "CC_FILES_S3_BUCKET")]
    pub files_s3_bucket: Option<String>,
    /// The bucket's storage when it is not Amazon's, e.g. `https://s3.example.net` or
    /// `http://127.0.0.1:9000` (plain http only when written so).
    #[arg(long, env = "CC_FILES_S3_ENDPOINT")]
    pub files_s3_endpoint: Option<String>,
    #[arg(long, env = "AWS_REGION", default_value = "us-east-1")]
    pub files_s3_region: String,
    #[arg(long, env = "AWS_ACCESS_KEY_ID", hide_env_values = true)]
    pub files_s3_access_key_id: Option<String>,
    #[arg(long, env = "AWS_SECRET_ACCESS_KEY", hide_env_values = true)]
    pub files_s3_secret_access_key: Option<String>,
    /// The largest evidence file taken, in megabytes (1 MB = 1,000,000 bytes).
    #[arg(long, env = "CC_UPLOAD_MAX_MB", default_value_t = 20)]
    pub upload_max_mb: u64,
    /// Seconds a background job (mail, reminders, a portfolio export) stays its worker's after
    /// the worker's last sign of life; a live worker renews it every third of that. After a
    /// crash, the jobs it was running wait this long before another worker takes them.
    #[arg(
        long,
        env = "CC_JOB_LEASE_SECONDS",
        default_value_t = app::jobs::DEFAULT_LEASE,
        value_parser = clap::value_parser!(i64).range(app::jobs::MIN_LEASE..=86_400)
    )]
    pub job_lease_seconds: i64,
}

/// The `--trusted-proxies` list, parsed and checked when the server starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProxyList(pub Vec<IpRange>);

fn parse_proxies(list: &str) -> Result<ProxyList, String> {
    TrustedProxies::parse_list(list).map(ProxyList)
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProxyHeaderName {
    /// `X-Forwarded-For: client, proxy…`
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for=proxy…`
    Forwarded,
}

impl Config {
    /// The shared bucket for evidence files, when one is configured.
    pub fn files_bucket(&self) -> Option<app::files::storage::S3Bucket> {
        let name = self.files_s3_bucket.clone().filter(|b| !b.is_empty())?;
        Some(app::files::storage::S3Bucket {
            name,
            endpoint: self.files_s3_endpoint.clone(),
            region: self.files_s3_region.clone(),
            access_key_id: self.files_s3_access_key_id.clone().unwrap_or_default(),
            secret_access_key: self.files_s3_secret_access_key.clone().unwrap_or_default(),
        })
    }

    pub fn files_dir(&self) -> PathBuf {
        self.files_dir.clone().unwrap_or_else(|| self.data_dir.join("files"))
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => app::db::sqlite_url(&self.data_dir.join("coop-circles.db")),
        }
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
            .trim_end_matches('/')
            .to_string()
    }

    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies
            .unwrap_or_else(|| self.public_url().starts_with("https://"))
    }

    pub fn trusted_proxies(&self) -> TrustedProxies {
        TrustedProxies {
            ranges: self.trusted_proxies.0.clone(),
            header: match self.proxy_header {
                ProxyHeaderName::XForwardedFor => ProxyHeader::XForwardedFor,
                ProxyHeaderName::Forwarded => ProxyHeader::Forwarded,
            },
        }
    }
}

/// `scheme://user:secret@host` → `scheme://user:****@host`.
pub fn redact_url(url: &str) -> String {
    // A password may sit in the credentials (`user:secret@host`) or in the query
    // (`?password=secret`, `&sslpassword=…`): both are hidden.
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut out = base.to_string();
    if let Some((scheme, rest)) = base.split_once("://") {
        if let Some((credentials, host)) = rest.rsplit_once('@') {
            if let Some((user, _)) = credentials.split_once(':') {
                out = format!("{scheme}://{user}:****@{host}");
            }
        }
    }
    if !query.is_empty() {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.to_ascii_lowercase().contains("password") => {
                    format!("{key}=****")
                }
                _ => pair.to_string(),
            })
            .collect();
        out = format!("{out}?{}", pairs.join("&"));
    }
    out
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("data_dir", &self.data_dir)
            .field("files_dir", &self.files_dir())
            .field("upload_max_mb", &self.upload_max_mb)
            .field("files_s3_bucket", &self.files_s3_bucket)
            .field("files_s3_endpoint", &self.files_s3_endpoint)
            .field("files_s3_region", &self.files_s3_region)
            .field("files_s3_access_key_id", &self.files_s3_access_key_id.as_ref().map(|_| "****"))
            .field("files_s3_secret_access_key", &self.files_s3_secret_access_key.as_ref().map(|_| "****"))
            .field("database_url", &redact_url(&self.database_url()))
            .field("database_connections", &self.database_connections)
            .field("public_url", &self.public_url())
            .field("secure_cookies", &self.secure_cookies())
            .field("site_root", &self.site_root)
            .field("log_format", &self.log_format)
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_username", &self.smtp_username)
            .field(
                "smtp_password",
                &self.smtp_password.as_ref().map(|_| "****"),
            )
            .field("smtp_security", &self.smtp_security)
            .field("mail_from", &self.mail_from)
            .field("mail_dir", &self.mail_dir)
            .field(
                "trusted_proxies",
                &self
                    .trusted_proxies
                    .0
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>(),
            )
            .field("proxy_header", &self.proxy_header)
            .field("api_per_second", &self.api_per_second)
            .field("api_burst", &self.api_burst)
            .field("sign_ups_per_hour", &self.sign_ups_per_hour)
            .field("job_lease_seconds", &self.job_lease_seconds)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let cli = Cli::parse_from([
            "server",
            "--database-url",
            "postgres://circles:hunter2hunter2@db.internal/circles",
            "--smtp-host",
            "smtp.example.coop",
            "--smtp-password",
            "smtp-secret-value",
        ]);
        let printed = format!("{:?}", cli.config);
        assert!(!printed.contains("hunter2hunter2"), "{printed}");
        assert!(!printed.contains("smtp-secret-value"), "{printed}");
        assert!(printed.contains("postgres://circles:****@db.internal/circles"));
    }

    #[test]
    fn defaults_to_an_embedded_database_in_the_data_folder() {
        let cli = Cli::parse_from(["server", "--data-dir", "/tmp/cc"]);
        assert_eq!(
            cli.config.database_url(),
            "sqlite:///tmp/cc/coop-circles.db?mode=rwc"
        );
        assert_eq!(cli.config.public_url(), "http://127.0.0.1:3000");
        assert!(!cli.config.secure_cookies());
        assert_eq!(cli.config.job_lease_seconds, 60);
        let cli = Cli::parse_from(["server", "--public-url", "https://circles.example.coop/"]);
        assert!(cli.config.secure_cookies());
        assert_eq!(cli.config.trusted_proxies(), TrustedProxies::default());
    }

    #[test]
    fn the_database_connections_are_a_positive_number() {
        assert_eq!(Cli::parse_from(["server"]).config.database_connections, None);
        assert_eq!(Cli::parse_from(["server", "--database-connections", "4"]).config.database_connections, Some(4));
        assert!(Cli::try_parse_from(["server", "--database-connections", "0"]).is_err());
        assert!(Cli::try_parse_from(["server", "--database-connections", "many"]).is_err());
    }

    #[test]
    fn trusted_proxies_are_a_list_of_addresses_and_blocks() {
        let cli = Cli::parse_from([
            "server",
            "--trusted-proxies",
            "127.0.0.1, 10.0.0.0/8,fd00::/8",
            "--proxy-header",
            "forwarded",
        ]);
        let proxies = cli.config.trusted_proxies();
        assert_eq!(proxies.ranges.len(), 3);
        assert_eq!(proxies.header, ProxyHeader::Forwarded);
        assert!(proxies.trusts("10.2.3.4".parse().unwrap()));
        assert!(!proxies.trusts("192.0.2.1".parse().unwrap()));
        assert!(format!("{:?}", cli.config).contains("10.0.0.0/8"));
        assert!(Cli::try_parse_from(["server", "--trusted-proxies", "10.0.0.0/99"]).is_err());
        assert!(Cli::try_parse_from(["server", "--trusted-proxies", "proxy.internal"]).is_err());
    }

    #[test]
    fn a_job_lease_is_at_least_two_seconds() {
        let cli = Cli::parse_from(["server", "--job-lease-seconds", "2"]);
        assert_eq!(cli.config.job_lease_seconds, 2);
        // Whole-second timestamps: a 1 s lease could run out before its first heartbeat.
        assert!(Cli::try_parse_from(["server", "--job-lease-seconds", "1"]).is_err());
        assert!(Cli::try_parse_from(["server", "--job-lease-seconds", "0"]).is_err());
    }
}
