//! What goes on the pages, part by part: the cover, the contents, then goals, reports,
//! attendance, sessions and the evidence list, laid out from the portfolio.

use super::layout::{
    Anchor, Anchors, BLOCK_GAP, BOTTOM, CELL_GAP, Elem, Flow, INDENT, Kind, LEFT, Layout, Mark,
    NUMBER_COLUMN, Part, RIGHT, TOP, WIDTH, group, lines,
};
use super::text::{Fonts, Span, Style, Word, paragraphs_of, span, wrap};
use crate::portfolio::document::{
    Activity, Evidence, Goal, Labels, Meeting, Portfolio, Report, Section,
};

// ---------------------------------------------------------------------------------------------
// The content, part by part.

pub(super) fn lay_out(
    portfolio: &Portfolio,
    labels: &Labels,
    fonts: &Fonts,
    known: &Anchors,
) -> Layout {
    let mut doc = Doc {
        flow: Flow::new(fonts),
        portfolio,
        labels,
        french: is_french(&portfolio.language),
        known,
    };
    let mut tree = doc.cover();
    tree.push(doc.contents());
    for &part in portfolio.parts() {
        tree.push(doc.part(part));
    }
    doc.flow.finish(tree)
}

/// The layout under way, and what it lays out.
struct Doc<'a> {
    flow: Flow<'a>,
    portfolio: &'a Portfolio,
    labels: &'a Labels,
    french: bool,
    /// The pages the previous run found, for the contents.
    known: &'a Anchors,
}

