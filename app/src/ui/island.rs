//! What every island shares. The app is rendered in Leptos's islands mode: pages are HTML from
//! the server, and only the parts that need the browser (`#[island]`) ship as WASM and run
//! there. An island in the browser sees none of the context the server's components provide,
//! so it is given what it needs as props and provides it again here.

use crate::i18n::{Words, provide_locale};
use crate::ui::flash::FormFlash;
use crate::ui::forms::provide_flash;
use leptos::prelude::*;

/// The start of every island: the page's language (read from `<html lang>` in the browser,
/// from the request on the server), the words it may show, and the flash the page was rendered
/// with, then a mark for the browser tests once the island runs in the browser.
pub fn enter(flash: FormFlash, words: Words) {
    provide_locale();
    words.install();
    provide_flash(flash);
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        // `window.__coopIslands` counts islands that have taken over; the browser tests wait
        // until it equals the number of `<leptos-island>` elements on the page.
        let window = window();
        let key = wasm_bindgen::JsValue::from_str("__coopIslands");
        let count = js_sys_get(&window, &key);
        let _ = web_sys::js_sys::Reflect::set(&window, &key, &(count + 1.0).into());
    });
}

#[cfg(feature = "hydrate")]
fn js_sys_get(window: &web_sys::Window, key: &wasm_bindgen::JsValue) -> f64 {
    web_sys::js_sys::Reflect::get(window, key)
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

/// When a page's islands take over.
pub enum Wake {
    /// As soon as the browser is idle: the live room, which must follow the session at once.
    Now,
    /// On first use: when a field of an island is touched, focused or typed in. Until then the
    /// page is its HTML and fetches no script or WASM at all, so a phone's first load of a long
    /// form is its HTML and CSS only. At once instead when the tab keeps words typed before a
    /// reload (the sessionStorage entry `kept_in_tab`) or the address names a field to go to,
    /// since the island puts those back and moves the focus.
    OnFirstUse { kept_in_tab: String },
}

/// The scripts that fetch the browser bundle and hydrate the page's islands. A page that shows
/// an island renders this once beside it; every other page is plain HTML and fetches no WASM
/// (the first-load budget test in `end2end/tests/budgets.spec.ts` checks both).
///
/// On first use, Leptos's own scripts wait in a `<template>` (where nothing is fetched or run)
/// until a small script of ours puts them in the page.
#[component]
pub fn IslandScripts(#[prop(optional)] wake: Option<Wake>) -> impl IntoView {
    let options = use_context::<LeptosOptions>()?;
    let scripts = view! { <HydrationScripts options islands=true/> };
    Some(match wake.unwrap_or(Wake::Now) {
        Wake::Now => scripts.into_any(),
        Wake::OnFirstUse { kept_in_tab } => view! {
            <template id="cc-islands-later" data-kept=kept_in_tab>{scripts}</template>
            <script nonce=leptos::nonce::use_nonce()>{WAKE_ON_FIRST_USE}</script>
        }
        .into_any(),
    })
}

/// Puts the waiting scripts in the page on the first touch, focus or key inside an island.
/// Words typed in an island's form before it has taken over are sent as the page is left, as
/// the autosave itself sends them once awake (`intent=save`, the form's own fields).
const WAKE_ON_FIRST_USE: &str = r#"(() => {
  const later = document.getElementById('cc-islands-later');
  const events = ['pointerdown', 'focusin', 'keydown', 'input'];
  const inIsland = (event) => event.target instanceof Element && event.target.closest('leptos-island');
  const wake = (event) => {
    if (event && !inIsland(event)) return;
    events.forEach((name) => removeEventListener(name, wake, true));
    if (later.isConnected) later.replaceWith(later.content.cloneNode(true));
  };
  let kept = null;
  try { kept = sessionStorage.getItem(later.dataset.kept); } catch (_) {}
  if (kept || location.hash.length > 1) wake();
  else events.forEach((name) => addEventListener(name, wake, { capture: true, passive: true }));
  let typed = false;
  addEventListener('input', (event) => { typed = typed || !!inIsland(event); }, true);
  // A form posted carries its words itself.
  addEventListener('submit', (event) => { if (inIsland(event)) typed = false; }, true);
  const leave = () => {
    const form = document.querySelector('leptos-island form');
    if (!typed || window.__coopIslands || !form) return;
    const fields = new URLSearchParams(new FormData(form));
    fields.set('intent', 'save');
    navigator.sendBeacon(form.action, fields);
    typed = false;
  };
  addEventListener('pagehide', leave);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') leave(); });
})();"#;

/// How a form posted from an island came back.
#[cfg(feature = "hydrate")]
pub enum Posted {
    /// The server function's answer, as JSON text.
    Done(String),
    /// Refused: the error, as JSON text (an `AppError`).
    Refused(String),
    /// No answer at all (offline, the server gone).
    Network,
}

/// Post a form from an island as the browser would (its fields, the pressed button's name
/// and value, then `set` on top), asking for JSON instead of a page. Written on `fetch` rather
/// than a server function's client so that the islands' bundle stays small: the server
/// function receives exactly what a post without JavaScript sends.
#[cfg(feature = "hydrate")]
pub async fn post_form(
    form: &web_sys::HtmlFormElement,
    submitter: Option<&web_sys::HtmlElement>,
    set: &[(&str, &str)],
) -> Posted {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let attempt = async {
        let data = web_sys::FormData::new_with_form(form)?;
        if let Some(name) = submitter.and_then(|b| b.get_attribute("name")) {
            let value = submitter.and_then(|b| b.get_attribute("value")).unwrap_or_default();
            data.append_with_str(&name, &value)?;
        }
        let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data)?;
        for (name, value) in set {
            params.set(name, value);
        }
        let headers = web_sys::Headers::new()?;
        headers.set("Accept", "application/json")?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&params);
        let request = web_sys::Request::new_with_str_and_init(&form.action(), &init)?;
        let response: web_sys::Response = JsFuture::from(window().fetch_with_request(&request)).await?.dyn_into()?;
        let text = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
        Ok::<_, wasm_bindgen::JsValue>((response.ok(), text))
    };
    match attempt.await {
        Ok((true, text)) => Posted::Done(text),
        Ok((false, text)) if !text.is_empty() => Posted::Refused(text),
        _ => Posted::Network,
    }
}
