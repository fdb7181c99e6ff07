//! The portfolio as a tagged, accessible A4 PDF: PDF/UA-1 on PDF 1.7, written with krilla.
//!
//! Two steps. `lay_out` places every line of text on its page (greedy word wrap measured with
//! the embedded font, a new page when one fills) and builds, beside the pages, the structure a
//! screen reader walks: parts, headings, paragraphs, lists and tables, in reading order.
//! `draw` then writes each line as one marked span and hangs the spans on that structure.
//!
//! The contents page prints the page of each part, and the evidence list the page of the report
//! section a file is attached to. Sections come before the evidence list, so their pages are
//! known by the time it is laid out; the contents come first, so layout runs a second time with
//! the pages the first run found. Contents numbers sit in a column of their own width, so
//! printing them moves nothing: the second run's pages are the first run's.
//!
//! Synchronous, and krilla's document is not `Send`: callers run [`render`] in `spawn_blocking`.

use std::collections::HashMap;
use std::num::NonZeroU16;

use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder, PdfVersion};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

use super::document::{Activity, Evidence, Goal, Labels, Meeting, Portfolio, Report, Section};
use crate::error::{AppError, AppResult};

/// Write the portfolio as PDF bytes, in the language its labels are written in.
pub fn render(portfolio: &Portfolio, labels: &Labels) -> AppResult<Vec<u8>> {
    write(portfolio, labels)
        .map_err(|cause| AppError::internal("could not write the portfolio PDF", cause))
}

fn write(portfolio: &Portfolio, labels: &Labels) -> Result<Vec<u8>, String> {
    let fonts = Fonts::load()?;
    let layout = settle(portfolio, labels, &fonts);
    draw(&layout, &fonts, portfolio, labels)
}

/// Lay out until the page numbers printed are the pages found (twice, see the module note; the
/// bound only guards against a change that would break that).
fn settle(portfolio: &Portfolio, labels: &Labels, fonts: &Fonts) -> Layout {
    let mut layout = lay_out(portfolio, labels, fonts, &Anchors::new());
    for _ in 0..3 {
        let next = lay_out(portfolio, labels, fonts, &layout.anchors);
        let settled = next.anchors == layout.anchors;
        layout = next;
        if settled {
            break;
        }
    }
    layout
}

// ---------------------------------------------------------------------------------------------
// Page geometry and type. Points, from the page's top-left corner (krilla's coordinates).

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm.
const MARGIN: f32 = 56.69;
const LEFT: f32 = MARGIN;
const RIGHT: f32 = PAGE_WIDTH - MARGIN;
const WIDTH: f32 = RIGHT - LEFT;
const TOP: f32 = MARGIN;
const BOTTOM: f32 = PAGE_HEIGHT - MARGIN;
/// The page number sits inside the bottom margin, about 10 mm from the edge.
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 28.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.4;
/// From a line's top to its baseline, as a multiple of the font size: half the leading left
/// over by DejaVu's ascent (0.93) and descent (0.24) above the ascent.
const BASELINE: f32 = 1.05;
/// Space between blocks (paragraphs, lists, tables).
const BLOCK_GAP: f32 = 5.0;
/// How far list items stand in from the bullet.
const INDENT: f32 = 16.0;
/// Room kept between table columns.
const CELL_GAP: f32 = 10.0;
/// The column the contents' page numbers are right-aligned in.
const NUMBER_COLUMN: f32 = 48.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Title,
    Lead,
    H1,
    H2,
    H3,
    Body,
    Strong,
    Small,
}

impl Style {
    fn size(self) -> f32 {
        match self {
            Style::Title => 26.0,
            Style::Lead => 16.0,
            Style::H1 => 20.0,
            Style::H2 => 15.0,
            Style::H3 => 12.5,
            Style::Body | Style::Strong => 10.5,
            Style::Small => 9.0,
        }
    }

