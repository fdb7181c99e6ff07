//! Saving a long form as one types (the `Autosave` island), for any form whose server function
//! follows the draft protocol: fields named `fields[…]`, a hidden `revision` (the draft the page
//! shows) and `writer` (the page's own id), `intent=save` for a draft; the answer is the page's
//! address naming the new `revision=`, and a save on an older revision is refused by the field
//! `revision`. The application form and reports use it.

use crate::i18n::T;
use leptos::prelude::*;

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
    pub fn new(locale: crate::i18n::Locale) -> Self {
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
pub fn Autosave(
    /// The server function that saves the draft (it answers with the page's address, naming the
    /// draft's new `revision=`, or refuses a stale one by the field `revision`).
    save_path: String,
    /// The form's page, reloaded with `?done=newer` to take a newer draft.
    page_path: String,
    /// Where the tab keeps unsent words (sessionStorage).
    draft_key: String,
    revision: i64,
    texts: DraftTexts,
    children: Children,
) -> impl IntoView {
    // Its words come in `texts`.
    crate::ui::island::enter(Default::default(), Default::default());
    // Strings kept where every closure below can reach them (the closures stay `Copy`).
    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
    let (save_path, page_path, draft_key) = (StoredValue::new(save_path), StoredValue::new(page_path), StoredValue::new(draft_key));
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
                            draft_key.with_value(|k| local_draft::forget(k));
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
                            crate::ui::forms::navigate_hard(&format!("{}?done=newer", page_path.get_value()));
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
            draft_key.with_value(|k| local_draft::keep(k, revision.get_untracked(), &form));
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
                    save_path.with_value(|p| send_draft_beacon(p, &form));
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
        // So are words typed before the island took over.
        request_animation_frame(move || {
            // Typing since the island took over (before this frame, on a slow phone) was kept
            // in the tab by this page itself and is being saved: nothing to put back.
            if generation.get_value() > 0 {
                return;
            }
            if let Some(form) = form() {
                let restored = draft_key.with_value(|k| local_draft::restore(k, revision.get_untracked(), &form));
                if restored || local_draft::changed_since_loaded(&form) {
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
fn send_draft_beacon(save_path: &str, form: &web_sys::HtmlFormElement) {
    let Ok(data) = web_sys::FormData::new_with_form(form) else { return };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else { return };
    params.set("intent", "save");
    let _ = window()
        .navigator()
        .send_beacon_with_opt_url_search_params(save_path, Some(&params));
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

    /// A box or one of a group of choices: its value is fixed, and whether it is ticked is
    /// what the person chose.
    #[cfg(feature = "hydrate")]
    fn is_choice(input: &web_sys::HtmlInputElement) -> bool {
        matches!(input.type_().as_str(), "checkbox" | "radio")
    }

    #[cfg(feature = "hydrate")]
    pub fn keep(key: &str, base: i64, form: &web_sys::HtmlFormElement) {
        use wasm_bindgen::JsCast;
        let mut pairs = Vec::new();
        each_field(form, |el, name| {
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                if is_choice(input) {
                    // As a browser posts them: a box or a choice only when it is ticked.
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
            let _ = storage.set_item(key, &json);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    pub fn keep<F>(_key: &str, _base: i64, _form: &F) {}

    /// Whether a field differs from what the page arrived with: words typed before the
    /// island took over (it wakes on first use, and a phone may take a while to fetch it), or
    /// put back by the browser itself on a reload.
    #[cfg(feature = "hydrate")]
    pub fn changed_since_loaded(form: &web_sys::HtmlFormElement) -> bool {
        use wasm_bindgen::JsCast;
        let mut changed = false;
        each_field(form, |el, _| {
            changed |= if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                if is_choice(input) { input.checked() != input.default_checked() } else { input.value() != input.default_value() }
            } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                area.default_value().is_ok_and(|d| d != area.value())
            } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                // A choice the page marks `selected`, else the first (as the browser shows it).
                let options = select.options();
                let marked = (0..options.length()).find(|&i| {
                    options.item(i).and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok()).is_some_and(|o| o.default_selected())
                });
                select.selected_index() != marked.unwrap_or(0) as i32
            } else {
                false
            };
        });
        changed
    }

    #[cfg(feature = "hydrate")]
    pub fn forget(key: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }

    /// Put the kept words back when they were typed on the draft the page shows (`base` ==
    /// `revision`) and differ from it. A copy typed on an older draft is dropped: the server
    /// has newer words, which win. Returns whether anything was restored.
    #[cfg(feature = "hydrate")]
    pub fn restore(key: &str, revision: i64, form: &web_sys::HtmlFormElement) -> bool {
        use wasm_bindgen::JsCast;
        let Some(storage) = storage() else { return false };
        let Some(entry) = storage
            .get_item(key)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str::<Entry>(&json).ok())
        else {
            return false;
        };
        if entry.base != revision {
            forget(key);
            return false;
        }
        let value_of = |name: &str| entry.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let mut changed = false;
        each_field(form, |el, name| {
            let wanted = value_of(name);
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                if is_choice(input) {
                    // A box is ticked when it was kept; of a group of choices sharing a name,
                    // the one whose value was kept. Never their values: those are the choices.
                    let ticked = if input.type_() == "radio" { wanted.as_deref() == Some(input.value().as_str()) } else { wanted.is_some() };
                    if input.checked() != ticked {
                        input.set_checked(ticked);
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
            forget(key);
        }
        changed
    }
}
