//! The HTML document and the routes.

use crate::accounts::api::who_am_i;
use crate::accounts::pages::{
    AccountPage, ConfirmPage, ForgotPage, HomePage, ResetPage, SignInPage, SignUpPage,
};
use crate::admin::pages::{OutboxPage, PeoplePage, QuestionnairePage};
use crate::circles::edit::{EditCirclePage, NewCirclePage};
use crate::circles::pages::{CataloguePage, CircleDetailPage};
use crate::live::pages::{JoinLivePage, LivePage};
use crate::meetings::pages::{EditMeetingPage, MeetingPage, NewMeetingPage};
use crate::onboarding::pages::{ApplicationPage, ApplyPage, CheckPage, ClaimPage, QueuePage, ReviewPage};
use crate::organisations::pages::{InvitePage, MyCoopsPage, ProfilePage};
use crate::portfolio::pages::{ExportPage, PortfolioPage};
use crate::portfolio::record::RecordPage;
use crate::portfolio::versions::{SharedPage, VersionPage};
use crate::programmes::pages::{ActivityPage, GoalPage, ProgrammePage, ProposalPage};
use crate::reports::pages::{CoopReportsPage, ReportCheckPage, ReportPage, ReportQueuePage, TemplatesPage};
use crate::i18n::{T, provide_locale, t};
use crate::ui::guard::NotFound;
use crate::ui::layout::{Layout, MeResource};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Islands mode: nothing outside an island hydrates, so the data the page was rendered from
    // is not written into it for the browser (it was, every resource as JSON: half of a co-op
    // page's bytes, and serialising it on every request). An island's body still is (Leptos
    // turns hydration back on inside it); Leptos's own scripts do the same on pages with one.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    provide_locale();
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    let lang = crate::i18n::use_locale().code();
    // For the pages with islands, which render the hydration scripts themselves.
    provide_context(options.clone());
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link id="leptos" rel="stylesheet" href=stylesheet_href(&options)/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The stylesheet's address, with the hash cargo-leptos put in its name. Leptos's own
/// `HashedStylesheet` reads the hash file from disk on every request (1.7% of a circle page's
/// time in a profile); the file does not change while the server runs, so it is read once.
fn stylesheet_href(options: &LeptosOptions) -> String {
    static HREF: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    let key = format!("{}|{}|{}", options.output_name, options.site_pkg_dir, options.hash_files);
    match HREF.get() {
        Some((for_key, href)) if *for_key == key => href.clone(),
        Some(_) => read_stylesheet_href(options),
        None => HREF.get_or_init(|| (key, read_stylesheet_href(options))).1.clone(),
    }
}

