//! Writing the laid-out pages with krilla: each line a marked span, hung on the structure
//! tree; the outline, the metadata, and krilla's PDF/UA validator over all of it.

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
use krilla::text::TextDirection;
use krilla::{Document, SerializeSettings};

use super::content::{document_title, heading_title, language_tag};
use super::layout::{
    Elem, FOOTER_BASELINE, Kind, LEFT, Layout, Line, Mark, PAGE_HEIGHT, PAGE_WIDTH, RIGHT, Rule,
    Run,
};
use super::text::{Fonts, Style};
use crate::portfolio::document::{Labels, Portfolio};

// ---------------------------------------------------------------------------------------------
// Drawing: the layout into krilla's document.

pub(super) fn draw(
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
    let organisation = heading_title(portfolio.subject_name());
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
