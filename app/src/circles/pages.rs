//! The circles catalogue and a circle's page (with joining).

use super::api::{AddSpecialist, DecideJoin, RemoveSpecialist, RequestJoin, SetFacilitator, get_circle, list_circles};
use super::model::{Circle, CirclePage, SPECIALIST_KINDS, STATUSES, THEMES, theme_label};
use crate::i18n::{T, t, use_locale};
use crate::onboarding::pages::answers::choice_text;
use crate::onboarding::pages::id_param;
use crate::organisations::vocab::{DELIVERY, REGIONS, SECTORS};
use crate::ui::forms::{ErrorSummary, kept, submit_done, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::{FilterSelect, SelectInput, TextArea, TextInput};
use crate::ui::layout::use_me;
use crate::accounts::Role;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CataloguePage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let circles = Resource::new(
        move || (get("theme"), get("sector"), get("region"), get("delivery"), get("status")),
        |(a, b, c, d, e)| list_circles(a, b, c, d, e),
    );
    let select = move |name: &'static str, label: T, options: Vec<(String, String)>| {
        view! { <FilterSelect name label options current=get(name)/> }
    };
    let pairs = |list: &[(&'static str, T)]| list.iter().map(|(k, l)| (k.to_string(), locale.t(*l).to_string())).collect::<Vec<_>>();
    let me = use_me().0;
    let can_create = move || {
        me.get()
            .and_then(|m| m.ok().flatten())
            .is_some_and(|m| m.has(Role::Facilitator) || m.has(Role::Admin))
    };
    view! {
        <h1>{t(T::CirclesTitle)}</h1>
        <p>{t(T::CirclesIntro)}</p>
        <Transition fallback=|| ()>
            {move || can_create().then(|| view! { <p><a class="button button--secondary" href="/circles/new">{t(T::NewCircleTitle)}</a></p> })}
        </Transition>
        <form class="filters" method="get" action="/circles">
            {select("theme", T::FilterTheme, pairs(THEMES))}
            {select("sector", T::FilterSector, pairs(SECTORS))}
            {select("region", T::FilterRegion, REGIONS.iter().map(|(_, r)| (r.to_string(), r.to_string())).collect())}
            {select("delivery", T::FilterDelivery, pairs(DELIVERY))}
            {select("status", T::FilterStatus, pairs(STATUSES))}
            <button type="submit" class="button button--secondary">{t(T::FilterApply)}</button>
        </form>
        <Transition fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || circles.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="empty">{t(T::CirclesNone)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="cards">
                        {list.into_iter().map(|c| view! { <CircleCard c/> }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Transition>
    }
}

/// Where and how a circle meets, and who it is for.
fn circle_facts(locale: crate::i18n::Locale, c: &Circle) -> String {
    let mut facts = vec![
        theme_label(&c.theme).map(|t| locale.t(t).to_string()).unwrap_or_default(),
        choice_text(locale, DELIVERY, &c.delivery_mode),
    ];
    facts.push(if c.sector.is_empty() { locale.t(T::AllSectors).to_string() } else { choice_text(locale, SECTORS, &c.sector) });
    facts.push(if c.region.is_empty() { locale.t(T::AllRegions).to_string() } else { c.region.clone() });
    facts.join(" · ")
}

#[component]
fn CircleCard(c: Circle) -> impl IntoView {
    let locale = use_locale();
    view! {
        <li class="card" data-circle=c.id>
            <h2 class="card__title"><a href=format!("/circles/{}", c.id)>{c.name.clone()}</a></h2>
            <p><strong class=format!("tag tag--{}", c.status)>{choice_text(locale, STATUSES, &c.status)}</strong>
               " · " {locale.tf(T::PlacesLeft, &[("count", &c.places_left().to_string())])}</p>
            <p>{c.purpose.clone()}</p>
            <p class="card__meta">{circle_facts(locale, &c)}</p>
        </li>
    }
}

#[component]
pub fn CircleDetailPage() -> impl IntoView {
    let id = id_param();
    let request = ServerAction::<RequestJoin>::new();
    let decide = ServerAction::<DecideJoin>::new();
    let manage = Manage {
        facilitator: ServerAction::<SetFacilitator>::new(),
        add_specialist: ServerAction::<AddSpecialist>::new(),
        remove_specialist: ServerAction::<RemoveSpecialist>::new(),
    };
    let page = Resource::new(move || id.get(), get_circle);
    view! {
        <Transition fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || page.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(p) => view! { <CircleView p request decide manage/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn CircleView(
    p: CirclePage,
    request: ServerAction<RequestJoin>,
    decide: ServerAction<DecideJoin>,
    manage: Manage,
) -> impl IntoView {
    let locale = use_locale();
    let CirclePage { circle: c, requests, can_decide, can_edit, facilitator_candidates, can_request_for, meetings, past_meetings } = p;
    let facilitators = c.facilitators.clone();
    let specialists = c.specialists.clone();
    let circle_id = c.id;
    let request_error = submit_error(request);
    let decide_error = submit_error(decide);
    let requested = submit_done("requested");
    let decided = submit_done("decided");
    let query = use_query_map();
    let proposed = move || query.with(|q| q.get("done").as_deref() == Some("proposed"));
    view! {
        <p><a href="/circles">{t(T::BackToCircles)}</a></p>
        <h1>{c.name.clone()}</h1>
        {move || proposed().then(|| view! { <p class="notice" role="status">{t(T::CircleProposed)}</p> })}
        <p><strong class=format!("tag tag--{}", c.status) data-status=c.status.clone()>{choice_text(locale, STATUSES, &c.status)}</strong>
           " · " {locale.tf(T::PlacesLeft, &[("count", &c.places_left().to_string())])}</p>
        <p>{c.purpose.clone()}</p>
        <p class="card__meta">{circle_facts(locale, &c)}</p>
        {can_edit.then(|| view! { <p><a class="button button--secondary" href=format!("/circles/{circle_id}/edit")>{t(T::EditCircleTitle)}</a></p> })}
        {if c.people_shown {
            view! {
                <h2 id="meetings">{t(T::ProfileMeetings)}</h2>
                {can_edit.then(|| view! { <p><a class="button" href=format!("/meetings/new?circle={circle_id}")>{t(T::ScheduleMeeting)}</a></p> })}
                <crate::meetings::pages::MeetingList meetings/>
                {(!past_meetings.is_empty()).then(|| view! {
                    <h2 id="past-meetings">{t(T::CirclePastMeetings)}</h2>
                    <crate::meetings::pages::MeetingList meetings=past_meetings/>
                })}
                <Facilitators circle_id facilitators candidates=facilitator_candidates action=manage.facilitator/>
                <Specialists circle_id specialists can_manage=can_decide manage/>
                <h2>{t(T::MemberCoops)}</h2>
                {if c.organisations.is_empty() { view! { <p>{t(T::NoMembersYet)}</p> }.into_any() } else {
                    view! { <ul class="members">{c.organisations.iter().map(|(id, name)| view! { <li><a href=format!("/coops/{id}")>{name.clone()}</a></li> }).collect_view()}</ul> }.into_any()
                }}
            }.into_any()
        } else {
            // Outsiders: what the circle is, not who is in it or when it meets.
            view! {
                <h2>{t(T::MemberCoops)}</h2>
                <p data-members-hidden="true">{locale.tf(T::CirclePeopleHidden, &[("count", &c.member_count.to_string())])}</p>
            }.into_any()
        }}
        {move || requested.get().then(|| view! { <p class="notice" role="status">{t(T::JoinRequested)}</p> })}
        {(!can_request_for.is_empty()).then(move || view! {
            <h2 id="join">{t(T::JoinTitle)}</h2>
            <ErrorSummary error=request_error/>
            {can_request_for.into_iter().map(|(org, name)| view! {
                <ActionForm action=request attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="circle_id" value=circle_id/>
                    <input type="hidden" name="organisation_id" value=org/>
                    <TextArea id="join-message".into() name="message".into() label=T::FieldJoinMessage value=kept("join-message") rows=3 error=request_error/>
                    <button type="submit" class="button">{locale.tf(T::JoinButton, &[("organisation", &name)])}</button>
                </ActionForm>
            }).collect_view()}
        })}
        {can_decide.then(move || view! {
            <h2 id="requests">{t(T::JoinRequestsTitle)}</h2>
            {move || decided.get().then(|| view! { <p class="notice" role="status">{t(T::DecisionRecorded)}</p> })}
            <ErrorSummary error=decide_error/>
            {if requests.is_empty() { view! { <p>{t(T::JoinRequestsNone)}</p> }.into_any() } else {
                view! {
                    <ul class="cards">
                        {requests.into_iter().map(|r| view! {
                            <li class="card" data-request=r.id>
                                <h3 class="card__title"><a href=format!("/coops/{}", r.organisation_id)>{r.organisation_name.clone()}</a></h3>
                                <p class="card__meta">{r.requested_by.clone()} " · " <time datetime=r.created.iso.clone()>{r.created.local.clone()}</time></p>
                                {(!r.message.is_empty()).then(|| view! { <blockquote>{r.message.clone()}</blockquote> })}
                                <ActionForm action=decide attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="request_id" value=r.id/>
                                    <TextArea id=format!("reply-{}", r.id) name="reply".into() label=T::FieldJoinReply rows=2 error=decide_error/>
                                    <div class="button-row">
                                        <button type="submit" class="button" name="decision" value="accept">{t(T::Accept)}</button>
                                        <button type="submit" class="button button--secondary" name="decision" value="decline">{t(T::Decline)}</button>
                                    </div>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        })}
    }
}

/// The circle page's management actions, passed down together.
#[derive(Clone, Copy)]
struct Manage {
    facilitator: ServerAction<SetFacilitator>,
    add_specialist: ServerAction<AddSpecialist>,
    remove_specialist: ServerAction<RemoveSpecialist>,
}

/// The facilitators; an admin (who receives the candidates) assigns and removes them.
#[component]
fn Facilitators(
    circle_id: i64,
    facilitators: Vec<(i64, String)>,
    candidates: Vec<(i64, String)>,
    action: ServerAction<SetFacilitator>,
) -> impl IntoView {
    let error = submit_error(action);
    let admin = !candidates.is_empty();
    let others: Vec<(i64, String)> = candidates
        .into_iter()
        .filter(|(id, _)| !facilitators.iter().any(|(f, _)| f == id))
        .collect();
    view! {
        <h2 id="facilitators">{t(T::Facilitators)}</h2>
        <ErrorSummary error/>
        {if facilitators.is_empty() { view! { <p>{t(T::NoFacilitatorYet)}</p> }.into_any() } else {
            view! {
                <ul class="people">
                    {facilitators.into_iter().map(|(id, name)| view! {
                        <li class="people__item">{name}
                            {admin.then(|| view! {
                                <ActionForm action attr:class="inline-form">
                                    <input type="hidden" name="circle_id" value=circle_id/>
                                    <input type="hidden" name="user_id" value=id/>
                                    <input type="hidden" name="assign" value="false"/>
                                    <button type="submit" class="button button--secondary">{t(T::RemovePerson)}</button>
                                </ActionForm>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(admin && !others.is_empty()).then(|| view! {
            <ActionForm action attr:class="form">
                <input type="hidden" name="circle_id" value=circle_id/>
                <input type="hidden" name="assign" value="true"/>
                <div class="field">
                    <label class="field__label" for="facilitator">{t(T::AssignFacilitator)}</label>
                    <select class="field__input" id="facilitator" name="user_id">
                        {others.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button--secondary">{t(T::AssignButton)}</button>
            </ActionForm>
        })}
    }
}

/// Specialists in the circle; its facilitators (and advisors, admins) invite and remove them.
#[component]
fn Specialists(
    circle_id: i64,
    specialists: Vec<super::model::Specialist>,
    can_manage: bool,
    manage: Manage,
) -> impl IntoView {
    let locale = use_locale();
    let error = submit_error(manage.add_specialist);
    let remove_error = submit_error(manage.remove_specialist);
    let added = submit_done("specialist");
    (can_manage || !specialists.is_empty()).then(move || view! {
        <h2 id="specialists">{t(T::SpecialistsTitle)}</h2>
        <ErrorSummary error=remove_error/>
        {if specialists.is_empty() { view! { <p>{t(T::SpecialistsNone)}</p> }.into_any() } else {
            view! {
                <ul class="people">
                    {specialists.into_iter().map(|s| view! {
                        <li class="people__item">{s.name.clone()} " " <span class="tag">{choice_text(locale, SPECIALIST_KINDS, &s.kind)}</span>
                            {can_manage.then(|| view! {
                                <ActionForm action=manage.remove_specialist attr:class="inline-form">
                                    <input type="hidden" name="id" value=s.id/>
                                    <button type="submit" class="button button--secondary">{t(T::RemovePerson)}</button>
                                </ActionForm>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {can_manage.then(|| view! {
            <details class="propose" open=move || error.get().is_some()>
                <summary>{t(T::InviteSpecialist)}</summary>
                {move || added.get().then(|| view! { <p class="notice" role="status">{t(T::InviteSent)}</p> })}
                <ErrorSummary error/>
                <ActionForm action=manage.add_specialist attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="circle_id" value=circle_id/>
                    <TextInput id="specialist-name".into() name="name".into() label=T::FieldName value=kept("specialist-name") error/>
                    <TextInput id="specialist-email".into() name="email".into() kind="email" label=T::FieldEmail value=kept("specialist-email") error/>
                    <SelectInput id="specialist-kind".into() name="kind".into() label=T::FieldSpecialistKind choices=SPECIALIST_KINDS error/>
                    <button type="submit" class="button">{t(T::InviteButton)}</button>
                </ActionForm>
            </details>
        })}
    })
}
