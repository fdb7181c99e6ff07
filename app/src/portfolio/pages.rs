//! Portfolio pages, plain HTML with forms that post (no island): the portfolio with its
//! choices and statements, and one page per export that refreshes itself while the bundle is
//! prepared (a `<meta http-equiv="refresh">`: progress without any script).

use super::api::{SavePortfolio, StartExport, SubmitSnapshot, get_export, get_portfolio};
use super::model::{
    DONE, ExportView, FAILED, Item, KIND_EVIDENCE, KIND_GOAL, KIND_MEETING, KIND_REPORT, KIND_SESSION, POSITION_MAX, PortfolioView, STATEMENT_MAX,
    item_field, statement_field,
};
use crate::i18n::{Locale, T, t, use_locale};
use crate::onboarding::pages::id_param;
use crate::ui::forms::{ErrorSummary, SubmitButton, kept, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::{FieldFrame, map_name, textarea_text};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// How often the export page reloads itself while the bundle is prepared.
const REFRESH_SECONDS: u32 = 2;

#[component]
pub fn PortfolioPage() -> impl IntoView {
    let id = id_param();
    let data = Resource::new(move || id.get(), get_portfolio);
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(p) => view! { <PortfolioBody p/> }.into_any(),
            })}
        </Suspense>
    }
}

/// A kept value after a failed post, or the stored one.
fn kept_or(field: &str, stored: String) -> String {
    let k = kept(field);
    if k.is_empty() { stored } else { k }
}

#[component]
fn PortfolioBody(p: PortfolioView) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SavePortfolio>::new();
    let error = submit_error(save);
    let export = ServerAction::<StartExport>::new();
    let export_error = submit_error(export);
    let submit_snapshot = ServerAction::<SubmitSnapshot>::new();
    let submit_snapshot_error = submit_error(submit_snapshot);
    let saved = use_query_map().with_untracked(|q| q.get("done").as_deref() == Some("saved"));
    let org = p.organisation_id;
    let can = p.can_curate;
    let groups: [(&str, T); 5] = [
        (KIND_GOAL, T::PortfolioGoals),
        (KIND_REPORT, T::PortfolioReports),
        (KIND_MEETING, T::PortfolioAttendance),
        (KIND_SESSION, T::PortfolioSessions),
        (KIND_EVIDENCE, T::PortfolioEvidence),
    ];
    let names: Vec<(String, String)> = p
        .items
        .iter()
        .map(|i| (item_field("place", &i.key), format!("{}: {}", locale.t(T::PortfolioOrder), i.title)))
        .chain(p.statements.iter().map(|s| (statement_field(s.goal_id), format!("{}: {}", locale.t(T::FieldStatement), s.title))))
        .collect();
    let statements = p.statements.clone();
    let sections = groups
        .into_iter()
        .filter_map(|(kind, heading)| {
            let items: Vec<Item> = p.items.iter().filter(|i| i.kind == kind).cloned().collect();
            (!items.is_empty()).then(|| {
                let statements = statements.clone();
                view! {
                    <fieldset class="portfolio-group" id=format!("part-{kind}")>
                        <legend><h2>{locale.t(heading)}</h2></legend>
                        <ul class="portfolio-items">
                            {items.into_iter().map(|item| {
                                let statement = (kind == KIND_GOAL).then(|| {
                                    let goal_id = super::model::split_key(&item.key).map(|(_, id)| id).unwrap_or(0);
                                    let text = statements.iter().find(|s| s.goal_id == goal_id).map(|s| s.text.clone()).unwrap_or_default();
                                    (goal_id, text)
                                });
                                view! { <ItemRow item statement can error/> }
                            }).collect_view()}
                        </ul>
                    </fieldset>
                }
            })
        })
        .collect_view();
    let empty = p.items.is_empty();
    view! {
        <p><a href=format!("/coops/{org}")>{p.organisation_name.clone()}</a> " · " <a href=format!("/coops/{org}/programme")>{t(T::ProgrammeTitle)}</a></p>
        <h1>{t(T::PortfolioTitle)}</h1>
        {saved.then(|| view! { <p class="notice notice--success" role="status">{t(T::PortfolioSaved)}</p> })}
        <p>{t(T::PortfolioIntro)}</p>
        <p class="field__hint">{t(T::PortfolioPrivacy)}</p>
        {if empty {
            view! { <p>{t(T::PortfolioEmpty)}</p> }.into_any()
        } else if can {
            view! {
                <ErrorSummary error names/>
                <ActionForm action=save attr:class="form portfolio" attr:novalidate=true>
                    <input type="hidden" name="organisation_id" value=org/>
                    {sections}
                    <SubmitButton label=T::SavePortfolio/>
                </ActionForm>
            }.into_any()
        } else {
            view! { <div class="portfolio">{sections}</div> }.into_any()
        }}
        <h2 id="accreditation">{t(T::AccreditationTitle)}</h2>
        <p>{t(T::AccreditationIntro)}</p>
        {(can && !empty).then(|| view! {
            <ErrorSummary error=submit_snapshot_error/>
            <ActionForm action=submit_snapshot attr:class="form">
                <input type="hidden" name="organisation_id" value=org/>
                <SubmitButton label=T::SubmitSnapshot/>
            </ActionForm>
        })}
        {(!p.snapshots.is_empty()).then(|| view! {
            <ul class="exports" data-testid="versions">
                {p.snapshots.iter().map(|v| view! {
                    <li><a href=format!("/coops/{org}/portfolio/versions/{}", v.number)>
                        {locale.tf(T::SnapshotLine, &[("number", &v.number.to_string()), ("when", &v.submitted.local), ("who", &v.by)])}
                    </a></li>
                }).collect_view()}
            </ul>
        })}
        <h2 id="export">{t(T::ExportTitle)}</h2>
        <p>{t(T::ExportIntro)}</p>
        {can.then(|| view! {
            <ErrorSummary error=export_error/>
            <ActionForm action=export attr:class="form">
                <input type="hidden" name="organisation_id" value=org/>
                <SubmitButton label=T::StartExport/>
            </ActionForm>
        })}
        {(!p.exports.is_empty()).then(|| view! {
            <h3>{t(T::ExportsEarlier)}</h3>
            <ExportList exports=p.exports.clone()/>
        })}
    }
}

