//! A person's own learning record (`/account/record`): the circles they belong to and the
//! meetings and sessions they attended, gathered as the co-op's portfolio is, and exported the
//! same way (the same bundle, the same job, its own page per export). Plain HTML; the form posts.

use super::api::{StartRecordExport, get_record};
use super::model::RecordView;
use super::pages::ExportList;
use super::versions::DocumentView;
use crate::i18n::{T, t};
use crate::ui::forms::{ErrorSummary, SubmitButton, submit_error};
use crate::ui::guard::PageError;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn RecordPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_record());
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(r) => view! { <RecordBody r/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn RecordBody(r: RecordView) -> impl IntoView {
    let export = ServerAction::<StartRecordExport>::new();
    let error = submit_error(export);
    let evidence_href = |e: &super::document::Evidence| e.source.clone();
    view! {
        <p><a href="/account">{t(T::AccountTitle)}</a></p>
        <h1>{t(T::RecordTitle)}</h1>
        <p>{t(T::RecordIntro)}</p>
        <p class="field__hint">{t(T::RecordPrivacy)}</p>
        <h2 id="export">{t(T::ExportTitle)}</h2>
        <p>{t(T::RecordExportIntro)}</p>
        <ErrorSummary error/>
        <ActionForm action=export attr:class="form">
            <SubmitButton label=T::StartRecordExport/>
        </ActionForm>
        {(!r.exports.is_empty()).then(|| view! {
            <h3>{t(T::ExportsEarlier)}</h3>
            <ExportList exports=r.exports.clone()/>
        })}
        <DocumentView document=r.document evidence_href/>
    }
}
