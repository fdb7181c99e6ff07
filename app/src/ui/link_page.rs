//! The page behind an emailed link (claim an application, accept an invitation): say what the
//! link is for, then the form that accepts it. A used or expired link says so.

use crate::error::AppError;
use crate::i18n::{T, t, use_locale};
use crate::onboarding::review::LinkInfo;
use crate::ui::guard::PageError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The link's token from the address.
pub fn token_param() -> String {
    use_query_map().with_untracked(|q| q.get("token")).unwrap_or_default()
}

#[component]
pub fn LinkPage(
    info: Resource<Result<LinkInfo, AppError>>,
    title: T,
    text: T,
    /// The accept form.
    children: ChildrenFn,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || info.get().map(|result| match result {
                Err(AppError::LinkExpired) => view! {
                    <h1>{t(T::LinkExpiredTitle)}</h1>
                    <p>{t(T::ErrLinkExpired)}</p>
                }.into_any(),
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(info) => view! {
                    <h1>{locale.tf(title, &[("organisation", &info.organisation)])}</h1>
                    <p>{locale.tf(text, &[("organisation", &info.organisation), ("name", &info.from)])}</p>
                    {children()}
                }.into_any(),
            })}
        </Suspense>
    }
}
