//! The network map: laid-out nodes coloured by community, sized by PageRank, the top accounts
//! labelled, edges underneath.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{community_color, short_label, Chart, DrawError};

/// One node of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapNode {
    /// Layout position.
    pub position: [f64; 2],
    /// Community (colour).
    pub community: u32,
    /// Radius in pixels.
    pub radius: f64,
    /// Label, for the accounts to name.
    pub label: Option<String>,
}

/// A node-link drawing of a laid-out graph.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkMap {
    /// Title.
    pub title: String,
    /// Nodes, drawn in order (draw the important ones last so they stay on top).
    pub nodes: Vec<MapNode>,
    /// Edges as pairs of indices into `nodes`.
    pub edges: Vec<(u32, u32)>,
    /// A line under the title (what was drawn).
    pub note: String,
}

impl Chart for NetworkMap {
    fn size(&self) -> (u32, u32) {
        (1000, 1000)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), DrawError<DB>> {
        let (w, h) = area.dim_in_pixel();
        let title =
            TextStyle::from(("sans-serif", 20).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        area.draw(&Text::new(self.title.as_str(), (w as i32 / 2, 8), &title))?;
        let note = TextStyle::from(("sans-serif", 12).into_font())
            .color(&RGBColor(90, 90, 90))
            .pos(Pos::new(HPos::Center, VPos::Top));
        area.draw(&Text::new(self.note.as_str(), (w as i32 / 2, 34), &note))?;
        if self.nodes.is_empty() {
            return Ok(());
        }
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for n in &self.nodes {
            for d in 0..2 {
                if n.position[d].is_finite() {
                    lo[d] = lo[d].min(n.position[d]);
                    hi[d] = hi[d].max(n.position[d]);
                }
            }
        }
        let span = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-9);
        let (top, margin) = (60.0, 30.0);
        let side = (f64::from(w) - 2.0 * margin).min(f64::from(h) - top - margin);
        let ox = (f64::from(w) - side) / 2.0 - (side * (1.0 - (hi[0] - lo[0]) / span)) / 2.0;
        let oy = top + (side * (1.0 - (hi[1] - lo[1]) / span)) / 2.0;
        let at = |p: [f64; 2]| -> (i32, i32) {
            let x = if p[0].is_finite() { p[0] } else { lo[0] };
            let y = if p[1].is_finite() { p[1] } else { lo[1] };
            (
                (ox + (x - lo[0]) / span * side).round() as i32,
                // Screen y grows downwards; flip so the layout's y axis points up.
                (oy + (hi[1] - y) / span * side).round() as i32,
            )
        };
        let edge_style = RGBColor(150, 150, 150).mix(0.25).stroke_width(1);
        for &(a, b) in &self.edges {
            let (Some(na), Some(nb)) = (self.nodes.get(a as usize), self.nodes.get(b as usize))
            else {
                continue;
            };
            area.draw(&PathElement::new(
                vec![at(na.position), at(nb.position)],
                edge_style,
            ))?;
        }
        for n in &self.nodes {
            let r = n.radius.clamp(1.0, 40.0).round() as i32;
            let c = community_color(n.community);
            area.draw(&Circle::new(at(n.position), r, c.mix(0.85).filled()))?;
        }
        let label = TextStyle::from(("sans-serif", 12).into_font())
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        for n in &self.nodes {
            if let Some(text) = &n.label {
                let (x, y) = at(n.position);
                let r = n.radius.clamp(1.0, 40.0).round() as i32;
                area.draw(&Text::new(short_label(text, 24), (x, y - r - 2), &label))?;
            }
        }
        Ok(())
    }
}
