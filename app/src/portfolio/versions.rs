//! Frozen versions of a portfolio: the version's page for the co-op (the content as frozen,
//! its share links, a form to send one, a button to withdraw one) and the page a share link
//! opens for its reader, without an account. Both plain HTML; the forms post.

use super::api::{ExportVersion, RevokeShare, ShareSnapshot, get_snapshot, open_shared};
use super::document::{Evidence, Portfolio};
use super::model::{SHARE_DAYS_DEFAULT, SHARE_DAYS_MAX, ShareView, SnapshotView};
use crate::i18n::{T, t, use_locale};
use crate::onboarding::pages::id_param;
use crate::ui::forms::{ErrorSummary, SubmitButton, kept, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::TextInput;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn VersionPage() -> impl IntoView {
    let id = id_param();
    let number = use_params_map().with_untracked(|p| p.get("item").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(move || id.get(), move |id| get_snapshot(id, number));
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(v) => view! { <VersionBody v/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn VersionBody(v: SnapshotView) -> impl IntoView {
    let locale = use_locale();
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let notice = match done.as_deref() {
        Some("submitted") => Some(locale.tf(T::SnapshotSubmitted, &[("number", &v.summary.number.to_string())])),
        Some("shared") => Some(locale.t(T::ShareSent).replace("{reader}", &v.shares.first().map(|s| s.reader.clone()).unwrap_or_default())),
        Some("revoked") => Some(locale.t(T::ShareRevoked).to_string()),
        _ => None,
    };
    let org = v.organisation_id;
    let number = v.summary.number;
    let share = ServerAction::<ShareSnapshot>::new();
    let error = submit_error(share);
    let export = ServerAction::<ExportVersion>::new();
    let export_error = submit_error(export);
    let evidence_href = move |e: &Evidence| e.source.clone();
    view! {
        <p><a href=format!("/coops/{org}")>{v.organisation_name.clone()}</a> " · " <a href=format!("/coops/{org}/portfolio")>{t(T::PortfolioTitle)}</a></p>
        <h1>{locale.tf(T::SnapshotTitle, &[("number", &number.to_string())])}</h1>
        {notice.map(|n| view! { <p class="notice notice--success" role="status">{n}</p> })}
        <p class="muted">{locale.tf(T::SnapshotLine, &[("number", &number.to_string()), ("when", &v.summary.submitted.local), ("who", &v.summary.by)])}</p>
        <p>{t(T::SnapshotFrozen)}</p>

        <h2 id="shares">{t(T::SharesTitle)}</h2>
        {v.shares.is_empty().then(|| view! { <p>{t(T::SharesNone)}</p> })}
        <ul class="exports" data-testid="shares">
            {v.shares.iter().map(|s| view! { <ShareItem s=s.clone() can=v.can_share/> }).collect_view()}
        </ul>
        {v.can_share.then(|| view! {
            <p>{t(T::ShareIntro)}</p>
            <ErrorSummary error names=vec![
                ("reader".to_string(), locale.t(T::FieldReader).to_string()),
                ("reader_email".to_string(), locale.t(T::FieldReaderEmail).to_string()),
                ("days".to_string(), locale.t(T::FieldShareDays).to_string()),
            ]/>
            <ActionForm action=share attr:class="form" attr:novalidate=true>
                <input type="hidden" name="organisation_id" value=org/>
                <input type="hidden" name="number" value=number/>
                <TextInput id="reader".into() name="reader".into() label=T::FieldReader value=kept("reader") error/>
                <TextInput id="reader_email".into() name="email".into() label=T::FieldReaderEmail value=kept("reader_email") kind="email" error/>
                <TextInput id="days".into() name="days".into() label=T::FieldShareDays kind="number" inputmode="numeric"
                    value={ let k = kept("days"); if k.is_empty() { SHARE_DAYS_DEFAULT.to_string() } else { k } } error/>
                <p class="field__hint">{format!("1–{SHARE_DAYS_MAX}")}</p>
                <SubmitButton label=T::ShareSend/>
            </ActionForm>
            <h2 id="export">{t(T::ExportVersion)}</h2>
            <p>{t(T::ExportVersionIntro)}</p>
            <ErrorSummary error=export_error/>
            <ActionForm action=export attr:class="form">
                <input type="hidden" name="organisation_id" value=org/>
                <input type="hidden" name="number" value=number/>
                <SubmitButton label=T::ExportVersion/>
            </ActionForm>
        })}

        <DocumentView document=v.document evidence_href/>
    }
}

#[component]
fn ShareItem(s: ShareView, can: bool) -> impl IntoView {
    let locale = use_locale();
    let revoke = ServerAction::<RevokeShare>::new();
    let state = if s.revoked {
        locale.t(T::ShareStatusRevoked).to_string()
    } else if s.expired {
        locale.t(T::ShareStatusExpired).to_string()
    } else {
        locale.tf(T::ShareStatus, &[("when", &s.expires.local), ("count", &s.opens.to_string())])
    };
    let live = !s.revoked && !s.expired;
    view! {
        <li>
            <strong>{s.reader.clone()}</strong> " (" {s.email.clone()} ") — " {state}
            {s.last_opened.clone().map(|w| view! { " · " {locale.tf(T::ShareLastOpened, &[("when", &w.local)])} })}
            {(can && live).then(|| view! {
                <ActionForm action=revoke attr:class="inline-form">
                    <input type="hidden" name="id" value=s.id/>
                    <button type="submit" class="button--link">{t(T::ShareRevoke)} <span class="visually-hidden">{": "}{s.reader.clone()}</span></button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
pub fn SharedPage() -> impl IntoView {
    let token = crate::ui::link_page::token_param();
    let data = Resource::new(|| (), move |_| open_shared(token.clone()));
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Err(crate::error::AppError::NotFound) => {
                    crate::ui::guard::set_status(404);
                    view! { <h1>{t(T::PortfolioTitle)}</h1><p>{t(T::SharedGone)}</p> }.into_any()
                }
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(s) => {
                    let locale = use_locale();
                    let token = crate::ui::link_page::token_param();
                    let evidence_href = move |e: &Evidence| format!("/shared/evidence/{}?token={token}", e.id.trim_start_matches("evidence:"));
                    view! {
                        <p class="notice" role="note">{locale.tf(T::SharedBanner, &[("reader", &s.reader), ("organisation", &s.organisation_name), ("when", &s.expires.local)])}</p>
                        <h1>{locale.tf(T::PortfolioOf, &[("name", &s.organisation_name)])}</h1>
                        <DocumentView document=s.document evidence_href/>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// A portfolio document, read-only: the same parts as the PDF and the bundle's web page (a
/// person's record has no goals, reports or files).
#[component]
pub fn DocumentView<F>(document: Portfolio, evidence_href: F) -> impl IntoView
where
    F: Fn(&Evidence) -> String + 'static,
{
    let locale = use_locale();
    let none = move || view! { <p>{locale.t(T::PdfNone)}</p> };
    let p = document;
    let files = p.evidence.clone();
    let file_link = move |id: &str| files.iter().find(|e| e.id == id).map(|e| (evidence_href(e), e.name.clone()));
    let record = p.is_record();
    let circles = view! {
        <h2>{t(T::PortfolioCircles)}</h2>
        {p.circles.is_empty().then(none)}
        <ul>
            {p.circles.iter().map(|c| view! {
                <li>
                    <a href=c.source.clone()>{c.name.clone()}</a>
                    {(!c.theme.is_empty()).then(|| format!(" — {}", c.theme))}
                    {(!c.joined_on.is_empty()).then(|| view! { <span class="muted">{format!(" · {} {}", locale.t(T::PdfJoined), c.joined_on)}</span> })}
                </li>
            }).collect_view()}
        </ul>
    };
    let work = (!record).then(|| view! {
            <h2>{t(T::PortfolioGoals)}</h2>
            {p.goals.is_empty().then(none)}
            {p.goals.iter().map(|g| view! {
                <article class="goal">
                    <h3>{g.title.clone()}</h3>
                    {(!g.issues.is_empty()).then(|| view! { <p class="goal__issues"><strong>{t(T::PdfIssues)}</strong> " " {g.issues.join(" · ")}</p> })}
                    <dl class="summary">
                        <div><dt>{t(T::FieldOutcome)}</dt><dd>{g.outcome.clone()}</dd></div>
                        {(!g.measure.is_empty()).then(|| view! { <div><dt>{t(T::PdfMeasure)}</dt><dd>{g.measure.clone()}</dd></div> })}
                    </dl>
                    {(!g.statement.is_empty()).then(|| view! { <h4>{t(T::PdfStatement)}</h4><p class="report__answer">{g.statement.clone()}</p> })}
                    <h4>{t(T::PdfActivitiesDone)}</h4>
                    {g.activities.is_empty().then(none)}
                    <ul>{g.activities.iter().map(|a| view! { <li>{a.what.clone()} <span class="muted">{format!(" {} {}", a.owner, a.due_on)}</span></li> }).collect_view()}</ul>
                </article>
            }).collect_view()}
            <h2>{t(T::PortfolioReports)}</h2>
            {p.reports.is_empty().then(none)}
            {p.reports.iter().map(|r| view! {
                <article class="report__section">
                    <h3>{r.title.clone()}</h3>
                    <p class="muted">{r.template.clone()} " · " {t(T::PdfAcceptedOn)} " " {r.accepted_at.get(..10).unwrap_or_default().to_string()}</p>
                    {r.sections.iter().map(|s| view! {
                        <h4>{s.title.clone()}</h4>
                        <p class="report__answer">{s.text.clone()}</p>
                        {(!s.evidence.is_empty()).then(|| view! {
                            <ul class="evidence-list">
                                {s.evidence.iter().filter_map(|id| file_link(id)).map(|(href, name)| view! { <li><a href=href>{name}</a></li> }).collect_view()}
                            </ul>
                        })}
                    }).collect_view()}
                </article>
            }).collect_view()}
    });
    view! {
        <section class="frozen" aria-label=locale.t(if record { T::RecordTitle } else { T::PortfolioTitle })>
            {work}
            {circles}
            <h2>{t(T::PortfolioAttendance)}</h2>
            {p.attendance.is_empty().then(none)}
            <ul>
                {p.attendance.iter().map(|m| {
                    let mut present = m.present.join(", ");
                    if m.others_present > 0 {
                        present = format!("{present}; {}", locale.tf(T::PdfOthersPresent, &[("count", &m.others_present.to_string())]));
                    }
                    view! { <li><strong>{m.title.clone()}</strong> " (" {m.circle.clone()} ", " {m.starts_at.get(..10).unwrap_or_default().to_string()} ") — " {present}</li> }
                }).collect_view()}
            </ul>
            <h2>{t(T::PortfolioSessions)}</h2>
            {p.sessions.is_empty().then(none)}
            {p.sessions.iter().map(|s| view! {
                <article>
                    <h3>{s.title.clone()}</h3>
                    {(!s.actions.is_empty()).then(|| view! { <h4>{t(T::PdfActions)}</h4><ul>{s.actions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul> })}
                    {s.polls.iter().map(|poll| view! {
                        <p><strong>{poll.question.clone()}</strong></p>
                        <ul>{poll.results.iter().map(|o| view! { <li>{format!("{}: {}", o.option, o.votes)}</li> }).collect_view()}</ul>
                    }).collect_view()}
                </article>
            }).collect_view()}
        </section>
    }
}
