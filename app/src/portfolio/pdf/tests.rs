//! Each PDF is read back by tools that share no code with us: poppler's `pdftotext` and
//! `pdfinfo`, and `qpdf`. The test command installs them (poppler-utils, qpdf).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::content::file_size;
use super::layout::{Part, WIDTH};
use super::text::{Fonts, Style, paragraphs_of, span, wrap};
use super::{render, write};
use crate::portfolio::document::{
    Activity, Circle, Evidence, Goal, Labels, Meeting, Organisation, Poll, PollOption, Portfolio, Report,
    Section, Session,
};

// ---- the sample ---------------------------------------------------------------------

fn labels_en() -> Labels {
    Labels {
        title: "Portfolio of Riverside Bakery Co-operative".into(),
        generated: "Gathered on 27 November 2026".into(),
        contents: "Contents".into(),
        goals: "Goals".into(),
        circles: "Learning circles".into(),
        joined: "Joined".into(),
        issues: "Issues it answers".into(),
        outcome: "Outcome".into(),
        measure: "Measure".into(),
        statement: "Reflective statement".into(),
        activities_done: "Activities done".into(),
        reports: "Reports".into(),
        accepted_on: "Accepted on".into(),
        follow_up_of: "Follow-up of".into(),
        attendance: "Attendance".into(),
        meeting: "Meeting".into(),
        date: "Date".into(),
        present: "Present".into(),
        others_present: "{count} from other co-ops".into(),
        sessions: "Live sessions".into(),
        actions: "Actions".into(),
        polls: "Polls".into(),
        evidence: "Evidence".into(),
        file: "File".into(),
        size: "Size".into(),
        page: "Page".into(),
        none: "None yet".into(),
    }
}

fn labels_fr() -> Labels {
    Labels {
        title: "Portfolio de la Boulangerie coopérative du Canal".into(),
        generated: "Rassemblé le 27 novembre 2026".into(),
        contents: "Sommaire".into(),
        goals: "Objectifs".into(),
        circles: "Cercles d'apprentissage".into(),
        joined: "Depuis le".into(),
        issues: "Besoins auxquels il répond".into(),
        outcome: "Résultat attendu".into(),
        measure: "Mesure".into(),
        statement: "Regard sur le chemin parcouru".into(),
        activities_done: "Activités réalisées".into(),
        reports: "Rapports".into(),
        accepted_on: "Accepté le".into(),
        follow_up_of: "Suite de".into(),
        attendance: "Présences".into(),
        meeting: "Réunion".into(),
        date: "Date".into(),
        present: "Présents".into(),
        others_present: "{count} d’autres coopératives".into(),
        sessions: "Séances en direct".into(),
        actions: "Actions".into(),
        polls: "Sondages".into(),
        evidence: "Pièces justificatives".into(),
        file: "Fichier".into(),
        size: "Taille".into(),
        page: "Page".into(),
        none: "Aucun pour l’instant".into(),
    }
}

/// About 2,000 characters of plain prose, in sentences that differ, so a test can tell
/// whether every part of it came back.
fn long_paragraph() -> String {
    let mut text = String::new();
    let mut n = 1;
    while text.chars().count() < 2000 {
        text.push_str(&format!(
            "Sentence {n} of the induction review: new members shadowed a buddy for a week, \
             asked questions at the Friday huddle and wrote down what surprised them. "
        ));
        n += 1;
    }
    text.trim_end().to_string()
}

fn section(title: &str, text: &str, evidence: &[&str]) -> Section {
    Section {
        title: title.into(),
        text: text.into(),
        evidence: evidence.iter().map(|id| id.to_string()).collect(),
    }
}

