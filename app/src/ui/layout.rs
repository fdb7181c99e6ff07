//! The page frame: skip link, header with navigation for the person's roles, language switch,
//! main content, footer. Rendered on the server: plain links and forms that post.

use crate::accounts::api::{SetLanguage, SignOut};
use crate::accounts::{Me, Role};
use crate::error::AppError;
use crate::i18n::{Locale, T, t, use_locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;

/// The signed-in person (or nobody), loaded once per page.
#[derive(Clone, Copy)]
pub struct MeResource(pub Resource<Result<Option<Me>, AppError>>);

pub fn use_me() -> MeResource {
    expect_context::<MeResource>()
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{t(T::SkipToContent)}</a>
        <header class="header">
            <div class="header__inner">
                <a class="header__brand" href="/">{t(T::AppName)}</a>
                <Navigation/>
            </div>
        </header>
        <main id="main" class="main" tabindex="-1">{children()}</main>
        <footer class="footer">
            <div class="footer__inner">
                <LanguageSwitch/>
                <p>{t(T::FooterText)}</p>
            </div>
        </footer>
    }
}

#[component]
fn Navigation() -> impl IntoView {
    let me = use_me().0;
    view! {
        <nav class="nav" aria-label=t(T::MainNavigation)>
            <Transition fallback=|| ()>
                {move || me.get().map(|me| match me.ok().flatten() {
                    Some(me) => view! { <SignedInLinks me/> }.into_any(),
                    None => view! {
                        <ul class="nav__list">
                            <li><a href="/">{t(T::NavHome)}</a></li>
                            <li><a href="/signin">{t(T::NavSignIn)}</a></li>
                            <li><a href="/signup">{t(T::NavSignUp)}</a></li>
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </nav>
    }
}

#[component]
fn SignedInLinks(me: Me) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let admin = me.has(Role::Admin);
    let advisor = admin || me.has(Role::Advisor);
    let member = me.has(Role::Member);
    // "Apply" is for people who are not yet anything here; the mutual's staff apply for nobody.
    let may_apply = !member && !advisor && !me.has(Role::Facilitator) && !me.has(Role::Assessor);
    view! {
        <ul class="nav__list">
            <li><a href="/">{t(T::NavHome)}</a></li>
            {member.then(|| view! { <li><a href="/coops">{t(T::NavMyCoop)}</a></li> })}
            {may_apply.then(|| view! { <li><a href="/apply">{t(T::NavApply)}</a></li> })}
            <li><a href="/circles">{t(T::NavCircles)}</a></li>
            <li><a href="/live">{t(T::NavLive)}</a></li>
            {advisor.then(|| view! { <li><a href="/advice">{t(T::NavAdvice)}</a></li> <li><a href="/reports">{t(T::NavReports)}</a></li> })}
            <li><a href="/account">{t(T::NavAccount)}</a></li>
            {admin.then(|| view! {
                <li><a href="/admin/people">{t(T::NavPeople)}</a></li>
                <li><a href="/admin/outbox">{t(T::NavOutbox)}</a></li>
                <li><a href="/admin/questionnaire">{t(T::NavQuestionnaire)}</a></li>
                <li><a href="/admin/templates">{t(T::NavTemplates)}</a></li>
            })}
            <li>
                <ActionForm action=sign_out attr:class="nav__form">
                    <button type="submit" class="link-button">{t(T::NavSignOut)}</button>
                </ActionForm>
            </li>
        </ul>
    }
}

/// A plain form (not an action): the whole page comes back in the chosen language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let current = use_locale();
    let location = use_location();
    let back = move || format!("{}{}", location.pathname.get(), location.search.get());
    view! {
        <form class="language" method="post" action=SetLanguage::PATH>
            <input type="hidden" name="back" value=back/>
            <label for="lang">{t(T::Language)}</label>
            <select id="lang" name="lang">
                {Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.code() selected=l == current lang=l.code()>{l.native_name()}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button button--secondary">{t(T::ChangeLanguage)}</button>
        </form>
    }
}
