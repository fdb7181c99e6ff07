//! Programme pages, all plain HTML with forms that post (no island): the programme, and one
//! page each to add or change a goal, add or change an activity, and decide on a proposal.

use super::api::{AcceptProposal, CommentOnProgramme, DropProposal, SaveActivity, SaveGoal, SetReminders, get_programme, my_reminders};
use super::model::{ACTIVITIES_SHOWN, Activity, Goal, OWNER_CIRCLE, OWNER_SPECIALIST, Programme, Progress, Proposal, REMINDER_MODES, STATUSES, event_label, status_label};
use crate::error::AppError;
use crate::i18n::{Locale, T, t, use_locale};
use crate::onboarding::pages::id_param;
use crate::ui::forms::{ErrorSummary, SubmitButton, kept, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::{FieldFrame, SelectInput, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The second id in the address (`/coops/:id/programme/goals/:item`); 0 for "new".
fn item_param() -> i64 {
    use_params_map().with_untracked(|p| p.get("item").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
}

/// Load the programme and show `body` with it (or the page's error).
fn with_programme<V: IntoView + 'static>(first: bool, body: impl Fn(Programme) -> V + Send + Sync + 'static) -> impl IntoView {
    let id = id_param();
    // `?all=1`: the whole history of changes, not only the latest.
    let all = use_query_map().with_untracked(|q| q.get("all").as_deref() == Some("1"));
    // The programme page lists the first activities of each goal (`?goal=N`: all of that one);
    // the pages that change a goal or an activity get them all.
    let goal = use_query_map().with_untracked(|q| q.get("goal").and_then(|v| v.parse::<i64>().ok()));
    let programme = Resource::new(move || id.get(), move |id| get_programme(id, all, first, goal));
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || programme.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(p) => body(p).into_any(),
            })}
        </Suspense>
    }
}

/// "3 of 5 done · 1 overdue"
fn progress_text(locale: Locale, p: Progress) -> String {
    let mut text = locale.tf(T::ProgressDone, &[("done", &p.done.to_string()), ("total", &p.total.to_string())]);
    if p.overdue > 0 {
        text.push_str(" · ");
        text.push_str(&locale.tf(T::ProgressOverdue, &[("count", &p.overdue.to_string())]));
    }
    text
}

#[component]
fn ProgressBar(progress: Progress) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="progress">
            <progress max=progress.total.max(1) value=progress.done aria-hidden="true"></progress>
            " " <span>{progress_text(locale, progress)}</span>
        </p>
    }
}

/// The programme's place on a co-op's profile: progress and a link.
#[component]
pub fn ProgrammeSummary(organisation_id: i64, progress: Progress, waiting: i64) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2 id="programme">{t(T::ProgrammeTitle)}</h2>
        {if progress.total == 0 {
            view! { <p>{t(T::ProgrammeEmpty)}</p> }.into_any()
        } else {
            view! { <ProgressBar progress/> }.into_any()
        }}
        {(waiting > 0).then(|| view! { <p>{locale.tf(T::ProposalsWaiting, &[("count", &waiting.to_string())])}</p> })}
        <p><a class="button button--secondary" href=format!("/coops/{organisation_id}/programme")>{t(T::OpenProgramme)}</a></p>
        <crate::reports::pages::ReportsLink organisation_id/>
        <p><a class="button button--secondary" href=format!("/coops/{organisation_id}/portfolio")>{t(T::OpenPortfolio)}</a></p>
    }
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    with_programme(true, |p| view! { <ProgrammeView p/> })
}