    fn line_height(self) -> f32 {
        self.size() * LEADING
    }

    fn bold(self) -> bool {
        matches!(
            self,
            Style::Title | Style::H1 | Style::H2 | Style::H3 | Style::Strong
        )
    }

    /// Headings in a dark blue, notes in dark grey; both keep a contrast above 7:1 on white,
    /// and nothing is said by colour alone.
    fn colour(self) -> rgb::Color {
        match self {
            Style::Title | Style::H1 | Style::H2 | Style::H3 => rgb::Color::new(0x1d, 0x3c, 0x6e),
            Style::Small => rgb::Color::new(0x45, 0x45, 0x45),
            Style::Lead | Style::Body | Style::Strong => rgb::Color::new(0x1a, 0x1a, 0x1a),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fonts: DejaVu Sans, embedded (and subset by krilla). Licence in app/fonts/LICENSE-DejaVu.txt.

static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

struct Fonts {
    regular: Face,
    bold: Face,
}

/// One font twice: krilla's handle to draw it, and rustybuzz's (the shaper krilla draws with)
/// to measure words before they are drawn, so the measure is the drawing's.
struct Face {
    pdf: Font,
    shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
    /// The width of a space, in ems: asked for between every two words.
    space: f32,
    /// Whether the font has U+FFFD, drawn in place of a character it lacks.
    has_replacement: bool,
}

impl Fonts {
    fn load() -> Result<Self, String> {
        Ok(Self {
            regular: Face::load(REGULAR, "DejaVu Sans")?,
            bold: Face::load(BOLD, "DejaVu Sans Bold")?,
        })
    }

    fn face(&self, style: Style) -> &Face {
        if style.bold() {
            &self.bold
        } else {
            &self.regular
        }
    }

    /// Width of already printable text at the style's size.
    fn width(&self, style: Style, text: &str) -> f32 {
        self.face(style).advance(text) * style.size()
    }

    fn space(&self, style: Style) -> f32 {
        self.face(style).space * style.size()
    }
}

impl Face {
    fn load(data: &'static [u8], name: &str) -> Result<Self, String> {
        let pdf =
            Font::new(data.into(), 0).ok_or_else(|| format!("{name}: not a font krilla reads"))?;
        let shaper = rustybuzz::Face::from_slice(data, 0)
            .ok_or_else(|| format!("{name}: not a font rustybuzz reads"))?;
        let units_per_em = shaper.units_per_em().max(1) as f32;
        let has_replacement = shaper.glyph_index('\u{FFFD}').is_some();
        let mut face = Self {
            pdf,
            shaper,
            units_per_em,
            space: 0.0,
            has_replacement,
        };
        face.space = face.advance(" ");
        Ok(face)
    }

    /// Advance of the shaped text, in ems.
    fn advance(&self, text: &str) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        let units: i64 = shaped
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        units as f32 / self.units_per_em
    }

    /// Advance of one character on its own, in ems: for cutting a word too long for its line,
    /// where shaping every prefix would cost a shaping per character.
    fn char_advance(&self, c: char) -> f32 {
        self.shaper
            .glyph_index(c)
            .and_then(|glyph| self.shaper.glyph_hor_advance(glyph))
            .map_or(0.0, |units| f32::from(units) / self.units_per_em)
    }

    /// The text as this font can draw it. Invisible format characters go (a tab becomes a
    /// space); a character the font lacks becomes U+FFFD, so the reader sees that something was
    /// there. krilla refuses .notdef glyphs under PDF/UA, so none may reach it.
    fn printable(&self, text: &str) -> String {
        text.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if invisible(c) => None,
                c if self.shaper.glyph_index(c).is_some() => Some(c),
                _ => self.has_replacement.then_some('\u{FFFD}'),
            })
            .collect()
    }
}

/// Control and format characters: nothing to draw, and some (U+0000, U+FEFF) PDF/UA forbids in
/// the text a glyph stands for. Emoji sequences lose their joiners and variation selectors here.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E0FFF}')
}