impl Doc<'_> {
    fn cover(&mut self) -> Vec<Elem> {
        self.flow.top = TOP + 170.0;
        let title = document_title(self.portfolio, self.labels);
        let mut tree = vec![self.heading(1, Style::Title, &title, None)];
        self.flow.gap(12.0);
        // Whose it is under the title: the co-op, or for a person's record, their co-op.
        let lead = self.portfolio.organisation.as_ref().map_or("", |o| o.name.as_str());
        if !lead.trim().is_empty() {
            tree.extend(self.paragraph(&[span(Style::Lead, lead)]));
        }
        self.flow.gap(BLOCK_GAP);
        tree.extend(self.paragraph(&[span(Style::Body, &self.labels.generated)]));
        tree
    }

    fn contents(&mut self) -> Elem {
        self.flow.new_page();
        let labels = self.labels;
        let heading = self.heading(1, Style::H1, &labels.contents, None);
        let mut items = Vec::new();
        for &part in self.portfolio.parts() {
            self.flow.gap(BLOCK_GAP);
            let mut line = self.flow.text(
                &[span(Style::Body, part.title(labels))],
                LEFT,
                WIDTH - NUMBER_COLUMN,
            );
            let page = self
                .known
                .get(&Anchor::Part(part))
                .map(|index| (index + 1).to_string());
            if let (Some(first), Some(number)) = (line.first().copied(), page) {
                let x = RIGHT - self.flow.fonts.width(Style::Body, &number);
                line.extend(self.flow.beside(first, x, span(Style::Body, number)));
            }
            if !line.is_empty() {
                items.push(group(Kind::TocItem, vec![group(Kind::P, lines(line))]));
            }
        }
        group(Kind::Sect, vec![heading, group(Kind::Toc, items)])
    }

    /// A part starts on a new page, under its H1.
    fn part(&mut self, part: Part) -> Elem {
        self.flow.new_page();
        let heading = self.heading(
            1,
            Style::H1,
            part.title(self.labels),
            Some(Anchor::Part(part)),
        );
        let mut body = vec![heading];
        let content = match part {
            Part::Goals => self.goals(),
            Part::Reports => self.reports(),
            Part::Circles => self.circles(),
            Part::Attendance => self.attendance(),
            Part::Sessions => self.sessions(),
            Part::Evidence => self.evidence(),
        };
        if content.is_empty() {
            body.extend(self.none());
        } else {
            body.extend(content);
        }
        group(Kind::Sect, body)
    }

    fn goals(&mut self) -> Vec<Elem> {
        let portfolio = self.portfolio;
        portfolio.goals.iter().map(|goal| self.goal(goal)).collect()
    }

    fn goal(&mut self, goal: &Goal) -> Elem {
        let labels = self.labels;
        let mut body = vec![self.heading(2, Style::H2, &goal.title, None)];
        let issues = goal
            .issues
            .iter()
            .map(|issue| vec![span(Style::Body, issue)])
            .collect();
        body.extend(self.labelled_list(&labels.issues, issues));
        body.extend(self.field(&labels.outcome, &goal.outcome));
        body.extend(self.field(&labels.measure, &goal.measure));
        body.extend(self.labelled_text(&labels.statement, &goal.statement));
        let activities = goal.activities.iter().map(activity_spans).collect();
        body.extend(self.labelled_list(&labels.activities_done, activities));
        group(Kind::Sect, body)
    }

    fn reports(&mut self) -> Vec<Elem> {
        let portfolio = self.portfolio;
        portfolio
            .reports
            .iter()
            .enumerate()
            .map(|(index, report)| self.report(index, report))
            .collect()
    }

    fn report(&mut self, index: usize, report: &Report) -> Elem {
        let labels = self.labels;
        let mut body = vec![self.heading(2, Style::H2, &report.title, None)];
        if !report.template.trim().is_empty() {
            self.flow.gap(BLOCK_GAP);
            body.extend(self.paragraph(&[span(Style::Small, &report.template)]));
        }
        body.extend(self.field(&labels.accepted_on, day(&report.accepted_at)));
        if let Some(follows) = &report.follows {
            let title = report_title(self.portfolio, follows);
            body.extend(self.field(&labels.follow_up_of, title));
        }
        for (number, section) in report.sections.iter().enumerate() {
            body.push(self.section(index, number, section));
        }
        if report.sections.is_empty() {
            body.extend(self.none());
        }
        group(Kind::Sect, body)
    }

    fn section(&mut self, report: usize, number: usize, section: &Section) -> Elem {
        let labels = self.labels;
        let anchor = Anchor::Section {
            report,
            section: number,
        };
        let mut body = vec![self.heading(3, Style::H3, &section.title, Some(anchor))];
        let paragraphs = self.paragraphs(&section.text);
        if paragraphs.is_empty() {
            body.extend(self.none());
        } else {
            body.extend(paragraphs);
        }
        if !section.evidence.is_empty() {
            let portfolio = self.portfolio;
            let names: Vec<&str> = section
                .evidence
                .iter()
                .map(|id| evidence_name(portfolio, id))
                .collect();
            body.extend(self.field(&labels.evidence, &names.join(", ")));
        }
        group(Kind::Sect, body)
    }

    fn circles(&mut self) -> Vec<Elem> {
        let labels = self.labels;
        let circles = &self.portfolio.circles;
        if circles.is_empty() {
            return Vec::new();
        }
        let rows = circles
            .iter()
            .map(|circle| {
                let mut what = vec![span(Style::Body, or_dash(&circle.name))];
                if !circle.theme.trim().is_empty() {
                    what.push(span(Style::Small, format!("\n{}", circle.theme)));
                }
                vec![what, vec![span(Style::Body, or_dash(&circle.joined_on))]]
            })
            .collect();
        let header = [labels.circles.as_str(), labels.joined.as_str()];
        vec![self.table(&[0.7, 0.3], &header, rows)]
    }

    fn attendance(&mut self) -> Vec<Elem> {
        let labels = self.labels;
        let meetings = &self.portfolio.attendance;
        if meetings.is_empty() {
            return Vec::new();
        }
        let rows = meetings
            .iter()
            .map(|meeting| self.meeting_row(meeting))
            .collect();
        let header = [
            labels.meeting.as_str(),
            labels.date.as_str(),
            labels.present.as_str(),
        ];
        vec![self.table(&[0.38, 0.2, 0.42], &header, rows)]
    }

    fn meeting_row(&self, meeting: &Meeting) -> Vec<Vec<Span>> {
        let mut what = vec![span(Style::Body, or_dash(&meeting.title))];
        if !meeting.circle.trim().is_empty() {
            what.push(span(Style::Small, format!("\n{}", meeting.circle)));
        }
        let mut present = Vec::new();
        if !meeting.present.is_empty() {
            present.push(span(Style::Body, meeting.present.join(", ")));
        }
        if meeting.others_present > 0 {
            let others = self
                .labels
                .others_present
                .replace("{count}", &meeting.others_present.to_string());
            present.push(span(Style::Small, format!("\n{others}")));
        }
        if present.is_empty() {
            present.push(span(Style::Body, or_dash(&self.labels.none)));
        }
        vec![
            what,
            vec![span(Style::Body, or_dash(day(&meeting.starts_at)))],
            present,
        ]
    }

    fn sessions(&mut self) -> Vec<Elem> {
        let labels = self.labels;
        let portfolio = self.portfolio;
        let mut tree = Vec::new();
        for session in &portfolio.sessions {
            let mut body = vec![self.heading(2, Style::H2, &session.title, None)];
            body.extend(self.field(&labels.date, day(&session.ended_at)));
            let actions = session
                .actions
                .iter()
                .map(|action| vec![span(Style::Body, action)])
                .collect();
            body.extend(self.labelled_list(&labels.actions, actions));
            if session.polls.is_empty() {
                body.extend(self.field(&labels.polls, ""));
            } else {
                body.extend(self.label(&labels.polls));
                for poll in &session.polls {
                    self.flow.gap(BLOCK_GAP);
                    body.extend(self.paragraph(&[span(Style::Strong, or_dash(&poll.question))]));
                    let results: Vec<Vec<Span>> = poll
                        .results
                        .iter()
                        .map(|result| {
                            let option = self.colon(or_dash(&result.option));
                            vec![span(Style::Body, format!("{option} {}", result.votes))]
                        })
                        .collect();
                    match self.list(results) {
                        Some(list) => body.push(list),
                        None => body.extend(self.none()),
                    }
                }
            }
            tree.push(group(Kind::Sect, body));
        }
        tree
    }

    fn evidence(&mut self) -> Vec<Elem> {
        let labels = self.labels;
        let files = &self.portfolio.evidence;
        if files.is_empty() {
            return Vec::new();
        }
        let rows = files.iter().map(|file| self.evidence_row(file)).collect();
        let header = [
            labels.file.as_str(),
            labels.size.as_str(),
            labels.page.as_str(),
        ];
        vec![self.table(&[0.64, 0.2, 0.16], &header, rows)]
    }

    /// The file, what it is and where it is attached; its size; the page of that section
    /// (sections come before this list, so this run already knows their pages).
    fn evidence_row(&self, file: &Evidence) -> Vec<Vec<Span>> {
        let name = [&file.name, &file.path, &file.id]
            .into_iter()
            .find(|s| !s.trim().is_empty());
        let attached = attached_section(self.portfolio, file);
        let section_title = attached
            .and_then(|(r, s)| self.portfolio.reports.get(r)?.sections.get(s))
            .map_or(file.section.as_str(), |section| section.title.as_str());
        let mut what = vec![span(Style::Body, name.map_or("—", |s| s.as_str()))];
        let details: Vec<&str> = [file.media_type.as_str(), section_title]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect();
        if !details.is_empty() {
            what.push(span(Style::Small, format!("\n{}", details.join(" · "))));
        }
        let page = attached
            .and_then(|(report, section)| {
                self.flow.anchors.get(&Anchor::Section { report, section })
            })
            .map_or_else(|| "—".to_string(), |index| (index + 1).to_string());
        vec![
            what,
            vec![span(Style::Body, file_size(file.size, self.french))],
            vec![span(Style::Body, page)],
        ]
    }

    // ---- blocks ---------------------------------------------------------------------------

    /// A heading, kept on the page of what follows it. Levels 1 and 2 go in the outline.
    fn heading(&mut self, level: u16, style: Style, text: &str, anchor: Option<Anchor>) -> Elem {
        let title = heading_title(text);
        self.flow.gap(style.size() * 0.9);
        self.flow
            .keep(style.line_height() + 2.0 * Style::Body.line_height());
        let page = self.flow.page();
        if let Some(anchor) = anchor {
            self.flow.anchors.insert(anchor, page);
        }
        if level <= 2 {
            self.flow.marks.push(Mark {
                level,
                title: title.clone(),
                page,
                y: self.flow.top,
            });
        }
        let ids = self.flow.text(&[span(style, &title)], LEFT, WIDTH);
        self.flow.top += 2.0;
        group(Kind::Heading(level, title), lines(ids))
    }

    fn paragraph(&mut self, spans: &[Span]) -> Option<Elem> {
        let ids = self.flow.text(spans, LEFT, WIDTH);
        (!ids.is_empty()).then(|| group(Kind::P, lines(ids)))
    }

    /// Free text: its paragraphs, each a P.
    fn paragraphs(&mut self, text: &str) -> Vec<Elem> {
        let mut tree = Vec::new();
        for paragraph in paragraphs_of(text) {
            self.flow.gap(BLOCK_GAP);
            tree.extend(self.paragraph(&[span(Style::Body, paragraph)]));
        }
        tree
    }

    /// "Label: value" in one paragraph, the label in bold; `none` when there is no value.
    fn field(&mut self, label: &str, value: &str) -> Option<Elem> {
        let labels = self.labels;
        let value = if value.trim().is_empty() {
            labels.none.as_str()
        } else {
            value
        };
        self.flow.gap(BLOCK_GAP);
        let label = self.colon(label);
        self.paragraph(&[
            span(Style::Strong, label),
            span(Style::Body, or_dash(value)),
        ])
    }

    fn label(&mut self, label: &str) -> Option<Elem> {
        self.flow.gap(BLOCK_GAP);
        self.paragraph(&[span(Style::Strong, label)])
    }

    fn labelled_text(&mut self, label: &str, text: &str) -> Vec<Elem> {
        let paragraphs = paragraphs_of(text);
        if paragraphs.is_empty() {
            return self.field(label, "").into_iter().collect();
        }
        let mut tree: Vec<Elem> = self.label(label).into_iter().collect();
        tree.extend(self.paragraphs(text));
        tree
    }

    fn labelled_list(&mut self, label: &str, items: Vec<Vec<Span>>) -> Vec<Elem> {
        if items.is_empty() {
            return self.field(label, "").into_iter().collect();
        }
        let mut tree: Vec<Elem> = self.label(label).into_iter().collect();
        tree.extend(self.list(items));
        tree
    }

    /// A bulleted list: L > LI > (Lbl with the bullet, LBody with the text).
    fn list(&mut self, items: Vec<Vec<Span>>) -> Option<Elem> {
        let mut children = Vec::new();
        for spans in items {
            self.flow.gap(2.0);
            self.flow.keep(Style::Body.line_height());
            let ids = self.flow.text(&spans, LEFT + INDENT, WIDTH - INDENT);
            let Some(&first) = ids.first() else { continue };
            let bullet = self.flow.beside(first, LEFT + 4.0, span(Style::Body, "•"));
            let mut item = Vec::new();
            if let Some(bullet) = bullet {
                item.push(group(Kind::Label, vec![Elem::Line(bullet)]));
            }
            item.push(group(Kind::ItemBody, vec![group(Kind::P, lines(ids))]));
            children.push(group(Kind::Item, item));
        }
        (!children.is_empty()).then(|| group(Kind::List, children))
    }

    /// A table with a header row, repeated (as an artifact) on each page the table runs onto.
    /// Column widths are fractions of the text width. A row moves whole to the next page when
    /// it fits on one; a taller row breaks between its lines.
    fn table(&mut self, widths: &[f32], header: &[&str], rows: Vec<Vec<Vec<Span>>>) -> Elem {
        let columns = columns(widths);
        let header: Vec<Vec<Span>> = header
            .iter()
            .map(|text| vec![span(Style::Strong, or_dash(text))])
            .collect();
        self.flow.gap(BLOCK_GAP * 2.0);
        let header_height = self.row_height(&columns, &header);
        // The header goes to the next page with the first row; with its first lines only when
        // the row is taller than a page, which will break it anyway.
        let room = BOTTOM - TOP - header_height - 4.0;
        let first_row = rows
            .first()
            .map_or(0.0, |row| self.row_height(&columns, row));
        let first_row = if first_row <= room {
            first_row
        } else {
            2.0 * Style::Body.line_height()
        };
        self.flow.keep(header_height + 4.0 + first_row);
        let header_cells = self.place_row(&columns, &header, false, None);
        self.flow.rule(true);
        let head = group(Kind::Head, vec![cells_row(true, header_cells)]);
        let mut body = Vec::new();
        for row in rows {
            let height = self.row_height(&columns, &row);
            if !self.flow.fits(height) && height <= room {
                self.table_page(&columns, &header);
            }
            let cells = self.place_row(&columns, &row, false, Some(&header));
            self.flow.rule(false);
            body.push(cells_row(false, cells));
        }
        group(Kind::Table, vec![head, group(Kind::Rows, body)])
    }

    /// The height a row takes: line by line, the tallest of the cells' lines.
    fn row_height(&self, columns: &[(f32, f32)], row: &[Vec<Span>]) -> f32 {
        let cells: Vec<Vec<Vec<Word>>> = row
            .iter()
            .zip(columns)
            .map(|(cell, &(_, width))| wrap(self.flow.fonts, cell, width))
            .collect();
        let count = cells.iter().map(Vec::len).max().unwrap_or(0);
        (0..count)
            .map(|k| {
                cells
                    .iter()
                    .filter_map(|lines| lines.get(k))
                    .flatten()
                    .map(|word| word.style.line_height())
                    .fold(0.0, f32::max)
            })
            .sum()
    }

    /// Place a row's lines, each cell in its column. With a header, a line that no longer fits
    /// turns the page and repeats the header first.
    fn place_row(
        &mut self,
        columns: &[(f32, f32)],
        row: &[Vec<Span>],
        artifact: bool,
        header: Option<&[Vec<Span>]>,
    ) -> Vec<Vec<usize>> {
        let mut cells: Vec<std::vec::IntoIter<Vec<Word>>> = row
            .iter()
            .zip(columns)
            .map(|(cell, &(_, width))| wrap(self.flow.fonts, cell, width).into_iter())
            .collect();
        let mut ids = vec![Vec::new(); cells.len()];
        loop {
            let pieces: Vec<(f32, Vec<Word>)> = cells
                .iter_mut()
                .zip(columns)
                .map(|(lines, &(x, _))| (x, lines.next().unwrap_or_default()))
                .collect();
            if pieces.iter().all(|(_, words)| words.is_empty()) {
                break;
            }
            let height = pieces
                .iter()
                .flat_map(|(_, w)| w)
                .map(|w| w.style.line_height())
                .fold(0.0, f32::max);
            if let Some(header) = header
                && !self.flow.fits(height)
            {
                self.table_page(columns, header);
            }
            for (cell, id) in ids.iter_mut().zip(self.flow.place(pieces, artifact)) {
                cell.extend(id);
            }
        }
        ids
    }

    /// Turn to a new page and repeat the table's header there, as an artifact: the header is
    /// in the structure tree once.
    fn table_page(&mut self, columns: &[(f32, f32)], header: &[Vec<Span>]) {
        self.flow.new_page();
        self.place_row(columns, header, true, None);
        self.flow.rule(true);
    }

    fn none(&mut self) -> Option<Elem> {
        self.flow.gap(BLOCK_GAP);
        let labels = self.labels;
        self.paragraph(&[span(Style::Body, or_dash(&labels.none))])
    }

    // ---- words --------------------------------------------------------------------------

    /// French puts a no-break space before the colon.
    fn colon(&self, label: &str) -> String {
        match (label.trim().is_empty(), self.french) {
            (true, _) => String::new(),
            (false, true) => format!("{label}\u{a0}:"),
            (false, false) => format!("{label}:"),
        }
    }
}

