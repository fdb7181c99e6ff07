use crate::accounts::api::SignUp;
use crate::i18n::{T, t};
use crate::ui::forms::{ErrorSummary, Field, SubmitButton, kept, submit_error};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = submit_error(action);
    let next = use_query_map()
        .with_untracked(|q| q.get("next"))
        .unwrap_or_else(|| "/".into());
    view! {
        <h1>{t(T::SignUpTitle)}</h1>
        <ErrorSummary error/>
        <p>{t(T::SignUpIntro)}</p>
        <ActionForm action attr:novalidate=true attr:class="form">
            <input type="hidden" name="next" value=next/>
            <Field name="name" label=T::FieldName autocomplete="name" value=kept("name") error/>
            <Field name="email" label=T::FieldEmail hint=T::FieldEmailHint kind="email" autocomplete="email" value=kept("email") error/>
            <Field name="password" label=T::FieldPassword hint=T::FieldPasswordHint kind="password" autocomplete="new-password" error/>
            <Field name="confirm" label=T::FieldPasswordConfirm kind="password" autocomplete="new-password" error/>
            <SubmitButton label=T::SignUpButton/>
        </ActionForm>
        <p>{t(T::SignUpHaveAccount)}" "<a href="/signin">{t(T::NavSignIn)}</a></p>
    }
}
