//! Heatmap of a labelled matrix: community-to-community attention, audience overlap.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{short_label, tick_in, Chart, DrawError};
use crate::i18n::Lang;

/// A matrix drawn as coloured cells, rows top to bottom, with a colour scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// Title.
    pub title: String,
    /// Row labels (top to bottom).
    pub rows: Vec<String>,
    /// Column labels (left to right).
    pub columns: Vec<String>,
    /// `values[r][c]`, ≥ 0 (non-finite values are drawn as 0).
    pub values: Vec<Vec<f64>>,
    /// Colour by `log(1 + v)` instead of `v` (for counts spanning orders of magnitude).
    pub log: bool,
    /// Axis descriptions (rows, columns).
    pub axes: (String, String),
    /// Language of the tick labels (French: `1 000`, `0,5`).
    pub lang: Lang,
}

/// Light yellow to dark blue.
fn ramp(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let a = (255.0, 247.0, 188.0);
    let b = (8.0, 48.0, 107.0);
    let mix = |x: f64, y: f64| (x + (y - x) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

impl Chart for Heatmap {
    fn size(&self) -> (u32, u32) {
        let n = self.rows.len().max(self.columns.len()) as u32;
        let side = (n * 28).clamp(300, 900);
        (side + 330, side + 230)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), DrawError<DB>> {
        let (nr, nc) = (self.rows.len().max(1), self.columns.len().max(1));
        let scale = |v: f64| {
            let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
            if self.log {
                v.ln_1p()
            } else {
                v
            }
        };
        let max = self
            .values
            .iter()
            .flatten()
            .map(|&v| scale(v))
            .fold(0.0f64, f64::max);
        let max = if max > 0.0 { max } else { 1.0 };
        let (main, legend) = area.split_horizontally(area.dim_in_pixel().0 - 110);
        let mut chart = ChartBuilder::on(&main)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(120)
            .y_label_area_size(150)
            .build_cartesian_2d(0f64..nc as f64, 0f64..nr as f64)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .x_desc(&self.axes.1)
            .y_desc(&self.axes.0)
            .draw()?;
        for (r, row) in self.values.iter().enumerate().take(nr) {
            for (c, &v) in row.iter().enumerate().take(nc) {
                let y0 = (nr - 1 - r) as f64;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(c as f64, y0), (c as f64 + 1.0, y0 + 1.0)],
                    ramp(scale(v) / max).filled(),
                )))?;
            }
        }
        let font = ("sans-serif", 12).into_font();
        let right = TextStyle::from(font.clone()).pos(Pos::new(HPos::Right, VPos::Center));
        for (r, label) in self.rows.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(0.0, (nr - 1 - r) as f64 + 0.5));
            main.draw(&Text::new(short_label(label, 20), (px - 6, py), &right))?;
        }
        let rotated = TextStyle::from(font.transform(FontTransform::Rotate90))
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (c, label) in self.columns.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
            main.draw(&Text::new(short_label(label, 16), (px, py + 6), &rotated))?;
        }
        // Colour scale.
        let (_, h) = legend.dim_in_pixel();
        let (top, bottom) = (60i32, h as i32 - 140);
        let steps = 50;
        for s in 0..steps {
            let t0 = s as f64 / steps as f64;
            let y1 = bottom - ((bottom - top) as f64 * t0) as i32;
            let y0 = bottom - ((bottom - top) as f64 * (t0 + 1.0 / steps as f64)) as i32;
            legend.draw(&Rectangle::new([(10, y0), (30, y1)], ramp(t0).filled()))?;
        }
        let unscale = |t: f64| {
            if self.log {
                (t * max).exp_m1()
            } else {
                t * max
            }
        };
        let left =
            TextStyle::from(("sans-serif", 11).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        for t in [0.0, 0.5, 1.0] {
            let y = bottom - ((bottom - top) as f64 * t) as i32;
            let v = unscale(t);
            let v = if v >= 10.0 { v.round() } else { v };
            legend.draw(&Text::new(tick_in(v, self.lang), (34, y), &left))?;
        }
        Ok(())
    }
}
