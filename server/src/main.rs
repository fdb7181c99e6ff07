use clap::Parser;
use server::config::{Cli, Command, LogFormat};
use tracing_subscriber::EnvFilter;

/// mimalloc rather than glibc's malloc: rendering a page allocates and frees many small
/// strings from two runtime threads, which glibc's arenas serve slowly (see server/Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    init_logging(cli.config.log_format);
    if let Err(e) = run(cli).await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    tracing::info!(?config, "starting");
    // Demo accounts share a published password: never on a real, public site. Refused before
    // anything is opened or changed.
    if matches!(cli.command, Some(Command::Serve { demo: true })) && config.public_url().starts_with("https://") {
        anyhow::bail!("--demo is for trying the portal locally; it is refused when the public URL is https");
    }
    let state = server::build_state(&config).await?;
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => {
            if demo {
                server::demo::seed(&state.db).await?;
                println!("{}", server::demo::sign_in_help(&config.public_url()));
            }
            server::serve(&config, state).await
        }
        Command::Migrate => {
            println!("database is up to date");
            Ok(())
        }
        Command::SeedDemo => {
            if server::demo::seed(&state.db).await? {
                println!("{}", server::demo::sign_in_help(&config.public_url()));
            } else {
                println!("the database already has organisations: demo data not loaded");
            }
            Ok(())
        }
        Command::SeedVolume { activities, reports } => {
            server::demo::seed_volume(&state.db, activities, reports).await?;
            println!("added {activities} activities and {reports} submitted reports to the first co-op");
            Ok(())
        }
        Command::SeedPortfolio { reports, photos, photo_bytes } => {
            server::demo::seed_portfolio(&state.db, &state.files, reports, photos, photo_bytes).await?;
            println!("added {reports} accepted reports, {photos} of them with a photo of {photo_bytes} bytes, to the first co-op");
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            let password = match std::env::var("CC_ADMIN_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    eprintln!("Password for {email} (10 to 128 characters), then Enter:");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            println!(
                "{}",
                server::create_admin(&state, &email, &name, &password).await?
            );
            Ok(())
        }
    }
}
