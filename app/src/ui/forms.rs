//! Forms that work without JavaScript, with GOV.UK-style errors.
//!
//! Pages are rendered on the server (islands mode, see `ui::island`): a form is a plain post to
//! its server function. On error the server function sends the browser back where it came from
//! and leaves the error and the non-secret values typed in a short-lived server-side flash
//! (`ui::flash`), never in the URL; on success it redirects onward (`go_to`). The person sees
//! the error by the field and in a summary at the top, and does not retype what they had typed.
//! Inside an island (the live room) forms are sent with `fetch` and the island shows the error
//! the same way.

use crate::error::AppError;
use crate::i18n::{Locale, T, t, use_locale};
use crate::ui::flash::FormFlash;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The text of an error for a person, filling in any numbers it needs.
pub fn error_text(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::RateLimited {
            retry_after_minutes,
        } => locale.tf(
            T::ErrRateLimited,
            &[("minutes", &retry_after_minutes.to_string())],
        ),
        other => locale.t(other.message()).to_string(),
    }
}

/// The error of the form's last submission, from the action or from a plain post's flash.
///
/// It needs no router, so islands use it too (they are given the flash as a prop, see
/// [`provide_flash`]).
pub fn submit_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let flash = use_flash();
    let from_flash = (flash.action == S::PATH).then(|| flash.error.clone()).flatten();
    let value = action.value();
    Signal::derive(move || match value.with(|v| v.as_ref().map(|r| r.as_ref().err().cloned())) {
        Some(outcome) => outcome,
        None => from_flash.clone(),
    })
}

/// The error a failed plain post of the server function at `path` left for this page.
pub fn flash_error(path: &str) -> Option<AppError> {
    let flash = use_flash();
    (flash.action == path).then_some(flash.error).flatten()
}

/// Inside an island: the flash the page was rendered with, passed in as a prop, since context
/// from the server's components does not reach an island in the browser.
pub fn provide_flash(flash: FormFlash) {
    provide_context(flash);
}

/// The flash of the plain post that failed, provided by `App` (empty when there was none).
fn use_flash() -> FormFlash {
    use_context::<FormFlash>().unwrap_or_default()
}

/// What was typed in `field` before a plain post came back with an error.
pub fn kept(field: &str) -> String {
    use_flash().kept(field).map(str::to_string).unwrap_or_default()
}

/// True when the URL says `done=<what>`: where the server function sent the browser after a
/// plain post succeeded (see [`go_to`]).
pub fn submit_done(what: &'static str) -> Signal<bool> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get("done").as_deref() == Some(what)))
}

/// "There is a problem" at the top of a form, linking to each field in error. With `names`
/// (field id → what the page calls it), each line names its question — "Sector: Choose one of
/// the options" — so six identical messages are told apart, by screen readers too.
#[component]
pub fn ErrorSummary(
    error: Signal<Option<AppError>>,
    #[prop(optional)] names: Vec<(String, String)>,
) -> impl IntoView {
    let locale = use_locale();
    let summary = NodeRef::<leptos::html::Div>::new();
    // Move focus to the summary when an error appears, so screen readers announce it.
    Effect::new(move |_| {
        if error.with(|e| e.is_some()) {
            if let Some(el) = summary.get() {
                let _ = el.focus();
            }
        }
    });
    move || {
        error.get().map(|error| {
            let items = if error.field_errors().is_empty() {
                view! { <li>{error_text(locale, &error)}</li> }.into_any()
            } else {
                error
                    .field_errors()
                    .iter()
                    .map(|fe| {
                        let href = format!("#{}", fe.field);
                        let text = match names.iter().find(|(field, _)| *field == fe.field) {
                            Some((_, name)) => format!("{name}: {}", locale.t(fe.message)),
                            None => locale.t(fe.message).to_string(),
                        };
                        view! { <li><a href=href>{text}</a></li> }
                    })
                    .collect_view()
                    .into_any()
            };
            view! {
                // `autofocus`: a page that comes back from the server with errors starts at
                // them (no script needed); inside an island the effect above does it.
                <div class="error-summary" role="alert" tabindex="-1" autofocus=true node_ref=summary>
                    <h2 class="error-summary__title">{locale.t(T::ErrorSummaryTitle)}</h2>
                    <ul class="error-summary__list">{items}</ul>
                </div>
            }
        })
    }
}

