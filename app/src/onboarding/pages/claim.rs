//! /claim?token=…: the co-op's contact takes over the application an advisor started.

use crate::i18n::T;
use crate::onboarding::api::{ClaimLink, check_claim};
use crate::ui::forms::{ErrorSummary, SubmitButton, submit_error};
use crate::ui::link_page::{LinkPage, token_param};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ClaimPage() -> impl IntoView {
    let token = token_param();
    let info = Resource::new({ let token = token.clone(); move || token.clone() }, check_claim);
    let action = ServerAction::<ClaimLink>::new();
    let error = submit_error(action);
    let hidden = StoredValue::new(token);
    view! {
        <LinkPage info title=T::ClaimTitle text=T::ClaimText>
            <ErrorSummary error/>
            // Only an account that confirmed the address the link was sent to may take it.
            <crate::accounts::pages::ConfirmedEmailOnly>
                <ActionForm action attr:class="form" attr:id="link">
                    <input type="hidden" name="token" value=move || hidden.get_value()/>
                    <SubmitButton label=T::ClaimLinkButton/>
                </ActionForm>
            </crate::accounts::pages::ConfirmedEmailOnly>
        </LinkPage>
    }
}
