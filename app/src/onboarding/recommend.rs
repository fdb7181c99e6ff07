//! Which existing circles suit a co-op, best first, each with its reasons in words.
//!
//! Deterministic and explainable on purpose: an advisor must be able to say why a circle was
//! suggested. Points: same theme 40 (+10 when that need is urgent, +5 when medium); each issue
//! the circle works on that the co-op ticked 15; same sector 20; same region 15 (or same nation
//! 8); the co-op's preferred way of meeting 10; a forming circle still needs members, +5.
//! A circle must share a theme or an issue to be suggested at all; full and closed circles,
//! and circles the co-op is already in, are left out; a face-to-face circle in another nation
//! is left out because the co-op could not get there. Ties go to the circle with more places
//! left, then the older circle.

use super::application::ThemeNeed;
use crate::circles::Circle;
use crate::organisations::vocab::nation_of;
use serde::{Deserialize, Serialize};

/// What a co-op needs and where and how it can meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoopFit<'a> {
    pub needs: &'a [ThemeNeed],
    pub sector: &'a str,
    pub region: &'a str,
    pub delivery: &'a str,
    pub organisation_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// Works on this theme (theme key).
    Theme(String),
    /// Works on this issue (issue key).
    Issue(String),
    SameSector,
    SameRegion(String),
    SameNation,
    /// Meets the way the co-op prefers (delivery key).
    Delivery(String),
    Forming,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub circle_id: i64,
    pub name: String,
    pub theme: String,
    pub status: String,
    pub places_left: i64,
    pub score: i64,
    pub reasons: Vec<Reason>,
}

pub const MAX_RECOMMENDATIONS: usize = 5;

pub fn recommend(fit: &CoopFit, circles: &[Circle]) -> Vec<Recommendation> {
    let mut found: Vec<(Recommendation, i64)> = circles
        .iter()
        .filter_map(|c| score(fit, c).map(|r| (r, c.id)))
        .collect();
    found.sort_by(|(a, a_id), (b, b_id)| {
        b.score
            .cmp(&a.score)
            .then(b.places_left.cmp(&a.places_left))
            .then(a_id.cmp(b_id))
    });
    found
        .into_iter()
        .take(MAX_RECOMMENDATIONS)
        .map(|(r, _)| r)
        .collect()
}