const BILAN: &str = "Déjà six nouveaux membres ont suivi le parcours ; \
                     la mise en œuvre, déjà bien engagée, continue.";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn sample() -> Portfolio {
    Portfolio {
        schema_version: 1,
        language: "en".into(),
        generated_at: "2026-11-27T09:30:00Z".into(),
        organisation: Some(Organisation {
            id: "organisation:3".into(),
            name: "Riverside Bakery Co-operative".into(),
            source: "/organisations/3".into(),
        }),
        person: None,
        circles: vec![Circle {
            id: "circle:2".into(),
            name: "Food co-ops of the North".into(),
            theme: "Governance".into(),
            joined_on: "2026-01-12".into(),
            source: "/circles/2".into(),
        }],
        goals: vec![
            Goal {
                id: "goal:7".into(),
                title: "Update our induction process".into(),
                issues: vec![
                    "New members leave within six months".into(),
                    "Induction is ad hoc".into(),
                ],
                outcome: "Every new member completes a structured four-week induction.".into(),
                measure: "Nine in ten new members still active after six months.".into(),
                statement: "We learnt that a buddy matters more than a handbook.\n\n\
                            The circle helped us see it."
                    .into(),
                activities: vec![
                    Activity {
                        id: "activity:41".into(),
                        what: "Draft the induction checklist".into(),
                        owner: "Amira (member)".into(),
                        starts_on: "2026-02-01".into(),
                        due_on: "2026-02-28".into(),
                        note: "Shared with the circle for comments.".into(),
                        source: "/programmes/2#activity-41".into(),
                    },
                    Activity {
                        id: "activity:42".into(),
                        what: "Pair every newcomer with a buddy".into(),
                        owner: "The circle".into(),
                        starts_on: "2026-03-01".into(),
                        due_on: String::new(),
                        note: String::new(),
                        source: "/programmes/2#activity-42".into(),
                    },
                ],
                source: "/programmes/2#goal-7".into(),
            },
            Goal {
                id: "goal:8".into(),
                title: "Members take responsibility".into(),
                issues: vec!["Few members stand for the board".into()],
                outcome: "Two new board candidates at the next AGM.".into(),
                measure: "Candidates standing.".into(),
                statement: String::new(),
                activities: Vec::new(),
                source: "/programmes/2#goal-8".into(),
            },
        ],
        reports: vec![
            Report {
                id: "report:9".into(),
                title: "Induction baseline report".into(),
                template: "Progress report, version 2".into(),
                goal: Some("goal:7".into()),
                accepted_at: "2026-03-15T10:00:00Z".into(),
                follows: None,
                sections: vec![
                    section(
                        "Where we started",
                        "Newcomers learnt the ropes by asking around.",
                        &[],
                    ),
                    section("What we tried first", &long_paragraph(), &["evidence:5"]),
                ],
                source: "/reports/9".into(),
            },
            Report {
                id: "report:12".into(),
                title: "Induction follow-up report".into(),
                template: "Progress report, version 2".into(),
                goal: Some("goal:7".into()),
                accepted_at: "2026-09-20T14:00:00Z".into(),
                follows: Some("report:9".into()),
                sections: vec![
                    section("Réunion de bilan", BILAN, &["evidence:6"]),
                    section(
                        "Numbers",
                        "Members joined: 6\nStill active: 6\nBuddies: 4",
                        &[],
                    ),
                    section(
                        "Next steps",
                        "Write the buddy guide.\n\nTrain two more buddies.",
                        &["evidence:7"],
                    ),
                ],
                source: "/reports/12".into(),
            },
            Report {
                id: "report:15".into(),
                title: "Governance report".into(),
                template: "Short report, version 1".into(),
                goal: Some("goal:8".into()),
                accepted_at: "2026-10-02T09:00:00Z".into(),
                follows: None,
                sections: vec![section(
                    "Board elections",
                    "Two members said they would stand.",
                    &[],
                )],
                source: "/reports/15".into(),
            },
        ],
        attendance: vec![
            Meeting {
                id: "meeting:4".into(),
                title: "Induction circle, first meeting".into(),
                circle: "People: induction".into(),
                starts_at: "2026-02-10T18:30:00Z".into(),
                present: vec!["Amira Haddad".into(), "Tom Price".into()],
                others_present: 5,
                source: "/meetings/4".into(),
            },
            Meeting {
                id: "meeting:5".into(),
                title: "Induction circle, second meeting".into(),
                circle: "People: induction".into(),
                starts_at: "2026-03-10T18:30:00Z".into(),
                present: vec!["Amira Haddad".into()],
                others_present: 0,
                source: "/meetings/5".into(),
            },
        ],
        sessions: vec![Session {
            id: "session:2".into(),
            title: "Buddy scheme workshop".into(),
            ended_at: "2026-04-14T20:00:00Z".into(),
            participants: 9,
            actions: vec![
                "Amira drafts the buddy guide".into(),
                "Tom books the training room".into(),
            ],
            polls: vec![Poll {
                question: "Should buddies be volunteers?".into(),
                results: vec![
                    PollOption {
                        option: "Yes".into(),
                        votes: 7,
                    },
                    PollOption {
                        option: "No".into(),
                        votes: 2,
                    },
                ],
            }],
            source: "/live/2".into(),
        }],
        evidence: vec![
            evidence(
                "evidence:5",
                "checklist.pdf",
                "application/pdf",
                48_213,
                "report:9",
                "What we tried first",
            ),
            evidence(
                "evidence:6",
                "welcome-day.jpg",
                "image/jpeg",
                1_482_113,
                "report:12",
                "Réunion de bilan",
            ),
            evidence(
                "evidence:7",
                "buddy-guide.docx",
                DOCX,
                23_900,
                "report:12",
                "Next steps",
            ),
        ],
    }
}

