//! Scatter and line charts: degree CCDF, reach–engagement quadrant, rank trajectories.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{short_label, tick_in, Chart, DrawError, PALETTE};
use crate::i18n::Lang;

/// Complementary cumulative distribution P(X ≥ k) of in- and out-degrees, log-log.
#[derive(Debug, Clone, PartialEq)]
pub struct DegreeCcdf {
    /// Named series of degrees (e.g. "in-degree (audience)", values).
    pub series: Vec<(String, Vec<u32>)>,
    /// Caption ("Degree distributions (CCDF, log-log)").
    pub title: String,
    /// Axis descriptions (x: "degree k", y: "P(degree ≥ k)").
    pub axes: (String, String),
    /// Language of the tick labels (French: `1 000`, `0,5`).
    pub lang: Lang,
}

/// The CCDF points `(k, P(X ≥ k))` of the positive values of `values` (zeros cannot be drawn on a
/// log axis; they still count in the denominator).
pub fn ccdf(values: &[u32]) -> Vec<(f64, f64)> {
    let n = values.len() as f64;
    let mut v: Vec<u32> = values.iter().copied().filter(|&x| x > 0).collect();
    v.sort_unstable();
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let k = v[i];
        // Values ≥ k: everything from the first occurrence of k on.
        out.push((f64::from(k), (v.len() - i) as f64 / n));
        while i < v.len() && v[i] == k {
            i += 1;
        }
    }
    out
}

impl Chart for DegreeCcdf {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), DrawError<DB>> {
        let curves: Vec<Vec<(f64, f64)>> = self.series.iter().map(|s| ccdf(&s.1)).collect();
        let max_k = curves.iter().flatten().map(|p| p.0).fold(1.0f64, f64::max);
        let min_p = curves.iter().flatten().map(|p| p.1).fold(1.0f64, f64::min);
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(
                (1f64..max_k * 1.5).log_scale(),
                (min_p * 0.8..1.05f64).log_scale(),
            )?;
        chart
            .configure_mesh()
            .x_desc(self.axes.0.as_str())
            .y_desc(self.axes.1.as_str())
            .x_label_formatter(&|v| tick_in(*v, self.lang))
            .y_label_formatter(&|v| tick_in(*v, self.lang))
            .label_style(("sans-serif", 13))
            .draw()?;
        for (i, (curve, (name, _))) in curves.iter().zip(&self.series).enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            chart
                .draw_series(LineSeries::new(
                    curve.iter().copied(),
                    color.stroke_width(2),
                ))?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                });
            chart.draw_series(
                curve
                    .iter()
                    .map(|&p| Circle::new(p, 2, color.mix(0.6).filled())),
            )?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 14))
            .draw()?;
        Ok(())
    }
}

/// A quadrant scatter on log axes (values drawn at `1 + v`), split at `split`, with labelled
/// points.
#[derive(Debug, Clone, PartialEq)]
pub struct Quadrant {
    /// Title.
    pub title: String,
    /// Axis labels.
    pub x_label: String,
    /// Axis label.
    pub y_label: String,
    /// Points `(x, y)`, both ≥ 0.
    pub points: Vec<(f64, f64)>,
    /// `(index into points, label)` of the points to name.
    pub labels: Vec<(usize, String)>,
    /// Where the quadrant lines are (typically the medians).
    pub split: (f64, f64),
    /// Names of the quadrants: top left, top right, bottom left, bottom right.
    pub corners: [String; 4],
    /// Language of the tick labels (French: `1 000`, `0,5`).
    pub lang: Lang,
}

