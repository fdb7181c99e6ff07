//! An application that can no longer be edited: where it stands, what was said, and its answers.

use crate::i18n::{T, t, use_locale};
use crate::onboarding::application::{ApplicationView, Status};
use crate::onboarding::pages::answers::Answers;
use leptos::prelude::*;

#[component]
pub fn ApplicationStatus(view: ApplicationView) -> impl IntoView {
    let locale = use_locale();
    let ApplicationView { status, history, fields, questionnaire, organisation_id, .. } = view;
    view! {
        <h1>{t(T::ApplicationTitle)}</h1>
        <p>
            {t(T::StatusLabel)} " "
            <strong class=format!("tag tag--{}", status.as_str()) data-status=status.as_str()>{locale.t(status.label())}</strong>
        </p>
        <p>{locale.t(match status {
            Status::Draft => T::StatusDraftHelp,
            Status::Submitted => T::StatusSubmittedHelp,
            Status::InReview => T::StatusInReviewHelp,
            Status::MoreInfo => T::StatusMoreInfoHelp,
            Status::Approved => T::StatusApprovedHelp,
            Status::Declined => T::StatusDeclinedHelp,
        })}</p>
        {organisation_id.map(|org| view! {
            <p><a class="button" href=format!("/coops/{org}")>{t(T::SeeProfile)}</a></p>
        })}
        <History history/>
        <Answers fields questionnaire/>
    }
}

/// Every change of status, with who, when and the message.
#[component]
pub fn History(history: Vec<crate::onboarding::application::StatusChange>) -> impl IntoView {
    let locale = use_locale();
    (!history.is_empty()).then(|| view! {
        <h2>{t(T::HistoryTitle)}</h2>
        <ol class="history">
            {history.into_iter().map(|c| view! {
                <li class="history__item">
                    <time datetime=c.at.iso.clone()>{c.at.local.clone()}</time>
                    " — "
                    <strong>{locale.t(c.to.label())}</strong>
                    {(!c.by.is_empty()).then(|| format!(" ({})", c.by))}
                    {(!c.message.is_empty()).then(|| view! { <blockquote>{c.message.clone()}</blockquote> })}
                </li>
            }).collect_view()}
        </ol>
    })
}
