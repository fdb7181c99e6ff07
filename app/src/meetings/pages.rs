//! Meeting pages: a meeting (with RSVP, calendar file, and the facilitator's tools), the
//! schedule/edit form, lists for circle and co-op pages, and the calendar feed and messages on
//! the account page.

use super::api::{
    CancelMeeting, NewCalendarFeed, RevokeCalendarFeed, Rsvp, SaveMeeting, SendReminder, get_meeting,
    has_calendar_feed, my_messages, new_feed_address,
};
use super::model::{Meeting, MeetingSummary, RSVP_ANSWERS, agenda_lines};
use crate::i18n::{T, t, use_locale};
use crate::onboarding::pages::answers::choice_text;
use crate::onboarding::pages::id_param;
use crate::organisations::vocab::DELIVERY;
use crate::ui::forms::{ErrorSummary, SubmitButton, kept, submit_done, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::{SelectInput, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A list of meetings, soonest first (on circle and co-op pages).
#[component]
pub fn MeetingList(meetings: Vec<MeetingSummary>) -> impl IntoView {
    let locale = use_locale();
    if meetings.is_empty() {
        return view! { <p>{t(T::ProfileNoMeetings)}</p> }.into_any();
    }
    view! {
        <ul class="meetings">
            {meetings.into_iter().map(|m| view! {
                <li class="meetings__item" data-meeting=m.id>
                    <a href=format!("/meetings/{}", m.id)><strong>{m.title.clone()}</strong></a>
                    {(m.status == "cancelled").then(|| view! { " " <span class="tag tag--declined">{t(T::MeetingCancelledTag)}</span> })}
                    <br/>
                    <time datetime=m.starts.iso.clone()>{m.starts.local.clone()}</time>
                    " · " {choice_text(locale, DELIVERY, &m.delivery_mode)} " · " {m.circle_name.clone()}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    let id = id_param();
    let rsvp = ServerAction::<Rsvp>::new();
    let cancel = ServerAction::<CancelMeeting>::new();
    let remind = ServerAction::<SendReminder>::new();
    let meeting = Resource::new(move || id.get(), get_meeting);
    view! {
        <Transition fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || meeting.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(m) => view! { <MeetingView m rsvp cancel remind/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn MeetingView(
    m: Meeting,
    rsvp: ServerAction<Rsvp>,
    cancel: ServerAction<CancelMeeting>,
    remind: ServerAction<SendReminder>,
) -> impl IntoView {
    let locale = use_locale();
    let rsvp_error = submit_error(rsvp);
    let cancel_error = submit_error(cancel);
    let remind_error = submit_error(remind);
    let reminded = submit_done("reminder");
    let query = use_query_map();
    let saved = move || query.with(|q| q.get("done").as_deref() == Some("saved"));
    let cancelled = m.status == "cancelled";
    let where_label = match m.delivery_mode.as_str() {
        "face_to_face" => T::FieldAddress,
        "phone" => T::FieldDialIn,
        _ => T::FieldLink,
    };
    let id = m.id;
    view! {
        <p><a href=format!("/circles/{}", m.circle_id)>{m.circle_name.clone()}</a></p>
        <h1>{m.title.clone()}</h1>
        {move || saved().then(|| view! { <p class="notice" role="status">{t(T::MeetingSaved)}</p> })}
        {cancelled.then(|| view! { <p class="notice notice--warning" role="note" data-status="cancelled">{t(T::MeetingCancelledNotice)}</p> })}
        <dl class="summary">
            <div><dt>{t(T::MeetingWhen)}</dt><dd>
                <time datetime=m.starts.iso.clone()>{m.starts.local.clone()}</time>
                " – " {m.ends.local.rsplit_once(", ").map(|(_, time)| time.to_string()).unwrap_or_default()}
            </dd></div>
            <div><dt>{t(T::FieldMeets)}</dt><dd>{choice_text(locale, DELIVERY, &m.delivery_mode)}</dd></div>
            <div><dt>{locale.t(where_label)}</dt><dd class="meeting__where">{
                if m.delivery_mode == "online" && m.location.starts_with("https://") {
                    view! { <a href=m.location.clone() rel="noopener">{m.location.clone()}</a> }.into_any()
                } else {
                    view! { <span>{m.location.clone()}</span> }.into_any()
                }
            }</dd></div>
            <div><dt>{t(T::RsvpCounts)}</dt><dd>{locale.tf(T::RsvpCountsText, &[("yes", &m.rsvps.yes.to_string()), ("maybe", &m.rsvps.maybe.to_string()), ("no", &m.rsvps.no.to_string())])}</dd></div>
        </dl>
        <p><a class="button button--secondary" href=format!("/meetings/{id}/calendar.ics") rel="external" download="">{t(T::AddToCalendar)}</a></p>

        <LiveLink m=m.clone()/>
        {m.summary.clone().map(|summary| view! {
            <crate::live::pages::SessionSummary summary/>
            <crate::reports::pages::StartFromSessionForms meeting_id=id/>
        })}

        <h2>{t(T::AgendaTitle)}</h2>
        {if m.agenda.is_empty() { view! { <p>{t(T::AgendaNone)}</p> }.into_any() } else {
            view! {
                <ol class="agenda">
                    {m.agenda.iter().map(|i| view! { <li>{i.title.clone()} " " <span class="muted">{locale.tf(T::Minutes, &[("minutes", &i.minutes.to_string())])}</span></li> }).collect_view()}
                </ol>
            }.into_any()
        }}

        {(m.can_rsvp && !cancelled).then(|| {
            let mine = m.my_rsvp.clone().unwrap_or_default();
            view! {
                <h2 id="rsvp">{t(T::RsvpTitle)}</h2>
                <ErrorSummary error=rsvp_error/>
                <ActionForm action=rsvp attr:class="form">
                    <input type="hidden" name="meeting_id" value=id/>
                    <fieldset class="radios" id="answer">
                        <legend class="field__label">{t(T::RsvpLegend)}</legend>
                        {RSVP_ANSWERS.iter().map(|(key, label)| {
                            let input_id = format!("answer-{key}");
                            view! {
                                <div class="radio">
                                    <input type="radio" id=input_id.clone() name="answer" value=*key checked=mine == *key/>
                                    <label for=input_id>{locale.t(*label)}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <SubmitButton label=T::RsvpButton/>
                </ActionForm>
            }
        })}

        {(m.can_manage && !cancelled).then(|| view! {
            <h2 id="manage">{t(T::MeetingManage)}</h2>
            <p><a class="button button--secondary" href=format!("/meetings/{id}/edit")>{t(T::EditMeeting)}</a></p>
            <h3>{t(T::CustomReminderTitle)}</h3>
            {move || reminded.get().then(|| view! { <p class="notice" role="status">{t(T::ReminderQueued)}</p> })}
            <ErrorSummary error=remind_error/>
            <ActionForm action=remind attr:class="form" attr:novalidate=true>
                <input type="hidden" name="meeting_id" value=id/>
                <TextArea id="reminder-message".into() name="message".into() label=T::FieldReminderMessage value=kept("reminder-message") rows=3 error=remind_error/>
                <SubmitButton label=T::SendReminder/>
            </ActionForm>
            <h3>{t(T::CancelMeeting)}</h3>
            <ErrorSummary error=cancel_error/>
            // Two steps, in plain HTML (`<details>`): the first only opens the question.
            <details class="confirm">
                <summary class="button button--warning">{t(T::CancelMeetingButton)}</summary>
                <p>{t(T::CancelMeetingConfirm)}</p>
                <ActionForm action=cancel attr:class="form">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button button--warning">{t(T::CancelMeetingYes)}</button>
                </ActionForm>
            </details>
        })}
    }
}

#[component]
pub fn NewMeetingPage() -> impl IntoView {
    let query = use_query_map();
    let circle = query.with_untracked(|q| q.get("circle")).and_then(|c| c.parse::<i64>().ok()).unwrap_or(0);
    view! { <MeetingForm meeting=None circle_id=circle/> }
}

#[component]
pub fn EditMeetingPage() -> impl IntoView {
    let id = id_param();
    let meeting = Resource::new(move || id.get(), get_meeting);
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || meeting.get().map(|r| match r {
                Ok(m) if !m.can_manage => view! { <PageError error=crate::error::AppError::Forbidden/> }.into_any(),
                Ok(m) => { let circle_id = m.circle_id; view! { <MeetingForm meeting=Some(m) circle_id/> }.into_any() }
                Err(error) => view! { <PageError error/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn MeetingForm(meeting: Option<Meeting>, circle_id: i64) -> impl IntoView {
    let save = ServerAction::<SaveMeeting>::new();
    let error = submit_error(save);
    let value = |field: &str, current: Option<String>| {
        let k = kept(field);
        if k.is_empty() { current.unwrap_or_default() } else { k }
    };
    let m = meeting.clone();
    let get = move |f: fn(&Meeting) -> String| m.as_ref().map(f);
    view! {
        <h1>{if meeting.is_some() { t(T::EditMeeting) } else { t(T::ScheduleMeeting) }}</h1>
        <p>{t(T::MeetingTimesHint)}</p>
        <ErrorSummary error/>
        <ActionForm action=save attr:class="form" attr:novalidate=true>
            <input type="hidden" name="id" value=meeting.as_ref().map(|m| m.id).unwrap_or(0)/>
            <input type="hidden" name="circle_id" value=circle_id/>
            <TextInput id="title".into() name="title".into() label=T::FieldMeetingTitle value=value("title", get(|m| m.title.clone())) error/>
            <TextInput id="date".into() name="date".into() kind="date" label=T::FieldMeetingDate hint=T::FieldMeetingDateHint value=value("date", get(|m| m.start_date.clone())) error/>
            <TextInput id="time".into() name="time".into() kind="time" label=T::FieldMeetingTime hint=T::FieldMeetingTimeHint value=value("time", get(|m| m.start_time.clone())) error/>
            <TextInput id="duration".into() name="duration".into() inputmode="numeric" label=T::FieldDuration value=value("duration", get(|m| m.duration_minutes.to_string()).or(Some("90".into()))) error/>
            <SelectInput id="delivery".into() name="delivery".into() label=T::FieldMeets choices=DELIVERY value=get(|m| m.delivery_mode.clone()).unwrap_or_default() error/>
            <TextArea id="location".into() name="location".into() label=T::FieldWhere hint=T::FieldWhereHint value=value("location", get(|m| m.location.clone())) rows=3 error/>
            <TextArea id="agenda".into() name="agenda".into() label=T::AgendaTitle hint=T::FieldAgendaHint value=value("agenda", get(|m| agenda_lines(&m.agenda))) rows=6 error/>
            <SubmitButton label=T::SaveMeeting/>
        </ActionForm>
    }
}

/// On the account page: the private calendar feed, and the messages sent to me.
#[component]
pub fn CalendarAndMessages() -> impl IntoView {
    let create = ServerAction::<NewCalendarFeed>::new();
    let revoke = ServerAction::<RevokeCalendarFeed>::new();
    let has_feed = Resource::new(|| (), |_| has_calendar_feed());
    let new_address = Resource::new(|| (), |_| new_feed_address());
    let messages = Resource::new(|| (), |_| my_messages());
    view! {
        <h2 id="calendar">{t(T::CalendarFeedTitle)}</h2>
        <p>{t(T::CalendarFeedIntro)}</p>
        // A feed just made: its address, once (see `new_calendar_feed`).
        <Transition fallback=|| ()>
            {move || new_address.get().and_then(|r| r.ok()).flatten().map(|url| view! {
                <div class="notice" role="status">
                    <p>{t(T::CalendarFeedShownOnce)}</p>
                    <p><code class="feed-url">{url}</code></p>
                </div>
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || has_feed.get().and_then(|r| r.ok()).map(|has| view! {
                <div class="button-row">
                    <ActionForm action=create attr:class="inline-form">
                        <button type="submit" class="button button--secondary">{if has { t(T::CalendarFeedReset) } else { t(T::CalendarFeedCreate) }}</button>
                    </ActionForm>
                    {has.then(|| view! {
                        <ActionForm action=revoke attr:class="inline-form">
                            <button type="submit" class="button button--secondary">{t(T::CalendarFeedRevoke)}</button>
                        </ActionForm>
                    })}
                </div>
            })}
        </Transition>
        <h2 id="messages">{t(T::MyMessagesTitle)}</h2>
        <Transition fallback=|| ()>
            {move || messages.get().and_then(|r| r.ok()).map(|list| if list.is_empty() {
                view! { <p>{t(T::MyMessagesNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="outbox">
                        {list.into_iter().map(|m| view! {
                            <li class="outbox__item">
                                <details>
                                    <summary><strong>{m.subject.clone()}</strong></summary>
                                    <p class="muted"><time datetime=m.created.iso.clone()>{m.created.local.clone()}</time></p>
                                    <pre class="outbox__body">{m.body.clone()}</pre>
                                </details>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </Transition>
    }
}

/// Start or open the meeting's live session.
#[component]
fn LiveLink(m: Meeting) -> impl IntoView {
    let start = ServerAction::<crate::live::api::StartSession>::new();
    let error = submit_error(start);
    match (&m.live, m.can_manage) {
        (Some((id, status)), _) if status == "open" && (m.can_manage || m.can_rsvp) => view! {
            <p><a class="button" href=format!("/live/{id}")>{t(T::LiveOpenButton)}</a></p>
        }.into_any(),
        (None, true) if m.status == "scheduled" => view! {
            <ErrorSummary error/>
            <ActionForm action=start attr:class="form">
                <input type="hidden" name="meeting_id" value=m.id/>
                <button type="submit" class="button">{t(T::LiveStartButton)}</button>
            </ActionForm>
        }.into_any(),
        _ => ().into_any(),
    }
}
