//! A live circle session is an append-only log of events. Its state is a pure fold over them
//! ([`SessionState::apply`]), the same function on the server and in the browser. Commands
//! from people become events through [`decide`], which checks who may do what; the server
//! alone runs it, and stores the event it returns with the next sequence number.
//!
//! Polls keep results hidden until revealed: a vote's event carries a ballot number (so the
//! count of voters is known to all) and its choices; what a viewer receives is redacted by
//! [`redact_for`] — other people's choices go only to facilitators, and who voted how only for
//! named polls. The reveal event carries the tally, so every fold shows the same results.

use crate::i18n::T;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub title: String,
    pub minutes: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PollKind {
    Single,
    Multiple,
    FistToFive,
    Thumbs,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Started { title: String, agenda: Vec<Item> },
    CheckedIn { person: i64, name: String, how: String },
    Attendance { person: i64, status: String },
    ItemStarted { index: usize },
    TimerStarted { seconds: i64, at: i64 },
    TimerPaused { at: i64 },
    TimerExtended { seconds: i64 },
    HandRaised { person: i64 },
    HandLowered { person: i64 },
    FairOrder,
    SpeakerCalled { person: i64 },
    NoteTakerSet { person: Option<i64> },
    NoteWritten { item: usize, text: String },
    PollOpened { poll: usize, question: String, kind: PollKind, options: Vec<String>, anonymous: bool },
    Voted { poll: usize, ballot: usize, person: i64, choices: Vec<usize> },
    PollRevealed { poll: usize, tally: Vec<u32>, named: Vec<(String, Vec<usize>)> },
    ActionCaptured { what: String, organisation_id: Option<i64>, organisation: String, who: String, due: String },
    Closed { at: i64 },
}

/// An event as stored and sent: its place in the log, when, and who caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub seq: i64,
    /// Milliseconds since 1970, server time.
    pub at: i64,
    pub actor: i64,
    pub event: Event,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    /// "device", "room" or "phone".
    pub how: String,
    /// "present", "late" or "apologies".
    pub attendance: String,
    pub spoken: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Timer {
    pub running: bool,
    /// Seconds left when last started or paused.
    pub remaining: i64,
    /// When it was last started (ms), while running.
    pub since: i64,
}