fn evidence(
    id: &str,
    name: &str,
    media_type: &str,
    size: u64,
    report: &str,
    section: &str,
) -> Evidence {
    Evidence {
        id: id.into(),
        name: name.into(),
        media_type: media_type.into(),
        size,
        sha256: "0".repeat(64),
        path: format!("evidence/{name}"),
        report: report.into(),
        section: section.into(),
        source: format!("/files/{id}"),
    }
}

// ---- the independent readers --------------------------------------------------------

/// A PDF written to a file of its own, removed when the test ends.
struct TempPdf(PathBuf);

impl TempPdf {
    fn new(bytes: &[u8]) -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "coop-circles-portfolio-{}-{}.pdf",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, bytes).expect("write the PDF to the temp folder");
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("temp paths are UTF-8 here")
    }
}

impl Drop for TempPdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Run a reader and return what it printed. A missing tool fails the test: a check that
/// silently did not run is worse than none.
fn run(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "could not run {tool} ({e}): install poppler-utils and qpdf \
             (apt-get install -y poppler-utils qpdf)"
        )
    });
    assert!(
        output.status.success(),
        "{tool} {args:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Lossy: `pdfinfo -struct` prints titles as raw PDF strings (UTF-16 for non-ASCII).
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn pdf(portfolio: &Portfolio, labels: &Labels) -> TempPdf {
    let bytes = render(portfolio, labels)
        .unwrap_or_else(|_| panic!("render failed: {}", write(portfolio, labels).unwrap_err()));
    TempPdf::new(&bytes)
}

fn text_of(file: &TempPdf) -> String {
    run("pdftotext", &["-enc", "UTF-8", file.path(), "-"])
}

fn page_text(file: &TempPdf, page: usize) -> String {
    let page = page.to_string();
    run(
        "pdftotext",
        &["-enc", "UTF-8", "-f", &page, "-l", &page, file.path(), "-"],
    )
}

/// `pdfinfo`'s "Key: value" lines.
fn info(file: &TempPdf) -> HashMap<String, String> {
    run("pdfinfo", &["-enc", "UTF-8", file.path()])
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| (key.trim().to_string(), value.trim().to_string()))
        .collect()
}