/// Combining marks: a long word is never cut between a letter and its accent.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

// ---------------------------------------------------------------------------------------------
// Words and lines.

/// A run of text in one style: paragraphs are made of these. A `\n` inside forces a new line.
#[derive(Clone, Debug)]
struct Span {
    style: Style,
    text: String,
}

fn span(style: Style, text: impl Into<String>) -> Span {
    Span {
        style,
        text: text.into(),
    }
}

#[derive(Clone, Debug)]
struct Word {
    style: Style,
    text: String,
    width: f32,
}

/// Where words break: any white space but the no-break ones, which hold a French colon or a
/// number and its unit to what they belong to.
fn breaks_words(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}')
}

/// Break the spans into lines no wider than `width`, greedily: each word goes on the current
/// line if it fits, else it starts the next one. A word wider than a whole line is cut.
fn wrap(fonts: &Fonts, spans: &[Span], width: f32) -> Vec<Vec<Word>> {
    let mut lines = Vec::new();
    let mut line: Vec<Word> = Vec::new();
    let mut used = 0.0;
    for span in spans {
        for (index, segment) in span.text.split('\n').enumerate() {
            if index > 0 && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            for raw in segment.split(breaks_words).filter(|w| !w.is_empty()) {
                for word in words_of(fonts, span.style, raw, width) {
                    let gap = line.last().map_or(0.0, |last| fonts.space(last.style));
                    if !line.is_empty() && used + gap + word.width > width {
                        lines.push(std::mem::take(&mut line));
                        used = word.width;
                    } else {
                        used += gap + word.width;
                    }
                    line.push(word);
                }
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The raw word as drawable words: one, or several pieces when it is wider than a line.
fn words_of(fonts: &Fonts, style: Style, raw: &str, width: f32) -> Vec<Word> {
    let face = fonts.face(style);
    let text = face.printable(raw);
    if text.is_empty() {
        return Vec::new();
    }
    let word = |text: String| Word {
        width: fonts.width(style, &text),
        style,
        text,
    };
    let whole = fonts.width(style, &text);
    if whole <= width {
        return vec![Word {
            width: whole,
            style,
            text,
        }];
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let advance = face.char_advance(c) * style.size();
        if !piece.is_empty() && used + advance > width && !is_mark(c) {
            pieces.push(word(std::mem::take(&mut piece)));
            used = 0.0;
        }
        piece.push(c);
        used += advance;
    }
    if !piece.is_empty() {
        pieces.push(word(piece));
    }
    pieces
}

/// A line's words as runs of one style each, starting at `x`. The space between two words ends
/// the first run, so a reader copying the text gets real spaces, not gaps.
fn runs(fonts: &Fonts, words: Vec<Word>, x: f32) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut pen = x;
    for word in words {
        if let Some(last) = runs.last_mut() {
            last.text.push(' ');
            pen += fonts.space(last.style);
        }
        match runs.last_mut() {
            Some(last) if last.style == word.style => last.text.push_str(&word.text),
            _ => runs.push(Run {
                x: pen,
                style: word.style,
                text: word.text,
            }),
        }
        pen += word.width;
    }
    runs
}

/// Blank lines separate paragraphs; a single newline is a line break inside one (answers keep
/// their tables as lines).
fn paragraphs_of(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join("\n"));
    }
    paragraphs
}

// ---------------------------------------------------------------------------------------------
// The layout: pages of placed lines, and the structure tree that points at them.

struct Layout {
    pages: Vec<Page>,
    tree: Vec<Elem>,
    anchors: Anchors,
    marks: Vec<Mark>,
    /// How many tagged lines were placed: their ids run from 0 to this.
    lines: usize,
}

#[derive(Default)]
struct Page {
    lines: Vec<Line>,
    rules: Vec<Rule>,
}

struct Line {
    baseline: f32,
    runs: Vec<Run>,
    /// Its leaf in the structure tree; `None` for a repeated table header, an artifact.
    id: Option<usize>,
}

#[derive(Debug)]
struct Run {
    x: f32,
    style: Style,
    text: String,
}

/// A thin line under a table's header and between its rows: drawn as an artifact.
struct Rule {
    y: f32,
    strong: bool,
}

/// A node of the structure tree: a group, or a placed line (its id).
#[derive(Debug)]
enum Elem {
    Group(Kind, Vec<Elem>),
    Line(usize),
}

fn group(kind: Kind, children: Vec<Elem>) -> Elem {
    Elem::Group(kind, children)
}

fn lines(ids: Vec<usize>) -> Vec<Elem> {
    ids.into_iter().map(Elem::Line).collect()
}

#[derive(Debug)]
enum Kind {
    Sect,
    /// Level and title (PDF/UA wants every heading titled).
    Heading(u16, String),
    P,
    List,
    Item,
    Label,
    ItemBody,
    Table,
    Head,
    Rows,
    Row,
    HeaderCell,
    Cell,
    Toc,
    TocItem,
}

/// What a page number is looked up by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Anchor {
    Part(Part),
    Section { report: usize, section: usize },
}

