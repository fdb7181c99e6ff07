//! The live session pages: joining by code, and the room — what everyone sees (current item,
//! timer, connection, hands, polls, notes, actions) and the facilitator's console. Every button
//! is a form: with JavaScript the page stays put and the socket brings the result; without it
//! the form posts and the page comes back with the new state.

use super::api::{JoinByCode, LiveAct, LiveSnapshot, live_view};
use crate::error::AppError;
use leptos::server_fn::ServerFn;
use super::model::{PollKind, SessionState};
use super::socket::Connection;
use crate::i18n::{T, Words, t, use_locale};
use crate::onboarding::pages::id_param;
use crate::ui::forms::{ErrorSummary, flash_error, kept, submit_error};
use crate::ui::guard::PageError;
use crate::ui::inputs::TextInput;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn JoinLivePage() -> impl IntoView {
    let join = ServerAction::<JoinByCode>::new();
    let error = submit_error(join);
    view! {
        <h1>{t(T::LiveJoinTitle)}</h1>
        <p>{t(T::LiveJoinIntro)}</p>
        <ErrorSummary error/>
        <ActionForm action=join attr:class="form" attr:novalidate=true>
            <TextInput id="code".into() name="code".into() label=T::FieldLiveCode autocomplete="one-time-code" value=kept("code") error/>
            <button type="submit" class="button">{t(T::LiveJoinButton)}</button>
        </ActionForm>
    }
}

/// Where every button of the room posts.
const ACT: &str = LiveAct::PATH;