impl Timer {
    /// Seconds left at `now_ms` (never below zero).
    pub fn left(&self, now_ms: i64) -> i64 {
        if self.running {
            (self.remaining - (now_ms - self.since) / 1000).max(0)
        } else {
            self.remaining.max(0)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Poll {
    pub question: String,
    pub kind: PollKind,
    pub options: Vec<String>,
    pub anonymous: bool,
    /// ballot -> (person, choices); redacted copies carry person 0 / no choices.
    pub ballots: BTreeMap<usize, (i64, Vec<usize>)>,
    pub revealed: bool,
    pub tally: Vec<u32>,
    pub named: Vec<(String, Vec<usize>)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub what: String,
    pub organisation_id: Option<i64>,
    pub organisation: String,
    pub who: String,
    pub due: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SessionState {
    /// The last sequence number applied.
    pub seq: i64,
    pub title: String,
    pub agenda: Vec<Item>,
    pub current: Option<usize>,
    pub timer: Timer,
    pub people: BTreeMap<i64, Person>,
    pub queue: Vec<i64>,
    pub note_taker: Option<i64>,
    pub notes: BTreeMap<usize, String>,
    pub polls: Vec<Poll>,
    pub actions: Vec<Action>,
    pub closed: bool,
}

/// Why an event or a command is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The sequence number is not the next one (a gap or a repeat).
    OutOfOrder,
    /// The event does not fit the state (unknown item, poll, person; session closed).
    Invalid,
    /// Only a facilitator (or the note-taker, for notes) may do this.
    FacilitatorOnly,
}

impl Refusal {
    pub fn text(self) -> T {
        match self {
            Refusal::OutOfOrder => T::ErrLiveOutOfOrder,
            Refusal::Invalid => T::ErrLiveInvalid,
            Refusal::FacilitatorOnly => T::ErrLiveFacilitatorOnly,
        }
    }
}

pub const NOTE_MAX: usize = 10_000;
pub const TEXT_MAX: usize = 300;
pub const OPTIONS_MAX: usize = 10;

impl SessionState {
    /// Apply the next event. A gap or repeat in the sequence, or an event that does not fit
    /// the state, is refused and changes nothing.
    pub fn apply(&mut self, env: &Envelope) -> Result<(), Refusal> {
        if env.seq != self.seq + 1 {
            return Err(Refusal::OutOfOrder);
        }
        let mut next = self.clone();
        next.apply_event(env)?;
        next.seq = env.seq;
        *self = next;
        Ok(())
    }

    /// Fold a whole log (stopping at the first refused event).
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a Envelope>) -> Result<SessionState, Refusal> {
        let mut state = SessionState::default();
        for env in events {
            state.apply(env)?;
        }
        Ok(state)
    }

    fn apply_event(&mut self, env: &Envelope) -> Result<(), Refusal> {
        let started = !self.title.is_empty() || !self.agenda.is_empty() || self.seq > 0;
        match &env.event {
            Event::Started { .. } if started => return Err(Refusal::Invalid),
            Event::Started { .. } => {}
            _ if !started => return Err(Refusal::Invalid),
            _ if self.closed => return Err(Refusal::Invalid),
            _ => {}
        }
        match &env.event {
            Event::Started { title, agenda } => {
                self.title = title.clone();
                self.agenda = agenda.clone();
            }
            Event::CheckedIn { person, name, how } => {
                let p = self.people.entry(*person).or_default();
                p.name = name.clone();
                p.how = how.clone();
                if p.attendance.is_empty() {
                    p.attendance = "present".into();
                }
            }
            Event::Attendance { person, status } => {
                if !matches!(status.as_str(), "present" | "late" | "apologies") {
                    return Err(Refusal::Invalid);
                }
                self.people.get_mut(person).ok_or(Refusal::Invalid)?.attendance = status.clone();
            }
            Event::ItemStarted { index } => {
                if *index >= self.agenda.len() {
                    return Err(Refusal::Invalid);
                }
                self.current = Some(*index);
                self.timer = Timer { running: true, remaining: self.agenda[*index].minutes * 60, since: env.at };
            }
            Event::TimerStarted { seconds, at } => {
                if *seconds < 0 {
                    return Err(Refusal::Invalid);
                }
                self.timer = Timer { running: true, remaining: *seconds, since: *at };
            }
            Event::TimerPaused { at } => {
                let left = self.timer.left(*at);
                self.timer = Timer { running: false, remaining: left, since: 0 };
            }
            Event::TimerExtended { seconds } => {
                if *seconds <= 0 {
                    return Err(Refusal::Invalid);
                }
                self.timer.remaining += seconds;
            }
            Event::HandRaised { person } => {
                if !self.people.contains_key(person) {
                    return Err(Refusal::Invalid);
                }
                if !self.queue.contains(person) {
                    self.queue.push(*person);
                }
            }
            Event::HandLowered { person } => self.queue.retain(|p| p != person),
            Event::FairOrder => {
                let spoken = |p: &i64| self.people.get(p).map(|x| x.spoken).unwrap_or(0);
                let mut queue = self.queue.clone();
                // Stable: among equals, who raised a hand first stays first.
                queue.sort_by_key(spoken);
                self.queue = queue;
            }
            Event::SpeakerCalled { person } => {
                if !self.queue.contains(person) {
                    return Err(Refusal::Invalid);
                }
                self.queue.retain(|p| p != person);
                if let Some(p) = self.people.get_mut(person) {
                    p.spoken += 1;
                }
            }
            Event::NoteTakerSet { person } => {
                if person.is_some_and(|p| !self.people.contains_key(&p)) {
                    return Err(Refusal::Invalid);
                }
                self.note_taker = *person;
            }
            Event::NoteWritten { item, text } => {
                if *item >= self.agenda.len() || text.chars().count() > NOTE_MAX {
                    return Err(Refusal::Invalid);
                }
                self.notes.insert(*item, text.clone());
            }
            Event::PollOpened { poll, question, kind, options, anonymous } => {
                if *poll != self.polls.len() || options.is_empty() || options.len() > OPTIONS_MAX {
                    return Err(Refusal::Invalid);
                }
                self.polls.push(Poll {
                    question: question.clone(),
                    kind: *kind,
                    options: options.clone(),
                    anonymous: *anonymous,
                    ballots: BTreeMap::new(),
                    revealed: false,
                    tally: Vec::new(),
                    named: Vec::new(),
                });
            }
            Event::Voted { poll, ballot, person, choices } => {
                let p = self.polls.get_mut(*poll).ok_or(Refusal::Invalid)?;
                if p.revealed || choices.iter().any(|c| *c >= p.options.len()) || *ballot > p.ballots.len() {
                    return Err(Refusal::Invalid);
                }
                p.ballots.insert(*ballot, (*person, choices.clone()));
            }
            Event::PollRevealed { poll, tally, named } => {
                let p = self.polls.get_mut(*poll).ok_or(Refusal::Invalid)?;
                if p.revealed || tally.len() != p.options.len() {
                    return Err(Refusal::Invalid);
                }
                p.revealed = true;
                p.tally = tally.clone();
                p.named = named.clone();
            }
            Event::ActionCaptured { what, organisation_id, organisation, who, due } => {
                if what.trim().is_empty() {
                    return Err(Refusal::Invalid);
                }
                self.actions.push(Action {
                    what: what.clone(),
                    organisation_id: *organisation_id,
                    organisation: organisation.clone(),
                    who: who.clone(),
                    due: due.clone(),
                });
            }
            Event::Closed { .. } => {
                self.closed = true;
                self.timer.running = false;
                self.queue.clear();
            }
        }
        Ok(())
    }

    pub fn is_facilitator_only(event: &Event) -> bool {
        !matches!(
            event,
            Event::CheckedIn { .. } | Event::HandRaised { .. } | Event::HandLowered { .. } | Event::Voted { .. } | Event::NoteWritten { .. }
        )
    }
}

/// Who is acting, as the server knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub name: String,
    pub facilitator: bool,
}

/// What people ask for. The server turns a command into the event to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    CheckIn,
    RaiseHand,
    LowerHand,
    Vote { poll: usize, choices: Vec<usize> },
    WriteNote { item: usize, text: String },
    // Facilitators only:
    CheckInPerson { name: String, how: String },
    MarkAttendance { person: i64, status: String },
    StartItem { index: usize },
    StartTimer { seconds: i64 },
    PauseTimer,
    ExtendTimer { seconds: i64 },
    FairOrder,
    CallSpeaker { person: i64 },
    SetNoteTaker { person: Option<i64> },
    OpenPoll { question: String, kind: PollKind, options: Vec<String>, anonymous: bool },
    RevealPoll { poll: usize },
    CaptureAction { what: String, organisation_id: Option<i64>, organisation: String, who: String, due: String },
    Close,
}

