//! The advisor's queue: applications waiting, oldest first, with filters.

use crate::circles::{THEMES, theme_label};
use crate::i18n::{T, t, use_locale};
use crate::onboarding::api::{StartOnBehalf, review_queue, started_on_behalf};
use crate::onboarding::application::Status;
use crate::onboarding::pages::answers::choice_text;
use crate::organisations::vocab::{REGIONS, SECTORS};
use crate::ui::forms::{ErrorSummary, SubmitButton, kept, submit_error};
use crate::ui::guard::{Only, PageError, is_staff};
use crate::ui::inputs::{FilterSelect, SelectInput, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn QueuePage() -> impl IntoView {
    view! { <Only allowed=is_staff><Queue/></Only> }
}

#[component]
fn Queue() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let items = Resource::new(
        move || (get("status"), get("theme"), get("region"), get("sector")),
        |(status, theme, region, sector)| review_queue(status, theme, region, sector),
    );
    let select = move |name: &'static str, label: T, options: Vec<(String, String)>| {
        view! { <FilterSelect name label options current=get(name)/> }
    };
    view! {
        <h1>{t(T::QueueTitle)}</h1>
        <OnBehalf/>
        <form class="filters" method="get" action="/advice">
            {select("status", T::FilterStatus, Status::ALL.iter().filter(|s| **s != Status::Draft).map(|s| (s.as_str().to_string(), locale.t(s.label()).to_string())).collect())}
            {select("theme", T::FilterTheme, THEMES.iter().map(|(k, l)| (k.to_string(), locale.t(*l).to_string())).collect())}
            {select("region", T::FilterRegion, REGIONS.iter().map(|(_, r)| (r.to_string(), r.to_string())).collect())}
            {select("sector", T::FilterSector, SECTORS.iter().map(|(k, l)| (k.to_string(), locale.t(*l).to_string())).collect())}
            <button type="submit" class="button button--secondary">{t(T::FilterApply)}</button>
        </form>
        <Transition fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || items.get().map(|result| match result {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="empty">{t(T::QueueEmpty)}</p> }.into_any(),
                Ok(list) => view! {
                    <p>{locale.tf(T::QueueCount, &[("count", &list.len().to_string())])}</p>
                    <ul class="cards queue">
                        {list.into_iter().map(|item| {
                            let themes = item.themes.iter().filter_map(|k| theme_label(k)).map(|t| locale.t(t)).collect::<Vec<_>>().join(", ");
                            view! {
                                <li class="card" data-application=item.id>
                                    <h2 class="card__title"><a href=format!("/advice/{}", item.id)>{item.org_name.clone()}</a></h2>
                                    <p>
                                        <strong class=format!("tag tag--{}", item.status.as_str())>{locale.t(item.status.label())}</strong>
                                        {item.submitted.clone().map(|s| view! { " · " <time datetime=s.iso>{s.local}</time> })}
                                    </p>
                                    <p class="card__meta">{choice_text(locale, SECTORS, &item.sector)} " · " {item.region.clone()} " · " {themes}</p>
                                    <p class="card__meta">{if item.advisor.is_empty() { locale.t(T::Unclaimed).to_string() } else { locale.tf(T::ClaimedBy, &[("name", &item.advisor)]) }}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Transition>
    }
}

/// Start an application for a co-op after a phone call or an email; its contact is emailed a
/// link to claim it. Lists the ones started this way that are not claimed yet.
#[component]
fn OnBehalf() -> impl IntoView {
    let locale = use_locale();
    let start = ServerAction::<StartOnBehalf>::new();
    let error = submit_error(start);
    let mine = Resource::new(|| (), |_| started_on_behalf());
    let open = Signal::derive(move || error.get().is_some());
    view! {
        <details class="propose" open=open>
            <summary>{t(T::OnBehalfTitle)}</summary>
            <p>{t(T::OnBehalfIntro)}</p>
            <ErrorSummary error/>
            <ActionForm action=start attr:class="form" attr:novalidate=true>
                <TextInput id="behalf-org".into() name="org_name".into() label=T::FieldOrgName value=kept("behalf-org") error/>
                <TextInput id="behalf-email".into() name="contact_email".into() kind="email" label=T::FieldContactEmail value=kept("behalf-email") error/>
                <SelectInput id="behalf-channel".into() name="channel".into() label=T::FieldBehalfChannel
                    choices=&[("phone", T::ChannelPhone), ("email", T::ChannelEmail)] value="phone".into() error/>
                <SubmitButton label=T::OnBehalfButton/>
            </ActionForm>
        </details>
        <Transition fallback=|| ()>
            {move || mine.get().and_then(|r| r.ok()).filter(|l| !l.is_empty()).map(|list| view! {
                <h2>{t(T::OnBehalfList)}</h2>
                <ul class="cards">
                    {list.into_iter().map(|a| view! {
                        <li class="card" data-application=a.id>
                            <a href=format!("/apply/{}", a.id)>{a.org_name.clone()}</a>
                            " · " <span class=format!("tag tag--{}", a.status.as_str())>{locale.t(a.status.label())}</span>
                            " · " {t(T::NotClaimedYet)}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </Transition>
    }
}