/// A labelled input with its hint and its error message.
#[component]
pub fn Field(
    /// The input's name and id.
    name: &'static str,
    label: T,
    #[prop(optional)] hint: Option<T>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] value: String,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let message = move || error.with(|e| e.as_ref().and_then(|e| e.for_field(name)));
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--error=move || message().is_some()>
            <label class="field__label" for=name>{locale.t(label)}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{locale.t(h)}</p> })}
            {move || message().map(|m| view! {
                <p class="field__error" id=error_id.clone()>
                    <span class="visually-hidden">{t(T::ErrorPrefix)}</span>
                    {locale.t(m)}
                </p>
            })}
            <input
                class="field__input"
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                aria-describedby=described_by
                aria-invalid=move || message().is_some().then_some("true")
            />
        </div>
    }
}

/// A form's submit button.
#[component]
pub fn SubmitButton(label: T) -> impl IntoView {
    view! { <button type="submit" class="button">{t(label)}</button> }
}

/// Server side: finish a form-backed server function. For a plain form post that failed,
/// send the browser back to the form, leaving the error and the kept values in a flash.
/// A post from an island (which asks for JSON) gets the error as the response, with its own
/// HTTP status.
#[cfg(feature = "ssr")]
pub async fn plain_form<O>(result: Result<O, AppError>, keep: &[(&str, &str)]) -> Result<O, AppError> {
    let Err(error) = &result else { return result };
    if !is_plain_form_post() {
        // Not a plain post (an island's `fetch`, a client asking for JSON): answer with the
        // error's real status (422, 401, 429…) rather than a blanket 500, so logs and proxies
        // tell faults from typos.
        crate::ui::guard::set_status(error.status());
        return result;
    }
    let Some(back) = referer_path() else { return result };
    let (path, query) = back.split_once('?').unwrap_or((&back, ""));
    // Whatever the URL said before (an older `done=`, an upload's `file_error=` from
    // `reports::evidence`) no longer holds.
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "error" && k != "done" && !k.starts_with("kept.") && !k.starts_with("file_"))
        .collect();
    let flash = FormFlash {
        // The server function's own address, which is the `S::PATH` its form compares with.
        action: use_context::<http::request::Parts>().map(|p| p.uri.path().to_string()).unwrap_or_default(),
        error: Some(error.clone()),
        kept: keep
            .iter()
            .map(|(k, v)| (k.to_string(), v.chars().take(crate::ui::flash::KEPT_MAX_CHARS).collect()))
            .collect(),
    };
    if let Ok(state) = crate::state::app_state() {
        match crate::ui::flash::store::put(&state.db, path, &flash).await {
            Ok(token) => {
                if let (Some(response), Ok(value)) = (
                    use_context::<leptos_axum::ResponseOptions>(),
                    http::HeaderValue::from_str(&crate::ui::flash::cookie(&token, state.settings.secure_cookies)),
                ) {
                    response.append_header(http::header::SET_COOKIE, value);
                }
            }
            // The error still reaches the page; only what was typed is not kept.
            Err(e) => tracing::warn!(error = ?e, "could not keep a form's flash"),
        }
    }
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    leptos_axum::redirect(&if query.is_empty() { path.to_string() } else { format!("{path}?{query}") });
    result
}

/// Server side: where to go after success. A plain form post is redirected there; a post
/// from an island receives the address as the answer.
#[cfg(feature = "ssr")]
pub fn go_to(path: &str) -> String {
    if is_plain_form_post() {
        leptos_axum::redirect(path);
    }
    path.to_string()
}

#[cfg(feature = "ssr")]
fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// The path and query of the Referer, when it is this site.
#[cfg(feature = "ssr")]
fn referer_path() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    let host = parts.headers.get(http::header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    (authority == host).then(|| format!("/{path}"))
}

/// In an island: leave for `path` with a full page load, so the whole page is rendered afresh
/// by the server.
pub fn navigate_hard(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
