//! Type: the styles text is set in, the embedded fonts that measure it, and the words and
//! lines it is broken into before the layout places them.

use krilla::color::rgb;
use krilla::text::Font;

use super::layout::{LEADING, Run};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
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
    pub(super) fn size(self) -> f32 {
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

    pub(super) fn line_height(self) -> f32 {
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
    pub(super) fn colour(self) -> rgb::Color {
        match self {
            Style::Title | Style::H1 | Style::H2 | Style::H3 => rgb::Color::new(0x1d, 0x3c, 0x6e),
            Style::Small => rgb::Color::new(0x45, 0x45, 0x45),
            Style::Lead | Style::Body | Style::Strong => rgb::Color::new(0x1a, 0x1a, 0x1a),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fonts: DejaVu Sans, embedded (and subset by krilla). Licence in app/fonts/LICENSE-DejaVu.txt.

static REGULAR: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold.ttf");

pub(super) struct Fonts {
    regular: Face,
    bold: Face,
}

/// One font twice: krilla's handle to draw it, and rustybuzz's (the shaper krilla draws with)
/// to measure words before they are drawn, so the measure is the drawing's.
pub(super) struct Face {
    pub(super) pdf: Font,
    shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
    /// The width of a space, in ems: asked for between every two words.
    space: f32,
    /// Whether the font has U+FFFD, drawn in place of a character it lacks.
    has_replacement: bool,
}

impl Fonts {
    pub(super) fn load() -> Result<Self, String> {
        Ok(Self {
            regular: Face::load(REGULAR, "DejaVu Sans")?,
            bold: Face::load(BOLD, "DejaVu Sans Bold")?,
        })
    }

    pub(super) fn face(&self, style: Style) -> &Face {
        if style.bold() {
            &self.bold
        } else {
            &self.regular
        }
    }

    /// Width of already printable text at the style's size.
    pub(super) fn width(&self, style: Style, text: &str) -> f32 {
        self.face(style).advance(text) * style.size()
    }

    pub(super) fn space(&self, style: Style) -> f32 {
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
    pub(super) fn printable(&self, text: &str) -> String {
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
pub(super) struct Span {
    style: Style,
    text: String,
}

pub(super) fn span(style: Style, text: impl Into<String>) -> Span {
    Span {
        style,
        text: text.into(),
    }
}

#[derive(Clone, Debug)]
pub(super) struct Word {
    pub(super) style: Style,
    pub(super) text: String,
    pub(super) width: f32,
}

/// Where words break: any white space but the no-break ones, which hold a French colon or a
/// number and its unit to what they belong to.
fn breaks_words(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}')
}

/// Break the spans into lines no wider than `width`, greedily: each word goes on the current
/// line if it fits, else it starts the next one. A word wider than a whole line is cut.
pub(super) fn wrap(fonts: &Fonts, spans: &[Span], width: f32) -> Vec<Vec<Word>> {
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
pub(super) fn runs(fonts: &Fonts, words: Vec<Word>, x: f32) -> Vec<Run> {
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
pub(super) fn paragraphs_of(text: &str) -> Vec<String> {
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