/// Each column's left edge and the width its text wraps in, from fractions of the text width.
fn columns(fractions: &[f32]) -> Vec<(f32, f32)> {
    let mut x = LEFT;
    fractions
        .iter()
        .map(|fraction| {
            let width = WIDTH * fraction;
            let column = (x, (width - CELL_GAP).max(1.0));
            x += width;
            column
        })
        .collect()
}

fn cells_row(header: bool, cells: Vec<Vec<usize>>) -> Elem {
    let cell = |ids| {
        group(
            if header { Kind::HeaderCell } else { Kind::Cell },
            lines(ids),
        )
    };
    group(Kind::Row, cells.into_iter().map(cell).collect())
}

/// The report section a file is attached to: the section of its report that lists it, else
/// the one its `section` names, else any section that lists it.
fn attached_section(portfolio: &Portfolio, file: &Evidence) -> Option<(usize, usize)> {
    let own = |report: &Report| report.id == file.report;
    let lists = |section: &Section| section.evidence.contains(&file.id);
    let named = |section: &Section| !file.section.is_empty() && section.title == file.section;
    find_section(portfolio, own, lists)
        .or_else(|| find_section(portfolio, own, named))
        .or_else(|| find_section(portfolio, |_| true, lists))
}

fn find_section(
    portfolio: &Portfolio,
    report_matches: impl Fn(&Report) -> bool,
    section_matches: impl Fn(&Section) -> bool,
) -> Option<(usize, usize)> {
    portfolio
        .reports
        .iter()
        .enumerate()
        .filter(|(_, report)| report_matches(report))
        .find_map(|(r, report)| {
            report
                .sections
                .iter()
                .position(&section_matches)
                .map(|s| (r, s))
        })
}