#[component]
fn ProgrammeView(p: Programme) -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let done = query.with_untracked(|q| q.get("done"));
    let notice = done.and_then(|d| match d.as_str() {
        "goal" => Some(T::GoalSaved),
        "activity" => Some(T::ActivitySaved),
        "accepted" => Some(T::ProposalAcceptedNotice),
        "dropped" => Some(T::ProposalDroppedNotice),
        "comment" => Some(T::CommentSaved),
        _ => None,
    });
    let org = p.organisation_id;
    let base = format!("/coops/{org}/programme");
    let can_edit = p.can_edit;
    view! {
        <p><a href=format!("/coops/{org}")>{p.organisation_name.clone()}</a></p>
        <h1>{t(T::ProgrammeTitle)}</h1>
        {notice.map(|n| view! { <p class="notice notice--success" role="status">{t(n)}</p> })}
        <p>{t(T::ProgrammeIntro)}</p>
        <ProgressBar progress=p.progress/>
        <crate::reports::pages::ReportsLink organisation_id=org/>

        {(!p.proposals.is_empty()).then(|| view! {
            <h2 id="proposals">{locale.tf(T::ProposalsTitle, &[("count", &p.proposals.len().to_string())])}</h2>
            <p class="field__hint">{t(T::ProposalsHint)}</p>
            <ul class="proposals" data-testid="proposals">
                {p.proposals.iter().map(|pr| view! { <ProposalItem pr=pr.clone() base=base.clone() can_edit/> }).collect_view()}
            </ul>
        })}

        <h2 id="goals">{t(T::GoalsTitle)}</h2>
        {p.goals.is_empty().then(|| view! { <p>{t(T::GoalsNone)}</p> })}
        {p.goals.iter().map(|g| view! { <GoalSection g=g.clone() base=base.clone() can_edit/> }).collect_view()}
        {can_edit.then(|| view! { <p><a class="button" href=format!("{base}/goals/new")>{t(T::AddGoal)}</a></p> })}

        <Comments p=p.clone()/>

        {(!p.decided.is_empty()).then(|| view! {
            <details class="disclosure">
                <summary>{t(T::ProposalsDecided)}</summary>
                <ul>
                    {p.decided.iter().map(|pr| view! {
                        <li>
                            <strong>{pr.what.clone()}</strong> " — "
                            {if pr.status == "accepted" {
                                view! { <span class="tag tag--accepted">{t(T::ProposalAccepted)}</span> }.into_any()
                            } else {
                                view! { <span class="tag tag--declined">{t(T::ProposalDropped)}</span> " " <span>{pr.reason.clone()}</span> }.into_any()
                            }}
                        </li>
                    }).collect_view()}
                </ul>
            </details>
        })}

        <details class="disclosure" id="history" open=query.with_untracked(|q| q.get("all").is_some())>
            <summary>{t(T::ProgrammeHistoryTitle)}</summary>
            {p.history.is_empty().then(|| view! { <p>{t(T::HistoryNone)}</p> })}
            <ul data-testid="history">
                {p.history.iter().map(|e| {
                    let detail = if e.kind == "status" {
                        let (status, reason) = e.detail.split_once('|').unwrap_or((&e.detail, ""));
                        let mut words = locale.t(status_label(status)).to_string();
                        if !reason.is_empty() {
                            words = format!("{words}: {reason}");
                        }
                        words
                    } else {
                        e.detail.clone()
                    };
                    view! {
                        <li>
                            <time datetime=e.when.iso.clone()>{e.when.local.clone()}</time> " · " {e.by.clone()} " · "
                            {locale.t(event_label(&e.kind))} " — " <strong>{e.subject.clone()}</strong>
                            {(!detail.is_empty()).then(|| view! { ": " {detail} })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {p.history_more.then(|| view! { <p><a href=format!("{base}?all=1#history")>{t(T::HistoryAll)}</a></p> })}
        </details>
    }
}

#[component]
fn ProposalItem(pr: Proposal, base: String, can_edit: bool) -> impl IntoView {
    let locale = use_locale();
    let said: Vec<String> = [pr.who.clone(), pr.due.clone()].into_iter().filter(|x| !x.is_empty()).collect();
    view! {
        <li class="proposal" id=format!("proposal-{}", pr.id)>
            <strong>{pr.what.clone()}</strong>
            {(!said.is_empty()).then(|| view! { <br/><span class="muted">{said.join(" · ")}</span> })}
            {pr.meeting.clone().map(|(id, title)| view! {
                <br/><span class="muted">{t(T::ProposedIn)} " " <a href=format!("/meetings/{id}")>{title}</a></span>
            })}
            <br/><span class="muted">{locale.tf(T::ProposedOn, &[("when", &pr.proposed.local)])}</span>
            {can_edit.then(|| view! {
                <br/><a class="button button--secondary" href=format!("{base}/proposals/{}", pr.id)>{t(T::DecideProposal)}</a>
            })}
        </li>
    }
}

#[component]
fn GoalSection(g: Goal, base: String, can_edit: bool) -> impl IntoView {
    let locale = use_locale();
    // A long goal shows its first activities, those still to do first, and a link to the rest
    // (`?goal=N`): a phone need not load and scroll hundreds to find what is next.
    let expanded = use_query_map().with_untracked(|q| q.get("goal").and_then(|v| v.parse::<i64>().ok())) == Some(g.id);
    let count = g.activity_count.max(0) as usize;
    let shown: Vec<Activity> = if count > ACTIVITIES_SHOWN && !expanded {
        let open = |a: &&Activity| matches!(a.status.as_str(), "planned" | "in_progress");
        g.activities.iter().filter(open).chain(g.activities.iter().filter(|a| !open(a))).take(ACTIVITIES_SHOWN).cloned().collect()
    } else {
        g.activities.clone()
    };
    let more = (shown.len() < count).then(|| {
        let counts = [("shown", shown.len().to_string()), ("count", count.to_string())];
        let args: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        view! {
            <p class="goal__more">{locale.tf(T::ActivitiesShownOf, &args)} " "
                <a href=format!("{base}?goal={}#goal-{}", g.id, g.id) data-testid="all-activities">{locale.tf(T::ActivitiesShowAll, &args)}</a></p>
        }
    });
    view! {
        <section class="goal" id=format!("goal-{}", g.id) aria-labelledby=format!("goal-{}-title", g.id)>
            <h3 id=format!("goal-{}-title", g.id)>{g.title.clone()}</h3>
            {(!g.issues.is_empty()).then(|| view! {
                <p class="goal__issues"><strong>{t(T::GoalAnswers)}</strong> " "
                    {g.issues.iter().map(|(_, text)| text.clone()).collect::<Vec<_>>().join(" · ")}</p>
            })}
            <dl class="summary">
                <div><dt>{t(T::FieldOutcome)}</dt><dd>{g.outcome.clone()}</dd></div>
                {(!g.measure.is_empty()).then(|| view! { <div><dt>{t(T::FieldMeasure)}</dt><dd>{g.measure.clone()}</dd></div> })}
                {g.circle.clone().map(|(id, name)| view! { <div><dt>{t(T::FieldGoalCircle)}</dt><dd><a href=format!("/circles/{id}")>{name}</a></dd></div> })}
            </dl>
            <ProgressBar progress=g.progress/>
            {if g.activities.is_empty() {
                view! { <p>{t(T::ActivitiesNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="activities">
                        {shown.into_iter().map(|a| view! { <ActivityItem a base=base.clone() can_edit locale/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {more}
            {can_edit.then(|| view! {
                <p class="goal__actions">
                    <a class="button button--secondary" href=format!("{base}/activities/new?goal={}", g.id)>{t(T::AddActivity)}</a>
                    " " <a href=format!("{base}/goals/{}", g.id)>{t(T::ChangeGoal)}</a>
                </p>
            })}
        </section>
    }
}

#[component]
fn ActivityItem(a: Activity, base: String, can_edit: bool, locale: Locale) -> impl IntoView {
    let mut when = Vec::new();
    if !a.starts_on.is_empty() {
        when.push(locale.tf(T::ActivityStarts, &[("date", &a.starts_on)]));
    }
    if !a.due_on.is_empty() {
        when.push(locale.tf(T::ActivityDue, &[("date", &a.due_on)]));
    }
    let status_class = match a.status.as_str() {
        "done" => "tag tag--accepted",
        "dropped" => "tag tag--declined",
        "in_progress" => "tag tag--pending",
        _ => "tag",
    };
    view! {
        <li class="activity" id=format!("activity-{}", a.id) data-status=a.status.clone()>
            <strong>{a.what.clone()}</strong> " "
            <span class=status_class>{locale.t(status_label(&a.status))}</span>
            {a.overdue.then(|| view! { " " <span class="tag tag--declined">{t(T::Overdue)}</span> })}
            <br/><span class="muted">{[a.owner.clone()].into_iter().chain(when).collect::<Vec<_>>().join(" · ")}</span>
            {(!a.drop_reason.is_empty()).then(|| view! { <br/><span>{t(T::DroppedBecause)} " " {a.drop_reason.clone()}</span> })}
            {(!a.note.is_empty()).then(|| view! { <p class="activity__note">{a.note.clone()}</p> })}
            {a.source.clone().map(|(id, title)| view! {
                <br/><span class="muted">{t(T::ProposedIn)} " " <a href=format!("/meetings/{id}")>{title}</a></span>
            })}
            {can_edit.then(|| view! { <br/><a href=format!("{base}/activities/{}", a.id)>{t(T::UpdateActivity)} <span class="visually-hidden">{": "}{a.what.clone()}</span></a> })}
        </li>
    }
}

#[component]
fn Comments(p: Programme) -> impl IntoView {
    let comment = ServerAction::<CommentOnProgramme>::new();
    let error = submit_error(comment);
    let goals: Vec<(i64, String)> = p.goals.iter().map(|g| (g.id, g.title.clone())).collect();
    let show = !p.comments.is_empty() || p.can_comment;
    show.then(|| view! {
        <h2 id="comments">{t(T::CommentsTitle)}</h2>
        {p.comments.is_empty().then(|| view! { <p>{t(T::CommentsNone)}</p> })}
        <ul class="comments" data-testid="comments">
            {p.comments.iter().map(|c| view! {
                <li><blockquote>{c.detail.clone()}</blockquote>
                    <span class="muted">{c.by.clone()} " · " <time datetime=c.when.iso.clone()>{c.when.local.clone()}</time></span></li>
            }).collect_view()}
        </ul>
        {p.can_comment.then(|| view! {
            <ErrorSummary error/>
            <ActionForm action=comment attr:class="form" attr:novalidate=true>
                <input type="hidden" name="organisation_id" value=p.organisation_id/>
                <GoalSelect id="goal" name="goal" label=T::FieldCommentGoal goals=goals.clone() value=kept("goal") empty=T::WholeProgramme error/>
                <TextArea id="text".into() name="text".into() label=T::FieldComment value=kept("text") rows=3 error/>
                <SubmitButton label=T::AddComment/>
            </ActionForm>
        })}
    })
}

/// A select of the programme's goals.
#[component]
fn GoalSelect(
    id: &'static str,
    name: &'static str,
    label: T,
    goals: Vec<(i64, String)>,
    value: String,
    #[prop(default = T::ChooseOne)] empty: T,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <FieldFrame id=id.to_string() label hint=None error input=move |described_by, invalid| view! {
            <select class="field__input" id=id name=name aria-describedby=described_by aria-invalid=move || invalid.get().then_some("true")>
                <option value="">{locale.t(empty)}</option>
                {goals.iter().map(|(gid, title)| {
                    let v = gid.to_string();
                    view! { <option value=v.clone() selected=v == value>{title.clone()}</option> }
                }).collect_view()}
            </select>
        }/>
    }
}

/// Who carries an activity out: one of the co-op's people, the circle, or a specialist
/// (named in the next field).
#[component]
fn OwnerSelect(people: Vec<(i64, String)>, value: String, error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <FieldFrame id="owner".to_string() label=T::FieldOwner hint=None error input=move |described_by, invalid| view! {
            <select class="field__input" id="owner" name="owner" aria-describedby=described_by aria-invalid=move || invalid.get().then_some("true")>
                <option value="">{locale.t(T::ChooseOne)}</option>
                <optgroup label=locale.t(T::OwnerPeople)>
                    {people.iter().map(|(id, name)| {
                        let v = format!("person:{id}");
                        view! { <option value=v.clone() selected=v == value>{name.clone()}</option> }
                    }).collect_view()}
                </optgroup>
                <option value=OWNER_CIRCLE selected=value == OWNER_CIRCLE>{locale.t(T::OwnerCircle)}</option>
                <option value=OWNER_SPECIALIST selected=value == OWNER_SPECIALIST>{locale.t(T::OwnerSpecialist)}</option>
            </select>
        }/>
    }
}

/// The value the owner select starts at for an activity.
fn owner_value(a: &Activity) -> String {
    match (a.owner_kind.as_str(), a.owner_user_id) {
        ("person", Some(id)) => format!("person:{id}"),
        ("person", None) => String::new(),
        (kind, _) => kind.to_string(),
    }
}

fn or_kept(field: &str, value: &str) -> String {
    let k = kept(field);
    if k.is_empty() { value.to_string() } else { k }
}

fn back_link(p: &Programme) -> impl IntoView + use<> {
    view! { <p><a href=format!("/coops/{}/programme", p.organisation_id)>{t(T::BackToProgramme)}</a> " · " {p.organisation_name.clone()}</p> }
}

#[component]
pub fn GoalPage() -> impl IntoView {
    let item = item_param();
    with_programme(false, move |p| {
        let goal = p.goal(item).cloned();
        match (p.can_edit, item == 0 || goal.is_some()) {
            (false, _) => view! { <PageError error=AppError::Forbidden/> }.into_any(),
            (_, false) => view! { <PageError error=AppError::NotFound/> }.into_any(),
            _ => view! { <GoalForm p=p.clone() goal/> }.into_any(),
        }
    })
}

#[component]
fn GoalForm(p: Programme, goal: Option<Goal>) -> impl IntoView {
    let save = ServerAction::<SaveGoal>::new();
    let error = submit_error(save);
    let id = goal.as_ref().map(|g| g.id).unwrap_or(0);
    let g = goal.clone();
    let get = move |f: fn(&Goal) -> String| g.as_ref().map(f).unwrap_or_default();
    let ticked = kept("issues");
    let chosen: Vec<String> = if ticked.is_empty() {
        goal.as_ref().map(|g| g.issues.iter().map(|(k, _)| k.clone()).collect()).unwrap_or_default()
    } else {
        ticked.split_whitespace().map(str::to_string).collect()
    };
    let circle = or_kept("circle", &goal.as_ref().and_then(|g| g.circle.as_ref()).map(|(id, _)| id.to_string()).unwrap_or_default());
    let circles = p.choices.circles.clone();
    view! {
        {back_link(&p)}
        <h1>{if goal.is_some() { t(T::ChangeGoal) } else { t(T::AddGoal) }}</h1>
        <ErrorSummary error/>
        <ActionForm action=save attr:class="form" attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=p.organisation_id/>
            <input type="hidden" name="id" value=id/>
            <TextInput id="title".into() name="title".into() label=T::FieldGoalTitle hint=T::FieldGoalTitleHint value=or_kept("title", &get(|g| g.title.clone())) error/>
            <FieldFrame id="issues".to_string() label=T::FieldGoalIssues hint=Some(T::FieldGoalIssuesHint) error input=move |described_by, _| view! {
                <div class="checkboxes" role="group" aria-describedby=described_by>
                    {p.choices.issues.is_empty().then(|| view! { <p>{t(T::GoalNoIssues)}</p> })}
                    {p.choices.issues.iter().map(|(key, text)| {
                        let input_id = format!("issue-{key}");
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=input_id.clone() name=format!("issues[{key}]") value="on" checked=chosen.contains(key)/>
                                <label for=input_id>{text.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }/>
            <TextArea id="outcome".into() name="outcome".into() label=T::FieldOutcome hint=T::FieldOutcomeHint value=or_kept("outcome", &get(|g| g.outcome.clone())) rows=3 error/>
            <TextInput id="measure".into() name="measure".into() label=T::FieldMeasure hint=T::FieldMeasureHint value=or_kept("measure", &get(|g| g.measure.clone())) error/>
            <GoalCircleSelect circles value=circle error/>
            <SubmitButton label=T::SaveGoal/>
        </ActionForm>
    }
}

#[component]
fn GoalCircleSelect(circles: Vec<(i64, String)>, value: String, error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <FieldFrame id="circle".to_string() label=T::FieldGoalCircle hint=None error input=move |described_by, invalid| view! {
            <select class="field__input" id="circle" name="circle" aria-describedby=described_by aria-invalid=move || invalid.get().then_some("true")>
                <option value="">{locale.t(T::NoCircleChoice)}</option>
                {circles.iter().map(|(id, name)| {
                    let v = id.to_string();
                    view! { <option value=v.clone() selected=v == value>{name.clone()}</option> }
                }).collect_view()}
            </select>
        }/>
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let item = item_param();
    let goal = use_query_map().with_untracked(|q| q.get("goal")).unwrap_or_default();
    with_programme(false, move |p| {
        let activity = p.activity(item).cloned();
        match (p.can_edit, item == 0 || activity.is_some()) {
            (false, _) => view! { <PageError error=AppError::Forbidden/> }.into_any(),
            (_, false) => view! { <PageError error=AppError::NotFound/> }.into_any(),
            _ => view! { <ActivityForm p=p.clone() activity goal=goal.clone()/> }.into_any(),
        }
    })
}

#[component]
fn ActivityForm(p: Programme, activity: Option<Activity>, goal: String) -> impl IntoView {
    let save = ServerAction::<SaveActivity>::new();
    let error = submit_error(save);
    let id = activity.as_ref().map(|a| a.id).unwrap_or(0);
    let a = activity.clone();
    let get = move |f: fn(&Activity) -> String| a.as_ref().map(f).unwrap_or_default();
    let goal = or_kept("goal", &activity.as_ref().map(|a| a.goal_id.to_string()).unwrap_or(goal));
    let goals: Vec<(i64, String)> = p.goals.iter().map(|g| (g.id, g.title.clone())).collect();
    let status = or_kept("status", &activity.as_ref().map(|a| a.status.clone()).unwrap_or_else(|| "planned".into()));
    view! {
        {back_link(&p)}
        <h1>{if activity.is_some() { t(T::UpdateActivity) } else { t(T::AddActivity) }}</h1>
        <ErrorSummary error/>
        <ActionForm action=save attr:class="form" attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=p.organisation_id/>
            <input type="hidden" name="id" value=id/>
            <GoalSelect id="goal" name="goal" label=T::FieldActivityGoal goals value=goal error/>
            <TextInput id="what".into() name="what".into() label=T::FieldActivityWhat value=or_kept("what", &get(|a| a.what.clone())) error/>
            <OwnerSelect people=p.choices.people.clone() value=or_kept("owner", &activity.as_ref().map(owner_value).unwrap_or_default()) error/>
            <TextInput id="owner_name".into() name="owner_name".into() label=T::FieldSpecialistName hint=T::FieldSpecialistNameHint value=or_kept("owner_name", &get(|a| a.owner_name.clone())) error/>
            <div class="field-row">
                <TextInput id="starts_on".into() name="starts_on".into() kind="date" label=T::FieldStartsOn value=or_kept("starts_on", &get(|a| a.starts_on.clone())) error/>
                <TextInput id="due_on".into() name="due_on".into() kind="date" label=T::FieldDueOn value=or_kept("due_on", &get(|a| a.due_on.clone())) error/>
            </div>
            <SelectInput id="status".into() name="status".into() label=T::FieldActivityStatus choices=STATUSES value=status error/>
            <TextArea id="drop_reason".into() name="drop_reason".into() label=T::FieldDropReason hint=T::FieldDropReasonHint value=or_kept("drop_reason", &get(|a| a.drop_reason.clone())) rows=2 error/>
            <TextArea id="note".into() name="note".into() label=T::FieldActivityNote hint=T::FieldActivityNoteHint value=or_kept("note", &get(|a| a.note.clone())) rows=4 error/>
            <SubmitButton label=T::SaveActivity/>
        </ActionForm>
    }
}

#[component]
pub fn ProposalPage() -> impl IntoView {
    let item = item_param();
    with_programme(false, move |p| {
        let proposal = p.proposal(item).cloned();
        match (p.can_edit, proposal) {
            (false, _) => view! { <PageError error=AppError::Forbidden/> }.into_any(),
            (_, None) => view! { <PageError error=AppError::NotFound/> }.into_any(),
            (_, Some(pr)) => view! { <ProposalForm p=p.clone() pr/> }.into_any(),
        }
    })
}

#[component]
fn ProposalForm(p: Programme, pr: Proposal) -> impl IntoView {
    let accept = ServerAction::<AcceptProposal>::new();
    let drop = ServerAction::<DropProposal>::new();
    let accept_error = submit_error(accept);
    let drop_error = submit_error(drop);
    let goals: Vec<(i64, String)> = p.goals.iter().map(|g| (g.id, g.title.clone())).collect();
    // A due date said in the session as a date is kept; other words stay as a hint.
    let due = if chrono_like_date(&pr.due) { pr.due.clone() } else { String::new() };
    let said: Vec<String> = [pr.who.clone(), pr.due.clone()].into_iter().filter(|x| !x.is_empty()).collect();
    let open = pr.status == "open";
    view! {
        {back_link(&p)}
        <h1>{t(T::DecideProposal)}</h1>
        <div class="notice">
            <p><strong>{pr.what.clone()}</strong></p>
            {(!said.is_empty()).then(|| view! { <p>{t(T::SaidInSession)} " " {said.join(" · ")}</p> })}
            {pr.meeting.clone().map(|(id, title)| view! { <p>{t(T::ProposedIn)} " " <a href=format!("/meetings/{id}")>{title}</a></p> })}
        </div>
        {(!open).then(|| view! { <p class="notice notice--warning" role="note">{t(T::ErrProposalDecided)}</p> })}
        {open.then(|| view! {
            <h2 id="accept">{t(T::AcceptProposal)}</h2>
            {goals.is_empty().then(|| view! {
                <p>{t(T::AcceptNeedsGoal)} " " <a href=format!("/coops/{}/programme/goals/new", p.organisation_id)>{t(T::AddGoal)}</a></p>
            })}
            <ErrorSummary error=accept_error/>
            <ActionForm action=accept attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=pr.id/>
                <GoalSelect id="goal" name="goal" label=T::FieldActivityGoal goals=goals.clone() value=kept("goal") error=accept_error/>
                <TextInput id="what".into() name="what".into() label=T::FieldActivityWhat value=or_kept("what", &pr.what) error=accept_error/>
                <OwnerSelect people=p.choices.people.clone() value=kept("owner") error=accept_error/>
                <TextInput id="owner_name".into() name="owner_name".into() label=T::FieldSpecialistName hint=T::FieldSpecialistNameHint value=kept("owner_name") error=accept_error/>
                <div class="field-row">
                    <TextInput id="starts_on".into() name="starts_on".into() kind="date" label=T::FieldStartsOn value=kept("starts_on") error=accept_error/>
                    <TextInput id="due_on".into() name="due_on".into() kind="date" label=T::FieldDueOn value=or_kept("due_on", &due) error=accept_error/>
                </div>
                <SubmitButton label=T::AcceptProposal/>
            </ActionForm>
            <h2 id="drop">{t(T::DropProposal)}</h2>
            <ErrorSummary error=drop_error/>
            <ActionForm action=drop attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=pr.id/>
                <TextArea id="reason".into() name="reason".into() label=T::FieldDropProposalReason hint=T::FieldDropProposalReasonHint value=kept("reason") rows=2 error=drop_error/>
                <button type="submit" class="button button--warning">{t(T::DropProposal)}</button>
            </ActionForm>
        })}
    }
}

/// YYYY-MM-DD, as a date input wants it.
fn chrono_like_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}


/// On /account: how the person hears of the activities they carry out.
#[component]
pub fn ReminderChoice() -> impl IntoView {
    let mode = Resource::new(|| (), |_| my_reminders());
    let action = ServerAction::<SetReminders>::new();
    let error = submit_error(action);
    let saved = use_query_map().with_untracked(|q| q.get("done").as_deref() == Some("reminders"));
    view! {
        <Suspense fallback=|| ()>
            {move || mode.get().and_then(|r| r.ok()).map(|mode| {
                let locale = use_locale();
                view! {
                    <h2 id="reminders">{t(T::RemindersTitle)}</h2>
                    {saved.then(|| view! { <p class="notice" role="status">{t(T::RemindersSaved)}</p> })}
                    <ErrorSummary error/>
                    <ActionForm action attr:class="form">
                        <fieldset class="radios" id="reminders-mode">
                            <legend class="field__label">{t(T::RemindersTitle)}</legend>
                            <p class="field__hint">{t(T::RemindersHint)}</p>
                            {REMINDER_MODES.iter().map(|(key, label)| {
                                let input_id = format!("reminders-{key}");
                                view! {
                                    <div class="radio">
                                        <input type="radio" id=input_id.clone() name="mode" value=*key checked=mode == *key/>
                                        <label for=input_id>{locale.t(*label)}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <SubmitButton label=T::SaveReminders/>
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}
