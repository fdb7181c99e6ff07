//! Where everything goes: the page's geometry, the pages of placed lines with the structure
//! tree that points at them, and the flow that places blocks down the pages.

use std::collections::HashMap;

use super::text::{Fonts, Span, Style, Word, runs, wrap};

// ---------------------------------------------------------------------------------------------
// Page geometry and type. Points, from the page's top-left corner (krilla's coordinates).

pub(super) const PAGE_WIDTH: f32 = 595.28;
pub(super) const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm.
const MARGIN: f32 = 56.69;
pub(super) const LEFT: f32 = MARGIN;
pub(super) const RIGHT: f32 = PAGE_WIDTH - MARGIN;
pub(super) const WIDTH: f32 = RIGHT - LEFT;
pub(super) const TOP: f32 = MARGIN;
pub(super) const BOTTOM: f32 = PAGE_HEIGHT - MARGIN;
/// The page number sits inside the bottom margin, about 10 mm from the edge.
pub(super) const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 28.0;
/// Line height as a multiple of the font size.
pub(super) const LEADING: f32 = 1.4;
/// From a line's top to its baseline, as a multiple of the font size: half the leading left
/// over by DejaVu's ascent (0.93) and descent (0.24) above the ascent.
const BASELINE: f32 = 1.05;
/// Space between blocks (paragraphs, lists, tables).
pub(super) const BLOCK_GAP: f32 = 5.0;
/// How far list items stand in from the bullet.
pub(super) const INDENT: f32 = 16.0;
/// Room kept between table columns.
pub(super) const CELL_GAP: f32 = 10.0;
/// The column the contents' page numbers are right-aligned in.
pub(super) const NUMBER_COLUMN: f32 = 48.0;

// ---------------------------------------------------------------------------------------------
// The layout: pages of placed lines, and the structure tree that points at them.

pub(super) struct Layout {
    pub(super) pages: Vec<Page>,
    pub(super) tree: Vec<Elem>,
    pub(super) anchors: Anchors,
    pub(super) marks: Vec<Mark>,
    /// How many tagged lines were placed: their ids run from 0 to this.
    pub(super) lines: usize,
}

#[derive(Default)]
pub(super) struct Page {
    pub(super) lines: Vec<Line>,
    pub(super) rules: Vec<Rule>,
}

pub(super) struct Line {
    pub(super) baseline: f32,
    pub(super) runs: Vec<Run>,
    /// Its leaf in the structure tree; `None` for a repeated table header, an artifact.
    pub(super) id: Option<usize>,
}

#[derive(Debug)]
pub(super) struct Run {
    pub(super) x: f32,
    pub(super) style: Style,
    pub(super) text: String,
}

/// A thin line under a table's header and between its rows: drawn as an artifact.
pub(super) struct Rule {
    pub(super) y: f32,
    pub(super) strong: bool,
}

/// A node of the structure tree: a group, or a placed line (its id).
#[derive(Debug)]
pub(super) enum Elem {
    Group(Kind, Vec<Elem>),
    Line(usize),
}

pub(super) fn group(kind: Kind, children: Vec<Elem>) -> Elem {
    Elem::Group(kind, children)
}

pub(super) fn lines(ids: Vec<usize>) -> Vec<Elem> {
    ids.into_iter().map(Elem::Line).collect()
}

#[derive(Debug)]
pub(super) enum Kind {
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

pub(super) use crate::portfolio::document::Part;

/// What a page number is looked up by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Anchor {
    Part(Part),
    Section { report: usize, section: usize },
}

/// Page index (from 0) of each anchor.
pub(super) type Anchors = HashMap<Anchor, usize>;

/// An entry of the document outline (the viewer's bookmarks), which PDF/UA requires.
pub(super) struct Mark {
    pub(super) level: u16,
    pub(super) title: String,
    pub(super) page: usize,
    pub(super) y: f32,
}

/// The cursor that places lines down the pages.
pub(super) struct Flow<'a> {
    pub(super) fonts: &'a Fonts,
    pages: Vec<Page>,
    /// Top of the next line on the last page.
    pub(super) top: f32,
    /// Page and baseline of each tagged line, by id.
    placed: Vec<(usize, f32)>,
    pub(super) anchors: Anchors,
    pub(super) marks: Vec<Mark>,
}

impl<'a> Flow<'a> {
    pub(super) fn new(fonts: &'a Fonts) -> Self {
        Self {
            fonts,
            pages: vec![Page::default()],
            top: TOP,
            placed: Vec::new(),
            anchors: Anchors::new(),
            marks: Vec::new(),
        }
    }

    pub(super) fn page(&self) -> usize {
        self.pages.len() - 1
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.top = TOP;
    }

    fn at_page_top(&self) -> bool {
        self.top <= TOP
    }

    pub(super) fn fits(&self, height: f32) -> bool {
        self.top + height <= BOTTOM
    }

    /// Turn the page unless `height` still fits on this one. On an empty page nothing is
    /// gained by turning: whatever is taller than a page starts there and flows on.
    pub(super) fn keep(&mut self, height: f32) {
        if !self.fits(height) && !self.at_page_top() {
            self.new_page();
        }
    }

    /// Space before a block; none at the top of a page, where the margin is space enough.
    pub(super) fn gap(&mut self, space: f32) {
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
    pub(super) fn place(
        &mut self,
        pieces: Vec<(f32, Vec<Word>)>,
        artifact: bool,
    ) -> Vec<Option<usize>> {
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
    pub(super) fn text(&mut self, spans: &[Span], x: f32, width: f32) -> Vec<usize> {
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
    pub(super) fn beside(&mut self, line: usize, x: f32, span: Span) -> Option<usize> {
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

    pub(super) fn rule(&mut self, strong: bool) {
        let y = self.top + 1.5;
        let page = self.page();
        self.pages[page].rules.push(Rule { y, strong });
        self.top += 4.0;
    }

    pub(super) fn finish(self, tree: Vec<Elem>) -> Layout {
        Layout {
            lines: self.placed.len(),
            pages: self.pages,
            tree,
            anchors: self.anchors,
            marks: self.marks,
        }
    }
}