fn score(fit: &CoopFit, circle: &Circle) -> Option<Recommendation> {
    if !matches!(circle.status.as_str(), "open" | "forming") || circle.places_left() == 0 {
        return None;
    }
    if fit
        .organisation_id
        .is_some_and(|id| circle.has_member(id))
    {
        return None;
    }
    let coop_nation = nation_of(fit.region);
    let circle_nation = nation_of(&circle.region).or_else(|| {
        // A circle's region may name a whole nation ("Wales").
        crate::organisations::vocab::NATIONS
            .iter()
            .find(|(key, _)| key.replace('_', " ") == circle.region.to_lowercase())
            .map(|(key, _)| *key)
    });
    if circle.delivery_mode == "face_to_face"
        && !circle.region.is_empty()
        && circle_nation.is_some()
        && circle_nation != coop_nation
    {
        return None;
    }
    let mut points = 0;
    let mut reasons = Vec::new();
    let mut shares_need = false;
    if let Some(need) = fit.needs.iter().find(|n| n.theme == circle.theme) {
        shares_need = true;
        points += 40 + match need.urgency.as_str() {
            "high" => 10,
            "medium" => 5,
            _ => 0,
        };
        reasons.push(Reason::Theme(circle.theme.clone()));
    }
    for need in fit.needs {
        for issue in &need.issues {
            if circle.issues.contains(issue) {
                shares_need = true;
                points += 15;
                reasons.push(Reason::Issue(issue.clone()));
            }
        }
    }
    if !shares_need {
        return None;
    }
    if !circle.sector.is_empty() && circle.sector == fit.sector {
        points += 20;
        reasons.push(Reason::SameSector);
    }
    if !circle.region.is_empty() {
        if circle.region == fit.region {
            points += 15;
            reasons.push(Reason::SameRegion(circle.region.clone()));
        } else if circle_nation.is_some() && circle_nation == coop_nation {
            points += 8;
            reasons.push(Reason::SameNation);
        }
    }
    if circle.delivery_mode == fit.delivery {
        points += 10;
        reasons.push(Reason::Delivery(circle.delivery_mode.clone()));
    }
    if circle.status == "forming" {
        points += 5;
        reasons.push(Reason::Forming);
    }
    Some(Recommendation {
        circle_id: circle.id,
        name: circle.name.clone(),
        theme: circle.theme.clone(),
        status: circle.status.clone(),
        places_left: circle.places_left(),
        score: points,
        reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn circle(id: i64, theme: &str, sector: &str, region: &str, delivery: &str, issues: &[&str]) -> Circle {
        Circle {
            id,
            name: format!("Circle {id}"),
            theme: theme.into(),
            purpose: String::new(),
            sector: sector.into(),
            region: region.into(),
            delivery_mode: delivery.into(),
            status: "open".into(),
            capacity: 8,
            issues: issues.iter().map(|s| s.to_string()).collect(),
            facilitators: vec![],
            specialists: vec![],
            organisations: vec![],
            member_count: 0,
            people_shown: true,
            unlisted: vec![],
        }
    }

    fn xyz_needs() -> Vec<ThemeNeed> {
        vec![ThemeNeed {
            theme: "people".into(),
            issues: vec!["induction".into(), "recruiting".into()],
            urgency: "high".into(),
            words: String::new(),
        }]
    }

    fn fit(needs: &[ThemeNeed]) -> CoopFit<'_> {
        CoopFit {
            needs,
            sector: "food",
            region: "North West",
            delivery: "online",
            organisation_id: Some(99),
        }
    }

    #[test]
    fn the_best_fit_comes_first_with_its_reasons() {
        let needs = xyz_needs();
        let circles = vec![
            circle(1, "people", "", "", "online", &["induction"]),
            circle(2, "business", "food", "North West", "online", &[]),
            circle(3, "people", "food", "North West", "face_to_face", &["induction", "recruiting"]),
            circle(4, "co_operative", "", "", "online", &["recruiting"]),
        ];
        let got = recommend(&fit(&needs), &circles);
        let order: Vec<i64> = got.iter().map(|r| r.circle_id).collect();
        // 3: 50 + 30 + 20 + 15 = 115; 1: 50 + 15 + 10 = 75; 4: 15 + 10 = 25; 2 shares no need.
        assert_eq!(order, vec![3, 1, 4]);
        assert_eq!(got[0].score, 115);
        assert_eq!(
            got[0].reasons,
            vec![
                Reason::Theme("people".into()),
                Reason::Issue("induction".into()),
                Reason::Issue("recruiting".into()),
                Reason::SameSector,
                Reason::SameRegion("North West".into()),
            ]
        );
        assert_eq!(got[1].reasons.last(), Some(&Reason::Delivery("online".into())));
    }

    #[test]
    fn full_closed_joined_and_unreachable_circles_are_left_out() {
        let needs = xyz_needs();
        let mut full = circle(1, "people", "", "", "online", &[]);
        full.capacity = 1;
        full.organisations = vec![(5, "Other".into())];
        full.member_count = 1;
        let mut closed = circle(2, "people", "", "", "online", &[]);
        closed.status = "closed".into();
        let mut joined = circle(3, "people", "", "", "online", &[]);
        joined.organisations = vec![(99, "XYZ".into())];
        joined.member_count = 1;
        let far = circle(4, "people", "", "Glasgow", "face_to_face", &[]);
        let near = circle(5, "people", "", "London", "face_to_face", &[]);
        let got = recommend(&fit(&needs), &[full, closed, joined, far, near]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].circle_id, 5);
        assert!(got[0].reasons.contains(&Reason::SameNation));
    }

    #[test]
    fn ties_are_broken_the_same_way_every_time() {
        let needs = xyz_needs();
        let a = circle(7, "people", "", "", "phone", &[]);
        let mut b = circle(3, "people", "", "", "phone", &[]);
        let c = circle(5, "people", "", "", "phone", &[]);
        b.organisations = vec![(1, "One".into())];
        b.member_count = 1;
        let got = recommend(&fit(&needs), &[a.clone(), b.clone(), c.clone()]);
        // Same score: more places left first (5 and 7 before 3), then the older circle.
        assert_eq!(got.iter().map(|r| r.circle_id).collect::<Vec<_>>(), vec![5, 7, 3]);
        let again = recommend(&fit(&needs), &[c, b, a]);
        assert_eq!(got, again);
    }

    #[test]
    fn nothing_fits_gives_nothing() {
        let needs = xyz_needs();
        let got = recommend(&fit(&needs), &[circle(1, "finance", "energy", "", "online", &[])]);
        assert!(got.is_empty());
    }
}
