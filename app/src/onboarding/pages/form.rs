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
use crate::ui::forms::{ErrorSummary, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::{SelectInput, TextArea, TextInput, map_name};
use leptos::form::ActionForm;
use leptos::prelude::*;
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
        <Autosave application_id=id revision texts=DraftTexts::new(locale)>
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
        <crate::ui::island::IslandScripts/>
    }
}

/// How the draft stands, as the page tells it.
#[derive(Clone, Copy, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum DraftState {
    Unchanged,
    Changed,
    Saving,
    Saved,
    /// Not saved for now (offline, the server busy): tried again shortly.
    Failed,
    /// Not saved because an answer is not allowed as it is (too long): the buttons say which.
    Refused,
}

/// What the autosave line says, in the page's language. Passed to the island as words, so the
/// browser's bundle carries no table of texts for it.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct DraftTexts {
    changed: String,
    saving: String,
    saved: String,
    not_saved: String,
    refused: String,
}

impl DraftTexts {
    fn new(locale: crate::i18n::Locale) -> Self {
        Self {
            changed: locale.t(T::DraftChanged).into(),
            saving: locale.t(T::DraftSaving).into(),
            saved: locale.t(T::DraftSaved).into(),
            not_saved: locale.t(T::DraftNotSaved).into(),
            refused: locale.t(T::DraftRefused).into(),
        }
    }
}