/// The catalog's /Lang, as qpdf reads it: follow the trailer's /Root to the catalog.
fn catalog_language(file: &TempPdf) -> String {
    let json = run("qpdf", &["--json", "--json-key=qpdf", file.path()]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("qpdf prints JSON");
    let objects = &json["qpdf"][1];
    let root = objects["trailer"]["value"]["/Root"]
        .as_str()
        .expect("a /Root");
    let catalog = &objects[format!("obj:{root}")]["value"];
    // qpdf's JSON marks text strings with "u:".
    let lang = catalog["/Lang"]
        .as_str()
        .unwrap_or_else(|| panic!("no /Lang in {catalog}"));
    lang.trim_start_matches("u:").to_string()
}

fn assert_qpdf_check(file: &TempPdf) {
    let report = run("qpdf", &["--check", file.path()]);
    assert!(
        report.contains("No syntax or stream encoding errors found"),
        "qpdf --check:\n{report}"
    );
}

/// Text with its white space removed: lines break wherever the layout put them.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---- the journey --------------------------------------------------------------------

#[test]
fn every_report_and_section_comes_back_in_reading_order() {
    let portfolio = sample();
    let file = pdf(&portfolio, &labels_en());
    let text = squeezed(&text_of(&file));
    let mut from = 0;
    for report in &portfolio.reports {
        let mut expected = vec![report.title.clone()];
        for section in &report.sections {
            expected.push(section.title.clone());
            expected.extend(paragraphs_of(&section.text));
        }
        for wanted in expected {
            let wanted = squeezed(&wanted);
            let found = text[from..].find(&wanted).unwrap_or_else(|| {
                panic!("{wanted:?} is missing, or out of order, after character {from} of:\n{text}")
            });
            from += found + wanted.len();
        }
    }
}

#[test]
fn qpdf_finds_the_file_sound() {
    assert_qpdf_check(&pdf(&sample(), &labels_en()));
}

#[test]
fn pdfinfo_sees_a_tagged_a4_document_with_its_title() {
    let labels = labels_en();
    let info = info(&pdf(&sample(), &labels));
    assert_eq!(
        info.get("Tagged").map(String::as_str),
        Some("yes"),
        "{info:?}"
    );
    assert_eq!(info.get("Title"), Some(&labels.title), "{info:?}");
    assert_eq!(
        info.get("PDF version").map(String::as_str),
        Some("1.7"),
        "{info:?}"
    );
    assert!(
        info.get("Page size")
            .is_some_and(|size| size.contains("(A4)")),
        "{info:?}"
    );
    let pages: usize = info["Pages"].parse().expect("a page count");
    assert!((3..40).contains(&pages), "{pages} pages");
}

#[test]
fn the_catalog_names_the_language() {
    assert_eq!(catalog_language(&pdf(&sample(), &labels_en())), "en-GB");
}

#[test]
fn the_structure_has_headings_lists_and_tables() {
    let file = pdf(&sample(), &labels_en());
    let structure = run("pdfinfo", &["-struct", file.path()]);
    // Each line of `pdfinfo -struct` starts with the element's type ("TH:" when attributes
    // follow), then its title for headings.
    let kinds: Vec<&str> = structure
        .lines()
        .filter_map(|line| line.split([' ', ':']).find(|word| !word.is_empty()))
        .collect();
    for tag in [
        "Sect", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "TH", "TD", "TOC",
        "TOCI",
    ] {
        assert!(
            kinds.contains(&tag),
            "no {tag} in the structure tree:\n{structure}"
        );
    }
    for heading in [
        "H1 \"Reports\"",
        "H2 \"Induction baseline report\"",
        "H3 \"Where we started\"",
        "H2 \"Update our induction process\"",
    ] {
        assert!(structure.contains(heading), "no {heading} in:\n{structure}");
    }
}

#[test]
fn the_evidence_list_names_the_page_of_its_section() {
    let portfolio = sample();
    let file = pdf(&portfolio, &labels_en());
    let text = run("pdftotext", &["-enc", "UTF-8", "-layout", file.path(), "-"]);
    let sections: Vec<&Section> = portfolio.reports.iter().flat_map(|r| &r.sections).collect();
    for evidence in &portfolio.evidence {
        // The list is the last part: the last line naming the file is its row.
        let row = text
            .lines()
            .rev()
            .find(|line| line.contains(&evidence.name))
            .expect("a row");
        let page: usize = row
            .split_whitespace()
            .last()
            .and_then(|page| page.parse().ok())
            .unwrap_or_else(|| panic!("no page number ends the row {row:?}"));
        // The evidence list repeats the section's title, so look for its text too.
        let section = sections
            .iter()
            .find(|s| s.title == evidence.section)
            .unwrap();
        let opening: String = section.text.split_whitespace().take(5).collect();
        let shown = squeezed(&page_text(&file, page));
        assert!(
            shown.contains(&squeezed(&section.title)) && shown.contains(&opening),
            "{} is said to be on page {page}, which does not show {:?}",
            evidence.name,
            section.title
        );
    }
}

#[test]
fn the_contents_give_each_part_its_page() {
    let labels = labels_en();
    let file = pdf(&sample(), &labels);
    // Laid out as on the page, so that a title and its number share a line.
    let contents = run(
        "pdftotext",
        &[
            "-enc",
            "UTF-8",
            "-layout",
            "-f",
            "2",
            "-l",
            "2",
            file.path(),
            "-",
        ],
    );
    for part in Part::ALL {
        let title = part.title(&labels);
        let line = contents
            .lines()
            .find(|line| line.trim_start().starts_with(title))
            .unwrap_or_else(|| panic!("{title} in:\n{contents}"));
        let page: usize = line
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .expect("a page number");
        assert!(
            page_text(&file, page).lines().any(|l| l.trim() == title),
            "{title} is not on page {page}"
        );
    }
}

#[test]
fn an_empty_portfolio_still_makes_a_sound_file() {
    let labels = labels_en();
    let file = pdf(&Portfolio::default(), &labels);
    assert_qpdf_check(&file);
    assert_eq!(info(&file).get("Tagged").map(String::as_str), Some("yes"));
    let text = text_of(&file);
    assert!(
        text.matches(&labels.none).count() >= 5,
        "every part says {:?}:\n{text}",
        labels.none
    );
}

#[test]
fn a_persons_record_has_only_its_three_parts() {
    let mut record = sample();
    record.person = Some(crate::portfolio::document::Person {
        id: "person:5".into(),
        name: "Tom Price".into(),
        source: "/account/record".into(),
    });
    let mut labels = labels_en();
    labels.title = "Learning record of Tom Price".into();
    let file = pdf(&record, &labels);
    assert_qpdf_check(&file);
    assert_eq!(
        info(&file).get("Title").map(String::as_str),
        Some("Learning record of Tom Price")
    );
    let text = text_of(&file);
    for part in Part::RECORD {
        assert!(text.contains(part.title(&labels)), "{:?} missing", part);
    }
    assert!(text.contains("Food co-ops of the North"));
    for absent in [&labels.goals, &labels.reports, &labels.evidence] {
        assert!(!text.contains(absent.as_str()), "{absent} in a record:\n{text}");
    }
}

#[test]
fn french_comes_back_with_its_accents() {
    let mut portfolio = sample();
    portfolio.language = "fr".into();
    let file = pdf(&portfolio, &labels_fr());
    let text = text_of(&file);
    for word in [
        "Réunion",
        "déjà",
        "Déjà",
        "œuvre",
        "Présences",
        "Pièces justificatives",
    ] {
        assert!(text.contains(word), "{word:?} missing from:\n{text}");
    }
    assert_eq!(catalog_language(&file), "fr-FR");
}

/// Invisible and format characters, scripts DejaVu lacks, right-to-left text, stacked
/// accents.
const ODD_CHARACTERS: &str = "Zero\u{200B}width, bidi \u{202E}override\u{202C}, \
    NUL \u{0}, BOM \u{FEFF}, tab\there, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, 漢字, مرحبا, a\u{0301}\u{0301}.";

#[test]
fn odd_input_renders_without_panicking() {
    let mut portfolio = sample();
    let long_word = "Supercalifragilistic".repeat(30);
    portfolio.reports[0].title = String::new();
    portfolio.reports[0].sections.push(section(
        "Emoji 🎉👍🏽 and friends",
        &format!("{long_word}\n\n{ODD_CHARACTERS}"),
        &["evidence:404"],
    ));
    portfolio.goals[0].issues.push(long_word.clone());
    portfolio.attendance[0].present = (0..300).map(|n| format!("Member{n}")).collect();
    portfolio.sessions[0].polls[0].results.clear();
    let file = pdf(&portfolio, &labels_en());
    assert_qpdf_check(&file);
    // The long word is cut across lines, but all of it is there.
    assert!(squeezed(&text_of(&file)).contains(&long_word));
}

#[test]
fn sample_size_and_time() {
    let portfolio = sample();
    let labels = labels_en();
    let started = std::time::Instant::now();
    let bytes = render(&portfolio, &labels).expect("the sample renders");
    let elapsed = started.elapsed();
    let pages = info(&TempPdf::new(&bytes))["Pages"].clone();
    // To look at it: PORTFOLIO_PDF_OUT=/tmp/sample.pdf cargo test … sample_size_and_time
    if let Some(path) = std::env::var_os("PORTFOLIO_PDF_OUT") {
        std::fs::write(path, &bytes).expect("write the sample where asked");
    }
    println!(
        "sample portfolio PDF: {} bytes, {pages} pages, rendered in {elapsed:?}",
        bytes.len()
    );
}

// ---- the pieces ---------------------------------------------------------------------

#[test]
fn wrapped_lines_fit_and_keep_every_word() {
    let fonts = Fonts::load().unwrap();
    let text = format!("{} {}", long_paragraph(), "x".repeat(400));
    let lines = wrap(&fonts, &[span(Style::Body, &text)], 200.0);
    for line in &lines {
        let width: f32 = line.iter().map(|w| w.width).sum::<f32>()
            + (line.len() - 1) as f32 * fonts.space(Style::Body);
        assert!(width <= 200.5, "a line of {width} points: {line:?}");
    }
    let joined: String = lines.iter().flatten().map(|w| w.text.as_str()).collect();
    assert_eq!(joined, squeezed(&text));
}

#[test]
fn newlines_break_lines_and_blank_lines_break_paragraphs() {
    assert_eq!(
        paragraphs_of("a\nb\r\n\r\n  \nc"),
        vec!["a\nb".to_string(), "c".to_string()]
    );
    let fonts = Fonts::load().unwrap();
    assert_eq!(
        wrap(&fonts, &[span(Style::Body, "one\ntwo")], WIDTH).len(),
        2
    );
}

#[test]
fn characters_the_font_lacks_become_a_replacement_not_notdef() {
    let fonts = Fonts::load().unwrap();
    let printable = fonts
        .face(Style::Body)
        .printable("a🎉\u{200D}b\u{0}\u{FEFF}\tc");
    assert_eq!(printable, "a\u{FFFD}b c");
}

#[test]
fn sizes_read_in_the_portfolio_language() {
    assert_eq!(file_size(512, false), "512\u{a0}B");
    assert_eq!(file_size(48_213, false), "48\u{a0}kB");
    assert_eq!(file_size(1_482_113, false), "1.5\u{a0}MB");
    assert_eq!(file_size(1_482_113, true), "1,5\u{a0}Mo");
}