#[component]
pub fn LivePage() -> impl IntoView {
    let id = id_param();
    let snapshot = Resource::new(move || id.get(), live_view);
    view! {
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || snapshot.get().map(|r| match r {
                Err(error) => view! { <PageError error/> }.into_any(),
                Ok(snap) => view! {
                    <LiveRoom snap flash=crate::ui::flash::request_flash() words=Words::of(use_locale(), shown_in_room)/>
                    <crate::ui::island::IslandScripts/>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// The keys the room's island shows (its own, and every error a post from it may bring back),
/// given to it in the page's language. `every_key_the_room_names_is_given_to_it` reads the
/// room's code to keep this true.
fn shown_in_room(key: T) -> bool {
    let name = key.name();
    name.starts_with("Live") || name.starts_with("Err") || matches!(key, T::AgendaTitle | T::Minutes)
}

/// A result bar's length in tenths of the whole, rounded (at least one for any votes at all).
fn tenths(n: u32, total: u32) -> u32 {
    if n == 0 || total == 0 {
        return 0;
    }
    (n * 20 / total).div_ceil(2).clamp(1, 10)
}

/// mm:ss
fn clock(seconds: i64) -> String {
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

/// The room is an island: the whole of it runs in the browser, where the socket keeps it
/// current. Everything it needs comes in its props (the snapshot, and the flash of a failed
/// no-JavaScript post), since an island sees no context from the page around it. It is lazy:
/// its code is a chunk of its own (`--split`), fetched only by a page that shows a room.
#[island(lazy)]
fn LiveRoom(snap: LiveSnapshot, flash: crate::ui::flash::FormFlash, words: Words) -> impl IntoView {
    crate::ui::island::enter(flash, words);
    let locale = use_locale();
    let state = RwSignal::new(SessionState::replay(&snap.events).unwrap_or_default());
    let connection = RwSignal::new(Connection::Offline);
    #[allow(unused_variables)]
    let offset = RwSignal::new(0i64);
    let tick = RwSignal::new(snap.now);
    #[cfg(feature = "hydrate")]
    {
        offset.set(snap.now - web_sys::js_sys::Date::now() as i64);
        super::socket::keep_connected(snap.session_id, state, connection, offset);
        let handle = set_interval_with_handle(
            move || tick.set(web_sys::js_sys::Date::now() as i64 + offset.get_untracked()),
            std::time::Duration::from_millis(500),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    // What the last post from this page said: nothing yet (then a failed no-JavaScript post's
    // flash, if any, shows), or its error, or none.
    let posted: RwSignal<Option<Option<AppError>>> = RwSignal::new(None);
    let from_flash = flash_error(ACT);
    let error = Signal::derive(move || posted.get().unwrap_or_else(|| from_flash.clone()));
    // Every button is a form posting to the act server function: without JavaScript the
    // browser posts it; here it is sent with `fetch`, the page stays put, and the socket
    // brings what changed.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            ev.prevent_default();
            let submitter = ev.submitter();
            leptos::task::spawn_local(async move {
                use crate::ui::island::{Posted, post_form};
                match post_form(&form, submitter.as_ref(), &[]).await {
                    Posted::Done(_) => {
                        posted.set(Some(None));
                        // The poll form empties once its poll is open, so a second tap does
                        // not open it twice.
                        if form.has_attribute("data-reset-on-success") {
                            form.reset();
                        }
                    }
                    Posted::Refused(json) => posted.set(Some(Some(serde_json::from_str(&json).unwrap_or(AppError::Unavailable)))),
                    Posted::Network => posted.set(Some(Some(AppError::Network))),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let session = snap.session_id;
    let meeting_id = snap.meeting_id;
    let viewer = snap.viewer;
    let facilitator = snap.facilitator;
    let organisations = snap.organisations.clone();
    let code = snap.code.clone();

    let current = move || state.with(|s| s.current.and_then(|i| s.agenda.get(i).map(|item| item.title.clone())));
    let left = move || state.with(|s| s.timer.left(tick.get()));
    let running = move || state.with(|s| s.timer.running);
    let me_in = move || state.with(|s| s.people.contains_key(&viewer));
    let my_hand = move || state.with(|s| s.queue.contains(&viewer));
    let closed = move || state.with(|s| s.closed);
    let connection_text = move || match connection.get() {
        Connection::Live => (T::LiveUpToDate, "live"),
        Connection::Connecting => (T::LiveConnecting, "connecting"),
        Connection::Reconnecting => (T::LiveReconnecting, "reconnecting"),
        Connection::Offline => (T::LiveReloadToUpdate, "offline"),
    };

    // What a screen reader is told, politely and only when it matters: a new item, a minute
    // left, time up, and "your turn" when the viewer is given the floor. Not the clock itself.
    let announcement = RwSignal::new(String::new());
    Effect::new(move |before: Option<Option<usize>>| {
        let now = state.with(|s| s.current);
        if before.is_some_and(|b| b != now) {
            if let Some(title) = current() {
                announcement.set(locale.tf(T::LiveAnnounceItem, &[("title", &title)]));
            }
        }
        now
    });
    Effect::new(move |before: Option<i64>| {
        let now = left();
        if running() {
            match before {
                Some(b) if b > 60 && (1..=60).contains(&now) => announcement.set(locale.t(T::LiveAnnounceOneMinute).into()),
                Some(b) if b > 0 && now == 0 => announcement.set(locale.t(T::LiveAnnounceTimeUp).into()),
                _ => {}
            }
        }
        now
    });
    Effect::new(move |before: Option<(bool, u32)>| {
        let now = state.with(|s| (s.queue.contains(&viewer), s.people.get(&viewer).map_or(0, |p| p.spoken)));
        if before.is_some_and(|(queued, spoken)| queued && !now.0 && now.1 > spoken) {
            announcement.set(locale.t(T::LiveYourTurn).into());
        }
        now
    });

    // A small form posting one act: hidden session and kind, then whatever fields it needs.
    let hidden = move |kind: &'static str| view! {
        <input type="hidden" name="session_id" value=session/>
        <input type="hidden" name="kind" value=kind/>
    };

    view! {
        <div class="live" on:submit=on_submit>
            {view! {
            <div class="live__bar" role="region" aria-label=t(T::LiveNow)>
                <p class="live__title">{move || state.with(|s| s.title.clone())}</p>
                <p class="live__item" data-testid="current-item">{move || current().unwrap_or_else(|| locale.t(T::LiveNotStarted).to_string())}</p>
                // No clock before the first item: "00:00 paused" would say nothing true.
                {move || current().is_some().then(|| view! {
                    <p class="live__timer" class:live__timer--over=move || left() == 0 && running() aria-live="off" data-testid="timer">
                        {move || clock(left())} {move || (!running()).then(|| view! { " " <span class="tag">{t(T::LivePaused)}</span> })}
                    </p>
                })}
                <p class=move || format!("live__connection live__connection--{}", connection_text().1) role="status" data-connection=move || connection_text().1>
                    {move || locale.t(connection_text().0)}
                </p>
            </div>
            }.into_any()}
            <p class="visually-hidden" aria-live="polite" data-testid="announcer">{move || announcement.get()}</p>
            <ErrorSummary error/>
            // On a phone the facilitator needs the controls for now before everyone's panels.
            {facilitator.then(|| view! { <Console state session code=code.clone() organisations=organisations.clone()/> })}
            {move || closed().then(|| view! {
                <p class="notice" role="status">{t(T::LiveClosed)} " "
                    <a href=format!("/meetings/{meeting_id}#summary") data-testid="summary-link">{t(T::LiveReadSummary)}</a></p>
            })}

            // Everyone
            {move || (!closed()).then(|| view! {
                {view! {
                <section class="live__panel" aria-labelledby="you">
                    <h2 id="you" class="visually-hidden">{t(T::LiveYou)}</h2>
                    {move || if !me_in() {
                        view! { <form method="post" action=ACT class="live__form">{hidden("check_in")}<button type="submit" class="button button--big">{t(T::LiveCheckIn)}</button></form> }.into_any()
                    } else if my_hand() {
                        view! { <form method="post" action=ACT class="live__form">{hidden("lower_hand")}<button type="submit" class="button button--big button--secondary">{t(T::LiveLowerHand)}</button></form> }.into_any()
                    } else {
                        view! { <form method="post" action=ACT class="live__form">{hidden("raise_hand")}<button type="submit" class="button button--big">{t(T::LiveRaiseHand)}</button></form> }.into_any()
                    }}
                </section>
                }.into_any()}
            })}

            {view! {
            <section class="live__panel" aria-labelledby="queue">
                <h2 id="queue">{t(T::LiveQueue)}</h2>
                {move || state.with(|s| if s.queue.is_empty() {
                    view! { <p class="muted">{t(T::LiveQueueEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="live__queue">
                            {s.queue.iter().map(|p| {
                                let name = s.people.get(p).map(|x| x.name.clone()).unwrap_or_default();
                                let spoken = s.people.get(p).map(|x| x.spoken).unwrap_or(0);
                                let person = *p;
                                view! {
                                    <li>
                                        {name} " " <span class="muted">{locale.tf(T::LiveSpoken, &[("count", &spoken.to_string())])}</span>
                                        {facilitator.then(|| view! {
                                            <form method="post" action=ACT class="inline-form">{hidden("call_speaker")}<input type="hidden" name="a" value=person/>
                                                <button type="submit" class="button button--secondary">{t(T::LiveCall)}</button></form>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                })}
                {facilitator.then(|| view! {
                    <form method="post" action=ACT class="inline-form">{hidden("fair_order")}<button type="submit" class="button button--secondary">{t(T::LiveFairOrder)}</button></form>
                })}
            </section>
            }.into_any()}

            {view! {
            <section class="live__panel" aria-labelledby="polls">
                <h2 id="polls">{t(T::LivePolls)}</h2>
                {move || state.with(|s| if s.polls.is_empty() { view! { <p class="muted">{t(T::LivePollsNone)}</p> }.into_any() } else {
                    view! {
                        <ul class="live__polls">
                            {s.polls.iter().enumerate().rev().map(|(index, poll)| {
                                let voters = poll.ballots.len();
                                let mine = poll.ballots.values().find(|b| b.person == viewer).map(|b| b.choices.clone());
                                let multiple = poll.kind == PollKind::Multiple;
                                let can_vote = !s.closed && s.people.contains_key(&viewer);
                                let question = poll.question.clone();
                                let options = poll.options.clone();
                                view! {
                                    <li class="live__poll" data-poll=index>
                                        <h3>{poll.question.clone()}</h3>
                                        <p class="muted">{locale.tf(T::LiveVoters, &[("count", &voters.to_string())])}
                                            {poll.anonymous.then(|| view! { " · " {t(T::LiveAnonymous)} })}</p>
                                        {if poll.revealed {
                                            let total: u32 = poll.tally.iter().sum::<u32>();
                                            view! {
                                                <ul class="live__results" data-testid="results">
                                                    {poll.options.iter().zip(&poll.tally).map(|(option, n)| view! {
                                                        <li><span class="live__option">{option.clone()}</span> <strong>{*n}</strong>
                                                            // No inline style (the CSP forbids it): a class per tenth.
                                                            <span class=format!("live__bar-chart live__bar-chart--{}", tenths(*n, total)) aria-hidden="true"></span></li>
                                                    }).collect_view()}
                                                </ul>
                                                {(!poll.named.is_empty()).then(|| view! {
                                                    <p class="muted">{poll.named.iter().map(|(name, c)| format!("{name}: {}", c.iter().filter_map(|i| poll.options.get(*i).cloned()).collect::<Vec<_>>().join(", "))).collect::<Vec<_>>().join(" · ")}</p>
                                                })}
                                            }.into_any()
                                        } else {
                                            view! {
                                                <p class="muted">{t(T::LiveResultsHidden)}</p>
                                                {if can_vote { Some(view! {
                                                    <form method="post" action=ACT class="live__form">
                                                        {hidden("vote")}<input type="hidden" name="a" value=index/>
                                                        <fieldset class="radios">
                                                            <legend class="visually-hidden">{question}</legend>
                                                            {options.into_iter().enumerate().map(|(i, option)| {
                                                                let input_id = format!("poll-{index}-{i}");
                                                                let checked = mine.as_ref().is_some_and(|m| m.contains(&i));
                                                                view! {
                                                                    <div class=if multiple { "checkbox" } else { "radio" }>
                                                                        {if multiple {
                                                                            view! { <input type="checkbox" id=input_id.clone() name=format!("picks[{i}]") value="on" checked=checked/> }.into_any()
                                                                        } else {
                                                                            view! { <input type="radio" id=input_id.clone() name="b" value=i checked=checked/> }.into_any()
                                                                        }}
                                                                        <label for=input_id>{option}</label>
                                                                    </div>
                                                                }
                                                            }).collect_view()}
                                                        </fieldset>
                                                        <button type="submit" class="button">{if mine.is_some() { t(T::LiveChangeVote) } else { t(T::LiveVote) }}</button>
                                                    </form>
                                                }) } else { None }}
                                                {facilitator.then(|| view! {
                                                    <form method="post" action=ACT class="inline-form">{hidden("reveal_poll")}<input type="hidden" name="a" value=index/>
                                                        <button type="submit" class="button button--secondary">{t(T::LiveReveal)}</button></form>
                                                })}
                                            }.into_any()
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </section>
            }.into_any()}

            {view! {
            <section class="live__panel" aria-labelledby="notes">
                <h2 id="notes">{t(T::LiveNotes)}</h2>
                {move || state.with(|s| {
                    let writer = facilitator || s.note_taker == Some(viewer);
                    s.agenda.iter().enumerate().map(|(i, item)| {
                        let text = s.notes.get(&i).cloned().unwrap_or_default();
                        let is_current = s.current == Some(i);
                        view! {
                            <div class="live__note" class:live__note--current=is_current>
                                <h3>{item.title.clone()}</h3>
                                {if writer && !s.closed && is_current {
                                    view! {
                                        <form method="post" action=ACT class="live__form">
                                            {hidden("write_note")}<input type="hidden" name="a" value=i/>
                                            <label class="visually-hidden" for=format!("note-{i}")>{t(T::LiveNotes)}</label>
                                            <textarea class="field__input field__textarea" id=format!("note-{i}") name="b" rows="4">{crate::ui::inputs::textarea_text(text)}</textarea>
                                            <button type="submit" class="button button--secondary">{t(T::LiveSaveNote)}</button>
                                        </form>
                                    }.into_any()
                                } else if text.is_empty() {
                                    view! { <p class="muted">"—"</p> }.into_any()
                                } else {
                                    view! { <p class="live__note-text">{text}</p> }.into_any()
                                }}
                            </div>
                        }
                    }).collect_view()
                })}
            </section>
            }.into_any()}

            {view! {
            <section class="live__panel" aria-labelledby="actions">
                <h2 id="actions">{t(T::LiveActions)}</h2>
                {move || state.with(|s| if s.actions.is_empty() { view! { <p class="muted">{t(T::LiveActionsNone)}</p> }.into_any() } else {
                    view! {
                        <ul class="live__actions">
                            {s.actions.iter().map(|a| view! {
                                <li><strong>{a.what.clone()}</strong> <br/>
                                    <span class="muted">{[a.organisation.clone(), a.who.clone(), a.due.clone()].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" · ")}</span></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </section>
            }.into_any()}

        </div>
    }
}

/// The facilitator's controls.
#[component]
fn Console(
    state: RwSignal<SessionState>,
    session: i64,
    code: String,
    organisations: Vec<(i64, String)>,
) -> impl IntoView {
    let locale = use_locale();
    let hidden = move |kind: &'static str| view! {
        <input type="hidden" name="session_id" value=session/>
        <input type="hidden" name="kind" value=kind/>
    };
    let closed = move || state.with(|s| s.closed);
    let organisations = StoredValue::new(organisations);
    view! {
        <section class="live__panel live__console" aria-labelledby="console">
            <h2 id="console">{t(T::LiveConsole)}</h2>
            // What is needed *now* comes first on a phone: the code stays in sight, the QR code
            // one tap away; attendance and actions are sections to open (no script needed).
            <details class="live__join">
                <summary>{t(T::LiveCodeIs)} " " <strong class="live__code" data-testid="code">{code.clone()}</strong></summary>
                <img class="live__qr" src=format!("/live/{session}/qr.svg") alt=locale.tf(T::LiveQrAlt, &[("code", &code)]) width="160" height="160"/>
            </details>
            {move || (!closed()).then(|| view! {
                {view! { <h3>{t(T::AgendaTitle)}</h3>
                <ol class="live__agenda">
                    {move || state.with(|s| s.agenda.iter().enumerate().map(|(i, item)| {
                        let current = s.current == Some(i);
                        view! {
                            <li class:live__agenda--current=current>
                                {item.title.clone()} " " <span class="muted">{locale.tf(T::Minutes, &[("minutes", &item.minutes.to_string())])}</span>
                                {(!current).then(|| view! {
                                    <form method="post" action=ACT class="inline-form">{hidden("start_item")}<input type="hidden" name="a" value=i/>
                                        <button type="submit" class="button button--secondary">{t(T::LiveStartItem)}</button></form>
                                })}
                            </li>
                        }
                    }).collect_view())}
                </ol>
                <h3>{t(T::LiveTimer)}</h3>
                <div class="button-row">
                    <form method="post" action=ACT class="inline-form">{hidden("pause_timer")}<button type="submit" class="button button--secondary">{t(T::LivePause)}</button></form>
                    <form method="post" action=ACT class="inline-form">{hidden("extend_timer")}<input type="hidden" name="a" value="1"/><button type="submit" class="button button--secondary">"+1 min"</button></form>
                    <form method="post" action=ACT class="inline-form">{hidden("extend_timer")}<input type="hidden" name="a" value="5"/><button type="submit" class="button button--secondary">"+5 min"</button></form>
                </div>
                <form method="post" action=ACT class="live__form live__inline-fields">
                    {hidden("start_timer")}
                    <label for="timer-minutes">{t(T::LiveTimerMinutes)}</label>
                    <input class="field__input live__short" id="timer-minutes" name="a" inputmode="numeric" value="5"/>
                    <button type="submit" class="button button--secondary">{t(T::LiveStartTimer)}</button>
                </form>
                {move || state.with(|s| s.queue.first().map(|first| {
                    let name = s.people.get(first).map(|x| x.name.clone()).unwrap_or_default();
                    let person = *first;
                    view! {
                        <form method="post" action=ACT class="live__form">{hidden("call_speaker")}<input type="hidden" name="a" value=person/>
                            <button type="submit" class="button" data-testid="call-next">{locale.tf(T::LiveCallNext, &[("name", &name)])}</button></form>
                    }
                }))}

                }.into_any()}
                {view! { <h3>{t(T::LiveOpenPoll)}</h3>
                <form method="post" action=ACT class="live__form" data-reset-on-success="">
                    {hidden("open_poll")}
                    <label class="field__label" for="poll-question">{t(T::LivePollQuestion)}</label>
                    <input class="field__input" id="poll-question" name="a"/>
                    <label class="field__label" for="poll-kind">{t(T::LivePollKind)}</label>
                    <select class="field__input" id="poll-kind" name="b">
                        <option value="single">{t(T::LivePollSingle)}</option>
                        <option value="multiple">{t(T::LivePollMultiple)}</option>
                        <option value="fist_to_five">{t(T::LivePollFist)}</option>
                        <option value="thumbs">{t(T::LivePollThumbs)}</option>
                    </select>
                    <label class="field__label" for="poll-options">{t(T::LivePollOptions)}</label>
                    <textarea class="field__input field__textarea" id="poll-options" name="c" rows="3"></textarea>
                    <div class="checkbox"><input type="checkbox" id="poll-anonymous" name="flag" value="on" checked=true/><label for="poll-anonymous">{t(T::LiveAnonymous)}</label></div>
                    <button type="submit" class="button">{t(T::LiveOpenPollButton)}</button>
                </form>

                }.into_any()}
                {view! { <details class="live__more"><summary>{t(T::LiveAttendance)}</summary>
                <ul class="live__people">
                    {move || state.with(|s| s.people.iter().map(|(id, p)| {
                        let person = *id;
                        view! {
                            <li>{p.name.clone()} " " <span class="tag">{p.attendance.clone()}</span> " " <span class="muted">{p.how.clone()}</span>
                                <span class="live__marks">
                                    {["present", "late", "apologies"].into_iter().map(|status| view! {
                                        <form method="post" action=ACT class="inline-form">{hidden("mark_attendance")}
                                            <input type="hidden" name="a" value=person/><input type="hidden" name="b" value=status/>
                                            <button type="submit" class="link-button">{status}</button></form>
                                    }).collect_view()}
                                    <form method="post" action=ACT class="inline-form">{hidden("set_note_taker")}<input type="hidden" name="a" value=person/>
                                        <button type="submit" class="link-button">{t(T::LiveMakeNoteTaker)}</button></form>
                                </span>
                            </li>
                        }
                    }).collect_view())}
                </ul>
                <form method="post" action=ACT class="live__form live__inline-fields">
                    {hidden("check_in_person")}
                    <label for="person-name">{t(T::LiveCheckInSomeone)}</label>
                    <input class="field__input" id="person-name" name="a"/>
                    <select class="field__input live__short" name="b" aria-label=t(T::LiveHow)>
                        <option value="room">{t(T::LiveInRoom)}</option>
                        <option value="phone">{t(T::LiveByPhone)}</option>
                    </select>
                    <button type="submit" class="button button--secondary">{t(T::LiveCheckInThem)}</button>
                </form>

                </details>
                }.into_any()}
                {view! { <details class="live__more"><summary>{t(T::LiveCaptureAction)}</summary>
                <form method="post" action=ACT class="live__form">
                    {hidden("capture_action")}
                    <label class="field__label" for="action-what">{t(T::LiveActionWhat)}</label>
                    <input class="field__input" id="action-what" name="a"/>
                    <label class="field__label" for="action-org">{t(T::LiveActionCoop)}</label>
                    <select class="field__input" id="action-org" name="b">
                        {organisations.with_value(|list| list.iter().map(|(id, name)| view! { <option value=*id>{name.clone()}</option> }).collect_view())}
                    </select>
                    <label class="field__label" for="action-who">{t(T::LiveActionWho)}</label>
                    <input class="field__input" id="action-who" name="c"/>
                    <label class="field__label" for="action-due">{t(T::LiveActionDue)}</label>
                    <input class="field__input" id="action-due" name="d" type="date"/>
                    <button type="submit" class="button">{t(T::LiveCaptureButton)}</button>
                </form>
                </details>

                <h3>{t(T::LiveCloseTitle)}</h3>
                // Two steps, with or without JavaScript: the first only opens the question.
                <details class="confirm">
                    <summary class="button button--warning">{t(T::LiveCloseButton)}</summary>
                    <p>{t(T::LiveCloseConfirm)}</p>
                    <form method="post" action=ACT class="live__form">{hidden("close")}<button type="submit" class="button button--warning">{t(T::LiveCloseYes)}</button></form>
                </details>
                }.into_any()}
            }.into_any())}
        </section>
    }
}

/// A closed session's record, on its meeting's page.
#[component]
pub fn SessionSummary(summary: super::summary::Summary) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2 id="summary">{t(T::LiveSummaryTitle)}</h2>
        <h3>{t(T::LiveAttendance)}</h3>
        <ul>{summary.attendance.iter().map(|(name, status, how)| view! { <li>{name.clone()} " — " {status.clone()} " (" {how.clone()} ")"</li> }).collect_view()}</ul>
        {(!summary.notes.is_empty()).then(|| view! {
            <h3>{t(T::LiveNotes)}</h3>
            {summary.notes.iter().map(|(item, text)| view! { <h4>{item.clone()}</h4><p class="live__note-text">{text.clone()}</p> }).collect_view()}
        })}
        {(!summary.polls.is_empty()).then(|| view! {
            <h3>{t(T::LivePolls)}</h3>
            <ul>{summary.polls.iter().map(|p| view! {
                <li>{p.question.clone()} ": " {if p.revealed {
                    p.options.iter().zip(&p.tally).map(|(o, n)| format!("{o} {n}")).collect::<Vec<_>>().join(", ")
                } else { locale.t(T::LiveResultsHidden).to_string() }}</li>
            }).collect_view()}</ul>
        })}
        {(!summary.actions.is_empty()).then(|| view! {
            <h3>{t(T::LiveActions)}</h3>
            <ul>{summary.actions.iter().map(|a| view! { <li>{a.what.clone()} " — " {a.organisation.clone()} " " {a.who.clone()} " " {a.due.clone()}</li> }).collect_view()}</ul>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::tenths;
    use crate::i18n::{Locale, T, Words};

    #[test]
    fn every_key_the_room_names_is_given_to_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let pages = std::fs::read_to_string(root.join("live/pages.rs")).unwrap();
        // The island's code: from the room to the end of its console.
        let room = &pages[pages.find("fn LiveRoom(").unwrap()..pages.find("pub fn SessionSummary(").unwrap()];
        let mut code = room.to_string();
        for shared in ["live/model.rs", "live/socket.rs", "ui/forms.rs", "ui/flash.rs", "ui/island.rs", "error.rs"] {
            code.push_str(&std::fs::read_to_string(root.join(shared)).unwrap());
        }
        let mut named = 0;
        for (i, _) in code.match_indices("T::") {
            let name: String = code[i + 3..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if let Some(key) = T::from_name(&name) {
                named += 1;
                assert!(super::shown_in_room(key), "the live room names {name} but is not given its words");
            }
        }
        assert!(named > 60, "the room's code was read ({named} keys)");
        // And what it is given is in the page's language.
        let fr = serde_json::to_string(&Words::of(Locale::Fr, super::shown_in_room)).unwrap();
        assert!(fr.contains(&format!(r#"[{},"LiveRaiseHand","Lever la main"]"#, T::LiveRaiseHand as usize)), "{fr}");
        assert!(!fr.contains("Raise my hand") && !fr.contains("AccountTitle"), "only the room's words, in French");
    }

    #[test]
    fn result_bars_are_sized_in_tenths_without_inline_styles() {
        assert_eq!(tenths(0, 0), 0);
        assert_eq!(tenths(0, 5), 0);
        assert_eq!(tenths(1, 3), 3);
        assert_eq!(tenths(2, 3), 7);
        assert_eq!(tenths(1, 40), 1, "a single vote still shows");
        assert_eq!(tenths(4, 4), 10);
        // The page source sets no style attribute (the content security policy has no
        // 'unsafe-inline' for styles).
        let source = include_str!("pages.rs");
        assert!(!source.contains(concat!("style", "=")), "an inline style in the live pages");
    }
}
