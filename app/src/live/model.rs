//! A live circle session is an append-only log of events. Its state is a pure fold over them
//! ([`SessionState::apply`]), the same function on the server and in the browser. Commands
//! from people become events through [`decide`], which checks who may do what; the server
//! alone runs it, and stores the event it returns with the next sequence number.
//!
//! Polls keep results hidden until revealed: a vote's event carries a ballot number (so the
//! count of voters is known to all) and its choices; what a viewer receives is redacted by
//! [`redact_for`]. The reveal event carries the tally, so every fold shows the same results.
//!
//! **Anonymous polls are anonymous to everyone, the facilitator included.** Their votes never
//! name the voter, not even in the stored log: the event carries a ballot *key* instead — a
//! keyed hash of the person under a random secret the server keeps for that poll alone — so a
//! second vote by the same person still replaces their first, and the envelope's actor is 0.
//! The key never leaves the server ([`redact_for`] drops it); the voter alone is shown their own
//! ballot (the server recognises it by recomputing their key). Before the reveal, everyone
//! learns how many voted, not who nor how; after it, the tally.
//!
//! In named polls, facilitators see who voted how as votes arrive and everyone sees the names
//! with the results; other participants see only that someone voted.
//!
//! A command that would change nothing (lowering a hand that is not raised, checking in twice,
//! the same vote again …) is refused by [`decide`] with [`Refusal::Unchanged`]: nothing is
//! stored. The fold itself stays lenient, so logs written before this rule still replay.

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

/// Stored and sent as JSON tagged by `type` (`{"type":"hand_raised","person":7}`). It is read
/// through [`wire::Fields`] rather than serde's own internally tagged reader, which buffers each
/// event whole and made a third of the live room's browser code; the JSON is the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "wire::Fields")]
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
    /// `person` is the voter in a named poll and 0 in an anonymous one, where `key` (the
    /// voter's keyed hash for this poll, server-side only) identifies the ballot instead.
    Voted {
        poll: usize,
        ballot: usize,
        person: i64,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        key: String,
        choices: Vec<usize>,
    },
    PollRevealed { poll: usize, tally: Vec<u32>, named: Vec<(String, Vec<usize>)> },
    ActionCaptured { what: String, organisation_id: Option<i64>, organisation: String, who: String, due: String },
    Closed { at: i64 },
}

/// Reading an [`Event`]: every variant's fields side by side, told apart by `type`.
mod wire {
    use super::{Event, Item, PollKind};
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Kind {
        Started,
        CheckedIn,
        Attendance,
        ItemStarted,
        TimerStarted,
        TimerPaused,
        TimerExtended,
        HandRaised,
        HandLowered,
        FairOrder,
        SpeakerCalled,
        NoteTakerSet,
        NoteWritten,
        PollOpened,
        Voted,
        PollRevealed,
        ActionCaptured,
        Closed,
    }

    #[derive(Deserialize)]
    pub struct Fields {
        #[serde(rename = "type")]
        kind: Kind,
        title: Option<String>,
        agenda: Option<Vec<Item>>,
        person: Option<i64>,
        name: Option<String>,
        how: Option<String>,
        status: Option<String>,
        index: Option<usize>,
        seconds: Option<i64>,
        at: Option<i64>,
        item: Option<usize>,
        text: Option<String>,
        poll: Option<usize>,
        question: Option<String>,
        #[serde(rename = "kind")]
        poll_kind: Option<PollKind>,
        options: Option<Vec<String>>,
        anonymous: Option<bool>,
        ballot: Option<usize>,
        key: Option<String>,
        choices: Option<Vec<usize>>,
        tally: Option<Vec<u32>>,
        named: Option<Vec<(String, Vec<usize>)>>,
        what: Option<String>,
        organisation_id: Option<i64>,
        organisation: Option<String>,
        who: Option<String>,
        due: Option<String>,
    }

    /// A field the event's type requires.
    fn need<T>(value: Option<T>, field: &'static str) -> Result<T, String> {
        value.ok_or_else(|| format!("missing field `{field}`"))
    }

