//! Inputs for long forms whose field names are data (`fields[org_name]`): a text input, a
//! select from a fixed list, a text area, and a group of checkboxes, each with its label,
//! hint and error by the field, like `forms::Field`.

use crate::error::AppError;
use crate::i18n::{T, t, use_locale};
use leptos::prelude::*;

/// The label, hint and error around an input; `input` receives the `aria-describedby` value.
#[component]
pub fn FieldFrame<F, V>(
    id: String,
    label: T,
    #[prop(optional_no_strip)] hint: Option<T>,
    error: Signal<Option<AppError>>,
    input: F,
) -> impl IntoView
where
    F: FnOnce(Signal<Option<String>>, Signal<bool>) -> V,
    V: IntoView,
{
    let locale = use_locale();
    let field = id.clone();
    let message = Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.for_field(&field))));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        Signal::derive(move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        })
    };
    let invalid = Signal::derive(move || message.get().is_some());
    view! {
        <div class="field" class:field--error=invalid>
            <label class="field__label" for=id.clone()>{locale.t(label)}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{locale.t(h)}</p> })}
            {move || message.get().map(|m| view! {
                <p class="field__error" id=error_id.clone()>
                    <span class="visually-hidden">{t(T::ErrorPrefix)}</span>
                    {locale.t(m)}
                </p>
            })}
            {input(described_by, invalid)}
        </div>
    }
}

/// `name` for a field of a `fields` map.
pub fn map_name(id: &str) -> String {
    format!("fields[{id}]")
}

#[component]
pub fn TextInput(
    id: String,
    label: T,
    #[prop(optional)] hint: Option<T>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] value: String,
    /// Use this name instead of `fields[id]`.
    #[prop(optional)] name: Option<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let name = name.unwrap_or_else(|| map_name(&id));
    let input_id = id.clone();
    view! {
        <FieldFrame id label hint=hint error input=move |described_by, invalid| view! {
            <input class="field__input" id=input_id name=name type=kind autocomplete=autocomplete
                inputmode=inputmode value=value
                aria-describedby=described_by aria-invalid=move || invalid.get().then_some("true")/>
        }/>
    }
}

#[component]
pub fn TextArea(
    id: String,
    label: T,
    #[prop(optional)] hint: Option<T>,
    #[prop(optional)] value: String,
    #[prop(optional)] name: Option<String>,
    #[prop(default = 4)] rows: u32,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let name = name.unwrap_or_else(|| map_name(&id));
    let input_id = id.clone();
    view! {
        <FieldFrame id label hint=hint error input=move |described_by, invalid| view! {
            <textarea class="field__input field__textarea" id=input_id name=name rows=rows
                aria-describedby=described_by aria-invalid=move || invalid.get().then_some("true")>{textarea_text(value)}</textarea>
        }/>
    }
}

/// The text inside a `<textarea>`, safe to render. Leptos writes a textarea's children into
/// the server's HTML without escaping (it treats the element like `<script>`), so a stored
/// `</textarea><form …>` would come back as live markup: on the server we escape it ourselves.
/// In the browser (inside an island: the live room's notes) the text becomes a DOM text node,
/// which needs no escaping (and must not be escaped, or the person would see `&lt;`).
pub fn textarea_text(value: String) -> String {
    #[cfg(feature = "ssr")]
    {
        let mut out = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        out
    }
    #[cfg(not(feature = "ssr"))]
    value
}

/// A select from a fixed list, starting with "Choose…".
#[component]
pub fn SelectInput(
    id: String,
    label: T,
    #[prop(optional)] hint: Option<T>,
    choices: &'static [(&'static str, T)],
    #[prop(optional)] value: String,
    #[prop(optional)] name: Option<String>,
    /// What the empty choice says ("Choose…" unless the empty value means something).
    #[prop(default = T::ChooseOne)] empty: T,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let name = name.unwrap_or_else(|| map_name(&id));
    let input_id = id.clone();
    view! {
        <FieldFrame id label hint=hint error input=move |described_by, invalid| view! {
            <select class="field__input" id=input_id name=name
                aria-describedby=described_by aria-invalid=move || invalid.get().then_some("true")>
                <option value="">{locale.t(empty)}</option>
                {choices.iter().map(|(key, label)| view! {
                    <option value=*key selected=*key == value>{locale.t(*label)}</option>
                }).collect_view()}
            </select>
        }/>
    }
}

/// A select in a filter form that reloads the page (GET): "Any" first, the current one chosen.
#[component]
pub fn FilterSelect(name: &'static str, label: T, options: Vec<(String, String)>, current: String) -> impl IntoView {
    view! {
        <div class="field filter">
            <label class="field__label" for=name>{t(label)}</label>
            <select class="field__input" id=name name=name>
                <option value="">{t(T::FilterAny)}</option>
                {options.into_iter().map(|(k, v)| {
                    let selected = k == current;
                    view! { <option value=k selected=selected>{v}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