/// Saving as one types, around the server-rendered form (its `children`): a moment after the
/// last keystroke, again after a failure, and as the page is left. Each save names the draft
/// revision it was typed on; a save on an older one is refused, and the page then takes the
/// newer draft rather than overwrite it. Words not yet confirmed by the server are kept in the
/// tab (sessionStorage) and put back after a reload.
#[island]
fn Autosave(application_id: i64, revision: i64, texts: DraftTexts, children: Children) -> impl IntoView {
    crate::ui::island::enter(Default::default());
    // The draft's revision this page stands on: sent with every save, raised by each one.
    let revision = RwSignal::new(revision);
    let state = RwSignal::new(DraftState::Unchanged);
    let root = NodeRef::<leptos::html::Div>::new();
    let generation = StoredValue::new(0u64);
    // Raised to send the draft again after a failure (see below).
    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
    let retry = RwSignal::new(0u32);
    #[cfg(feature = "hydrate")]
    let form = move || -> Option<web_sys::HtmlFormElement> {
        use wasm_bindgen::JsCast;
        root.get_untracked()?.query_selector("form").ok()??.dyn_into().ok()
    };
    #[cfg(not(feature = "hydrate"))]
    let form = move || -> Option<()> { None };
    let send_draft = StoredValue::new(move || {
        #[cfg(feature = "hydrate")]
        {
            let Some(form) = form() else { return };
            let sent = generation.get_value();
            state.set(DraftState::Saving);
            leptos::task::spawn_local(async move {
                use crate::ui::island::{Posted, post_form};
                let base = revision.get_untracked().to_string();
                match post_form(&form, None, &[("intent", "save"), ("revision", &base)]).await {
                    Posted::Done(json) => {
                        // The answer is the address the page would go to; it names the
                        // revision the draft now has. Answers may cross: it only moves forward.
                        let path = web_sys::js_sys::JSON::parse(&json).ok().and_then(|v| v.as_string()).unwrap_or_default();
                        if let Some(n) = path.split("revision=").nth(1).and_then(|n| n.parse::<i64>().ok()) {
                            revision.update(|r| *r = (*r).max(n));
                        }
                        if generation.get_value() == sent {
                            local_draft::forget(application_id);
                            if state.get_untracked() == DraftState::Saving {
                                state.set(DraftState::Saved);
                            }
                        }
                    }
                    Posted::Refused(json) => {
                        let fields = refused_fields(&json);
                        if fields.iter().any(|f| f == "revision") {
                            // A newer draft was saved elsewhere (another tab, the words sent as
                            // a page was left): never overwrite it; take it, and say so.
                            crate::ui::forms::navigate_hard(&format!("/apply/{application_id}?done=newer"));
                        } else if !fields.is_empty() {
                            state.set(DraftState::Refused);
                        } else {
                            state.set(DraftState::Failed);
                            retry_later(state, retry);
                        }
                    }
                    Posted::Network => {
                        // Offline or the server busy: keep what is on the page, try again.
                        state.set(DraftState::Failed);
                        retry_later(state, retry);
                    }
                }
            });
        }
    });
    // Save a moment after the last keystroke, not on every one.
    let schedule = move || {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        state.set(DraftState::Changed);
        if let Some(form) = form() {
            local_draft::keep(application_id, revision.get_untracked(), &form);
        }
        set_timeout(
            move || {
                if generation.get_value() == mine {
                    send_draft.with_value(|send| send());
                }
            },
            std::time::Duration::from_millis(1200),
        );
    };
    #[cfg(feature = "hydrate")]
    {
        // A failed save is sent again when `retry` is raised (not when this first runs).
        Effect::new(move |ran: Option<()>| {
            retry.track();
            if ran.is_some() {
                send_draft.with_value(|send| send());
            }
        });
        // The form's own hidden revision follows, so "Save draft" and "Continue" post on it too.
        Effect::new(move |_| {
            let n = revision.get();
            if let Some(input) = form()
                .and_then(|f| f.query_selector("input[name=revision]").ok().flatten())
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(el).ok())
            {
                input.set_value(&n.to_string());
            }
        });
        // Leaving the page (or the phone switching app) with changes not yet saved: hand them
        // to the browser to send even as the page goes away.
        let flush = move || {
            if matches!(state.get_untracked(), DraftState::Changed | DraftState::Failed) {
                if let Some(form) = form() {
                    send_draft_beacon(&form);
                }
            }
        };
        let on_hide = window_event_listener(leptos::ev::pagehide, move |_| flush());
        let on_switch = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                flush();
            }
        });
        on_cleanup(move || {
            on_hide.remove();
            on_switch.remove();
        });
        // Words typed before a reload that the server had not confirmed: put back when the
        // draft on the server is still the one they were typed on, then saved like any typing.
        request_animation_frame(move || {
            if let Some(form) = form() {
                if local_draft::restore(application_id, revision.get_untracked(), &form) {
                    schedule();
                }
            }
        });
        // Arriving from a "Change" link (`/apply/N#field`): the browser scrolls there; move the
        // focus too, so the keyboard and screen readers start at that field.
        request_animation_frame(move || {
            let hash = window().location().hash().unwrap_or_default();
            if let Some(id) = hash.strip_prefix('#').filter(|h| !h.is_empty()) {
                if let Some(el) = document().get_element_by_id(id) {
                    use wasm_bindgen::JsCast;
                    // A field in a closed theme: open that theme first.
                    if let Ok(Some(theme)) = el.closest("details") {
                        let _ = theme.set_attribute("open", "");
                    }
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        });
    }
    let status_line = move || match state.get() {
        DraftState::Unchanged => None,
        DraftState::Changed => Some(texts.changed.clone()),
        DraftState::Saving => Some(texts.saving.clone()),
        DraftState::Saved => Some(texts.saved.clone()),
        DraftState::Failed => Some(texts.not_saved.clone()),
        DraftState::Refused => Some(texts.refused.clone()),
    };
    view! {
        // The form posts itself on "Save draft" or "Continue", words and all: nothing is left
        // to send as the page goes.
        <div class="autosave" node_ref=root on:input=move |_| schedule() on:submit=move |_| state.set(DraftState::Unchanged)>
            <p class="draft-status" role="status" aria-live="polite">{status_line}</p>
            {children()}
        </div>
    }
}

/// Try a failed save again in five seconds, unless something newer happened meanwhile.
#[cfg(feature = "hydrate")]
fn retry_later(state: RwSignal<DraftState>, retry: RwSignal<u32>) {
    set_timeout(
        move || {
            if state.get_untracked() == DraftState::Failed {
                retry.update(|n| *n += 1);
            }
        },
        std::time::Duration::from_secs(5),
    );
}

/// The fields a refusal names (`{"Invalid":[{"field":…}]}`), read without the app's error
/// types so the autosave island stays small.
#[cfg(feature = "hydrate")]
fn refused_fields(json: &str) -> Vec<String> {
    use web_sys::js_sys::{Array, JSON, Reflect};
    let Ok(value) = JSON::parse(json) else { return Vec::new() };
    let Ok(list) = Reflect::get(&value, &"Invalid".into()) else { return Vec::new() };
    if !Array::is_array(&list) {
        return Vec::new();
    }
    Array::from(&list)
        .iter()
        .filter_map(|e| Reflect::get(&e, &"field".into()).ok().and_then(|f| f.as_string()))
        .collect()
}