/// Page index (from 0) of each anchor.
type Anchors = HashMap<Anchor, usize>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Part {
    Goals,
    Reports,
    Attendance,
    Sessions,
    Evidence,
}

impl Part {
    const ALL: [Part; 5] = [
        Part::Goals,
        Part::Reports,
        Part::Attendance,
        Part::Sessions,
        Part::Evidence,
    ];

    fn title(self, labels: &Labels) -> &str {
        match self {
            Part::Goals => &labels.goals,
            Part::Reports => &labels.reports,
            Part::Attendance => &labels.attendance,
            Part::Sessions => &labels.sessions,
            Part::Evidence => &labels.evidence,
        }
    }
}

/// An entry of the document outline (the viewer's bookmarks), which PDF/UA requires.
struct Mark {
    level: u16,
    title: String,
    page: usize,
    y: f32,
}

/// The cursor that places lines down the pages.
struct Flow<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    /// Top of the next line on the last page.
    top: f32,
    /// Page and baseline of each tagged line, by id.
    placed: Vec<(usize, f32)>,
    anchors: Anchors,
    marks: Vec<Mark>,
}

impl<'a> Flow<'a> {
    fn new(fonts: &'a Fonts) -> Self {
        Self {
            fonts,
            pages: vec![Page::default()],
            top: TOP,
            placed: Vec::new(),
            anchors: Anchors::new(),
            marks: Vec::new(),
        }
    }

    fn page(&self) -> usize {
        self.pages.len() - 1
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.top = TOP;
    }

    fn at_page_top(&self) -> bool {
        self.top <= TOP
    }

    fn fits(&self, height: f32) -> bool {
        self.top + height <= BOTTOM
    }

    /// Turn the page unless `height` still fits on this one. On an empty page nothing is
    /// gained by turning: whatever is taller than a page starts there and flows on.
    fn keep(&mut self, height: f32) {
        if !self.fits(height) && !self.at_page_top() {
            self.new_page();
        }
    }

    /// Space before a block; none at the top of a page, where the margin is space enough.
    fn gap(&mut self, space: f32) {
        if !self.at_page_top() {
            self.top += space;
        }
    }

    fn new_id(&mut self, page: usize, baseline: f32) -> usize {
        self.placed.push((page, baseline));
        self.placed.len() - 1
    }

