use crate::accounts::Me;
use crate::i18n::{T, t, use_locale};
use crate::ui::layout::use_me;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let me = use_me().0;
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || me.get().map(|me| match me.ok().flatten() {
                Some(me) => view! { <Welcome me/> }.into_any(),
                None => view! { <Introduction/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Introduction() -> impl IntoView {
    view! {
        <h1>{t(T::HomeTitle)}</h1>
        <p class="lead">{t(T::HomeIntro)}</p>
        <p>{t(T::HomeGetStarted)}</p>
        <p class="actions">
            <a class="button" href="/signup">{t(T::NavSignUp)}</a>
            <a class="button button--secondary" href="/signin">{t(T::NavSignIn)}</a>
        </p>
        <Steps/>
    }
}

#[component]
fn Welcome(me: Me) -> impl IntoView {
    let locale = use_locale();
    let roles = me.roles.clone();
    view! {
        <h1>{locale.tf(T::HomeHello, &[("name", &me.name)])}</h1>
        <crate::accounts::pages::ConfirmEmailReminder/>
        <h2>{t(T::HomeYourRoles)}</h2>
        {if roles.is_empty() {
            view! {
                <p>{t(T::HomeNoRoles)}</p>
                <p class="actions"><a class="button" href="/apply">{t(T::HomeApplyButton)}</a></p>
            }.into_any()
        } else {
            view! {
                <ul class="tags">
                    {roles.into_iter().map(|r| view! { <li class="tag">{locale.t(r.label())}</li> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Steps/>
    }
}

#[component]
fn Steps() -> impl IntoView {
    view! {
        <h2>{t(T::HomeStepsTitle)}</h2>
        <ol class="steps">
            <li>{t(T::HomeStepApply)}</li>
            <li>{t(T::HomeStepCircle)}</li>
            <li>{t(T::HomeStepProgramme)}</li>
            <li>{t(T::HomeStepKitemark)}</li>
        </ol>
    }
}
