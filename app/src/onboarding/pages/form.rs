//! The application form: the co-op, its contact, and the needs analysis. Saves as you type
//! (with JavaScript), on "Save draft", and on "Continue"; a reload or another device picks up
//! from the saved draft. Without JavaScript the same form posts and comes back with the draft
//! and any errors.

use super::status::ApplicationStatus;
use crate::circles::THEMES;
use crate::i18n::{T, t, use_locale};
use crate::onboarding::api::{SaveApplication, get_application};
use crate::onboarding::application::{
    ApplicationView, URGENCIES, issue_field, urgency_field, words_field,
};
use crate::organisations::pages::RegionSelect;
use crate::organisations::vocab;
use crate::ui::autosave::{Autosave, DraftTexts};
use crate::ui::forms::{ErrorSummary, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::{SelectInput, TextArea, TextInput, map_name};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn id_param() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
    })
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let id = id_param();
    let application = Resource::new(move || id.get(), get_application);
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || application.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(view) if view.can_edit => view! { <ApplicationForm view/> }.into_any(),
                Ok(view) => view! { <ApplicationStatus view/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ApplicationForm(view: ApplicationView) -> impl IntoView {
    // The form posts like any other ("Save draft", "Continue"); the server sends the browser
    // back with the draft saved or the errors by their fields. Saving as one types is the
    // `Autosave` island around it.
    let save = ServerAction::<SaveApplication>::new();
    let error = submit_error(save);
    let query = use_query_map();
    let saved_by_button = Signal::derive(move || query.with(|q| q.get("done").as_deref() == Some("saved")));
    let revision = view.revision;
    let view_revision = revision.to_string();
    let view_writer = view.writer.clone();
    let ApplicationView { id, questionnaire, fields, history, .. } = view;
    let typed = fields.clone();
    let value = move |name: &str| typed.get(name).cloned().unwrap_or_default();
    let more_info = history.last().filter(|c| c.to == crate::onboarding::application::Status::MoreInfo).map(|c| c.message.clone());
    let locale = use_locale();
    let needs_message = move || error.with(|e| e.as_ref().and_then(|e| e.for_field("needs")));
    let id_s = id.to_string();
    let version = questionnaire.version.to_string();
    // What the error summary calls each field: its label, and for a theme's questions the
    // theme's name too.
    let mut names: Vec<(String, String)> = super::answers::ORG_ROWS
        .iter()
        .map(|(field, label, _)| (field.to_string(), locale.t(*label).to_string()))
        .collect();
    names.push(("needs".into(), locale.t(T::SectionNeeds).to_string()));
    for theme in &questionnaire.themes {
        let title = THEMES.iter().find(|(k, _)| *k == theme.theme).map(|(_, t)| locale.t(*t)).unwrap_or("");
        names.push((urgency_field(&theme.theme), format!("{title} — {}", locale.t(T::FieldUrgency))));
        names.push((words_field(&theme.theme), format!("{title} — {}", locale.t(T::FieldOwnWords))));
    }
    // Where the tab keeps words the server has not confirmed yet.
    let draft_key = format!("cc-draft-{id}");
    view! {
        <h1>{t(T::ApplyTitle)}</h1>
        <p>{t(T::ApplyIntro)}</p>
        {more_info.map(|m| view! {
            <div class="notice notice--warning" role="note">
                <p><strong>{t(T::MoreInfoAsked)}</strong></p>
                <blockquote>{m}</blockquote>
            </div>
        })}
        {move || saved_by_button.get().then(|| view! { <p class="notice" role="status">{t(T::DraftSavedNotice)}</p> })}
        {move || query.with(|q| q.get("done").as_deref() == Some("newer")).then(|| view! {
            <p class="notice notice--warning" role="status" data-testid="draft-newer">{t(T::ErrDraftNewer)}</p>
        })}
        <ErrorSummary error names/>
        <Autosave save_path=SaveApplication::PATH.to_string() page_path=format!("/apply/{id}") draft_key=draft_key.clone() revision texts=DraftTexts::new(locale)>
        <ActionForm action=save attr:novalidate=true attr:class="form application-form">
            <input type="hidden" name="id" value=id_s/>
            <input type="hidden" name="version" value=version/>
            <input type="hidden" name="revision" value=view_revision/>
            <input type="hidden" name="writer" value=view_writer/>

            <h2>{t(T::SectionOrganisation)}</h2>
            <TextInput id="org_name".into() label=T::FieldOrgName autocomplete="organization" value=value("org_name") error/>
            <SelectInput id="legal_form".into() label=T::FieldLegalForm choices=vocab::LEGAL_FORMS value=value("legal_form") error/>
            <TextInput id="registration_number".into() label=T::FieldRegistrationNumber hint=T::FieldRegistrationNumberHint value=value("registration_number") error/>
            <SelectInput id="sector".into() label=T::FieldSector choices=vocab::SECTORS value=value("sector") error/>
            <SelectInput id="nation".into() label=T::FieldNation choices=vocab::NATIONS value=value("nation") error/>
            <RegionSelect id="region" name=map_name("region") value=value("region") error/>
            <TextInput id="members_count".into() label=T::FieldMembersCount inputmode="numeric" value=value("members_count") error/>
            <TextInput id="staff_count".into() label=T::FieldStaffCount inputmode="numeric" value=value("staff_count") error/>
            <TextInput id="website".into() label=T::FieldWebsite hint=T::FieldWebsiteHint inputmode="url" autocomplete="url" value=value("website") error/>

            <h2>{t(T::SectionContact)}</h2>
            <TextInput id="contact_name".into() label=T::FieldContactName autocomplete="name" value=value("contact_name") error/>
            <TextInput id="contact_role".into() label=T::FieldContactRole hint=T::FieldContactRoleHint autocomplete="organization-title" value=value("contact_role") error/>
            <TextInput id="contact_email".into() label=T::FieldContactEmail kind="email" autocomplete="email" value=value("contact_email") error/>
            <TextInput id="contact_phone".into() label=T::FieldContactPhone kind="tel" autocomplete="tel" value=value("contact_phone") error/>
            <SelectInput id="contact_preference".into() label=T::FieldContactPreference choices=vocab::CONTACT_PREFERENCES value=value("contact_preference") error/>
            <SelectInput id="delivery".into() label=T::FieldDelivery hint=T::FieldDeliveryHint choices=vocab::DELIVERY value=value("delivery") error/>

            <h2 id="needs" tabindex="-1">{t(T::SectionNeeds)}</h2>
            <p>{t(T::NeedsIntro)}</p>
            {move || needs_message().map(|m| view! { <p class="field__error">{locale.t(m)}</p> })}
            // One theme open at a time (`<details name>`: opening one closes the others, no
            // script needed), each saying where it stands: "Theme 3 of 7", and how many issues
            // are ticked. Closed themes are still part of the form: their answers are saved and
            // sent like the rest. A theme with an error opens; otherwise the first does.
            {
                let total = questionnaire.themes.len();
                let has_error = |theme: &str| error.with_untracked(|e| e.as_ref().is_some_and(|e| {
                    e.field_errors().iter().any(|fe| fe.field == urgency_field(theme) || fe.field == words_field(theme))
                }));
                let open_at = questionnaire.themes.iter().position(|t| has_error(&t.theme)).unwrap_or(0);
                questionnaire.themes.iter().enumerate().map(|(k, theme)| {
                let title = THEMES.iter().find(|(key, _)| *key == theme.theme).map(|(_, t)| locale.t(*t)).unwrap_or("");
                let urgency = urgency_field(&theme.theme);
                let words = words_field(&theme.theme);
                let ticked = theme.issues.iter().filter(|issue| fields.contains_key(&issue_field(&theme.theme, &issue.key))).count();
                let step = locale.tf(T::ThemeStep, &[("n", &(k + 1).to_string()), ("total", &total.to_string())]);
                view! {
                    <details class="theme" name="needs-theme" open=k == open_at id=format!("theme-{}", theme.theme)>
                        <summary class="theme__summary">
                            <span class="theme__step">{step}</span>
                            <span class="theme__title">{title}</span>
                            <span class="theme__ticked muted">{locale.tf(T::ThemeTicked, &[("count", &ticked.to_string())])}</span>
                        </summary>
                        <fieldset class="theme__fields">
                        <legend class="visually-hidden">{title}</legend>
                        <div class="checkboxes">
                            {theme.issues.iter().map(|issue| {
                                let field = issue_field(&theme.theme, &issue.key);
                                let checked = fields.contains_key(&field);
                                view! {
                                    <div class="checkbox">
                                        <input type="checkbox" id=field.clone() name=map_name(&field) value="on" checked=checked/>
                                        <label for=field>{issue.text.get(locale).to_string()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                        <SelectInput id=urgency.clone() label=T::FieldUrgency choices=URGENCIES value=value(&urgency) error/>
                        <TextArea id=words.clone() label=T::FieldOwnWords hint=T::FieldOwnWordsHint value=value(&words) rows=3 error/>
                        </fieldset>
                    </details>
                }
            }).collect_view()}

            <div class="button-row">
                <button type="submit" class="button" name="intent" value="check">{t(T::ContinueToCheck)}</button>
                <button type="submit" class="button button--secondary" name="intent" value="save">{t(T::SaveDraft)}</button>
            </div>
        </ActionForm>
        </Autosave>
        <crate::ui::island::IslandScripts wake=crate::ui::island::Wake::OnFirstUse { kept_in_tab: draft_key.clone() }/>
    }
}