/// Send the form as a draft with `navigator.sendBeacon`, which the browser completes even after
/// the page is gone. Same endpoint and encoding as the page's own calls.
#[cfg(feature = "hydrate")]
fn send_draft_beacon(form: &web_sys::HtmlFormElement) {
    use leptos::server_fn::ServerFn;
    let Ok(data) = web_sys::FormData::new_with_form(form) else { return };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else { return };
    params.set("intent", "save");
    let _ = window()
        .navigator()
        .send_beacon_with_opt_url_search_params(SaveApplication::PATH, Some(&params));
}

/// The copy of a draft kept in the tab (sessionStorage) until the server confirms it.
mod local_draft {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    struct Entry {
        /// The revision of the server's draft these words were typed on.
        base: i64,
        pairs: Vec<(String, String)>,
    }

    #[cfg(feature = "hydrate")]
    fn key(id: i64) -> String {
        format!("cc-draft-{id}")
    }

    #[cfg(feature = "hydrate")]
    fn storage() -> Option<web_sys::Storage> {
        leptos::prelude::window().session_storage().ok().flatten()
    }

    /// The form's named fields (not the hidden ones), as a browser would post them.
    #[cfg(feature = "hydrate")]
    fn each_field(form: &web_sys::HtmlFormElement, mut visit: impl FnMut(&web_sys::Element, &str)) {
        let elements = form.elements();
        for i in 0..elements.length() {
            if let Some(el) = elements.item(i) {
                let name = el.get_attribute("name").unwrap_or_default();
                if name.starts_with("fields[") {
                    visit(&el, &name);
                }
            }
        }
    }

    #[cfg(feature = "hydrate")]
    pub fn keep(id: i64, base: i64, form: &web_sys::HtmlFormElement) {
        use wasm_bindgen::JsCast;
        let mut pairs = Vec::new();
        each_field(form, |el, name| {
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                if input.type_() == "checkbox" {
                    if input.checked() {
                        pairs.push((name.to_string(), input.value()));
                    }
                } else {
                    pairs.push((name.to_string(), input.value()));
                }
            } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                pairs.push((name.to_string(), select.value()));
            } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                pairs.push((name.to_string(), area.value()));
            }
        });
        if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&Entry { base, pairs })) {
            let _ = storage.set_item(&key(id), &json);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    pub fn keep<F>(_id: i64, _base: i64, _form: &F) {}

    #[cfg(feature = "hydrate")]
    pub fn forget(id: i64) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&key(id));
        }
    }

    /// Put the kept words back when they were typed on the draft the page shows (`base` ==
    /// `revision`) and differ from it. A copy typed on an older draft is dropped: the server
    /// has newer words, which win. Returns whether anything was restored.
    #[cfg(feature = "hydrate")]
    pub fn restore(id: i64, revision: i64, form: &web_sys::HtmlFormElement) -> bool {
        use wasm_bindgen::JsCast;
        let Some(storage) = storage() else { return false };
        let Some(entry) = storage
            .get_item(&key(id))
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str::<Entry>(&json).ok())
        else {
            return false;
        };
        if entry.base != revision {
            forget(id);
            return false;
        }
        let value_of = |name: &str| entry.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let mut changed = false;
        each_field(form, |el, name| {
            let wanted = value_of(name);
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                if input.type_() == "checkbox" {
                    if input.checked() != wanted.is_some() {
                        input.set_checked(wanted.is_some());
                        changed = true;
                    }
                } else if let Some(v) = wanted.filter(|v| *v != input.value()) {
                    input.set_value(&v);
                    changed = true;
                }
            } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                if let Some(v) = wanted.filter(|v| *v != select.value()) {
                    select.set_value(&v);
                    changed = true;
                }
            } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                if let Some(v) = wanted.filter(|v| *v != area.value()) {
                    area.set_value(&v);
                    changed = true;
                }
            }
        });
        if !changed {
            forget(id);
        }
        changed
    }
}
