//! Admin pages.

use super::Person;
use super::api::{GrantRole, RemoveRole, list_outbox, list_people};
use crate::accounts::Role;
use crate::error::AppError;
use crate::i18n::{T, t, use_locale};
use crate::mail::DeliveryStatus;
use crate::ui::forms::{ErrorSummary, submit_done, submit_error};
use crate::ui::guard::PageError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let grant = ServerAction::<GrantRole>::new();
    let remove = ServerAction::<RemoveRole>::new();
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q")).unwrap_or_default();
    let people = Resource::new(search, list_people);
    let grant_error = submit_error(grant);
    let remove_error = submit_error(remove);
    let error = Signal::derive(move || grant_error.get().or_else(|| remove_error.get()));
    let saved = submit_done("roles");
    view! {
        <Transition fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || people.get().map(|result| match result {
                // Refused or signed out: the page says only that, nothing of the admin's tools.
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(list) => view! {
                    <h1>{t(T::PeopleTitle)}</h1>
                    <p>{t(T::PeopleIntro)}</p>
                    <ErrorSummary error/>
                    {move || saved.get().then(|| view! { <p class="notice" role="status">{t(T::PeopleSaved)}</p> })}
                    <form class="search" method="get" action="/admin/people">
                        <label for="q">{t(T::PeopleSearch)}</label>
                        <div class="search__row">
                            <input id="q" name="q" type="search" class="field__input" value=search/>
                            <button type="submit" class="button button--secondary">{t(T::PeopleSearchButton)}</button>
                        </div>
                    </form>
                    {if list.is_empty() {
                        view! { <p>{t(T::PeopleNone)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="people">
                                {list.into_iter().map(|p| view! { <PersonRow person=p grant remove error/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn PersonRow(
    person: Person,
    grant: ServerAction<GrantRole>,
    remove: ServerAction<RemoveRole>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let field = format!("role-{}", person.id);
    let missing: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| !person.roles.contains(r))
        .collect();
    let field_error = {
        let field = field.clone();
        move || error.with(|e| e.as_ref().and_then(|e| e.for_field(&field)))
    };
    let id = person.id;
    view! {
        <li class="people__item" data-person=person.email.clone()>
            <p class="people__name"><strong>{person.name.clone()}</strong><br/><span class="muted">{person.email.clone()}</span></p>
            <ul class="tags" aria-label=t(T::ColRoles)>
                {if person.roles.is_empty() {
                    view! { <li class="muted">{t(T::PeopleNoRole)}</li> }.into_any()
                } else {
                    person.roles.iter().map(|&role| view! {
                        <li class="tag">
                            {locale.t(role.label())}
                            <ActionForm action=remove attr:class="inline-form">
                                <input type="hidden" name="user_id" value=id/>
                                <input type="hidden" name="role" value=role.as_str()/>
                                <button type="submit" class="tag__remove" aria-label=locale.tf(T::PeopleRemove, &[("role", locale.t(role.label()))])>"×"</button>
                            </ActionForm>
                        </li>
                    }).collect_view().into_any()
                }}
            </ul>
            {move || field_error().map(|m| view! { <p class="field__error">{locale.t(m)}</p> })}
            {(!missing.is_empty()).then(|| view! {
                <ActionForm action=grant attr:class="grant">
                    <input type="hidden" name="user_id" value=id/>
                    <label for=field.clone() class="visually-hidden">{t(T::PeopleRoleToGive)}</label>
                    <select id=field.clone() name="role">
                        {missing.iter().map(|&r| view! { <option value=r.as_str()>{locale.t(r.label())}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button button--secondary">{t(T::PeopleGrant)}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let locale = use_locale();
    let outbox = Resource::new(|| (), |_| list_outbox());
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || outbox.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(list) if list.messages.is_empty() => view! {
                    <h1>{t(T::OutboxTitle)}</h1>
                    <p>{t(T::OutboxIntro)}</p>
                    <p>{t(T::OutboxEmpty)}</p>
                }.into_any(),
                Ok(list) => view! {
                    <h1>{t(T::OutboxTitle)}</h1>
                    {(list.failed > 0).then(|| view! {
                        <p class="notice notice--error" role="status" id="outbox-failed">
                            <strong>{locale.tf(T::OutboxFailedCount, &[("count", &list.failed.to_string())])}</strong>
                        </p>
                    })}
                    <p>{t(T::OutboxIntro)}</p>
                    <ul class="outbox">
                        {list.messages.into_iter().map(|m| {
                            let failure = m.status.is_failure();
                            let detail = (!m.detail.is_empty()).then(|| {
                                let (key, class) = if m.status == DeliveryStatus::Queued {
                                    (T::OutboxLastTry, "outbox__detail muted")
                                } else {
                                    (T::OutboxReason, "outbox__detail outbox__detail--failed")
                                };
                                view! { <p class=class>{locale.tf(key, &[("detail", &m.detail)])}</p> }
                            });
                            view! {
                                <li class=if failure { "outbox__item outbox__item--failed" } else { "outbox__item" }>
                                    <details>
                                        <summary>
                                            <strong>{m.subject.clone()}</strong>
                                            <span class="muted">" — "{t(T::OutboxTo)}" "{m.to_addr.clone()}</span>
                                            {failure.then(|| view! { <span class="outbox__status--failed">" — "{locale.t(m.status.label())}</span> })}
                                        </summary>
                                        <p class="muted">
                                            <time datetime=m.created.iso.clone()>{m.created.local.clone()}</time>
                                            " · "{locale.t(m.status.label())}
                                        </p>
                                        <pre class="outbox__body">{m.body.clone()}</pre>
                                    </details>
                                    {detail}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// The needs-analysis questionnaire, edited as data: one box per theme, one issue per line.
#[component]
pub fn QuestionnairePage() -> impl IntoView {
    use super::api::{PublishQuestionnaire, questionnaire_for_editing};
    use crate::onboarding::questionnaire::issues_to_lines;
    use crate::ui::inputs::TextArea;
    let publish = ServerAction::<PublishQuestionnaire>::new();
    let q = Resource::new(|| (), |_| questionnaire_for_editing());
    let error = submit_error(publish);
    let done = submit_done("published");
    let locale = use_locale();
    view! {
        <Transition fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || q.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(q) => view! {
                    <h1>{t(T::QuestionnaireTitle)}</h1>
                    <p>{locale.tf(T::QuestionnaireIntro, &[("version", &q.version.to_string())])}</p>
                    {move || done.get().then(|| view! { <p class="notice" role="status">{t(T::QuestionnairePublished)}</p> })}
                    <ErrorSummary error/>
                    <ActionForm action=publish attr:class="form" attr:novalidate=true>
                        {crate::circles::THEMES.iter().map(|(theme, label)| {
                            let lines = q.theme(theme).map(issues_to_lines).unwrap_or_default();
                            view! {
                                <h2>{locale.t(*label)}</h2>
                                <TextArea id=format!("q-{theme}") name=format!("themes[{theme}]") label=T::QuestionnaireIssues
                                    hint=T::QuestionnaireIssuesHint value=lines rows=7 error/>
                            }
                        }).collect_view()}
                        <button type="submit" class="button">{t(T::QuestionnairePublish)}</button>
                    </ActionForm>
                }.into_any(),
            })}
        </Transition>
    }
}
