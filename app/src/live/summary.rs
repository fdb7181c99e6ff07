//! The record a closed session leaves on its meeting: attendance, notes, poll results, actions.

use super::model::{Action, SessionState};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollResult {
    pub question: String,
    pub options: Vec<String>,
    pub tally: Vec<u32>,
    pub revealed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub title: String,
    /// (name, attendance, how)
    pub attendance: Vec<(String, String, String)>,
    /// (agenda item, notes)
    pub notes: Vec<(String, String)>,
    pub polls: Vec<PollResult>,
    pub actions: Vec<Action>,
}

impl Summary {
    pub fn of(state: &SessionState) -> Summary {
        Summary {
            title: state.title.clone(),
            attendance: state.people.values().map(|p| (p.name.clone(), p.attendance.clone(), p.how.clone())).collect(),
            notes: state
                .notes
                .iter()
                .filter_map(|(i, text)| state.agenda.get(*i).map(|item| (item.title.clone(), text.clone())))
                .collect(),
            polls: state
                .polls
                .iter()
                .map(|p| PollResult { question: p.question.clone(), options: p.options.clone(), tally: p.tally.clone(), revealed: p.revealed })
                .collect(),
            actions: state.actions.clone(),
        }
    }
}