    /// Place one line of pieces (table cells, or a single piece) side by side on one baseline,
    /// and move down. Returns the id of each non-empty piece; artifacts get none.
    fn place(&mut self, pieces: Vec<(f32, Vec<Word>)>, artifact: bool) -> Vec<Option<usize>> {
        let size = pieces
            .iter()
            .flat_map(|(_, words)| words)
            .map(|word| word.style.size())
            .fold(0.0, f32::max);
        let size = if size > 0.0 { size } else { Style::Body.size() };
        let baseline = self.top + size * BASELINE;
        let page = self.page();
        let mut ids = Vec::with_capacity(pieces.len());
        for (x, words) in pieces {
            if words.is_empty() {
                ids.push(None);
                continue;
            }
            let id = (!artifact).then(|| self.new_id(page, baseline));
            let runs = runs(self.fonts, words, x);
            self.pages[page].lines.push(Line { baseline, runs, id });
            ids.push(id);
        }
        self.top += size * LEADING;
        ids
    }

    /// Wrap the spans into `width` at `x` and place the lines, turning pages as they fill.
    fn text(&mut self, spans: &[Span], x: f32, width: f32) -> Vec<usize> {
        let mut ids = Vec::new();
        for words in wrap(self.fonts, spans, width) {
            let height = words
                .iter()
                .map(|w| w.style.line_height())
                .fold(0.0, f32::max);
            self.keep(height);
            ids.extend(self.place(vec![(x, words)], false).into_iter().flatten());
        }
        ids
    }

    /// Place a short text on the baseline of an already placed line (a bullet beside its item,
    /// a page number beside its contents entry) without moving down.
    fn beside(&mut self, line: usize, x: f32, span: Span) -> Option<usize> {
        let &(page, baseline) = self.placed.get(line)?;
        let words = wrap(self.fonts, &[span], f32::INFINITY)
            .into_iter()
            .next()?;
        let runs = runs(self.fonts, words, x);
        let id = self.new_id(page, baseline);
        self.pages.get_mut(page)?.lines.push(Line {
            baseline,
            runs,
            id: Some(id),
        });
        Some(id)
    }

    fn rule(&mut self, strong: bool) {
        let y = self.top + 1.5;
        let page = self.page();
        self.pages[page].rules.push(Rule { y, strong });
        self.top += 4.0;
    }