impl Chart for Quadrant {
    fn size(&self) -> (u32, u32) {
        (900, 700)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), DrawError<DB>> {
        let fin = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
        let max_x = self.points.iter().map(|p| fin(p.0)).fold(1.0, f64::max);
        let max_y = self.points.iter().map(|p| fin(p.1)).fold(1.0, f64::max);
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(
                (1f64..(1.0 + max_x) * 1.5).log_scale(),
                (1f64..(1.0 + max_y) * 1.5).log_scale(),
            )?;
        chart
            .configure_mesh()
            .x_desc(format!("{} (+1, log)", self.x_label))
            .y_desc(format!("{} (+1, log)", self.y_label))
            .x_label_formatter(&|v| tick_in(*v, self.lang))
            .y_label_formatter(&|v| tick_in(*v, self.lang))
            .label_style(("sans-serif", 13))
            .draw()?;
        let (sx, sy) = (1.0 + fin(self.split.0), 1.0 + fin(self.split.1));
        let grey = RGBColor(120, 120, 120);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(sx, 1.0), (sx, (1.0 + max_y) * 1.5)],
            grey.stroke_width(1),
        )))?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(1.0, sy), ((1.0 + max_x) * 1.5, sy)],
            grey.stroke_width(1),
        )))?;
        chart.draw_series(self.points.iter().map(|&(x, y)| {
            Circle::new(
                (1.0 + fin(x), 1.0 + fin(y)),
                2,
                PALETTE[0].mix(0.45).filled(),
            )
        }))?;
        let style =
            TextStyle::from(("sans-serif", 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        for (i, label) in &self.labels {
            let Some(&(x, y)) = self.points.get(*i) else {
                continue;
            };
            let at = (1.0 + fin(x), 1.0 + fin(y));
            chart.draw_series(std::iter::once(Circle::new(at, 4, PALETTE[2].filled())))?;
            let (px, py) = chart.backend_coord(&at);
            area.draw(&Text::new(short_label(label, 24), (px + 6, py), &style))?;
        }
        // Quadrant names in the corners.
        let corner = TextStyle::from(("sans-serif", 13).into_font()).color(&grey);
        let (x0, y0) = chart.backend_coord(&(1.0, (1.0 + max_y) * 1.5));
        let (x1, y1) = chart.backend_coord(&((1.0 + max_x) * 1.5, 1.0));
        area.draw(&Text::new(
            self.corners[0].as_str(),
            (x0 + 8, y0 + 6),
            &corner,
        ))?;
        area.draw(&Text::new(
            self.corners[1].as_str(),
            (x1 - 8, y0 + 6),
            corner.pos(Pos::new(HPos::Right, VPos::Top)),
        ))?;
        area.draw(&Text::new(
            self.corners[2].as_str(),
            (x0 + 8, y1 - 8),
            corner.pos(Pos::new(HPos::Left, VPos::Bottom)),
        ))?;
        area.draw(&Text::new(
            self.corners[3].as_str(),
            (x1 - 8, y1 - 8),
            corner.pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))?;
        Ok(())
    }
}

/// Rank trajectories over time windows: one line per account, rank 1 at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectories {
    /// Title.
    pub title: String,
    /// Window labels, in time order.
    pub windows: Vec<String>,
    /// `(account label, [(window index, rank)])`; a missing window is a gap.
    pub series: Vec<(String, Vec<(usize, u32)>)>,
    /// Axis descriptions (x: "window", y: "rank").
    pub axes: (String, String),
    /// Language of the tick labels (French: `1 000`, `0,5`).
    pub lang: Lang,
}

impl Chart for Trajectories {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), DrawError<DB>> {
        let w = self.windows.len().max(2);
        let max_rank = self
            .series
            .iter()
            .flat_map(|s| s.1.iter().map(|p| p.1))
            .max()
            .unwrap_or(1)
            .max(2);
        let windows = &self.windows;
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .margin_right(170)
            .build_cartesian_2d(
                -0.2f64..(w - 1) as f64 + 0.2,
                (f64::from(max_rank) + 0.5)..0.5f64,
            )?;
        chart
            .configure_mesh()
            .x_labels(w)
            .x_label_formatter(&|v| {
                let i = v.round();
                if (v - i).abs() < 1e-6 && i >= 0.0 {
                    windows
                        .get(i as usize)
                        .map(|s| short_label(s, 16))
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|v| tick_in(*v, self.lang))
            .x_desc(self.axes.0.as_str())
            .y_desc(self.axes.1.as_str())
            .label_style(("sans-serif", 13))
            .draw()?;
        let style =
            TextStyle::from(("sans-serif", 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        // End-of-line labels, moved apart vertically so that none overlaps the one above.
        let mut labels: Vec<(i32, i32, usize)> = Vec::new();
        for (k, (_, points)) in self.series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let mut sorted = points.clone();
            sorted.sort_unstable();
            // Consecutive windows are joined; a gap starts a new line.
            let mut run: Vec<(f64, f64)> = Vec::new();
            let mut last: Option<usize> = None;
            for &(wi, r) in &sorted {
                if last.is_some_and(|l| l + 1 != wi) && !run.is_empty() {
                    chart.draw_series(LineSeries::new(run.drain(..), color.stroke_width(2)))?;
                }
                run.push((wi as f64, f64::from(r)));
                last = Some(wi);
            }
            chart.draw_series(LineSeries::new(run, color.stroke_width(2)))?;
            chart.draw_series(
                sorted
                    .iter()
                    .map(|&(wi, r)| Circle::new((wi as f64, f64::from(r)), 3, color.filled())),
            )?;
            if let Some(&(wi, r)) = sorted.last() {
                let (px, py) = chart.backend_coord(&(wi as f64, f64::from(r)));
                labels.push((py, px, k));
            }
        }
        labels.sort_unstable();
        let mut floor = i32::MIN;
        for (py, px, k) in labels {
            let y = py.max(floor);
            floor = y + 14;
            area.draw(&Text::new(
                short_label(&self.series[k].0, 22),
                (px + 8, y),
                &style,
            ))?;
        }
        Ok(())
    }
}
