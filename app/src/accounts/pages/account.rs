use crate::accounts::SessionInfo;
use crate::accounts::api::{ChangePassword, RevokeSession, my_email, my_sessions};
use crate::accounts::pages::EmailNotConfirmed;
use crate::i18n::{T, t, use_locale};
use crate::ui::forms::{ErrorSummary, Field, SubmitButton, submit_done, submit_error};
use crate::ui::guard::PageError;
use crate::ui::layout::use_me;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let me = use_me().0;
    let revoke = ServerAction::<RevokeSession>::new();
    let sessions = Resource::new(|| (), |_| my_sessions());
    let email = Resource::new(|| (), |_| my_email());
    let just_confirmed = use_query_map().with_untracked(|q| q.get("done").as_deref() == Some("confirmed"));
    view! {
        <h1>{t(T::AccountTitle)}</h1>
        {just_confirmed.then(|| view! { <p class="notice notice--success" role="status">{t(T::ConfirmDone)}</p> })}
        <p><a href="/account/record">{t(T::RecordTitle)}</a> " — " {t(T::RecordLinkHint)}</p>
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || sessions.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(list) => view! {
                    {move || me.get().and_then(|m| m.ok().flatten()).map(|me| view! {
                        <h2>{t(T::AccountDetails)}</h2>
                        <dl class="summary">
                            <div><dt>{t(T::FieldName)}</dt><dd>{me.name.clone()}</dd></div>
                            <div><dt>{t(T::FieldEmail)}</dt><dd>{me.email.clone()}</dd></div>
                            {move || email.get().and_then(|r| r.ok()).map(|s| view! {
                                <div data-email-confirmed=s.verified.to_string()>
                                    <dt>{t(T::EmailConfirmedLabel)}</dt>
                                    <dd>{if s.verified { t(T::EmailConfirmedYes) } else { t(T::EmailConfirmedNo) }}</dd>
                                </div>
                            })}
                        </dl>
                    })}
                    {move || email.get().and_then(|r| r.ok()).filter(|s| !s.verified).map(|s| view! {
                        <EmailNotConfirmed email=s.email/>
                    })}
                    <ChangePasswordForm/>
                    <Sessions list revoke/>
                }.into_any(),
            })}
        </Suspense>
        // Outside the sessions' Suspense: its resources are made once per page, not again
        // each time that Suspense renders its content.
        <crate::programmes::pages::ReminderChoice/>
        <crate::meetings::pages::CalendarAndMessages/>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = submit_error(action);
    let done = submit_done("password");
    view! {
        <h2 id="password">{t(T::ChangePasswordTitle)}</h2>
        {move || done.get().then(|| view! { <p class="notice" role="status">{t(T::PasswordChanged)}</p> })}
        <ErrorSummary error/>
        <ActionForm action attr:novalidate=true attr:class="form">
            <Field name="current" label=T::FieldCurrentPassword kind="password" autocomplete="current-password" error/>
            <Field name="password" label=T::FieldNewPassword hint=T::FieldPasswordHint kind="password" autocomplete="new-password" error/>
            <Field name="confirm" label=T::FieldPasswordConfirm kind="password" autocomplete="new-password" error/>
            <SubmitButton label=T::ChangePasswordButton/>
        </ActionForm>
    }
}

#[component]
fn Sessions(list: Vec<SessionInfo>, revoke: ServerAction<RevokeSession>) -> impl IntoView {
    let locale = use_locale();
    let done = submit_done("revoked");
    let others = list.iter().filter(|s| !s.is_current).count();
    view! {
        <h2 id="sessions">{t(T::SessionsTitle)}</h2>
        <p>{t(T::SessionsIntro)}</p>
        {move || done.get().then(|| view! { <p class="notice" role="status">{t(T::SessionRevoked)}</p> })}
        <ul class="sessions">
            {list.into_iter().map(|s| {
                let device = if s.device.is_empty() { locale.t(T::UnknownDevice).to_string() } else { s.device.clone() };
                view! {
                    <li class="sessions__item" data-session=s.id>
                        <p class="sessions__device">
                            <strong>{device}</strong>
                            {s.is_current.then(|| view! { " " <span class="tag">{t(T::SessionThisDevice)}</span> })}
                        </p>
                        <p class="sessions__when">
                            <time datetime=s.started.iso.clone()>{locale.tf(T::SessionStarted, &[("when", &s.started.local)])}</time>
                            " · "
                            <time datetime=s.last_seen.iso.clone()>{locale.tf(T::SessionLastSeen, &[("when", &s.last_seen.local)])}</time>
                        </p>
                        {(!s.is_current).then(|| view! {
                            <ActionForm action=revoke attr:class="inline-form">
                                <input type="hidden" name="id" value=s.id/>
                                <button type="submit" class="button button--secondary">{t(T::SessionRevoke)}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {(others == 0).then(|| view! { <p>{t(T::SessionNoOthers)}</p> })}
    }
}