    fn finish(self, tree: Vec<Elem>) -> Layout {
        Layout {
            lines: self.placed.len(),
            pages: self.pages,
            tree,
            anchors: self.anchors,
            marks: self.marks,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The content, part by part.

fn lay_out(portfolio: &Portfolio, labels: &Labels, fonts: &Fonts, known: &Anchors) -> Layout {
    let mut doc = Doc {
        flow: Flow::new(fonts),
        portfolio,
        labels,
        french: is_french(&portfolio.language),
        known,
    };
    let mut tree = doc.cover();
    tree.push(doc.contents());
    for part in Part::ALL {
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
        tree.extend(self.paragraph(&[span(Style::Lead, &self.portfolio.organisation.name)]));
        self.flow.gap(BLOCK_GAP);
        tree.extend(self.paragraph(&[span(Style::Body, &self.labels.generated)]));
        tree
    }

    fn contents(&mut self) -> Elem {
        self.flow.new_page();
        let labels = self.labels;
        let heading = self.heading(1, Style::H1, &labels.contents, None);
        let mut items = Vec::new();
        for part in Part::ALL {
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
fn file_size(bytes: u64, french: bool) -> String {
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
fn heading_title(text: &str) -> String {
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

fn document_title(portfolio: &Portfolio, labels: &Labels) -> String {
    let title = heading_title(&labels.title);
    if title != "—" {
        return title;
    }
    heading_title(&portfolio.organisation.name)
}

fn is_french(language: &str) -> bool {
    language.trim().to_ascii_lowercase().starts_with("fr")
}

/// The language tag readers use to pick a voice: British English unless the portfolio is French.
fn language_tag(language: &str) -> &'static str {
    if is_french(language) {
        "fr-FR"
    } else {
        "en-GB"
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing: the layout into krilla's document.

fn draw(
    layout: &Layout,
    fonts: &Fonts,
    portfolio: &Portfolio,
    labels: &Labels,
) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_version(PdfVersion::Pdf17)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| format!("PDF configuration: {e:?}"))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut ids: Vec<Option<Identifier>> = vec![None; layout.lines];
    let total = layout.pages.len();
    for (index, page) in layout.pages.iter().enumerate() {
        let size = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or("A4 is a page size")?;
        let mut pdf_page = document.start_page_with(size);
        let mut surface = pdf_page.surface();
        for rule in &page.rules {
            draw_rule(&mut surface, rule);
        }
        for line in &page.lines {
            let id = draw_line(&mut surface, fonts, line);
            if let Some(slot) = line.id.and_then(|line_id| ids.get_mut(line_id)) {
                *slot = Some(id);
            }
        }
        // The cover is numbered but does not show it, as in print.
        if index > 0 {
            draw_footer(
                &mut surface,
                fonts,
                &format!("{} {} / {}", labels.page, index + 1, total),
            );
        }
        surface.finish();
        pdf_page.finish();
    }
    let lang = language_tag(&portfolio.language);
    document.set_outline(outline(&layout.marks));
    document.set_tag_tree(tag_tree(&layout.tree, &ids, lang));
    document.set_metadata(metadata(portfolio, labels, lang));
    document.finish().map_err(|e| format!("krilla: {e}"))
}

/// One line as one marked span (or an artifact), in as many runs as it has styles.
fn draw_line(surface: &mut Surface, fonts: &Fonts, line: &Line) -> Identifier {
    let tag = match line.id {
        Some(_) => ContentTag::Span(SpanTag::empty()),
        None => ContentTag::Artifact(Artifact::with_kind(ArtifactType::PaginationOther)),
    };
    let id = surface.start_tagged(tag);
    for run in &line.runs {
        draw_run(surface, fonts, run, line.baseline);
    }
    surface.end_tagged();
    id
}

fn draw_run(surface: &mut Surface, fonts: &Fonts, run: &Run, baseline: f32) {
    surface.set_fill(Some(Fill {
        paint: run.style.colour().into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
    surface.draw_text(
        Point::from_xy(run.x, baseline),
        fonts.face(run.style).pdf.clone(),
        run.style.size(),
        &run.text,
        false,
        TextDirection::Auto,
    );
}

fn draw_rule(surface: &mut Surface, rule: &Rule) {
    let mut path = PathBuilder::new();
    path.move_to(LEFT, rule.y);
    path.line_to(RIGHT, rule.y);
    let Some(path) = path.finish() else { return };
    let grey = if rule.strong { 0x55 } else { 0xbb };
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Layout,
    )));
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: rgb::Color::new(grey, grey, grey).into(),
        width: if rule.strong { 0.8 } else { 0.4 },
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
    surface.end_tagged();
}

fn draw_footer(surface: &mut Surface, fonts: &Fonts, text: &str) {
    let text = fonts.face(Style::Small).printable(text);
    let x = (PAGE_WIDTH - fonts.width(Style::Small, &text)) / 2.0;
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Footer,
    )));
    draw_run(
        surface,
        fonts,
        &Run {
            x,
            style: Style::Small,
            text,
        },
        FOOTER_BASELINE,
    );
    surface.end_tagged();
}

fn tag_tree(tree: &[Elem], ids: &[Option<Identifier>], lang: &str) -> TagTree {
    let mut root = TagTree::new().with_lang(Some(lang.to_string()));
    for node in tree.iter().filter_map(|elem| node(elem, ids)) {
        root.push(node);
    }
    root
}

/// A group with nothing drawn under it is left out, as krilla would.
fn node(elem: &Elem, ids: &[Option<Identifier>]) -> Option<Node> {
    match elem {
        Elem::Line(id) => ids.get(*id).copied().flatten().map(Node::from),
        Elem::Group(kind, children) => {
            let children: Vec<Node> = children
                .iter()
                .filter_map(|child| node(child, ids))
                .collect();
            (!children.is_empty()).then(|| TagGroup::with_children(kind.tag(), children).into())
        }
    }
}

impl Kind {
    fn tag(&self) -> TagKind {
        match self {
            Kind::Sect => Tag::Section.into(),
            Kind::Heading(level, title) => Tag::Hn(
                NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN),
                Some(title.clone()),
            )
            .into(),
            Kind::P => Tag::P.into(),
            Kind::List => Tag::L(ListNumbering::Disc).into(),
            Kind::Item => Tag::LI.into(),
            Kind::Label => Tag::Lbl.into(),
            Kind::ItemBody => Tag::LBody.into(),
            Kind::Table => Tag::Table.into(),
            Kind::Head => Tag::THead.into(),
            Kind::Rows => Tag::TBody.into(),
            Kind::Row => Tag::TR.into(),
            Kind::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
            Kind::Cell => Tag::TD.into(),
            Kind::Toc => Tag::TOC.into(),
            Kind::TocItem => Tag::TOCI.into(),
        }
    }
}

/// Parts at the top, their goals, reports and sessions under them.
fn outline(marks: &[Mark]) -> Outline {
    let mut outline = Outline::new();
    let mut part: Option<OutlineNode> = None;
    for mark in marks {
        let destination = XyzDestination::new(mark.page, Point::from_xy(LEFT, mark.y));
        let node = OutlineNode::new(mark.title.clone(), destination);
        if mark.level <= 1 {
            if let Some(done) = part.replace(node) {
                outline.push_child(done);
            }
        } else if let Some(parent) = part.as_mut() {
            parent.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(done) = part {
        outline.push_child(done);
    }
    outline
}

fn metadata(portfolio: &Portfolio, labels: &Labels, lang: &str) -> Metadata {
    let mut metadata = Metadata::new()
        .title(document_title(portfolio, labels))
        .language(lang.to_string())
        .creator("Co-op Circles".to_string());
    let organisation = heading_title(&portfolio.organisation.name);
    if organisation != "—" {
        metadata = metadata.authors(vec![organisation]);
    }
    if let Some(date) = creation_date(&portfolio.generated_at) {
        metadata = metadata.creation_date(date);
    }
    metadata
}

/// When the content was gathered, as the file's date (UTC); none if it does not parse.
fn creation_date(iso: &str) -> Option<DateTime> {
    use chrono::{Datelike, Timelike};
    let at = chrono::DateTime::parse_from_rfc3339(iso.trim())
        .ok()?
        .to_utc();
    let year = u16::try_from(at.year()).ok()?;
    Some(
        DateTime::new(year)
            .month(at.month() as u8)
            .day(at.day() as u8)
            .hour(at.hour() as u8)
            .minute(at.minute() as u8)
            .second(at.second() as u8)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

#[cfg(test)]
mod tests {
    //! Each PDF is read back by tools that share no code with us: poppler's `pdftotext` and
    //! `pdfinfo`, and `qpdf`. The test command installs them (poppler-utils, qpdf).

    use super::*;
    use crate::portfolio::document::{Organisation, Poll, PollOption, Session};
    use std::path::PathBuf;
    use std::process::Command;
    use std::sync::atomic::{AtomicUsize, Ordering};

    // ---- the sample ---------------------------------------------------------------------

    fn labels_en() -> Labels {
        Labels {
            title: "Portfolio of Riverside Bakery Co-operative".into(),
            generated: "Gathered on 27 November 2026".into(),
            contents: "Contents".into(),
            goals: "Goals".into(),
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
            organisation: Organisation {
                id: "organisation:3".into(),
                name: "Riverside Bakery Co-operative".into(),
                source: "/organisations/3".into(),
            },
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
                    panic!(
                        "{wanted:?} is missing, or out of order, after character {from} of:\n{text}"
                    )
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
}
