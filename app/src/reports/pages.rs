//! Report pages: a co-op's reports (and starting one), the report (its draft form, saving as
//! one types; or the report as written, with the advisor's comments and decision), the check
//! page before sending, and the advisors' queue. Only the draft form has an island (autosave).

use super::api::{
    CommentOnReport, DecideReport, PublishTemplate, SaveReport, StartFromSession, StartReport, SubmitReport, get_report, report_queue,
    report_templates, reports_of_coop, session_starts,
};
use super::model::{CoopReports, field, ReportSummary, ReportView, editable, status_class, status_label};
use super::template::{KIND_ACTIVITIES, KIND_CHOICE, KIND_EVIDENCE, KIND_NUMBER, Section};
use crate::files::{ACCEPT, size_label};
use crate::error::AppError;
use crate::i18n::{Locale, T, t, use_locale};
use crate::onboarding::pages::id_param;
use crate::ui::autosave::{Autosave, DraftTexts};
use crate::ui::forms::{ErrorSummary, SubmitButton, kept, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::{TextArea, TextInput, map_name, textarea_text};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

fn done() -> Option<String> {
    use_query_map().with_untracked(|q| q.get("done"))
}

/// Reports with their status, newest first.
#[component]
pub fn ReportList(reports: Vec<ReportSummary>, #[prop(optional)] with_coop: bool) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ul class="reports">
            {reports.into_iter().map(|r| view! {
                <li class="report-item" data-status=r.status.clone()>
                    <a href=format!("/reports/{}", r.id)><strong>{r.title.clone()}</strong></a> " "
                    <span class=status_class(&r.status)>{locale.t(status_label(&r.status))}</span>
                    <br/><span class="muted">
                        {with_coop.then(|| format!("{} · ", r.organisation_name))}
                        {match &r.submitted {
                            Some(w) => locale.tf(T::ReportSentOn, &[("when", &w.local)]),
                            None => locale.tf(T::ReportUpdatedOn, &[("when", &r.updated.local)]),
                        }}
                    </span>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// On the programme page and the profile: the co-op's reports with their status.
#[component]
pub fn ReportsLink(organisation_id: i64) -> impl IntoView {
    view! { <p><a class="button button--secondary" href=format!("/coops/{organisation_id}/reports")>{t(T::ReportsOpen)}</a></p> }
}

#[component]
pub fn CoopReportsPage() -> impl IntoView {
    let id = id_param();
    let data = Resource::new(move || id.get(), reports_of_coop);
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(c) => view! { <CoopReportsView c/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CoopReportsView(c: CoopReports) -> impl IntoView {
    let start = ServerAction::<StartReport>::new();
    let error = submit_error(start);
    let locale = use_locale();
    let org = c.organisation_id;
    view! {
        <p><a href=format!("/coops/{org}")>{c.organisation_name.clone()}</a> " · " <a href=format!("/coops/{org}/programme")>{t(T::ProgrammeTitle)}</a></p>
        <h1>{t(T::ReportsTitle)}</h1>
        {if c.reports.is_empty() {
            view! { <p>{t(T::ReportsNone)}</p> }.into_any()
        } else {
            view! { <ReportList reports=c.reports.clone()/> }.into_any()
        }}
        {c.can_write.then(|| view! {
            <h2 id="new-report">{t(T::ReportStartTitle)}</h2>
            <ErrorSummary error/>
            <ActionForm action=start attr:class="form" attr:novalidate=true>
                <input type="hidden" name="organisation_id" value=org/>
                <fieldset class="radios" id="template">
                    <legend class="field__label">{t(T::FieldReportTemplate)}</legend>
                    {move || error.with(|e| e.as_ref().and_then(|e| e.for_field("template"))).map(|m| view! { <p class="field__error">{locale.t(m)}</p> })}
                    {c.templates.iter().enumerate().map(|(i, (key, title))| {
                        let input_id = format!("template-{key}");
                        view! {
                            <div class="radio">
                                <input type="radio" id=input_id.clone() name="template" value=key.clone() checked=i == 0/>
                                <label for=input_id>{title.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label class="field__label" for="goal">{t(T::FieldReportGoal)}</label>
                    <select class="field__input" id="goal" name="goal">
                        <option value="">{t(T::WholeProgramme)}</option>
                        {c.goals.iter().map(|(id, title)| view! { <option value=id.to_string()>{title.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <SubmitButton label=T::ReportStartButton/>
            </ActionForm>
        })}
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let id = id_param();
    let report = Resource::new(move || id.get(), get_report);
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || report.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(r) if r.can_edit => view! { <ReportForm r/> }.into_any(),
                Ok(r) => view! { <ReportRead r/> }.into_any(),
            })}
        </Suspense>
    }
}

fn heading(r: &ReportView) -> impl IntoView + use<> {
    let locale = use_locale();
    view! {
        <p>
            <a href=format!("/coops/{}/reports", r.organisation_id)>{r.organisation_name.clone()}</a>
            {r.goal.clone().map(|(_, title)| view! { " · " {title} })}
        </p>
        <h1>{r.title.clone()}</h1>
        <p><span class=status_class(&r.status) data-testid="report-status">{locale.t(status_label(&r.status))}</span>
            {r.follows.clone().map(|(id, title)| view! { " " <span class="muted">{t(T::ReportFollowsUp)} " " <a href=format!("/reports/{id}")>{title}</a></span> })}
        </p>
    }
}

fn notice() -> Option<impl IntoView> {
    let text = match done()?.as_str() {
        "saved" => T::DraftSavedNotice,
        "submitted" => T::ReportSubmittedNotice,
        "comment" => T::CommentSaved,
        "decided" => T::ReportDecidedNotice,
        "files" => T::FilesAttached,
        "removed" => T::FileRemoved,
        _ => return None,
    };
    Some(view! { <p class="notice notice--success" role="status">{t(text)}</p> })
}

/// What an upload brought back in the address (`evidence::upload`): (the error, its section if
/// it belongs to one).
fn file_error() -> Option<(T, Option<String>)> {
    use_query_map().with_untracked(|q| {
        let error = match q.get("file_error")?.as_str() {
            "too_large" => T::ErrFileTooLarge,
            "type" => T::ErrFileType,
            "empty" => T::ErrFileEmpty,
            "not_editable" => T::ErrReportNotEditable,
            "answers" => T::ErrFileAnswersNotSaved,
            _ => T::ErrFileFailed,
        };
        Some((error, q.get("file_section")))
    })
}

/// A message in words, with the file size limit where it names one.
fn message_text(locale: Locale, message: T, max_bytes: i64) -> String {
    let mb = (max_bytes / 1_000_000).to_string();
    match message {
        T::ErrFileTooLarge | T::EvidenceHint => locale.tf(message, &[("mb", &mb)]),
        _ => locale.t(message).to_string(),
    }
}

/// A section's evidence files: each with its download and (while editable) a button that takes
/// it off, then the file chooser and its button. The buttons post the whole draft form as
/// multipart to the upload address, so what was typed travels with the file.
fn evidence_field(r: &ReportView, section: &Section, input_id: &str, described: Signal<String>, invalid: Signal<bool>, editable: bool) -> AnyView {
    let files: Vec<_> = r.files.iter().filter(|f| f.section == section.key).cloned().collect();
    let action = format!("/reports/{}/evidence", r.id);
    let list = if files.is_empty() {
        view! { <p class="muted" data-testid=format!("files-{}", section.key)>{t(T::EvidenceNone)}</p> }.into_any()
    } else {
        let action = action.clone();
        view! {
            <ul class="evidence-list" data-testid=format!("files-{}", section.key)>
                {files.into_iter().map(|f| view! {
                    <li>
                        <a href=format!("/evidence/{}", f.id)>{f.name.clone()}</a> " "
                        <span class="muted">{size_label(f.size)}</span>
                        {editable.then(|| view! {
                            " "
                            <button type="submit" class="button button--link" formaction=action.clone() formenctype="multipart/form-data" formmethod="post" formnovalidate=true name="remove" value=f.id.to_string()>
                                {t(T::RemoveFile)}<span class="visually-hidden">" " {f.name.clone()}</span>
                            </button>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        {list}
        {editable.then(|| view! {
            <div class="evidence-add">
                <input class="field__file" type="file" id=input_id.to_string() name=format!("evidence[{}]", section.key) accept=ACCEPT multiple=true
                    aria-describedby=described aria-invalid=move || invalid.get().then_some("true")/>
                <button type="submit" class="button button--secondary" formaction=action formenctype="multipart/form-data" formmethod="post" formnovalidate=true name="intent" value="upload">{t(T::AttachFiles)}</button>
            </div>
        })}
    }
    .into_any()
}

/// The advisor's comments on one section.
fn section_comments(r: &ReportView, key: &str) -> impl IntoView + use<> {
    let comments: Vec<_> = r.comments.iter().filter(|c| c.section == key).cloned().collect();
    (!comments.is_empty()).then(|| view! {
        <div class="report__comments" data-testid=format!("comments-{key}")>
            {comments.into_iter().map(|c| view! {
                <blockquote><p>{c.text}</p><footer class="muted">{c.by} " · " {c.when.local}</footer></blockquote>
            }).collect_view()}
        </div>
    })
}

fn activities_table(r: &ReportView, locale: Locale) -> impl IntoView + use<> {
    if r.activities.is_empty() {
        return view! { <p>{t(T::ActivitiesNone)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="report__activities">
                <thead><tr><th scope="col">{t(T::FieldActivityWhat)}</th><th scope="col">{t(T::FieldOwner)}</th><th scope="col">{t(T::FieldDueOn)}</th><th scope="col">{t(T::FieldActivityStatus)}</th></tr></thead>
                <tbody>
                    {r.activities.iter().map(|(what, owner, due, status)| view! {
                        <tr><td>{what.clone()}</td><td>{owner.clone()}</td><td>{due.clone()}</td><td>{locale.t(crate::programmes::status_label(status))}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn ReportForm(r: ReportView) -> impl IntoView {
    let save = ServerAction::<SaveReport>::new();
    let error = submit_error(save);
    let locale = use_locale();
    let id = r.id;
    let names: Vec<(String, String)> = r.template.sections.iter().map(|s| (field(&s.key), s.title.get(locale).to_string())).collect();
    let max_bytes = r.max_file_bytes;
    let changes = r.history.iter().rev().find(|e| e.to == super::model::CHANGES_REQUESTED).map(|e| e.message.clone()).filter(|_| r.status == super::model::CHANGES_REQUESTED);
    let sections = r.template.sections.iter().map(|s| {
                let input_id = field(&s.key);
                let hint_id = format!("{input_id}-hint");
                let error_id = format!("{input_id}-error");
                let from_upload = file_error().and_then(|(e, section)| (section.as_deref() == Some(s.key.as_str())).then_some(e));
                let message = { let f = input_id.clone(); Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.for_field(&f))).or(from_upload)) };
                let invalid = Signal::derive(move || message.get().is_some());
                let value = r.answers.get(&s.key).cloned().unwrap_or_default();
                let name = map_name(&s.key);
                let described = { let (h, e) = (hint_id.clone(), error_id.clone()); Signal::derive(move || if message.get().is_some() { format!("{h} {e}") } else { h.clone() }) };
                let input = match s.kind.as_str() {
                    KIND_ACTIVITIES => activities_table(&r, locale).into_any(),
                    KIND_EVIDENCE => evidence_field(&r, s, &input_id, described, invalid, true),
                    KIND_CHOICE => view! {
                        <div class="radios" role="radiogroup" id=input_id.clone() aria-labelledby=format!("{input_id}-title") aria-describedby=described tabindex="-1">
                            {s.options.iter().map(|(key, text)| {
                                let option_id = format!("{input_id}-{key}");
                                view! {
                                    <div class="radio">
                                        <input type="radio" id=option_id.clone() name=name.clone() value=key.clone() checked=*key == value/>
                                        <label for=option_id>{text.get(locale).to_string()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any(),
                    KIND_NUMBER => view! {
                        <input class="field__input field__input--short" id=input_id.clone() name=name.clone() type="text" inputmode="decimal" value=value
                            aria-describedby=described aria-invalid=move || invalid.get().then_some("true")/>
                        {s.unit.as_ref().map(|u| view! { " " <span>{u.get(locale).to_string()}</span> })}
                    }.into_any(),
                    _ => view! {
                        <textarea class="field__input field__textarea" id=input_id.clone() name=name.clone() rows=5
                            aria-describedby=described aria-invalid=move || invalid.get().then_some("true")>{textarea_text(value)}</textarea>
                    }.into_any(),
                };
                let label = if s.kind == KIND_ACTIVITIES || s.kind == KIND_CHOICE {
                    view! { <h2 class="field__label" id=format!("{input_id}-title")>{s.title.get(locale).to_string()}</h2> }.into_any()
                } else {
                    view! { <h2 class="field__label"><label for=input_id.clone()>{s.title.get(locale).to_string()}</label></h2> }.into_any()
                };
                view! {
                    <section class="field report__section" class:field--error=invalid>
                        {label}
                        <p class="field__hint" id=hint_id>{s.guidance.get(locale).to_string()}
                            {(s.kind == KIND_EVIDENCE).then(|| view! { " " {message_text(locale, T::EvidenceHint, max_bytes)} })}
                            {s.required.then(|| view! { " " <span class="muted">{t(T::Required)}</span> })}</p>
                        {section_comments(&r, &s.key)}
                        {move || message.get().map(|m| view! {
                            <p class="field__error" id=error_id.clone()><span class="visually-hidden">{t(T::ErrorPrefix)}</span>{message_text(locale, m, max_bytes)}</p>
                        })}
                        {input}
                    </section>
                }
    }).collect_view();
    let history = r.clone();
    // Where the tab keeps words the server has not confirmed yet.
    let draft_key = format!("cc-report-{id}");
    let upload_problem = file_error().map(|(e, section)| {
        let href = format!("#{}", section.map(|s| field(&s)).unwrap_or_else(|| "report-form".into()));
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2 class="error-summary__title">{t(T::ErrorSummaryTitle)}</h2>
                <ul><li><a href=href>{message_text(locale, e, max_bytes)}</a></li></ul>
            </div>
        }
    });
    view! {
        {heading(&r)}
        {notice()}
        {upload_problem}
        {changes.map(|m| view! {
            <div class="notice notice--warning" role="note">
                <p><strong>{t(T::ReportChangesAsked)}</strong></p>
                <blockquote>{m}</blockquote>
            </div>
        })}
        {move || (done().as_deref() == Some("newer")).then(|| view! { <p class="notice notice--warning" role="status">{t(T::ErrReportDraftNewer)}</p> })}
        <ErrorSummary error names/>
        <Autosave save_path=SaveReport::PATH.to_string() page_path=format!("/reports/{id}") draft_key=draft_key.clone() revision=r.revision texts=DraftTexts::new(locale)>
        <ActionForm action=save attr:novalidate=true attr:class="form report-form" attr:id="report-form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=r.template.id/>
            <input type="hidden" name="revision" value=r.revision/>
            <input type="hidden" name="writer" value=r.writer.clone()/>
            {sections}
            <div class="button-row">
                <button type="submit" class="button" name="intent" value="check">{t(T::ContinueToCheck)}</button>
                <button type="submit" class="button button--secondary" name="intent" value="save">{t(T::SaveDraft)}</button>
            </div>
        </ActionForm>
        </Autosave>
        <crate::ui::island::IslandScripts wake=crate::ui::island::Wake::OnFirstUse { kept_in_tab: draft_key.clone() }/>
        <ReportHistory r=history/>
    }
}

#[component]
fn ReportHistory(r: ReportView) -> impl IntoView {
    let locale = use_locale();
    view! {
        <details class="disclosure">
            <summary>{t(T::ReportHistoryTitle)}</summary>
            <ul data-testid="report-history">
                {r.history.iter().map(|e| view! {
                    <li>
                        <time datetime=e.when.iso.clone()>{e.when.local.clone()}</time> " · " {e.by.clone()} " · "
                        {locale.t(status_label(&e.to))}
                        {(!e.message.is_empty()).then(|| view! { ": " {e.message.clone()} })}
                    </li>
                }).collect_view()}
            </ul>
        </details>
    }
}

#[component]
pub fn ReportCheckPage() -> impl IntoView {
    let id = id_param();
    let report = Resource::new(move || id.get(), get_report);
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || report.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(r) if !r.can_edit => view! { <PageError error=AppError::Forbidden/> }.into_any(),
                Ok(r) => view! { <ReportCheck r/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ReportCheck(r: ReportView) -> impl IntoView {
    let submit = ServerAction::<SubmitReport>::new();
    let error = submit_error(submit);
    let locale = use_locale();
    let id = r.id;
    let names: Vec<(String, String)> = r.template.sections.iter().map(|s| (field(&s.key), s.title.get(locale).to_string())).collect();
    view! {
        {heading(&r)}
        <h2>{t(T::CheckTitle)}</h2>
        <ErrorSummary error names/>
        <dl class="summary report__answers">
            {r.template.sections.iter().filter(|s| s.kind != KIND_ACTIVITIES).map(|s| {
                let answer = if s.kind == KIND_EVIDENCE {
                    r.files.iter().filter(|f| f.section == s.key).map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
                } else {
                    r.answers.get(&s.key).map(|a| s.answer_text(a, locale)).unwrap_or_default()
                };
                view! {
                    <div>
                        <dt>{s.title.get(locale).to_string()}</dt>
                        <dd class="report__answer">{if answer.is_empty() { locale.t(T::NotAnswered).to_string() } else { answer }}</dd>
                        <dd class="summary__actions"><a class="summary__change" href=format!("/reports/{id}#{}", field(&s.key))>{t(T::Change)} <span class="visually-hidden">{s.title.get(locale).to_string()}</span></a></dd>
                    </div>
                }
            }).collect_view()}
        </dl>
        <p>{t(T::ReportSubmitHint)}</p>
        <ActionForm action=submit attr:class="form">
            <input type="hidden" name="id" value=id/>
            <SubmitButton label=T::ReportSubmitButton/>
        </ActionForm>
    }
}

#[component]
fn ReportRead(r: ReportView) -> impl IntoView {
    let locale = use_locale();
    let comment = ServerAction::<CommentOnReport>::new();
    let decide = ServerAction::<DecideReport>::new();
    let comment_error = submit_error(comment);
    let decide_error = submit_error(decide);
    let can_review = r.can_review;
    let id = r.id;
    view! {
        {heading(&r)}
        {notice()}
        {(r.status == super::model::ACCEPTED && !r.follow_up_on.is_empty()).then(|| view! {
            <p class="notice">{locale.tf(T::ReportFollowUpOn, &[("date", &r.follow_up_on)])}</p>
        })}
        {(editable(&r.status)).then(|| view! { <p class="notice">{t(T::ReportBeingWritten)}</p> })}
        <ErrorSummary error=comment_error/>
        {r.template.sections.iter().map(|s| {
            let answer = r.answers.get(&s.key).map(|a| s.answer_text(a, locale)).unwrap_or_default();
            let comment_id = format!("comment-{}", s.key);
            let (key, title) = (s.key.clone(), s.title.get(locale).to_string());
            // A comment refused (empty, too long) comes back in its own section's box.
            let typed = if comment_error.with_untracked(|e| e.as_ref().is_some_and(|e| e.for_field(&comment_id).is_some())) {
                kept("comment-text")
            } else {
                String::new()
            };
            view! {
                <section class="report__section" id=field(&s.key)>
                    <h2>{s.title.get(locale).to_string()}</h2>
                    {if s.kind == KIND_ACTIVITIES {
                        activities_table(&r, locale).into_any()
                    } else if s.kind == KIND_EVIDENCE {
                        evidence_field(&r, s, "", Signal::derive(String::new), Signal::derive(|| false), false)
                    } else if answer.is_empty() {
                        view! { <p class="muted">{t(T::NotAnswered)}</p> }.into_any()
                    } else {
                        view! { <p class="report__answer">{answer}</p> }.into_any()
                    }}
                    {section_comments(&r, &s.key)}
                    {can_review.then(move || view! {
                        <details class="disclosure">
                            <summary>{t(T::CommentOnSection)} <span class="visually-hidden">{title.clone()}</span></summary>
                            <ActionForm action=comment attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="section" value=key.clone()/>
                                <TextArea id=comment_id.clone() name="text".into() label=T::FieldComment rows=3 value=typed.clone() error=comment_error/>
                                <SubmitButton label=T::AddComment/>
                            </ActionForm>
                        </details>
                    })}
                </section>
            }
        }).collect_view()}
        {can_review.then(|| view! {
            <h2 id="decide">{t(T::ReportDecisionTitle)}</h2>
            <ErrorSummary error=decide_error/>
            <ActionForm action=decide attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=id/>
                <fieldset class="radios" id="decision">
                    <legend class="field__label">{t(T::ReportDecisionLegend)}</legend>
                    <div class="radio"><input type="radio" id="decision-accept" name="decision" value="accept" checked=kept("decision") == "accept"/><label for="decision-accept">{t(T::ReportAcceptChoice)}</label></div>
                    <div class="radio"><input type="radio" id="decision-changes" name="decision" value="changes" checked=kept("decision") == "changes"/><label for="decision-changes">{t(T::ReportChangesChoice)}</label></div>
                </fieldset>
                <TextArea id="reason".into() name="reason".into() label=T::FieldReportReason hint=T::FieldReportReasonHint value=kept("reason") rows=3 error=decide_error/>
                <TextInput id="follow_up_on".into() name="follow_up_on".into() kind="date" label=T::FieldFollowUpOn hint=T::FieldFollowUpOnHint value=kept("follow_up_on") error=decide_error/>
                <SubmitButton label=T::ReportDecideButton/>
            </ActionForm>
        })}
        <ReportHistory r=r.clone()/>
    }
}

/// The advisors' queue, a page at a time (`?page=N`, plain links: no JavaScript needed).
#[component]
pub fn ReportQueuePage() -> impl IntoView {
    let page = use_query_map().with_untracked(|q| q.get("page").and_then(|p| p.parse::<i64>().ok())).unwrap_or(1);
    let queue = Resource::new(move || page, report_queue);
    let locale = use_locale();
    view! {
        <h1>{t(T::ReportQueueTitle)}</h1>
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || queue.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(q) if q.reports.is_empty() => view! { <p>{t(T::ReportQueueEmpty)}</p> }.into_any(),
                Ok(q) => view! {
                    <p>{locale.tf(T::ReportQueueCount, &[("count", &q.waiting.to_string())])}</p>
                    <ReportList reports=q.reports with_coop=true/>
                    {(q.pages > 1).then(|| view! {
                        <nav class="pager" aria-label=t(T::ReportQueuePages)>
                            {(q.page > 1).then(|| view! { <a rel="prev" href=format!("/reports?page={}", q.page - 1)>{t(T::PagePrevious)}</a> })}
                            " "<span>{locale.tf(T::PageOf, &[("n", &q.page.to_string()), ("total", &q.pages.to_string())])}</span>" "
                            {(q.page < q.pages).then(|| view! { <a rel="next" href=format!("/reports?page={}", q.page + 1)>{t(T::PageNext)}</a> })}
                        </nav>
                    })}
                }.into_any(),
            })}
        </Suspense>
    }
}

/// On a meeting whose live session closed: start a report from it, for each co-op of the
/// circle whose programme the viewer changes.
#[component]
pub fn StartFromSessionForms(meeting_id: i64) -> impl IntoView {
    let coops = Resource::new(move || meeting_id, session_starts);
    let action = ServerAction::<StartFromSession>::new();
    let error = submit_error(action);
    let locale = use_locale();
    view! {
        <Suspense fallback=|| ()>
            {move || coops.get().and_then(|r| r.ok()).filter(|list| !list.is_empty()).map(|list| view! {
                <h2 id="report-from-session">{t(T::StartFromSessionTitle)}</h2>
                <p class="field__hint">{t(T::StartFromSessionHint)}</p>
                <ErrorSummary error/>
                {list.into_iter().map(|(id, name)| view! {
                    <ActionForm action attr:class="inline-form">
                        <input type="hidden" name="meeting_id" value=meeting_id/>
                        <input type="hidden" name="organisation_id" value=id/>
                        <button type="submit" class="button button--secondary">{locale.tf(T::StartFromSessionButton, &[("coop", &name)])}</button>
                    </ActionForm>
                }).collect_view()}
            })}
        </Suspense>
    }
}

/// The admin's editor of report templates: each template's newest version as JSON, published
/// as the next version.
#[component]
pub fn TemplatesPage() -> impl IntoView {
    let templates = Resource::new(|| (), |_| report_templates());
    let publish = ServerAction::<PublishTemplate>::new();
    let error = submit_error(publish);
    let locale = use_locale();
    view! {
        <h1>{t(T::TemplatesTitle)}</h1>
        {(done().as_deref() == Some("published")).then(|| view! { <p class="notice notice--success" role="status">{t(T::TemplatePublished)}</p> })}
        <p>{t(T::TemplatesIntro)}</p>
        <ErrorSummary error/>
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || templates.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(list) => list.into_iter().map(|tpl| {
                    let field = format!("template-{}", tpl.key);
                    let failed = error.with_untracked(|e| e.as_ref().is_some_and(|e| e.for_field(&field).is_some()));
                    let content = super::template::Content { title: tpl.title.clone(), sections: tpl.sections.clone() };
                    let json = if failed { kept("content") } else { serde_json::to_string_pretty(&content).unwrap_or_default() };
                    let (section_id, key) = (format!("t-{}", tpl.key), tpl.key.clone());
                    view! {
                        <section class="template" id=section_id>
                            <h2>{tpl.title.get(locale).to_string()} " " <span class="muted">{locale.tf(T::TemplateVersion, &[("version", &tpl.version.to_string())])}</span></h2>
                            <ActionForm action=publish attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="key" value=key.clone()/>
                                <TextArea id=field name="content".into() label=T::FieldTemplateJson value=json rows=16 error/>
                                <SubmitButton label=T::PublishTemplate/>
                            </ActionForm>
                        </section>
                    }
                }).collect_view().into_any(),
            })}
        </Suspense>
    }
}
