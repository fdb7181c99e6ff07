use crate::accounts::api::{RequestPasswordReset, ResetPassword, check_reset_token};
use crate::error::AppError;
use crate::i18n::{T, t};
use crate::ui::forms::{ErrorSummary, Field, SubmitButton, kept, submit_done, submit_error};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = submit_error(action);
    let done = submit_done("1");
    view! {
        <h1>{t(T::ForgotTitle)}</h1>
        <Show
            when=move || done.get()
            fallback=move || view! {
                <ErrorSummary error/>
                <p>{t(T::ForgotIntro)}</p>
                <ActionForm action attr:novalidate=true attr:class="form">
                    <Field name="email" label=T::FieldEmail kind="email" autocomplete="email" value=kept("email") error/>
                    <SubmitButton label=T::ForgotButton/>
                </ActionForm>
            }
        >
            <p class="notice" role="status">{t(T::ForgotSent)}</p>
        </Show>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let token = StoredValue::new(
        use_query_map()
            .with_untracked(|q| q.get("token"))
            .unwrap_or_default(),
    );
    let usable = Resource::new(move || (), move |_| check_reset_token(token.get_value()));
    let action = ServerAction::<ResetPassword>::new();
    let error = submit_error(action);
    view! {
        <h1>{t(T::ResetTitle)}</h1>
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || usable.get().map(|usable| match usable {
                Ok(true) => view! {
                    <ErrorSummary error/>
                    <ActionForm action attr:novalidate=true attr:class="form">
                        <input type="hidden" name="token" value=token.get_value()/>
                        <Field name="password" label=T::FieldNewPassword hint=T::FieldPasswordHint kind="password" autocomplete="new-password" error/>
                        <Field name="confirm" label=T::FieldPasswordConfirm kind="password" autocomplete="new-password" error/>
                        <SubmitButton label=T::ResetButton/>
                    </ActionForm>
                }.into_any(),
                _ => {
                    crate::ui::guard::set_status(AppError::LinkExpired.status());
                    view! {
                        <p>{t(T::ErrLinkExpired)}</p>
                        <p><a href="/forgot">{t(T::SignInForgot)}</a></p>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
