//! Confirming the email address: the page behind the emailed link (/confirm?token=…), and the
//! notice, with "send the link again", shown wherever an unconfirmed address stops something
//! (home, account, an invitation or a claim link).

use crate::accounts::ConfirmLink;
use crate::accounts::api::{ConfirmEmail, ResendConfirmation, check_confirmation, my_email};
use crate::error::AppError;
use crate::i18n::{T, t, use_locale};
use crate::ui::forms::{ErrorSummary, SubmitButton, submit_done, submit_error};
use crate::ui::guard::{PageError, set_status};
use crate::ui::link_page::token_param;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// /confirm?token=…: the signed-in person confirms that the address is theirs.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let token = token_param();
    let info = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        check_confirmation,
    );
    let action = ServerAction::<ConfirmEmail>::new();
    let error = submit_error(action);
    let hidden = StoredValue::new(token);
    let locale = use_locale();
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || info.get().map(|result| match result {
                Err(AppError::LinkExpired) => {
                    set_status(AppError::LinkExpired.status());
                    view! {
                        <h1>{t(T::LinkExpiredTitle)}</h1>
                        <p>{t(T::ErrLinkExpired)}</p>
                        <p><a href="/account#confirm-email">{t(T::NavAccount)}</a></p>
                    }.into_any()
                }
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(ConfirmLink { for_this_account: false, .. }) => {
                    set_status(403);
                    view! {
                        <h1>{t(T::ConfirmTitle)}</h1>
                        <p>{t(T::ErrConfirmOtherAccount)}</p>
                    }.into_any()
                }
                Ok(link) => view! {
                    <h1>{t(T::ConfirmTitle)}</h1>
                    <p>{locale.tf(T::ConfirmText, &[("email", &link.email)])}</p>
                    <ErrorSummary error/>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="token" value=move || hidden.get_value()/>
                        <SubmitButton label=T::ConfirmButton/>
                    </ActionForm>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// "Your address is not confirmed yet", with a button that sends the link again (throttled).
#[component]
pub fn EmailNotConfirmed(email: String) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<ResendConfirmation>::new();
    let error = submit_error(action);
    let done = submit_done("resent");
    let location = use_location();
    let back = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location.search.get_untracked()
    );
    view! {
        <section class="notice notice--warning" id="confirm-email" aria-labelledby="confirm-email-title">
            <h2 id="confirm-email-title">{t(T::ConfirmTitle)}</h2>
            <p>{locale.tf(T::EmailNotConfirmed, &[("email", &email)])}</p>
            {move || done.get().then(|| view! { <p role="status">{t(T::ConfirmResent)}</p> })}
            <ErrorSummary error/>
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="back" value=back/>
                <button type="submit" class="button button--secondary">{t(T::ConfirmResendButton)}</button>
            </ActionForm>
        </section>
    }
}

/// Its children (an accept form) for an account whose address is confirmed; otherwise the
/// notice that says to confirm it first.
#[component]
pub fn ConfirmedEmailOnly(children: ChildrenFn) -> impl IntoView {
    let status = Resource::new(|| (), |_| my_email());
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| ()>
            {move || status.get().map(|result| match result {
                Ok(status) if status.verified => children.with_value(|c| c()).into_any(),
                Ok(status) => view! { <EmailNotConfirmed email=status.email/> }.into_any(),
                Err(error) => view! { <PageError error/> }.into_any(),
            })}
        </Suspense>
    }
}

/// The notice alone, when the address is not confirmed yet (nothing otherwise).
#[component]
pub fn ConfirmEmailReminder() -> impl IntoView {
    let status = Resource::new(|| (), |_| my_email());
    view! {
        <Suspense fallback=|| ()>
            {move || status.get().and_then(|r| r.ok()).filter(|s| !s.verified).map(|status| view! {
                <EmailNotConfirmed email=status.email/>
            })}
        </Suspense>
    }
}