    impl TryFrom<Fields> for Event {
        type Error = String;

        fn try_from(f: Fields) -> Result<Event, String> {
            Ok(match f.kind {
                Kind::Started => Event::Started { title: need(f.title, "title")?, agenda: need(f.agenda, "agenda")? },
                Kind::CheckedIn => Event::CheckedIn { person: need(f.person, "person")?, name: need(f.name, "name")?, how: need(f.how, "how")? },
                Kind::Attendance => Event::Attendance { person: need(f.person, "person")?, status: need(f.status, "status")? },
                Kind::ItemStarted => Event::ItemStarted { index: need(f.index, "index")? },
                Kind::TimerStarted => Event::TimerStarted { seconds: need(f.seconds, "seconds")?, at: need(f.at, "at")? },
                Kind::TimerPaused => Event::TimerPaused { at: need(f.at, "at")? },
                Kind::TimerExtended => Event::TimerExtended { seconds: need(f.seconds, "seconds")? },
                Kind::HandRaised => Event::HandRaised { person: need(f.person, "person")? },
                Kind::HandLowered => Event::HandLowered { person: need(f.person, "person")? },
                Kind::FairOrder => Event::FairOrder,
                Kind::SpeakerCalled => Event::SpeakerCalled { person: need(f.person, "person")? },
                // `null` (nobody) and a missing field read the same, as they always did.
                Kind::NoteTakerSet => Event::NoteTakerSet { person: f.person },
                Kind::NoteWritten => Event::NoteWritten { item: need(f.item, "item")?, text: need(f.text, "text")? },
                Kind::PollOpened => Event::PollOpened {
                    poll: need(f.poll, "poll")?,
                    question: need(f.question, "question")?,
                    kind: need(f.poll_kind, "kind")?,
                    options: need(f.options, "options")?,
                    anonymous: need(f.anonymous, "anonymous")?,
                },
                Kind::Voted => Event::Voted {
                    poll: need(f.poll, "poll")?,
                    ballot: need(f.ballot, "ballot")?,
                    person: need(f.person, "person")?,
                    key: f.key.unwrap_or_default(),
                    choices: need(f.choices, "choices")?,
                },
                Kind::PollRevealed => Event::PollRevealed { poll: need(f.poll, "poll")?, tally: need(f.tally, "tally")?, named: need(f.named, "named")? },
                Kind::ActionCaptured => Event::ActionCaptured {
                    what: need(f.what, "what")?,
                    organisation_id: f.organisation_id,
                    organisation: need(f.organisation, "organisation")?,
                    who: need(f.who, "who")?,
                    due: need(f.due, "due")?,
                },
                Kind::Closed => Event::Closed { at: need(f.at, "at")? },
            })
        }
    }
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

/// A few entries in the order of their keys: the room's people, ballots and notes. A sorted
/// list rather than a `BTreeMap`: the room folds its events in the browser, and the B-tree's
/// generic code weighed more in the bundle than these maps of a few dozen entries need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keyed<K, V>(Vec<(K, V)>);

impl<K, V> Default for Keyed<K, V> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

impl<K: Ord + Copy, V> Keyed<K, V> {
    fn place(&self, key: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(key))
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.place(key).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.place(key).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.place(key).is_ok()
    }

