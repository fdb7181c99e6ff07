//! One application under review: the answers, contacts, the needs summary, circle
//! recommendations with their reasons, proposing a new circle, and the decision.

use super::form::id_param;
use super::status::History;
use crate::i18n::{T, t, use_locale};
use crate::onboarding::api::{
    AddContact, ClaimApplication, DecideApplication, ProposeCircle, SaveNeedsSummary, get_review,
};
use crate::onboarding::pages::answers::{Answers, choice_text, reasons_text};
use crate::onboarding::review::{CONTACT_CHANNELS, DECISIONS, Review};
use crate::ui::forms::{ErrorSummary, SubmitButton, kept, submit_done, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::{SelectInput, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let id = id_param();
    let claim = ServerAction::<ClaimApplication>::new();
    let contact = ServerAction::<AddContact>::new();
    let summary = ServerAction::<SaveNeedsSummary>::new();
    let decide = ServerAction::<DecideApplication>::new();
    let propose = ServerAction::<ProposeCircle>::new();
    let review = Resource::new(move || id.get(), get_review);
    view! {
        <Transition fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || review.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(r) => view! { <ReviewView r claim contact summary decide propose/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ReviewView(
    r: Review,
    claim: ServerAction<ClaimApplication>,
    contact: ServerAction<AddContact>,
    summary: ServerAction<SaveNeedsSummary>,
    decide: ServerAction<DecideApplication>,
    propose: ServerAction<ProposeCircle>,
) -> impl IntoView {
    let locale = use_locale();
    let id = r.application.id;
    let status = r.application.status;
    let org = r.application.fields.get("org_name").cloned().unwrap_or_default();
    let claim_error = submit_error(claim);
    let contact_error = submit_error(contact);
    let summary_error = submit_error(summary);
    let decide_error = submit_error(decide);
    let propose_error = submit_error(propose);
    let summary_saved = submit_done("summary");
    let contact_saved = submit_done("contact");
    let decided = submit_done("decided");
    let q = r.application.questionnaire.clone();
    let today = r.application.updated.iso.get(..10).unwrap_or("").to_string();
    let summary_value = { let k = kept("needs_summary"); if k.is_empty() { r.needs_summary.clone() } else { k } };
    view! {
        <p><a href="/advice">{t(T::BackToQueue)}</a></p>
        <h1>{org}</h1>
        <p>
            <strong class=format!("tag tag--{}", status.as_str()) data-status=status.as_str()>{locale.t(status.label())}</strong>
            " · " <span data-channel=r.application.channel.clone()>{locale.t(match r.application.channel.as_str() {
                "phone" => T::ReceivedPhone,
                "email" => T::ReceivedEmail,
                _ => T::ReceivedOnline,
            })}</span>
        </p>
        <dl class="summary">
            <div><dt>{t(T::Applicant)}</dt><dd>{r.applicant.clone()} " " <a href=format!("mailto:{}", r.applicant_email)>{r.applicant_email.clone()}</a></dd></div>
            <div><dt>{t(T::Advisor)}</dt><dd>{r.advisor.as_ref().map(|a| a.1.clone()).unwrap_or_else(|| locale.t(T::Unclaimed).to_string())}</dd></div>
        </dl>
        {move || decided.get().then(|| view! { <p class="notice" role="status">{t(T::DecisionRecorded)}</p> })}
        {(status.decidable() && !r.claimed_by_me).then(|| view! {
            <ErrorSummary error=claim_error/>
            <ActionForm action=claim attr:class="form">
                <input type="hidden" name="id" value=id/>
                <SubmitButton label=T::ClaimButton/>
            </ActionForm>
        })}

        <h2 id="recommendations">{t(T::RecommendationsTitle)}</h2>
        {if r.recommendations.is_empty() {
            view! { <p>{t(T::RecommendationsNone)}</p> }.into_any()
        } else {
            view! {
                <ol class="recommendations">
                    {r.recommendations.iter().map(|rec| view! {
                        <li class="recommendation" data-circle=rec.circle_id>
                            <a href=format!("/circles/{}", rec.circle_id)><strong>{rec.name.clone()}</strong></a>
                            <p class="recommendation__reasons">{reasons_text(locale, &rec.reasons, &q)}</p>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        <details class="propose">
            <summary>{t(T::ProposeCircleTitle)}</summary>
            <p>{t(T::ProposeCircleIntro)}</p>
            <ErrorSummary error=propose_error/>
            <ActionForm action=propose attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=id/>
                <TextInput id="circle-name".into() name="name".into() label=T::FieldCircleName value=kept("circle-name") error=propose_error/>
                <TextArea id="circle-purpose".into() name="purpose".into() label=T::FieldCirclePurpose value=kept("circle-purpose") error=propose_error/>
                <SubmitButton label=T::ProposeCircleButton/>
            </ActionForm>
        </details>

        <h2 id="summary">{t(T::NeedsSummaryTitle)}</h2>
        {move || summary_saved.get().then(|| view! { <p class="notice" role="status">{t(T::Saved)}</p> })}
        <ErrorSummary error=summary_error/>
        <ActionForm action=summary attr:class="form" attr:novalidate=true>
            <input type="hidden" name="id" value=id/>
            <TextArea id="needs_summary".into() name="summary".into() label=T::NeedsSummaryLabel hint=T::NeedsSummaryHint value=summary_value rows=6 error=summary_error/>
            <SubmitButton label=T::SaveSummary/>
        </ActionForm>

        <h2 id="contacts">{t(T::ContactsTitle)}</h2>
        {if r.contacts.is_empty() {
            view! { <p>{t(T::ContactsNone)}</p> }.into_any()
        } else {
            view! {
                <ul class="contacts">
                    {r.contacts.iter().map(|c| view! {
                        <li>
                            <strong>{choice_text(locale, CONTACT_CHANNELS, &c.channel)}</strong> " · "
                            <time datetime=c.at.iso.clone()>{c.at.local.get(..11).unwrap_or(&c.at.local).to_string()}</time> " · " {c.advisor.clone()}
                            <p>{c.summary.clone()}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {move || contact_saved.get().then(|| view! { <p class="notice" role="status">{t(T::Saved)}</p> })}
        <ErrorSummary error=contact_error/>
        <ActionForm action=contact attr:class="form" attr:novalidate=true>
            <input type="hidden" name="id" value=id/>
            <SelectInput id="contact-channel".into() name="channel".into() label=T::FieldContactChannel choices=CONTACT_CHANNELS value="phone".into() error=contact_error/>
            <TextInput id="contact-date".into() name="date".into() kind="date" label=T::FieldContactDate value={ let k = kept("contact-date"); if k.is_empty() { today.clone() } else { k } } error=contact_error/>
            <TextArea id="contact-summary".into() name="summary".into() label=T::FieldContactSummary value=kept("contact-summary") error=contact_error/>
            <SubmitButton label=T::AddContactButton/>
        </ActionForm>

        {status.decidable().then(|| view! {
            <h2 id="decision">{t(T::DecisionTitle)}</h2>
            <ErrorSummary error=decide_error/>
            <ActionForm action=decide attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=id/>
                <fieldset class="radios" id="decision">
                    <legend class="field__label">{t(T::DecisionLegend)}</legend>
                    {DECISIONS.iter().map(|(key, label)| {
                        let input_id = format!("decision-{key}");
                        view! {
                            <div class="radio">
                                <input type="radio" id=input_id.clone() name="decision" value=*key/>
                                <label for=input_id>{locale.t(*label)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <TextArea id="decision-message".into() name="message".into() label=T::FieldDecisionMessage hint=T::FieldDecisionMessageHint value=kept("decision-message") error=decide_error/>
                <SubmitButton label=T::DecideButton/>
            </ActionForm>
        })}

        <History history=r.application.history.clone()/>
        <Answers fields=r.application.fields.clone() questionnaire=q.clone()/>
    }
}