/// A report named by id, by its title when the portfolio has it.
fn report_title<'p>(portfolio: &'p Portfolio, id: &'p str) -> &'p str {
    portfolio
        .reports
        .iter()
        .find(|report| report.id == id && !report.title.trim().is_empty())
        .map_or(id, |report| report.title.as_str())
}

/// An evidence file named by id, by its file name when the portfolio has it.
fn evidence_name<'p>(portfolio: &'p Portfolio, id: &'p str) -> &'p str {
    portfolio
        .evidence
        .iter()
        .find(|file| file.id == id && !file.name.trim().is_empty())
        .map_or(id, |file| file.name.as_str())
}

fn activity_spans(activity: &Activity) -> Vec<Span> {
    let mut spans = vec![span(Style::Body, or_dash(&activity.what))];
    let dates = match (day(&activity.starts_on), day(&activity.due_on)) {
        ("", "") => String::new(),
        (start, "") => start.to_string(),
        ("", due) => due.to_string(),
        (start, due) => format!("{start} – {due}"),
    };
    let when_who: Vec<&str> = [dates.as_str(), activity.owner.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !when_who.is_empty() {
        spans.push(span(Style::Small, format!("\n{}", when_who.join(" · "))));
    }
    if !activity.note.trim().is_empty() {
        spans.push(span(Style::Small, format!("\n{}", activity.note)));
    }
    spans
}

/// The date part of an ISO 8601 date or date-time: unambiguous in both languages.
fn day(iso: &str) -> &str {
    let iso = iso.trim();
    match iso.get(..10) {
        Some(date)
            if date.as_bytes().get(4) == Some(&b'-') && date.as_bytes().get(7) == Some(&b'-') =>
        {
            date
        }
        _ => iso,
    }
}

/// Decimal units, the decimal separator of the language, and a no-break space before the unit.
pub(super) fn file_size(bytes: u64, french: bool) -> String {
    let (units, separator) = if french {
        (["o", "ko", "Mo", "Go", "To"], ",")
    } else {
        (["B", "kB", "MB", "GB", "TB"], ".")
    };
    if bytes < 1000 {
        return format!("{bytes}\u{a0}{}", units[0]);
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 999.95 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    let number = if value < 9.95 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    format!("{}\u{a0}{}", number.replace('.', separator), units[unit])
}

fn or_dash(text: &str) -> &str {
    if text.trim().is_empty() { "—" } else { text }
}

/// A heading's text on one line, for its title in the tree and the outline; never empty, as
/// PDF/UA requires a title.
pub(super) fn heading_title(text: &str) -> String {
    let title = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if title.is_empty() {
        "—".to_string()
    } else {
        title
    }
}

pub(super) fn document_title(portfolio: &Portfolio, labels: &Labels) -> String {
    let title = heading_title(&labels.title);
    if title != "—" {
        return title;
    }
    heading_title(portfolio.subject_name())
}

fn is_french(language: &str) -> bool {
    language.trim().to_ascii_lowercase().starts_with("fr")
}

/// The language tag readers use to pick a voice: British English unless the portfolio is French.
pub(super) fn language_tag(language: &str) -> &'static str {
    if is_french(language) {
        "fr-FR"
    } else {
        "en-GB"
    }
}
