//! Horizontal bar chart: top-N accounts by a metric, community sizes.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{short_label, tick_in, Chart, DrawError, PALETTE};
use crate::i18n::Lang;

/// Horizontal bars, the first bar at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// Title.
    pub title: String,
    /// Label of the value axis.
    pub value_label: String,
    /// (label, value) in display order (first at the top).
    pub bars: Vec<(String, f64)>,
    /// Optional colour index per bar (into the palette).
    pub colors: Option<Vec<u32>>,
    /// Language of the tick labels (French: `1 000`, `0,5`).
    pub lang: Lang,
}

impl Chart for Bars {
    fn size(&self) -> (u32, u32) {
        (900, (120 + 24 * self.bars.len() as u32).max(300))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), DrawError<DB>> {
        let n = self.bars.len().max(1);
        let max = self
            .bars
            .iter()
            .map(|b| b.1)
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let max = if max > 0.0 { max * 1.08 } else { 1.0 };
        let labels: Vec<String> = self.bars.iter().map(|b| short_label(&b.0, 28)).collect();
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(230)
            .build_cartesian_2d(0f64..max, 0f64..n as f64)?;
        let label_of = |y: &f64| {
            // Bar i occupies [n-1-i, n-i); label it at its centre.
            let pos = y - 0.5;
            if (pos - pos.round()).abs() > 1e-6 || pos < 0.0 {
                return String::new();
            }
            let i = n as i64 - 1 - pos.round() as i64;
            labels.get(i as usize).cloned().unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .y_labels(0)
            .x_desc(&self.value_label)
            .x_label_formatter(&|v| tick_in(*v, self.lang))
            .label_style(("sans-serif", 13))
            .draw()?;
        // Labels at bar centres, drawn as text left of the plot (y_labels cannot target centres).
        let style = TextStyle::from(("sans-serif", 13).into_font()).pos(
            plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Right,
                plotters::style::text_anchor::VPos::Center,
            ),
        );
        for (i, (_, v)) in self.bars.iter().enumerate() {
            let y0 = (n - 1 - i) as f64;
            let color = self
                .colors
                .as_ref()
                .and_then(|c| c.get(i))
                .map_or(PALETTE[0], |&c| super::community_color(c));
            let v = if v.is_finite() { *v } else { 0.0 };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y0 + 0.15), (v, y0 + 0.85)],
                color.filled(),
            )))?;
            let (px, py) = chart.backend_coord(&(0.0, y0 + 0.5));
            area.draw(&Text::new(label_of(&(y0 + 0.5)), (px - 6, py), &style))?;
            let (vx, vy) = chart.backend_coord(&(v, y0 + 0.5));
            area.draw(&Text::new(
                tick_in(v, self.lang),
                (vx + 4, vy),
                TextStyle::from(("sans-serif", 11).into_font()).pos(
                    plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Left,
                        plotters::style::text_anchor::VPos::Center,
                    ),
                ),
            ))?;
        }
        Ok(())
    }
}