    /// Put `value` under `key`, replacing what was there.
    pub fn insert(&mut self, key: K, value: V) {
        match self.place(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    /// What is under `key`, put there first if nothing was.
    pub fn entry_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        let i = match self.place(&key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, V::default()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<K: Ord + Copy, V> std::ops::Index<&K> for Keyed<K, V> {
    type Output = V;

    fn index(&self, key: &K) -> &V {
        self.get(key).expect("no entry for this key")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Poll {
    pub question: String,
    pub kind: PollKind,
    pub options: Vec<String>,
    pub anonymous: bool,
    /// By ballot number; redacted copies carry person 0 / no choices / no key.
    pub ballots: Keyed<usize, Ballot>,
    pub revealed: bool,
    pub tally: Vec<u32>,
    pub named: Vec<(String, Vec<usize>)>,
}

/// One person's vote in a poll.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ballot {
    /// The voter (named polls; in a viewer's copy of an anonymous poll, the viewer's own
    /// ballot only), else 0.
    pub person: i64,
    /// The voter's keyed hash (anonymous polls, on the server only), else empty.
    pub key: String,
    pub choices: Vec<usize>,
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
    pub people: Keyed<i64, Person>,
    pub queue: Vec<i64>,
    pub note_taker: Option<i64>,
    pub notes: Keyed<usize, String>,
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
    /// It would change nothing (a hand already down, a second check-in, the same vote …).
    Unchanged,
}

impl Refusal {
    pub fn text(self) -> T {
        match self {
            Refusal::OutOfOrder => T::ErrLiveOutOfOrder,
            Refusal::Invalid => T::ErrLiveInvalid,
            Refusal::FacilitatorOnly => T::ErrLiveFacilitatorOnly,
            Refusal::Unchanged => T::ErrLiveUnchanged,
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
                let p = self.people.entry_or_default(*person);
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
                    ballots: Keyed::default(),
                    revealed: false,
                    tally: Vec::new(),
                    named: Vec::new(),
                });
            }
            Event::Voted { poll, ballot, person, key, choices } => {
                let p = self.polls.get_mut(*poll).ok_or(Refusal::Invalid)?;
                if p.revealed || choices.iter().any(|c| *c >= p.options.len()) || *ballot > p.ballots.len() {
                    return Err(Refusal::Invalid);
                }
                p.ballots.insert(*ballot, Ballot { person: *person, key: key.clone(), choices: choices.clone() });
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
    /// For a vote in an anonymous poll: the voter's keyed hash for that poll, which the server
    /// computes from the poll's secret. A vote in an anonymous poll without one is refused.
    pub ballot_key: Option<String>,
}

/// The envelope's actor for an event: nobody (0) for a vote in an anonymous poll.
pub fn envelope_actor(event: &Event, actor: i64) -> i64 {
    match event {
        Event::Voted { key, .. } if !key.is_empty() => 0,
        _ => actor,
    }
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
        Command::CheckIn => {
            if state.people.get(&actor.user_id).is_some_and(|p| p.name == actor.name && p.how == "device") {
                return Err(Refusal::Unchanged);
            }
            Event::CheckedIn { person: actor.user_id, name: actor.name.clone(), how: "device".into() }
        }
        Command::RaiseHand => {
            if !state.people.contains_key(&actor.user_id) {
                return Err(Refusal::Invalid);
            }
            if state.queue.contains(&actor.user_id) {
                return Err(Refusal::Unchanged);
            }
            Event::HandRaised { person: actor.user_id }
        }
        Command::LowerHand => {
            if !state.queue.contains(&actor.user_id) {
                return Err(Refusal::Unchanged);
            }
            Event::HandLowered { person: actor.user_id }
        }
        Command::Vote { poll, mut choices } => {
            let p = state.polls.get(poll).ok_or(Refusal::Invalid)?;
            choices.sort_unstable();
            choices.dedup();
            let single = !matches!(p.kind, PollKind::Multiple);
            if choices.is_empty() || (single && choices.len() != 1) {
                return Err(Refusal::Invalid);
            }
            // Anonymous: the ballot is found by the voter's key, and the event never names them.
            let (person, key) = if p.anonymous {
                let key = actor.ballot_key.clone().filter(|k| !k.is_empty()).ok_or(Refusal::Invalid)?;
                (0, key)
            } else {
                (actor.user_id, String::new())
            };
            let existing = p.ballots.iter().find(|(_, b)| {
                if p.anonymous {
                    // (A ballot stored before keys existed still belongs to its person.)
                    b.key == key || (b.key.is_empty() && b.person == actor.user_id)
                } else {
                    b.person == actor.user_id
                }
            });
            if existing.is_some_and(|(_, b)| b.choices == choices) {
                return Err(Refusal::Unchanged);
            }
            let ballot = existing.map(|(b, _)| *b).unwrap_or(p.ballots.len());
            Event::Voted { poll, ballot, person, key, choices }
        }
        Command::WriteNote { item, text } => {
            if !actor.facilitator && state.note_taker != Some(actor.user_id) {
                return Err(Refusal::FacilitatorOnly);
            }
            if state.notes.get(&item).map(String::as_str).unwrap_or("") == text {
                return Err(Refusal::Unchanged);
            }
            Event::NoteWritten { item, text }
        }
        Command::CheckInPerson { name, how } => {
            facilitator_only()?;
            if !text_ok(&name) || !matches!(how.as_str(), "room" | "phone") {
                return Err(Refusal::Invalid);
            }
            let name = name.trim().to_string();
            // The same name checked in the same way twice is a double submit.
            if state.people.iter().any(|(id, p)| *id < 0 && p.how == how && p.name.to_lowercase() == name.to_lowercase()) {
                return Err(Refusal::Unchanged);
            }
            let next = state.people.keys().next().copied().filter(|k| *k < 0).unwrap_or(0) - 1;
            Event::CheckedIn { person: next, name, how }
        }
        Command::MarkAttendance { person, status } => {
            facilitator_only()?;
            if state.people.get(&person).is_some_and(|p| p.attendance == status) {
                return Err(Refusal::Unchanged);
            }
            Event::Attendance { person, status }
        }
        Command::StartItem { index } => {
            facilitator_only()?;
            if state.current == Some(index) {
                return Err(Refusal::Unchanged);
            }
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
            if !state.timer.running {
                return Err(Refusal::Unchanged);
            }
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
            // (An order that is already fair is refused below, as changing nothing.)
            Event::FairOrder
        }
        Command::CallSpeaker { person } => {
            facilitator_only()?;
            Event::SpeakerCalled { person }
        }
        Command::SetNoteTaker { person } => {
            facilitator_only()?;
            if state.note_taker == person {
                return Err(Refusal::Unchanged);
            }
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
            if p.revealed {
                return Err(Refusal::Unchanged);
            }
            let mut tally = vec![0u32; p.options.len()];
            for b in p.ballots.values() {
                for c in &b.choices {
                    tally[*c] += 1;
                }
            }
            let named = if p.anonymous {
                Vec::new()
            } else {
                p.ballots
                    .values()
                    .map(|b| (state.people.get(&b.person).map(|x| x.name.clone()).unwrap_or_default(), b.choices.clone()))
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
    probe.apply(&Envelope { seq: state.seq + 1, at: now_ms, actor: envelope_actor(&event, actor.user_id), event: event.clone() })?;
    // And that it changes something: a no-op is refused, not logged.
    probe.seq = state.seq;
    if probe == *state {
        return Err(Refusal::Unchanged);
    }
    Ok(event)
}

/// Who is looking, for [`redact_for`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Viewer {
    pub id: i64,
    pub facilitator: bool,
    /// The viewer's own ballot keys in anonymous polls, by poll (the server computes them; a
    /// poll missing here simply shows the viewer no ballot of theirs).
    pub keys: BTreeMap<usize, String>,
}

/// What `viewer` may see of an event. Only votes are redacted:
/// - ballot keys never leave the server;
/// - your own vote comes back to you whole (your id as its person, even in anonymous polls);
/// - in an anonymous poll, everyone else's vote is only "a ballot": no person, no choices,
///   actor 0 — for facilitators too;
/// - in a named poll, facilitators see who voted how; other participants see only a ballot.
pub fn redact_for(state: &SessionState, env: &Envelope, viewer: &Viewer) -> Envelope {
    let mut env = env.clone();
    let mut hide_actor = false;
    if let Event::Voted { poll, person, key, choices, .. } = &mut env.event {
        let anonymous = !key.is_empty() || state.polls.get(*poll).is_none_or(|p| p.anonymous);
        let own = if key.is_empty() {
            *person != 0 && *person == viewer.id
        } else {
            viewer.keys.get(poll) == Some(key)
        };
        key.clear();
        if own {
            *person = viewer.id;
        } else if anonymous || !viewer.facilitator {
            *person = 0;
            choices.clear();
        }
        hide_actor = anonymous || (!own && !viewer.facilitator);
    }
    if hide_actor {
        env.actor = 0;
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facilitator() -> Actor {
        Actor { user_id: 1, name: "Priya".into(), facilitator: true, ballot_key: None }
    }

    fn member(id: i64) -> Actor {
        Actor { user_id: id, name: format!("Member {id}"), facilitator: false, ballot_key: None }
    }

    /// Stands for the server's keyed hash of a person for a poll.
    fn key(poll: usize, person: i64) -> String {
        format!("k{poll}.{person}")
    }

    /// The actor as the server passes it to `decide`: with their key for an anonymous poll.
    fn keyed(state: &SessionState, actor: &Actor, command: &Command) -> Actor {
        let mut actor = actor.clone();
        if let Command::Vote { poll, .. } = command {
            if state.polls.get(*poll).is_some_and(|p| p.anonymous) {
                actor.ballot_key = Some(key(*poll, actor.user_id));
            }
        }
        actor
    }

    fn viewer(actor: &Actor, polls: usize) -> Viewer {
        Viewer { id: actor.user_id, facilitator: actor.facilitator, keys: (0..polls).map(|p| (p, key(p, actor.user_id))).collect() }
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
            if let Ok(event) = decide(&state, &keyed(&state, actor, command), command.clone(), now) {
                let env = Envelope { seq: state.seq + 1, at: now, actor: envelope_actor(&event, actor.user_id), event };
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

    /// The JSON of every kind of event, as stored in the log and sent to phones: each reads back
    /// as the event it was, and one missing a field its type needs does not read at all.
    #[test]
    fn every_event_reads_back_from_its_json() {
        let all = [
            Event::Started { title: "T".into(), agenda: vec![Item { title: "A".into(), minutes: 5 }] },
            Event::CheckedIn { person: 7, name: "Bea".into(), how: "device".into() },
            Event::Attendance { person: -1, status: "late".into() },
            Event::ItemStarted { index: 1 },
            Event::TimerStarted { seconds: 300, at: 1_700_000_000_000 },
            Event::TimerPaused { at: 1_700_000_060_000 },
            Event::TimerExtended { seconds: 60 },
            Event::HandRaised { person: 7 },
            Event::HandLowered { person: 7 },
            Event::FairOrder,
            Event::SpeakerCalled { person: 7 },
            Event::NoteTakerSet { person: Some(7) },
            Event::NoteTakerSet { person: None },
            Event::NoteWritten { item: 0, text: "Agreed".into() },
            Event::PollOpened { poll: 0, question: "Q?".into(), kind: PollKind::FistToFive, options: vec!["0".into(), "1".into()], anonymous: true },
            Event::Voted { poll: 0, ballot: 1, person: 0, key: "k".into(), choices: vec![1] },
            Event::Voted { poll: 0, ballot: 2, person: 7, key: String::new(), choices: vec![0, 1] },
            Event::PollRevealed { poll: 0, tally: vec![1, 2], named: vec![("Bea".into(), vec![1])] },
            Event::ActionCaptured { what: "W".into(), organisation_id: Some(3), organisation: "Mill".into(), who: "Tom".into(), due: "2027-01-01".into() },
            Event::ActionCaptured { what: "W".into(), organisation_id: None, organisation: String::new(), who: String::new(), due: String::new() },
            Event::Closed { at: 1_700_000_900_000 },
        ];
        for event in all {
            let json = serde_json::to_string(&event).unwrap();
            assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event, "{json}");
        }
        // As logs written before hold them: tagged by `type`, an absent key, a null note taker.
        let stored = [
            (r#"{"type":"hand_raised","person":7}"#, Event::HandRaised { person: 7 }),
            (r#"{"type":"voted","poll":0,"ballot":1,"person":7,"choices":[2]}"#, Event::Voted { poll: 0, ballot: 1, person: 7, key: String::new(), choices: vec![2] }),
            (r#"{"type":"note_taker_set","person":null}"#, Event::NoteTakerSet { person: None }),
            (r#"{"type":"poll_opened","poll":1,"question":"Q","kind":"thumbs","options":[],"anonymous":false}"#,
             Event::PollOpened { poll: 1, question: "Q".into(), kind: PollKind::Thumbs, options: vec![], anonymous: false }),
        ];
        for (json, event) in stored {
            assert_eq!(serde_json::from_str::<Event>(json).unwrap(), event, "{json}");
        }
        for json in [r#"{"type":"hand_raised"}"#, r#"{"type":"timer_started","seconds":5}"#, r#"{"person":7}"#, r#"{"type":"poll_opened","poll":1,"question":"Q","kind":"nope","options":[],"anonymous":false}"#] {
            assert!(serde_json::from_str::<Event>(json).is_err(), "{json} must not read");
        }
    }

    #[test]
    fn participants_cannot_run_the_session() {
        let (state, _) = run(&script()[..4]);
        for command in [Command::StartItem { index: 1 }, Command::Close, Command::RevealPoll { poll: 0 }, Command::WriteNote { item: 0, text: "x".into() }] {
            assert_eq!(decide(&state, &member(2), command, 0), Err(Refusal::FacilitatorOnly));
        }
    }

    #[test]
    fn anonymous_votes_name_nobody_in_the_log() {
        let (state, log) = run(&script());
        let votes: Vec<&Envelope> = log.iter().filter(|e| matches!(e.event, Event::Voted { .. })).collect();
        assert_eq!(votes.len(), 3);
        for vote in &votes {
            let Event::Voted { person, key, .. } = &vote.event else { unreachable!() };
            assert_eq!((vote.actor, *person), (0, 0), "neither envelope nor content names the voter: {vote:?}");
            assert!(!key.is_empty());
            let stored = serde_json::to_string(&vote.event).unwrap();
            assert!(stored.contains(r#""person":0"#) && !stored.contains(r#""person":2"#) && !stored.contains(r#""person":3"#), "{stored}");
        }
        // Member 2 voted twice: one ballot, their second choice counted.
        assert_eq!(state.polls[0].ballots.len(), 2);
        assert_eq!(state.polls[0].tally, vec![0, 0, 1, 0, 0, 1]);
        assert!(state.polls[0].ballots.values().all(|b| b.person == 0));
        // The record kept on the meeting has counts only.
        let summary = serde_json::to_string(&crate::live::summary::Summary::of(&state)).unwrap();
        assert!(!summary.contains("k0."), "{summary}");
    }

    #[test]
    fn an_anonymous_vote_without_a_key_is_refused() {
        let (state, _) = run(&script()[..12]);
        assert!(state.polls[0].anonymous);
        assert_eq!(decide(&state, &member(2), Command::Vote { poll: 0, choices: vec![1] }, 0), Err(Refusal::Invalid));
    }

    /// Each viewer's copy of the log, as the socket and the snapshot send it.
    fn seen_by(log: &[Envelope], who: &Viewer) -> Vec<Envelope> {
        let mut state = SessionState::default();
        log.iter()
            .map(|e| {
                let seen = redact_for(&state, e, who);
                state.apply(e).unwrap();
                seen
            })
            .collect()
    }

    #[test]
    fn an_anonymous_vote_is_seen_whole_by_its_voter_only() {
        let (_, log) = run(&script()[..14]);
        let vote = log.iter().find(|e| matches!(&e.event, Event::Voted { key, .. } if *key == key_of(0, 3))).unwrap().clone();
        let idx = (vote.seq - 1) as usize;
        let (voter, fac, other) = (viewer(&member(3), 1), viewer(&facilitator(), 1), viewer(&member(2), 1));
        let whole = |person: i64, choices: Vec<usize>| Envelope { seq: vote.seq, at: vote.at, actor: 0, event: Event::Voted { poll: 0, ballot: 1, person, key: String::new(), choices } };
        assert_eq!(seen_by(&log, &voter)[idx], whole(3, vec![2]), "the voter sees their own vote");
        assert_eq!(seen_by(&log, &fac)[idx], whole(0, vec![]), "the facilitator sees a ballot, not whose nor how");
        assert_eq!(seen_by(&log, &other)[idx], whole(0, vec![]), "another participant too");
        // Their folds: everyone counts two ballots; only the voter finds theirs.
        for (who, mine) in [(&voter, Some(vec![2])), (&fac, None), (&other, Some(vec![4]))] {
            let folded = SessionState::replay(&seen_by(&log, who)).unwrap();
            let poll = &folded.polls[0];
            assert_eq!(poll.ballots.len(), 2);
            assert!(poll.ballots.values().all(|b| b.key.is_empty()), "no key reaches a viewer");
            assert!(poll.ballots.values().all(|b| b.person == 0 || b.person == who.id));
            assert_eq!(poll.ballots.values().find(|b| b.person == who.id).map(|b| b.choices.clone()), mine);
            assert_eq!(poll.ballots.values().filter(|b| !b.choices.is_empty()).count(), mine.iter().count(), "no one else's choices");
        }
    }

    fn key_of(poll: usize, person: i64) -> String {
        key(poll, person)
    }

    #[test]
    fn named_votes_show_to_facilitators_and_after_the_reveal() {
        let mut commands = script()[..11].to_vec();
        commands.extend([
            (facilitator(), Command::OpenPoll { question: "Which day?".into(), kind: PollKind::Single, options: vec!["Mon".into(), "Tue".into()], anonymous: false }),
            (member(2), Command::Vote { poll: 0, choices: vec![1] }),
            (member(3), Command::Vote { poll: 0, choices: vec![0] }),
        ]);
        let (state, log) = run(&commands);
        let vote = log.last().unwrap().clone();
        assert_eq!((vote.actor, &vote.event), (3, &Event::Voted { poll: 0, ballot: 1, person: 3, key: String::new(), choices: vec![0] }));
        let idx = (vote.seq - 1) as usize;
        assert_eq!(seen_by(&log, &viewer(&facilitator(), 1))[idx], vote, "the facilitator sees who voted how");
        assert_eq!(seen_by(&log, &viewer(&member(3), 1))[idx], vote, "the voter their own vote");
        let other = Envelope { actor: 0, event: Event::Voted { poll: 0, ballot: 1, person: 0, key: String::new(), choices: vec![] }, ..vote.clone() };
        assert_eq!(seen_by(&log, &viewer(&member(2), 1))[idx], other, "others that someone voted");
        let reveal = decide(&state, &facilitator(), Command::RevealPoll { poll: 0 }, 99_000).unwrap();
        assert_eq!(
            reveal,
            Event::PollRevealed { poll: 0, tally: vec![1, 1], named: vec![("Member 2".into(), vec![1]), ("Member 3".into(), vec![0])] }
        );
    }

    #[test]
    fn acts_that_change_nothing_are_refused() {
        // Members 2 and 3 in; 2 has a hand up; item 0 running; an anonymous poll 2 voted in;
        // 3 takes notes and wrote one; Jan checked in by phone.
        let (state, _) = run(&[
            (member(2), Command::CheckIn),
            (member(3), Command::CheckIn),
            (facilitator(), Command::CheckInPerson { name: "Jan".into(), how: "phone".into() }),
            (facilitator(), Command::StartItem { index: 0 }),
            (member(2), Command::RaiseHand),
            (facilitator(), Command::OpenPoll { question: "Ready?".into(), kind: PollKind::Thumbs, options: vec![], anonymous: true }),
            (member(2), Command::Vote { poll: 0, choices: vec![0] }),
            (facilitator(), Command::SetNoteTaker { person: Some(3) }),
            (member(3), Command::WriteNote { item: 0, text: "Hello".into() }),
            (facilitator(), Command::MarkAttendance { person: 3, status: "late".into() }),
        ]);
        let unchanged: Vec<(Actor, Command)> = vec![
            (member(2), Command::CheckIn),
            (member(2), Command::RaiseHand),
            (member(3), Command::LowerHand),
            (member(2), Command::Vote { poll: 0, choices: vec![0] }),
            (member(3), Command::WriteNote { item: 0, text: "Hello".into() }),
            (facilitator(), Command::CheckInPerson { name: " jan ".into(), how: "phone".into() }),
            (facilitator(), Command::MarkAttendance { person: 3, status: "late".into() }),
            (facilitator(), Command::StartItem { index: 0 }),
            (facilitator(), Command::FairOrder),
            (facilitator(), Command::SetNoteTaker { person: Some(3) }),
        ];
        for (actor, command) in unchanged {
            assert_eq!(decide(&state, &keyed(&state, &actor, &command), command.clone(), 50_000), Err(Refusal::Unchanged), "{command:?}");
        }
        // And once they would change something, the same commands are accepted.
        for (actor, command) in [
            (member(3), Command::RaiseHand),
            (member(2), Command::LowerHand),
            (member(2), Command::Vote { poll: 0, choices: vec![2] }),
            (facilitator(), Command::CheckInPerson { name: "Jan".into(), how: "room".into() }),
            (facilitator(), Command::StartItem { index: 1 }),
            (facilitator(), Command::PauseTimer),
        ] {
            assert!(decide(&state, &keyed(&state, &actor, &command), command.clone(), 50_000).is_ok(), "{command:?}");
        }
        // A paused timer, a revealed poll, a closed session.
        let (paused, _) = run(&[(facilitator(), Command::StartItem { index: 0 }), (facilitator(), Command::PauseTimer)]);
        assert_eq!(decide(&paused, &facilitator(), Command::PauseTimer, 9_000), Err(Refusal::Unchanged));
        let (revealed, _) = run(&script()[..16]);
        assert!(revealed.polls[0].revealed);
        assert_eq!(decide(&revealed, &facilitator(), Command::RevealPoll { poll: 0 }, 99_000), Err(Refusal::Unchanged));
        let (closed, _) = run(&script());
        assert!(decide(&closed, &facilitator(), Command::Close, 99_000).is_err());
        assert!(decide(&closed, &member(2), Command::LowerHand, 99_000).is_err());
    }

    #[test]
    fn logs_from_before_keys_still_replay_and_redact() {
        // An anonymous vote stored with its person, as before ballot keys.
        let (_, mut log) = run(&script()[..12]);
        let old = Envelope { seq: log.len() as i64 + 1, at: 20_000, actor: 2, event: Event::Voted { poll: 0, ballot: 0, person: 2, key: String::new(), choices: vec![3] } };
        log.push(old.clone());
        let state = SessionState::replay(&log).unwrap();
        let seen = seen_by(&log, &viewer(&facilitator(), 1));
        assert_eq!(seen.last().unwrap(), &Envelope { actor: 0, event: Event::Voted { poll: 0, ballot: 0, person: 0, key: String::new(), choices: vec![] }, ..old.clone() });
        assert_eq!(seen_by(&log, &viewer(&member(2), 1)).last().unwrap(), &Envelope { actor: 0, ..old.clone() }, "still their own");
        // Their next vote replaces that ballot.
        let command = Command::Vote { poll: 0, choices: vec![1] };
        let event = decide(&state, &keyed(&state, &member(2), &command), command, 21_000).unwrap();
        assert!(matches!(event, Event::Voted { ballot: 0, person: 0, .. }), "{event:?}");
    }
}
