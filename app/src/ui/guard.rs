//! What a page shows when its data could not be had: sign in, no access, not found, or a fault.

use crate::error::AppError;
use crate::i18n::{T, t, use_locale};
use crate::ui::forms::error_text;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// Set the HTTP status of the page being rendered on the server.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(code) {
            response.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// Render the page for an error that stopped a page from loading.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    let location = use_location();
    match error {
        AppError::SignInRequired => {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            let target = format!("/signin?next={}", encode_component(&here));
            view! { <Redirect path=target/> }.into_any()
        }
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        AppError::Forbidden => {
            set_status(403);
            view! {
                <h1>{t(T::ForbiddenTitle)}</h1>
                <p>{t(T::ErrForbidden)}</p>
                <p><a href="/">{t(T::NotFoundHome)}</a></p>
            }
            .into_any()
        }
        other => {
            set_status(other.status());
            let text = error_text(use_locale(), &other);
            view! {
                <h1>{t(T::ProblemTitle)}</h1>
                <p>{text}</p>
                <p><a href="">{t(T::TryAgain)}</a></p>
            }
            .into_any()
        }
    }
}

/// A page for some people only. A visitor is sent to sign in; anyone signed in for whom
/// `allowed` says no sees only the refusal (403), not the page's headings, filters or forms.
/// (The server functions behind the page refuse them anyway: this is what they see.)
#[component]
pub fn Only(allowed: fn(&crate::accounts::Me) -> bool, children: ChildrenFn) -> impl IntoView {
    let me = crate::ui::layout::use_me().0;
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || me.get().map(|me| match me {
                Ok(Some(me)) if allowed(&me) => children().into_any(),
                Ok(Some(_)) => view! { <PageError error=AppError::Forbidden/> }.into_any(),
                Ok(None) => view! { <PageError error=AppError::SignInRequired/> }.into_any(),
                Err(error) => view! { <PageError error/> }.into_any(),
            })}
        </Suspense>
    }
}

/// Advisors and admins: the people the advice pages are for.
pub fn is_staff(me: &crate::accounts::Me) -> bool {
    me.has(crate::accounts::Role::Advisor) || me.has(crate::accounts::Role::Admin)
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <h1>{t(T::NotFoundTitle)}</h1>
        <p>{t(T::NotFoundText)}</p>
        <p><a href="/">{t(T::NotFoundHome)}</a></p>
    }
}

/// Percent-encode a value for a query string (RFC 3986 unreserved characters stay).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
