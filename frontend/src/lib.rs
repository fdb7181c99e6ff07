//! The browser entry point: hydrate the server-rendered app, nothing else.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A flag the browser tests wait on, so they never race the WASM bundle.
    let _ = js_sys::Reflect::set(
        &leptos::prelude::window(),
        &"__coopHydrated".into(),
        &true.into(),
    );
}
