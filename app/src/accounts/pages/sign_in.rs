use crate::accounts::api::SignIn;
use crate::i18n::{T, t};
use crate::ui::forms::{ErrorSummary, Field, SubmitButton, kept, submit_error};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = submit_error(action);
    let query = use_query_map();
    let next = query
        .with_untracked(|q| q.get("next"))
        .unwrap_or_else(|| "/".into());
    let after_reset = query.with_untracked(|q| q.get("reset").is_some());
    view! {
        <h1>{t(T::SignInTitle)}</h1>
        {after_reset.then(|| view! { <p class="notice" role="status">{t(T::SignInAfterReset)}</p> })}
        <ErrorSummary error/>
        <ActionForm action attr:novalidate=true attr:class="form">
            <input type="hidden" name="next" value=next/>
            <Field name="email" label=T::FieldEmail kind="email" autocomplete="username" value=kept("email") error/>
            <Field name="password" label=T::FieldPassword kind="password" autocomplete="current-password" error/>
            <SubmitButton label=T::SignInButton/>
        </ActionForm>
        <p><a href="/forgot">{t(T::SignInForgot)}</a></p>
        <p>{t(T::SignInNoAccount)}" "<a href="/signup">{t(T::NavSignUp)}</a></p>
    }
}
