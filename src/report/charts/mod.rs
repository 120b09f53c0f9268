//! Charts drawn with plotters, as SVG text and PNG bytes, with the DejaVu Sans font embedded in the
//! binary (the `dejavu` crate, registered once with plotters' `ab_glyph` text backend), so nothing
//! depends on the fonts of the machine. SVG keeps text as `<text>` elements (escaped by plotters);
//! the browser renders them with its sans-serif font.
//!
//! Each chart is a plain data struct implementing [`Chart`]; building the data from the analysis
//! (which accounts, which metric) lives in [`build`], so the drawing code can be tested on
//! synthetic data and reused by other subcommands (rank trajectories, audience overlap).

use crate::i18n::Lang;

mod bars;
pub mod build;
mod heatmap;
mod map;
mod plots;

pub use bars::Bars;
pub use heatmap::Heatmap;
pub use map::{MapNode, NetworkMap};
pub use plots::{DegreeCcdf, Quadrant, Trajectories};

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::error::{Error, Result};

/// Error type of a plotters drawing area over backend `DB`.
pub type DrawError<DB> = DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>;

/// A chart: plain data that can draw itself on any plotters backend.
pub trait Chart {
    /// Size in pixels (width, height).
    fn size(&self) -> (u32, u32) {
        (900, 600)
    }

    /// Draws the chart on `area` (already filled white).
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), DrawError<DB>>;
}

/// Output formats of charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartFormat {
    /// Scalable vector graphics.
    Svg,
    /// Portable network graphics.
    Png,
}

impl ChartFormat {
    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Svg => "svg",
            ChartFormat::Png => "png",
        }
    }
}

static FONTS: Once = Once::new();

/// Registers the embedded DejaVu Sans (regular and bold) as plotters' `sans-serif`.
fn register_fonts() {
    FONTS.call_once(|| {
        // Registration only fails on an invalid font; the embedded ones are valid.
        let _ = register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
        let _ = register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
    });
}

fn draw_error(name: &str, e: impl std::fmt::Display) -> Error {
    Error::io(name, std::io::Error::other(format!("drawing chart: {e}")))
}

/// Renders `chart` as an SVG document (`name` is only used in error messages).
pub fn render_svg<C: Chart>(chart: &C, name: &str) -> Result<String> {
    register_fonts();
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, chart.size()).into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_error(name, e))?;
        chart.draw(&root).map_err(|e| draw_error(name, e))?;
        root.present().map_err(|e| draw_error(name, e))?;
    }
    Ok(text)
}

/// Renders `chart` as PNG bytes (RGB, 8 bits).
pub fn render_png<C: Chart>(chart: &C, name: &str) -> Result<Vec<u8>> {
    register_fonts();
    let (w, h) = chart.size();
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_error(name, e))?;
        chart.draw(&root).map_err(|e| draw_error(name, e))?;
        root.present().map_err(|e| draw_error(name, e))?;
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(|e| draw_error(name, e))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| draw_error(name, e))?;
    }
    Ok(out)
}

/// A tick label in `lang`: [`tick`] as is in English, with U+202F grouping and a decimal comma
/// in French (`1 000`, `0,5`).
pub fn tick_in(v: f64, lang: Lang) -> String {
    crate::i18n::plain_number(lang, &tick(v))
}

/// A tick label: integers without decimals ("1000", not "1000.0"), other values with at most
/// three significant digits.
pub fn tick(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if v == v.round() && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let digits = (2 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A label safe for drawing: control characters removed, at most `max` characters (an ellipsis
/// marks the cut).
pub fn short_label(text: &str, max: usize) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= max {
        clean
    } else {
        let mut s: String = clean.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The categorical palette (Tableau 10); communities beyond it are drawn in [`OTHER`].
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(78, 121, 167),
    RGBColor(242, 142, 43),
    RGBColor(225, 87, 89),
    RGBColor(118, 183, 178),
    RGBColor(89, 161, 79),
    RGBColor(237, 201, 72),
    RGBColor(176, 122, 161),
    RGBColor(255, 157, 167),
    RGBColor(156, 117, 95),
    RGBColor(186, 176, 172),
];

/// Colour of communities beyond the palette.
pub const OTHER: RGBColor = RGBColor(200, 200, 200);

/// The colour of community `c` (communities are numbered by decreasing size).
pub fn community_color(c: u32) -> RGBColor {
    PALETTE.get(c as usize).copied().unwrap_or(OTHER)
}

#[cfg(test)]
mod tests;