/// As `leptos_meta::HashedStylesheet` names it: `<pkg>/<output>.<hash>.css`, the hash read
/// from the `css:` line of the hash file beside the server's executable.
fn read_stylesheet_href(options: &LeptosOptions) -> String {
    let mut name = options.output_name.to_string();
    if options.hash_files {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        if let Some(hash) = hashes.lines().find_map(|line| line.trim().strip_prefix("css:")) {
            name.push('.');
            name.push_str(hash.trim());
        }
    }
    format!("/{}/{name}.css", options.site_pkg_dir)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_locale();
    provide_context(MeResource(Resource::new(|| (), |_| who_am_i())));
    // A failed form post's error and typed values, read on the server for the page that shows
    // them (an island is given it as a prop).
    provide_context(crate::ui::flash::request_flash());
    // Async rendering: a page's data is loaded before its first byte is sent, so a page can
    // still answer with a redirect (sign in first) or a 403/404 status.
    let ssr = SsrMode::Async;
    view! {
        <Title text=t(T::AppName)/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=ssr.clone()/>
                    <Route path=path!("/signup") view=SignUpPage ssr=ssr.clone()/>
                    <Route path=path!("/signin") view=SignInPage ssr=ssr.clone()/>
                    <Route path=path!("/forgot") view=ForgotPage ssr=ssr.clone()/>
                    <Route path=path!("/reset") view=ResetPage ssr=ssr.clone()/>
                    <Route path=path!("/confirm") view=ConfirmPage ssr=ssr.clone()/>
                    <Route path=path!("/account") view=AccountPage ssr=ssr.clone()/>
                    <Route path=path!("/account/record") view=RecordPage ssr=ssr.clone()/>
                    <Route path=path!("/account/record/exports/:item") view=ExportPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/people") view=PeoplePage ssr=ssr.clone()/>
                    <Route path=path!("/admin/outbox") view=OutboxPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/questionnaire") view=QuestionnairePage ssr=ssr.clone()/>
                    <Route path=path!("/admin/templates") view=TemplatesPage ssr=ssr.clone()/>
                    <Route path=path!("/apply") view=ApplyPage ssr=ssr.clone()/>
                    <Route path=path!("/apply/:id") view=ApplicationPage ssr=ssr.clone()/>
                    <Route path=path!("/apply/:id/check") view=CheckPage ssr=ssr.clone()/>
                    <Route path=path!("/advice") view=QueuePage ssr=ssr.clone()/>
                    <Route path=path!("/advice/:id") view=ReviewPage ssr=ssr.clone()/>
                    <Route path=path!("/circles") view=CataloguePage ssr=ssr.clone()/>
                    <Route path=path!("/circles/new") view=NewCirclePage ssr=ssr.clone()/>
                    <Route path=path!("/circles/:id") view=CircleDetailPage ssr=ssr.clone()/>
                    <Route path=path!("/circles/:id/edit") view=EditCirclePage ssr=ssr.clone()/>
                    <Route path=path!("/coops") view=MyCoopsPage ssr=ssr.clone()/>
                    <Route path=path!("/live") view=JoinLivePage ssr=ssr.clone()/>
                    <Route path=path!("/live/:id") view=LivePage ssr=ssr.clone()/>
                    <Route path=path!("/meetings/new") view=NewMeetingPage ssr=ssr.clone()/>
                    <Route path=path!("/meetings/:id") view=MeetingPage ssr=ssr.clone()/>
                    <Route path=path!("/meetings/:id/edit") view=EditMeetingPage ssr=ssr.clone()/>
                    <Route path=path!("/claim") view=ClaimPage ssr=ssr.clone()/>
                    <Route path=path!("/invite") view=InvitePage ssr=ssr.clone()/>
                    <Route path=path!("/coops/:id") view=ProfilePage ssr=ssr.clone()/>
                    <Route path=path!("/coops/:id/programme") view=ProgrammePage ssr=ssr.clone()/>
                    <Route path=path!("/coops/:id/programme/goals/:item") view=GoalPage ssr=ssr.clone()/>
                    <Route path=path!("/coops/:id/programme/activities/:item") view=ActivityPage ssr=ssr.clone()/>
                    <Route path=path!("/coops/:id/programme/proposals/:item") view=ProposalPage ssr=ssr.clone()/>
                    <Route path=path!("/coops/:id/reports") view=CoopReportsPage ssr=ssr.clone()/>
                    <Route path=path!("/coops/:id/portfolio") view=PortfolioPage ssr=ssr.clone()/>
                    <Route path=path!("/coops/:id/portfolio/exports/:item") view=ExportPage ssr=ssr.clone()/>
                    <Route path=path!("/coops/:id/portfolio/versions/:item") view=VersionPage ssr=ssr.clone()/>
                    <Route path=path!("/shared") view=SharedPage ssr=ssr.clone()/>
                    <Route path=path!("/reports") view=ReportQueuePage ssr=ssr.clone()/>
                    <Route path=path!("/reports/:id") view=ReportPage ssr=ssr.clone()/>
                    <Route path=path!("/reports/:id/check") view=ReportCheckPage ssr=ssr.clone()/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Only our own scripts run: the inline hydration scripts carry this response's nonce, and the
/// WASM module is compiled from our own origin.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use leptos::prelude::LeptosOptions;

    #[test]
    fn the_stylesheet_is_named_as_cargo_leptos_built_it() {
        let mut options = LeptosOptions::builder().output_name("coop-circles").build();
        options.hash_files = false;
        assert_eq!(super::read_stylesheet_href(&options), "/pkg/coop-circles.css");
        // With hashed names, the hash is read from the file beside the executable.
        let name = format!("cc-hash-{}.txt", std::process::id());
        let path = std::env::current_exe().unwrap().parent().unwrap().join(&name);
        std::fs::write(&path, "js: abc\ncss: Xy-z_1\nwasm: def\n").unwrap();
        options.hash_files = true;
        options.hash_file = name.into();
        let href = super::read_stylesheet_href(&options);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(href, "/pkg/coop-circles.Xy-z_1.css");
    }
}
