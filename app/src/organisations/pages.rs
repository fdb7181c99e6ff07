//! A co-op's profile page, and "My co-ops".

use super::api::{AcceptInvite, InvitePerson, RemovePerson, UpdateProfile, check_invite, get_profile, my_organisations};
use super::model::Profile;
use super::vocab::{self, DELIVERY};
use crate::i18n::{T, t, use_locale};
use crate::onboarding::pages::answers::{NeedsList, choice_text, reasons_text};
use crate::onboarding::pages::id_param;
use crate::ui::forms::{ErrorSummary, SubmitButton, kept, submit_done, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::{SelectInput, TextArea, TextInput};
use crate::ui::link_page::{LinkPage, token_param};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn MyCoopsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_organisations());
    view! {
        <h1>{t(T::MyCoopsTitle)}</h1>
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || list.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p>{t(T::MyCoopsNone)}</p>
                    <p><a class="button" href="/apply">{t(T::StartApplication)}</a></p>
                }.into_any(),
                Ok(list) => view! {
                    <ul class="cards">
                        {list.into_iter().map(|(id, name, rep)| view! {
                            <li class="card"><h2 class="card__title"><a href=format!("/coops/{id}")>{name}</a></h2>
                                {rep.then(|| view! { <p><span class="tag">{t(T::Representative)}</span></p> })}</li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let id = id_param();
    let update = ServerAction::<UpdateProfile>::new();
    let remove = ServerAction::<RemovePerson>::new();
    let invite = ServerAction::<InvitePerson>::new();
    let profile = Resource::new(move || id.get(), get_profile);
    view! {
        <Transition fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || profile.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(p) => view! { <ProfileView p update remove invite/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ProfileView(
    p: Profile,
    update: ServerAction<UpdateProfile>,
    remove: ServerAction<RemovePerson>,
    invite: ServerAction<InvitePerson>,
) -> impl IntoView {
    let invite_error = submit_error(invite);
    let invited = submit_done("invited");
    let locale = use_locale();
    let update_error = submit_error(update);
    let remove_error = submit_error(remove);
    let saved = submit_done("saved");
    let org_id = p.id;
    let can_edit = p.can_edit;
    let or_kept = |field: &str, value: &str| { let k = kept(field); if k.is_empty() { value.to_string() } else { k } };
    view! {
        <h1>{p.name.clone()}</h1>
        <p class="card__meta">
            {choice_text(locale, vocab::LEGAL_FORMS, &p.legal_form)} " · " {choice_text(locale, vocab::SECTORS, &p.sector)}
            " · " {p.region.clone()} ", " {choice_text(locale, vocab::NATIONS, &p.nation)}
        </p>
        {(!p.about.is_empty()).then(|| view! { <p>{p.about.clone()}</p> })}
        <dl class="summary">
            <div><dt>{t(T::FieldMembersCount)}</dt><dd>{p.members_count}</dd></div>
            <div><dt>{t(T::FieldStaffCount)}</dt><dd>{p.staff_count}</dd></div>
            <div><dt>{t(T::FieldDelivery)}</dt><dd>{choice_text(locale, DELIVERY, &p.preferred_delivery)}</dd></div>
            {(!p.website.is_empty()).then(|| view! { <div><dt>{t(T::FieldWebsite)}</dt><dd><a href=p.website.clone() rel="nofollow noopener">{p.website.clone()}</a></dd></div> })}
            {(!p.services.is_empty()).then(|| view! { <div><dt>{t(T::FieldServices)}</dt><dd>{p.services.clone()}</dd></div> })}
        </dl>

        <h2 id="circles">{t(T::ProfileCircles)}</h2>
        {if p.circles.is_empty() {
            view! { <p>{t(T::ProfileNoCircles)} " " <a href="/circles">{t(T::BrowseCircles)}</a></p> }.into_any()
        } else {
            view! { <ul class="profile-circles">{p.circles.iter().map(|(id, name)| view! { <li><a href=format!("/circles/{id}")>{name.clone()}</a></li> }).collect_view()}</ul> }.into_any()
        }}
        {(!p.requests.is_empty()).then(|| view! {
            <h3>{t(T::ProfileRequests)}</h3>
            <ul class="requests">
                {p.requests.iter().map(|r| view! {
                    <li data-request=r.id><a href=format!("/circles/{}", r.circle_id)>{r.circle_name.clone()}</a>
                        " — " <span class=format!("tag tag--{}", r.status)>{locale.t(match r.status.as_str() { "accepted" => T::RequestAccepted, "declined" => T::RequestDeclined, _ => T::RequestPending })}</span>
                        {(!r.reply.is_empty()).then(|| view! { <blockquote>{r.reply.clone()}</blockquote> })}
                    </li>
                }).collect_view()}
            </ul>
        })}

        {(!p.recommendations.is_empty()).then(|| {
            let q = p.questionnaire.clone();
            view! {
                <h2 id="recommended">{t(T::RecommendationsTitle)}</h2>
                <ol class="recommendations">
                    {p.recommendations.iter().map(|rec| view! {
                        <li class="recommendation" data-circle=rec.circle_id>
                            <a href=format!("/circles/{}#join", rec.circle_id)><strong>{rec.name.clone()}</strong></a>
                            {q.as_ref().map(|q| view! { <p class="recommendation__reasons">{reasons_text(locale, &rec.reasons, q)}</p> })}
                        </li>
                    }).collect_view()}
                </ol>
            }
        })}

        <h2 id="meetings">{t(T::ProfileMeetings)}</h2>
        {p.can_see_needs.then(|| view! { <crate::meetings::pages::MeetingList meetings=p.meetings.clone()/> })}
        {p.programme.map(|(progress, waiting)| view! {
            <crate::programmes::pages::ProgrammeSummary organisation_id=org_id progress waiting/>
            <crate::reports::pages::ReportList reports=p.reports.clone()/>
        })}

        {p.can_see_needs.then(|| view! {
            <h2 id="needs">{t(T::SectionNeeds)}</h2>
            {(!p.needs_summary.is_empty()).then(|| view! { <h3>{t(T::NeedsSummaryTitle)}</h3><p class="needs-summary">{p.needs_summary.clone()}</p> })}
            {p.questionnaire.clone().map(|q| view! { <NeedsList needs=p.needs.clone() questionnaire=q/> })}
        })}

        <h2 id="people">{t(T::ProfilePeople)}</h2>
        <ErrorSummary error=remove_error/>
        <ul class="people">
            {p.people.clone().into_iter().map(|person| view! {
                <li class="people__item">
                    {person.name.clone()}
                    {person.is_representative.then(|| view! { " " <span class="tag">{t(T::Representative)}</span> })}
                    {(can_edit && !person.is_representative).then(|| view! {
                        <ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="id" value=org_id/>
                            <input type="hidden" name="user_id" value=person.user_id/>
                            <button type="submit" class="button button--secondary">{t(T::RemovePerson)}</button>
                        </ActionForm>
                    })}
                </li>
            }).collect_view()}
        </ul>

        {p.can_edit.then(|| view! {
            <h3 id="invite">{t(T::InviteTitle)}</h3>
            {move || invited.get().then(|| view! { <p class="notice" role="status">{t(T::InviteSent)}</p> })}
            {(!p.invites.is_empty()).then(|| view! {
                <ul class="invites">
                    {p.invites.iter().map(|i| view! {
                        <li>{i.email.clone()} " · " {locale.tf(T::InviteExpires, &[("when", &i.expires.local)])}</li>
                    }).collect_view()}
                </ul>
            })}
            <ErrorSummary error=invite_error/>
            <ActionForm action=invite attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=org_id/>
                <TextInput id="invite-email".into() name="email".into() kind="email" label=T::FieldInviteEmail hint=T::FieldInviteEmailHint value=kept("invite-email") error=invite_error/>
                <SubmitButton label=T::InviteButton/>
            </ActionForm>

            <h2 id="edit">{t(T::EditProfile)}</h2>
            {move || saved.get().then(|| view! { <p class="notice" role="status">{t(T::Saved)}</p> })}
            <ErrorSummary error=update_error/>
            <ActionForm action=update attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=p.id/>
                <TextArea id="about".into() name="about".into() label=T::FieldAbout value=or_kept("about", &p.about) error=update_error/>
                <TextArea id="services".into() name="services".into() label=T::FieldServices hint=T::FieldServicesHint value=or_kept("services", &p.services) error=update_error/>
                <SelectInput id="delivery".into() name="delivery".into() label=T::FieldDelivery choices=DELIVERY value=p.preferred_delivery.clone() error=update_error/>
                <div class="checkbox">
                    <input type="checkbox" id="visible" name="visible" value="on" checked=p.visible_to_members/>
                    <label for="visible">{t(T::FieldVisible)}</label>
                </div>
                <SubmitButton label=T::SaveProfile/>
            </ActionForm>
        })}
    }
}

/// /invite?token=…: accept an invitation to join a co-op.
#[component]
pub fn InvitePage() -> impl IntoView {
    let token = token_param();
    let info = Resource::new({ let token = token.clone(); move || token.clone() }, check_invite);
    let action = ServerAction::<AcceptInvite>::new();
    let error = submit_error(action);
    let hidden = StoredValue::new(token);
    view! {
        <LinkPage info title=T::InviteLinkTitle text=T::InviteLinkText>
            <ErrorSummary error/>
            // Only an account that confirmed the invited address may accept.
            <crate::accounts::pages::ConfirmedEmailOnly>
                <ActionForm action attr:class="form" attr:id="link">
                    <input type="hidden" name="token" value=move || hidden.get_value()/>
                    <SubmitButton label=T::InviteAcceptButton/>
                </ActionForm>
            </crate::accounts::pages::ConfirmedEmailOnly>
        </LinkPage>
    }
}

/// Regions grouped by nation; with `whole_nations`, a nation itself can be chosen (a circle
/// open to all of Wales), and the empty choice reads `empty`.
#[component]
pub fn RegionSelect(
    id: &'static str,
    name: String,
    value: String,
    error: Signal<Option<crate::error::AppError>>,
    #[prop(optional)] whole_nations: bool,
    #[prop(default = T::ChooseOne)] empty: T,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <crate::ui::inputs::FieldFrame id=id.to_string() label=T::FieldRegion hint=None error input=move |described_by, invalid| view! {
            <select class="field__input" id=id name=name
                aria-describedby=described_by aria-invalid=move || invalid.get().then_some("true")>
                <option value="">{locale.t(empty)}</option>
                {vocab::NATIONS.iter().map(|(nation, label)| {
                    let whole = label.en();
                    view! {
                        <optgroup label=locale.t(*label)>
                            {whole_nations.then(|| view! {
                                <option value=whole selected=whole == value>{locale.tf(T::AllOfNation, &[("nation", locale.t(*label))])}</option>
                            })}
                            {vocab::REGIONS.iter().filter(|(n, _)| n == nation).map(|(_, region)| view! {
                                <option value=*region selected=*region == value>{*region}</option>
                            }).collect_view()}
                        </optgroup>
                    }
                }).collect_view()}
            </select>
        }/>
    }
}
