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
//! The steps have a file each: `text` measures and wraps words, `layout` places lines on the
//! pages, `content` says what goes there part by part, `draw` writes it all with krilla.
//!
//! Synchronous, and krilla's document is not `Send`: callers run [`render`] in `spawn_blocking`.

mod content;
mod draw;
mod layout;
mod text;

#[cfg(test)]
mod tests;

use super::document::{Labels, Portfolio};
use crate::error::{AppError, AppResult};
use content::lay_out;
use draw::draw;
use layout::{Anchors, Layout};
use text::Fonts;

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
