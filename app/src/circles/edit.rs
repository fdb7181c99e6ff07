//! Creating and editing a circle (facilitators and admins).

use super::api::{SaveCircle, get_circle};
use super::model::{Circle, STATUSES, THEMES};
use crate::i18n::{T, t, use_locale};
use crate::onboarding::api::current_questionnaire;
use crate::onboarding::questionnaire::Questionnaire;
use crate::organisations::pages::RegionSelect;
use crate::organisations::vocab::{DELIVERY, SECTORS};
use crate::ui::forms::{ErrorSummary, SubmitButton, kept, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::{SelectInput, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn NewCirclePage() -> impl IntoView {
    let q = Resource::new(|| (), |_| current_questionnaire());
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || q.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(q) => view! { <CircleForm circle=None q/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn EditCirclePage() -> impl IntoView {
    let id = crate::onboarding::pages::id_param();
    let data = Resource::new(move || id.get(), |id| async move {
        let page = get_circle(id).await?;
        if !page.can_edit {
            return Err(crate::error::AppError::Forbidden);
        }
        Ok((page.circle, current_questionnaire().await?))
    });
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok((circle, q)) => view! { <CircleForm circle=Some(circle) q/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CircleForm(circle: Option<Circle>, q: Questionnaire) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SaveCircle>::new();
    let error = submit_error(save);
    let or_kept = |field: &str, value: String| { let k = kept(field); if k.is_empty() { value } else { k } };
    let c = circle.clone();
    let get = move |f: fn(&Circle) -> String| c.as_ref().map(f).unwrap_or_default();
    let id = circle.as_ref().map(|c| c.id).unwrap_or(0);
    let chosen: Vec<String> = circle.as_ref().map(|c| c.issues.clone()).unwrap_or_default();
    let capacity = circle.as_ref().map(|c| c.capacity.to_string()).unwrap_or_else(|| "8".into());
    view! {
        <h1>{if circle.is_some() { t(T::EditCircleTitle) } else { t(T::NewCircleTitle) }}</h1>
        <ErrorSummary error/>
        <ActionForm action=save attr:class="form" attr:novalidate=true>
            <input type="hidden" name="id" value=id/>
            <TextInput id="name".into() name="name".into() label=T::FieldCircleName value=or_kept("name", get(|c| c.name.clone())) error/>
            <SelectInput id="theme".into() name="theme".into() label=T::FilterTheme choices=THEMES value=get(|c| c.theme.clone()) error/>
            <TextArea id="purpose".into() name="purpose".into() label=T::FieldCirclePurpose value=or_kept("purpose", get(|c| c.purpose.clone())) error/>
            <SelectInput id="sector".into() name="sector".into() label=T::FieldSector choices=SECTORS empty=T::AllSectorsChoice value=get(|c| c.sector.clone()) error/>
            <RegionSelect id="region" name="region".into() value=get(|c| c.region.clone()) whole_nations=true empty=T::AnywhereChoice error/>
            <SelectInput id="delivery".into() name="delivery".into() label=T::FieldMeets choices=DELIVERY value=get(|c| c.delivery_mode.clone()) error/>
            <SelectInput id="status".into() name="status".into() label=T::FilterStatus choices=STATUSES value=get(|c| c.status.clone()) error/>
            <TextInput id="capacity".into() name="capacity".into() label=T::FieldCapacity hint=T::FieldCapacityHint inputmode="numeric" value=or_kept("capacity", capacity) error/>
            <fieldset class="radios" id="issues">
                <legend class="field__label">{t(T::FieldCircleIssues)}</legend>
                {q.themes.iter().map(|theme| view! {
                    <p class="field__hint">{THEMES.iter().find(|(k, _)| *k == theme.theme).map(|(_, l)| locale.t(*l))}</p>
                    {theme.issues.iter().map(|issue| {
                        let input_id = format!("issue-{}", issue.key);
                        let checked = chosen.contains(&issue.key);
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=input_id.clone() name=format!("issues[{}]", issue.key) value="on" checked=checked/>
                                <label for=input_id>{issue.text.get(locale).to_string()}</label>
                            </div>
                        }
                    }).collect_view()}
                }).collect_view()}
            </fieldset>
            <SubmitButton label=T::SaveCircle/>
        </ActionForm>
    }
}