/// The fixed options of the consensus checks.
pub fn standard_options(kind: PollKind) -> Option<Vec<String>> {
    match kind {
        PollKind::FistToFive => Some((0..=5).map(|n| n.to_string()).collect()),
        PollKind::Thumbs => Some(vec!["👍".into(), "👉".into(), "👎".into()]),
        _ => None,
    }
}

/// Turn a command into the event to append, or refuse it. Pure: `now_ms` is passed in.
/// People checked in without a device get negative ids, handed out here.
pub fn decide(state: &SessionState, actor: &Actor, command: Command, now_ms: i64) -> Result<Event, Refusal> {
    let facilitator_only = || if actor.facilitator { Ok(()) } else { Err(Refusal::FacilitatorOnly) };
    let text_ok = |s: &str| !s.trim().is_empty() && s.chars().count() <= TEXT_MAX;
    let event = match command {
        Command::CheckIn => Event::CheckedIn { person: actor.user_id, name: actor.name.clone(), how: "device".into() },
        Command::RaiseHand => {
            if !state.people.contains_key(&actor.user_id) {
                return Err(Refusal::Invalid);
            }
            Event::HandRaised { person: actor.user_id }
        }
        Command::LowerHand => Event::HandLowered { person: actor.user_id },
        Command::Vote { poll, mut choices } => {
            let p = state.polls.get(poll).ok_or(Refusal::Invalid)?;
            choices.sort_unstable();
            choices.dedup();
            let single = !matches!(p.kind, PollKind::Multiple);
            if choices.is_empty() || (single && choices.len() != 1) {
                return Err(Refusal::Invalid);
            }
            let ballot = p
                .ballots
                .iter()
                .find(|(_, (person, _))| *person == actor.user_id)
                .map(|(b, _)| *b)
                .unwrap_or(p.ballots.len());
            Event::Voted { poll, ballot, person: actor.user_id, choices }
        }
        Command::WriteNote { item, text } => {
            if !actor.facilitator && state.note_taker != Some(actor.user_id) {
                return Err(Refusal::FacilitatorOnly);
            }
            Event::NoteWritten { item, text }
        }
        Command::CheckInPerson { name, how } => {
            facilitator_only()?;
            if !text_ok(&name) || !matches!(how.as_str(), "room" | "phone") {
                return Err(Refusal::Invalid);
            }
            let next = state.people.keys().next().copied().filter(|k| *k < 0).unwrap_or(0) - 1;
            Event::CheckedIn { person: next, name: name.trim().to_string(), how }
        }
        Command::MarkAttendance { person, status } => {
            facilitator_only()?;
            Event::Attendance { person, status }
        }
        Command::StartItem { index } => {
            facilitator_only()?;
            Event::ItemStarted { index }
        }
        Command::StartTimer { seconds } => {
            facilitator_only()?;
            if !(1..=4 * 3600).contains(&seconds) {
                return Err(Refusal::Invalid);
            }
            Event::TimerStarted { seconds, at: now_ms }
        }
        Command::PauseTimer => {
            facilitator_only()?;
            Event::TimerPaused { at: now_ms }
        }
        Command::ExtendTimer { seconds } => {
            facilitator_only()?;
            if !(1..=3600).contains(&seconds) {
                return Err(Refusal::Invalid);
            }
            Event::TimerExtended { seconds }
        }
        Command::FairOrder => {
            facilitator_only()?;
            Event::FairOrder
        }
        Command::CallSpeaker { person } => {
            facilitator_only()?;
            Event::SpeakerCalled { person }
        }
        Command::SetNoteTaker { person } => {
            facilitator_only()?;
            Event::NoteTakerSet { person }
        }
        Command::OpenPoll { question, kind, options, anonymous } => {
            facilitator_only()?;
            let options = match standard_options(kind) {
                Some(fixed) => fixed,
                None => options.into_iter().map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect(),
            };
            if !text_ok(&question) || options.len() < 2 || options.iter().any(|o| o.chars().count() > TEXT_MAX) {
                return Err(Refusal::Invalid);
            }
            Event::PollOpened { poll: state.polls.len(), question: question.trim().to_string(), kind, options, anonymous }
        }
        Command::RevealPoll { poll } => {
            facilitator_only()?;
            let p = state.polls.get(poll).ok_or(Refusal::Invalid)?;
            let mut tally = vec![0u32; p.options.len()];
            for (_, choices) in p.ballots.values() {
                for c in choices {
                    tally[*c] += 1;
                }
            }
            let named = if p.anonymous {
                Vec::new()
            } else {
                p.ballots
                    .values()
                    .map(|(person, choices)| (state.people.get(person).map(|x| x.name.clone()).unwrap_or_default(), choices.clone()))
                    .collect()
            };
            Event::PollRevealed { poll, tally, named }
        }
        Command::CaptureAction { what, organisation_id, organisation, who, due } => {
            facilitator_only()?;
            if !text_ok(&what) || who.chars().count() > TEXT_MAX || due.chars().count() > 40 {
                return Err(Refusal::Invalid);
            }
            Event::ActionCaptured { what: what.trim().to_string(), organisation_id, organisation, who: who.trim().to_string(), due: due.trim().to_string() }
        }
        Command::Close => {
            facilitator_only()?;
            Event::Closed { at: now_ms }
        }
    };
    // Check it fits the state now, so nothing refused is ever stored.
    let mut probe = state.clone();
    probe.apply(&Envelope { seq: state.seq + 1, at: now_ms, actor: actor.user_id, event: event.clone() })?;
    Ok(event)
}

