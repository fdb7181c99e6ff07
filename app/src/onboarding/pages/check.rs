//! Check your answers, then submit.

use super::form::id_param;
use super::status::ApplicationStatus;
use crate::i18n::{T, t};
use crate::onboarding::api::{SubmitApplication, get_application};
use crate::onboarding::pages::answers::Answers;
use crate::ui::forms::{ErrorSummary, SubmitButton, submit_error};
use crate::ui::guard::PageError;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn CheckPage() -> impl IntoView {
    let id = id_param();
    let application = Resource::new(move || id.get(), get_application);
    let submit = ServerAction::<SubmitApplication>::new();
    let error = submit_error(submit);
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || application.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(view) if !view.can_edit => view! { <ApplicationStatus view/> }.into_any(),
                Ok(view) => {
                    let back = format!("/apply/{}", view.id);
                    view! {
                        <h1>{t(T::CheckTitle)}</h1>
                        <p>{t(T::CheckIntro)}</p>
                        <ErrorSummary error/>
                        {move || error.get().is_some().then(|| view! {
                            <p><a href=format!("/apply/{}", id.get())>{t(T::BackToForm)}</a></p>
                        })}
                        <Answers fields=view.fields questionnaire=view.questionnaire change_base=back/>
                        <h2>{t(T::SubmitHeading)}</h2>
                        <p>{t(T::SubmitDeclaration)}</p>
                        <ActionForm action=submit attr:class="form">
                            <input type="hidden" name="id" value=view.id/>
                            <SubmitButton label=T::SubmitApplication/>
                        </ActionForm>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