/// Earlier exports, each a link to its page, with how it stands.
#[component]
pub fn ExportList(exports: Vec<ExportView>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ul class="exports" data-testid="exports">
            {exports.iter().map(|e| view! {
                <li>
                    <a href=e.page.clone()>
                        {e.version.map(|n| format!("{} · ", locale.tf(T::ExportOfVersion, &[("number", &n.to_string())])))}
                        {locale.tf(T::ExportAsked, &[("when", &e.asked.local), ("who", &e.by)])}
                    </a>
                    " — " {status_words(locale, e)}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// One item: its title and detail, and for a curator, whether it goes in and its place (and
/// for a goal, the reflective statement).
#[component]
fn ItemRow(item: Item, statement: Option<(i64, String)>, can: bool, error: Signal<Option<crate::error::AppError>>) -> impl IntoView {
    let in_id = item_field("in", &item.key);
    let place_id = item_field("place", &item.key);
    // After a failed post the box shows what was sent (absent = left out), else what is stored.
    let failed = !kept(&map_name(&place_id)).is_empty();
    let checked = if failed { !kept(&map_name(&in_id)).is_empty() } else { item.included };
    let place = kept_or(&map_name(&place_id), item.position.to_string());
    let statement_view = statement.map(|(goal_id, text)| {
        let id = statement_field(goal_id);
        let name = map_name(&id);
        let value = kept_or(&name, text);
        if can {
            view! {
                <FieldFrame id=id.clone() label=T::FieldStatement hint=Some(T::StatementHint) error input=move |described_by, invalid| view! {
                    <textarea class="field__input field__textarea" id=id name=name rows=4 maxlength=STATEMENT_MAX
                        aria-describedby=described_by aria-invalid=move || invalid.get().then_some("true")>{textarea_text(value)}</textarea>
                }/>
            }.into_any()
        } else if !value.is_empty() {
            view! { <p><strong>{t(T::FieldStatement)}</strong> " " {value}</p> }.into_any()
        } else {
            ().into_any()
        }
    });
    view! {
        <li class="portfolio-item" id=format!("item-{}", item.key.replace(':', "-"))>
            {if can {
                view! {
                    <div class="portfolio-item__choice">
                        <input type="checkbox" id=in_id.clone() name=map_name(&in_id) value="on" checked=checked/>
                        <label for=in_id>
                            <span class="visually-hidden">{t(T::PortfolioInclude)} ": "</span>
                            <strong>{item.title.clone()}</strong>
                        </label>
                    </div>
                    <p class="muted"><a href=item.link.clone()>{item.detail.clone()}</a></p>
                    <FieldFrame id=place_id.clone() label=T::PortfolioOrder hint=None error input=move |described_by, invalid| view! {
                        <input class="field__input field__input--short" type="number" inputmode="numeric" min="1" max=POSITION_MAX
                            id=place_id.clone() name=map_name(&place_id) value=place
                            aria-describedby=described_by aria-invalid=move || invalid.get().then_some("true")/>
                    }/>
                }.into_any()
            } else {
                view! {
                    <strong>{item.title.clone()}</strong>
                    " " <span class=if item.included { "tag tag--accepted" } else { "tag" }>{if item.included { t(T::PortfolioInclude) } else { "—" }}</span>
                    <p class="muted"><a href=item.link.clone()>{item.detail.clone()}</a></p>
                }.into_any()
            }}
            {statement_view}
        </li>
    }
}

fn status_words(locale: Locale, e: &ExportView) -> String {
    if e.expired {
        locale.t(T::ExportExpired).to_string()
    } else if e.status == DONE {
        locale.t(T::ExportDone).to_string()
    } else if e.status == FAILED {
        locale.t(T::ExportFailed).to_string()
    } else if e.items_total > 0 {
        locale.tf(T::ExportRunning, &[("done", &e.items_done.to_string()), ("total", &e.items_total.to_string())])
    } else {
        locale.t(T::ExportQueued).to_string()
    }
}

#[component]
pub fn ExportPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("item").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(|| (), move |_| get_export(id));
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(d) => view! { <ExportBody subject_name=d.subject_name e=d.export/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ExportBody(subject_name: String, e: ExportView) -> impl IntoView {
    let locale = use_locale();
    let pending = e.pending();
    // Where it was asked from: the co-op's portfolio (or one of its versions), or the person's
    // own record.
    let (trail, again) = match e.organisation_id {
        Some(org) => {
            let version = e.version.map(|n| view! {
                " · " <a href=format!("/coops/{org}/portfolio/versions/{n}")>{locale.tf(T::ExportOfVersion, &[("number", &n.to_string())])}</a>
            });
            let again = match e.version {
                Some(n) => format!("/coops/{org}/portfolio/versions/{n}#export"),
                None => format!("/coops/{org}/portfolio#export"),
            };
            (view! {
                <p><a href=format!("/coops/{org}")>{subject_name}</a> " · " <a href=format!("/coops/{org}/portfolio")>{t(T::PortfolioTitle)}</a> {version}</p>
            }.into_any(), again)
        }
        None => (view! { <p><a href="/account">{subject_name}</a> " · " <a href="/account/record">{t(T::RecordTitle)}</a></p> }.into_any(), "/account/record#export".to_string()),
    };
    view! {
        {pending.then(|| view! { <leptos_meta::Meta http_equiv="refresh" content=REFRESH_SECONDS.to_string()/> })}
        {trail}
        <h1>{t(T::ExportTitle)}</h1>
        <p class="muted">{locale.tf(T::ExportAsked, &[("when", &e.asked.local), ("who", &e.by)])}</p>
        <div role="status" data-testid="export-status">
            {pending.then(|| view! {
                <p class="progress">
                    <progress max=e.items_total.max(1) value=e.items_done></progress>
                    " " <span>{status_words(locale, &e)}</span>
                </p>
                <p class="field__hint">{t(T::ExportReloadHint)}</p>
            })}
            {(!pending).then(|| view! { <p><strong>{status_words(locale, &e)}</strong></p> })}
        </div>
        {(e.status == DONE && !e.expired).then(|| view! {
            <p><a class="button" href=format!("/portfolio/exports/{}/download", e.id) download="">
                {locale.tf(T::ExportDownload, &[("size", &crate::files::size_label(e.size))])}
            </a></p>
            {e.expires.clone().map(|w| view! { <p class="muted">{locale.tf(T::ExportAvailableUntil, &[("when", &w.local)])}</p> })}
        })}
        {(e.status == FAILED || e.expired).then(|| view! {
            <p><a class="button button--secondary" href=again>{t(T::ExportAgain)}</a></p>
        })}
    }
}
