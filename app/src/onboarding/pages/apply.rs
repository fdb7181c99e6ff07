//! "Apply": the person's applications with where each stands, and a button to start one.

use crate::i18n::{T, t, use_locale};
use crate::onboarding::api::{StartApplication, my_applications};
use crate::onboarding::application::Status;
use crate::ui::forms::{ErrorSummary, SubmitButton, submit_error};
use crate::ui::guard::PageError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ApplyPage() -> impl IntoView {
    let locale = use_locale();
    let start = ServerAction::<StartApplication>::new();
    let error = submit_error(start);
    let list = Resource::new(|| (), |_| my_applications());
    let query = use_query_map();
    let submitted = move || query.with(|q| q.get("done").as_deref() == Some("submitted"));
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || list.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(list) => {
                    let has_draft = list.iter().any(|a| a.status == Status::Draft);
                    view! {
                        <h1>{t(T::ApplyListTitle)}</h1>
                        {submitted().then(|| view! {
                            <div class="notice notice--success" role="status">
                                <h2>{t(T::SubmittedTitle)}</h2>
                                <p>{t(T::SubmittedText)}</p>
                            </div>
                        })}
                        <p>{t(T::ApplyListIntro)}</p>
                        {(!list.is_empty()).then(|| view! {
                            <ul class="cards">
                                {list.into_iter().map(|a| {
                                    let name = if a.org_name.is_empty() { locale.t(T::UnnamedCoop).to_string() } else { a.org_name.clone() };
                                    let href = format!("/apply/{}", a.id);
                                    view! {
                                        <li class="card" data-application=a.id>
                                            <h2 class="card__title"><a href=href>{name}</a></h2>
                                            <p>
                                                <strong class=format!("tag tag--{}", a.status.as_str()) data-status=a.status.as_str()>{locale.t(a.status.label())}</strong>
                                                " · " <time datetime=a.updated.iso.clone()>{a.updated.local.clone()}</time>
                                            </p>
                                            {(!a.last_message.is_empty()).then(|| view! { <blockquote>{a.last_message.clone()}</blockquote> })}
                                            {a.organisation_id.map(|org| view! { <p><a href=format!("/coops/{org}")>{t(T::SeeProfile)}</a></p> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        })}
                        <ErrorSummary error/>
                        <ActionForm action=start attr:class="form">
                            <SubmitButton label=if has_draft { T::ContinueApplication } else { T::StartApplication }/>
                        </ActionForm>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