/// What `viewer` may see of an event: other people's votes lose their choices (unless the
/// viewer facilitates) and their voter (unless the poll is named and the viewer facilitates).
pub fn redact_for(state_before: &SessionState, env: &Envelope, viewer: i64, facilitator: bool) -> Envelope {
    let mut env = env.clone();
    if let Event::Voted { poll, person, choices, .. } = &mut env.event {
        if *person != viewer {
            let anonymous = state_before.polls.get(*poll).is_none_or(|p| p.anonymous);
            if !facilitator {
                choices.clear();
            }
            if anonymous || !facilitator {
                *person = 0;
            }
        }
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facilitator() -> Actor {
        Actor { user_id: 1, name: "Priya".into(), facilitator: true }
    }

    fn member(id: i64) -> Actor {
        Actor { user_id: id, name: format!("Member {id}"), facilitator: false }
    }

    /// Run commands through decide + apply, as the server does; refused ones are skipped.
    fn run(commands: &[(Actor, Command)]) -> (SessionState, Vec<Envelope>) {
        let mut state = SessionState::default();
        let mut log = Vec::new();
        let start = Envelope {
            seq: 1,
            at: 0,
            actor: 1,
            event: Event::Started { title: "Circle".into(), agenda: vec![Item { title: "Check-in".into(), minutes: 10 }, Item { title: "Induction".into(), minutes: 40 }] },
        };
        state.apply(&start).unwrap();
        log.push(start);
        for (i, (actor, command)) in commands.iter().enumerate() {
            let now = 1_000 * (i as i64 + 1);
            if let Ok(event) = decide(&state, actor, command.clone(), now) {
                let env = Envelope { seq: state.seq + 1, at: now, actor: actor.user_id, event };
                state.apply(&env).unwrap();
                log.push(env);
            }
        }
        (state, log)
    }

    fn script() -> Vec<(Actor, Command)> {
        vec![
            (member(2), Command::CheckIn),
            (member(3), Command::CheckIn),
            (facilitator(), Command::CheckInPerson { name: "Jan (by phone)".into(), how: "phone".into() }),
            (facilitator(), Command::StartItem { index: 0 }),
            (member(2), Command::RaiseHand),
            (member(3), Command::RaiseHand),
            (facilitator(), Command::CallSpeaker { person: 2 }),
            (member(2), Command::RaiseHand),
            (facilitator(), Command::FairOrder),
            (facilitator(), Command::PauseTimer),
            (facilitator(), Command::ExtendTimer { seconds: 120 }),
            (facilitator(), Command::OpenPoll { question: "Ready?".into(), kind: PollKind::FistToFive, options: vec![], anonymous: true }),
            (member(2), Command::Vote { poll: 0, choices: vec![4] }),
            (member(3), Command::Vote { poll: 0, choices: vec![2] }),
            (member(2), Command::Vote { poll: 0, choices: vec![5] }),
            (facilitator(), Command::RevealPoll { poll: 0 }),
            (facilitator(), Command::SetNoteTaker { person: Some(3) }),
            (member(3), Command::WriteNote { item: 0, text: "Everyone is here.".into() }),
            (facilitator(), Command::CaptureAction { what: "Update the induction pack".into(), organisation_id: Some(7), organisation: "Mill Lane".into(), who: "Tom".into(), due: "2026-12-31".into() }),
            (facilitator(), Command::Close),
        ]
    }

    #[test]
    fn a_session_folds_to_what_happened() {
        let (state, log) = run(&script());
        assert_eq!(state.seq as usize, log.len());
        assert_eq!(state.people.len(), 3);
        assert_eq!(state.people[&-1].how, "phone");
        assert_eq!(state.people[&2].spoken, 1);
        let poll = &state.polls[0];
        assert_eq!(poll.ballots.len(), 2, "a changed vote keeps its ballot");
        assert_eq!(poll.tally, vec![0, 0, 1, 0, 0, 1]);
        assert!(poll.named.is_empty(), "anonymous");
        assert_eq!(state.notes[&0], "Everyone is here.");
        assert_eq!(state.actions[0].organisation_id, Some(7));
        assert!(state.closed && state.queue.is_empty());
    }

    #[test]
    fn replaying_any_prefix_then_the_rest_gives_the_live_state() {
        let (live, log) = run(&script());
        for cut in 0..=log.len() {
            let mut state = SessionState::replay(&log[..cut]).unwrap();
            for env in &log[cut..] {
                state.apply(env).unwrap();
            }
            assert_eq!(state, live, "cut at {cut}");
        }
    }

    #[test]
    fn random_sessions_replay_to_the_same_state() {
        // A small deterministic generator: many random command sequences, each checked.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..200 {
            let mut commands = Vec::new();
            for _ in 0..40 {
                let who = if next(3) == 0 { facilitator() } else { member(2 + next(4) as i64) };
                let command = match next(12) {
                    0 => Command::CheckIn,
                    1 => Command::RaiseHand,
                    2 => Command::LowerHand,
                    3 => Command::CallSpeaker { person: 2 + next(4) as i64 },
                    4 => Command::FairOrder,
                    5 => Command::StartItem { index: next(3) as usize },
                    6 => Command::OpenPoll { question: "Q".into(), kind: PollKind::Single, options: vec!["a".into(), "b".into()], anonymous: next(2) == 0 },
                    7 => Command::Vote { poll: next(2) as usize, choices: vec![next(3) as usize] },
                    8 => Command::RevealPoll { poll: next(2) as usize },
                    9 => Command::PauseTimer,
                    10 => Command::ExtendTimer { seconds: 30 },
                    _ => Command::WriteNote { item: next(2) as usize, text: "n".into() },
                };
                commands.push((who, command));
            }
            let (live, log) = run(&commands);
            let cut = next(log.len() as u64 + 1) as usize;
            let mut state = SessionState::replay(&log[..cut]).unwrap();
            for env in &log[cut..] {
                state.apply(env).unwrap();
            }
            assert_eq!(state, live);
        }
    }

    #[test]
    fn gaps_repeats_and_misfits_are_refused_and_change_nothing() {
        let (state, log) = run(&script()[..6]);
        let mut copy = state.clone();
        assert_eq!(copy.apply(&log[2]), Err(Refusal::OutOfOrder), "a repeat");
        let mut gap = log[3].clone();
        gap.seq = state.seq + 2;
        assert_eq!(copy.apply(&gap), Err(Refusal::OutOfOrder), "a gap");
        let bad = Envelope { seq: state.seq + 1, at: 0, actor: 1, event: Event::ItemStarted { index: 9 } };
        assert_eq!(copy.apply(&bad), Err(Refusal::Invalid));
        assert_eq!(copy, state);
        // An unknown event type does not even parse.
        assert!(serde_json::from_str::<Event>(r#"{"type":"launch_rockets"}"#).is_err());
    }

    #[test]
    fn participants_cannot_run_the_session() {
        let (state, _) = run(&script()[..4]);
        for command in [Command::StartItem { index: 1 }, Command::Close, Command::RevealPoll { poll: 0 }, Command::WriteNote { item: 0, text: "x".into() }] {
            assert_eq!(decide(&state, &member(2), command, 0), Err(Refusal::FacilitatorOnly));
        }
    }

    #[test]
    fn votes_are_hidden_from_others_until_revealed() {
        let (state, log) = run(&script()[..14]);
        let vote = log.iter().find(|e| matches!(e.event, Event::Voted { person: 3, .. })).unwrap();
        let before = SessionState::replay(&log[..(vote.seq - 1) as usize]).unwrap();
        let seen = redact_for(&before, vote, 2, false);
        assert_eq!(seen.event, Event::Voted { poll: 0, ballot: 1, person: 0, choices: vec![] });
        assert_eq!(redact_for(&before, vote, 3, false), *vote, "your own vote");
        let by_facilitator = redact_for(&before, vote, 1, true);
        assert_eq!(by_facilitator.event, Event::Voted { poll: 0, ballot: 1, person: 0, choices: vec![2] }, "anonymous even to the facilitator");
        assert_eq!(state.polls[0].ballots.len(), 2);
    }
}
