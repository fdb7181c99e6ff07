//! The browser entry point. The app runs in islands mode: pages arrive as HTML from the
//! server, and only the `#[island]`s in `app` (the live room, the application's autosave)
//! are hydrated, each where it appears.

// Keeps the app's island exports linked into this bundle.
#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
