//! An application's answers, read back: on the check-your-answers page, for the applicant
//! after submitting, and for the advisor.

use crate::circles::theme_label;
use crate::i18n::{Locale, T, t, use_locale};
use crate::onboarding::application::{Fields, URGENCIES, needs_of};
use crate::onboarding::questionnaire::Questionnaire;
use crate::onboarding::recommend::Reason;
use crate::organisations::vocab::{self, Choices, label};
use leptos::prelude::*;

/// The words for a stored choice, or the stored text itself.
pub fn choice_text(locale: Locale, list: Choices, key: &str) -> String {
    label(list, key)
        .map(|t| locale.t(t).to_string())
        .unwrap_or_else(|| key.to_string())
}

/// (field, label, list of choices if it is one) in page order.
pub const ORG_ROWS: &[(&str, T, Option<Choices>)] = &[
    ("org_name", T::FieldOrgName, None),
    ("legal_form", T::FieldLegalForm, Some(vocab::LEGAL_FORMS)),
    ("registration_number", T::FieldRegistrationNumber, None),
    ("sector", T::FieldSector, Some(vocab::SECTORS)),
    ("nation", T::FieldNation, Some(vocab::NATIONS)),
    ("region", T::FieldRegion, None),
    ("members_count", T::FieldMembersCount, None),
    ("staff_count", T::FieldStaffCount, None),
    ("website", T::FieldWebsite, None),
    ("contact_name", T::FieldContactName, None),
    ("contact_role", T::FieldContactRole, None),
    ("contact_email", T::FieldContactEmail, None),
    ("contact_phone", T::FieldContactPhone, None),
    ("contact_preference", T::FieldContactPreference, Some(vocab::CONTACT_PREFERENCES)),
    ("delivery", T::FieldDelivery, Some(vocab::DELIVERY)),
];

/// Everything answered, as a summary list; with `change_base`, each row links back to its field.
#[component]
pub fn Answers(
    fields: Fields,
    questionnaire: Questionnaire,
    #[prop(optional)] change_base: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    // "Change number of members": each link says what it changes (16 bare "Change" links
    // cannot be told apart by a screen reader). A full page load (no router runs in the
    // browser), so the browser goes to the field.
    let change = move |field: &str, label: String| {
        change_base.as_ref().map(|base| {
            let href = format!("{base}#{field}");
            view! { <a class="summary__change" href=href rel="external">{t(T::Change)}<span class="visually-hidden">" " {label}</span></a> }
        })
    };
    let rows = ORG_ROWS
        .iter()
        .map(|(field, label_key, list)| {
            let value = fields.get(*field).cloned().unwrap_or_default();
            let shown = match list {
                Some(list) if !value.is_empty() => choice_text(locale, list, &value),
                _ if value.is_empty() => "—".to_string(),
                _ => value,
            };
            view! {
                <div data-field=*field>
                    <dt>{locale.t(*label_key)}</dt>
                    <dd>{shown}</dd>
                    <dd class="summary__actions">{change(field, locale.t(*label_key).to_lowercase())}</dd>
                </div>
            }
        })
        .collect_view();
    let needs = needs_of(&questionnaire, &fields);
    let needs_view = if needs.is_empty() {
        view! { <p>{t(T::NeedsNoneYet)}</p> }.into_any()
    } else {
        view! { <NeedsList needs questionnaire=questionnaire.clone()/> }.into_any()
    };
    view! {
        <h2>{t(T::SectionOrganisation)}</h2>
        <dl class="summary">{rows}</dl>
        <h2>{t(T::SectionNeeds)}</h2>
        {needs_view}
        {change("needs", locale.t(T::SectionNeeds).to_lowercase())}
    }
}

/// A co-op's needs by theme: issues, urgency, own words.
#[component]
pub fn NeedsList(
    needs: Vec<crate::onboarding::application::ThemeNeed>,
    questionnaire: Questionnaire,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ul class="needs">
            {needs.into_iter().map(|need| {
                let theme = theme_label(&need.theme).map(|t| locale.t(t)).unwrap_or("");
                let issues: Vec<String> = need.issues.iter()
                    .filter_map(|k| questionnaire.issue_text(&need.theme, k))
                    .map(|text| text.get(locale).to_string())
                    .collect();
                let urgency = choice_text(locale, URGENCIES, &need.urgency);
                view! {
                    <li class="needs__theme" data-theme=need.theme.clone()>
                        <h3>{theme}</h3>
                        {(!issues.is_empty()).then(|| view! { <p>{issues.join(" · ")}</p> })}
                        {(!need.urgency.is_empty()).then(|| view! { <p><span class="tag">{locale.tf(T::UrgencyIs, &[("urgency", &urgency)])}</span></p> })}
                        {(!need.words.is_empty()).then(|| view! { <blockquote>{need.words.clone()}</blockquote> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// A recommendation's reasons in words, e.g. "Same sector; meets online; works on induction".
pub fn reasons_text(locale: Locale, reasons: &[Reason], questionnaire: &Questionnaire) -> String {
    reasons
        .iter()
        .map(|r| match r {
            Reason::Theme(theme) => locale.tf(
                T::ReasonTheme,
                &[("theme", theme_label(theme).map(|t| locale.t(t)).unwrap_or(theme))],
            ),
            Reason::Issue(key) => locale.tf(
                T::ReasonIssue,
                &[("issue", &questionnaire.any_issue_text(key).map(|t| t.get(locale).to_lowercase()).unwrap_or_else(|| key.clone()))],
            ),
            Reason::SameSector => locale.t(T::ReasonSameSector).to_string(),
            Reason::SameRegion(region) => locale.tf(T::ReasonSameRegion, &[("region", region)]),
            Reason::SameNation => locale.t(T::ReasonSameNation).to_string(),
            Reason::Delivery(mode) => locale.tf(
                T::ReasonDelivery,
                &[("mode", &choice_text(locale, vocab::DELIVERY, mode).to_lowercase())],
            ),
            Reason::Forming => locale.t(T::ReasonForming).to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
