//! The Barnes–Hut quadtree: built sequentially by recursive partition of the bodies (so its shape
//! depends only on the positions), then read concurrently, one traversal per body.

/// Bodies per leaf at most (unless the cell is too small to split).
const LEAF_SIZE: usize = 8;
/// Depth at which a cell is never split again (coincident points).
const MAX_DEPTH: u32 = 48;

/// One cell of the tree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell {
    /// Centre of mass.
    pub com: [f64; 2],
    /// Total mass of the bodies below.
    pub mass: f64,
    /// Side length of the cell's square.
    pub size: f64,
    /// Range of the bodies below in [`QuadTree::order`].
    pub start: u32,
    /// End of that range.
    pub end: u32,
    /// Index of the first child cell, or `u32::MAX` for a leaf. Children are contiguous (up to 4).
    pub first_child: u32,
    /// Number of children.
    pub children: u8,
}

/// A quadtree over weighted points.
#[derive(Debug, Clone, Default)]
pub(crate) struct QuadTree {
    /// Cells; `cells[0]` is the root.
    pub cells: Vec<Cell>,
    /// Body ids, grouped so that every cell's bodies are contiguous.
    pub order: Vec<u32>,
}

impl QuadTree {
    /// Builds the tree over `pos` with masses `mass`.
    pub fn build(pos: &[[f64; 2]], mass: &[f64]) -> QuadTree {
        let n = pos.len();
        let mut t = QuadTree {
            cells: Vec::with_capacity(n / 2 + 1),
            order: (0..n as u32).collect(),
        };
        if n == 0 {
            return t;
        }
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in pos {
            for d in 0..2 {
                lo[d] = lo[d].min(p[d]);
                hi[d] = hi[d].max(p[d]);
            }
        }
        let size = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-9);
        t.cells.push(Cell {
            com: [0.0; 2],
            mass: 0.0,
            size,
            start: 0,
            end: n as u32,
            first_child: u32::MAX,
            children: 0,
        });
        let mut scratch = Vec::with_capacity(n);
        t.split(0, lo, pos, mass, 0, &mut scratch);
        t
    }

    /// Fills cell `c` (bodies `order[start..end]`, square at `origin` with the cell's size):
    /// computes its mass and centre and splits it when it holds too many bodies.
    fn split(
        &mut self,
        c: usize,
        origin: [f64; 2],
        pos: &[[f64; 2]],
        mass: &[f64],
        depth: u32,
        scratch: &mut Vec<u32>,
    ) {
        let Cell {
            start, end, size, ..
        } = self.cells[c];
        let (start, end) = (start as usize, end as usize);
        let (mut m, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for &b in &self.order[start..end] {
            let b = b as usize;
            m += mass[b];
            cx += mass[b] * pos[b][0];
            cy += mass[b] * pos[b][1];
        }
        self.cells[c].mass = m;
        self.cells[c].com = if m > 0.0 {
            [cx / m, cy / m]
        } else {
            [origin[0] + size / 2.0, origin[1] + size / 2.0]
        };
        if end - start <= LEAF_SIZE || depth >= MAX_DEPTH {
            return;
        }
        // Stable partition into the four quadrants (order: SW, SE, NW, NE).
        let half = size / 2.0;
        let mid = [origin[0] + half, origin[1] + half];
        let quadrant = |b: u32| {
            let p = pos[b as usize];
            usize::from(p[0] >= mid[0]) + 2 * usize::from(p[1] >= mid[1])
        };
        let mut counts = [0usize; 4];
        for &b in &self.order[start..end] {
            counts[quadrant(b)] += 1;
        }
        scratch.clear();
        for q in 0..4 {
            scratch.extend(
                self.order[start..end]
                    .iter()
                    .copied()
                    .filter(|&b| quadrant(b) == q),
            );
        }
        self.order[start..end].copy_from_slice(scratch);
        let first = self.cells.len();
        let mut at = start;
        let mut kids = Vec::with_capacity(4);
        for (q, &count) in counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let o = [
                origin[0] + if q & 1 == 1 { half } else { 0.0 },
                origin[1] + if q & 2 == 2 { half } else { 0.0 },
            ];
            self.cells.push(Cell {
                com: [0.0; 2],
                mass: 0.0,
                size: half,
                start: at as u32,
                end: (at + count) as u32,
                first_child: u32::MAX,
                children: 0,
            });
            kids.push(o);
            at += count;
        }
        self.cells[c].first_child = first as u32;
        self.cells[c].children = kids.len() as u8;
        for (i, o) in kids.into_iter().enumerate() {
            self.split(first + i, o, pos, mass, depth + 1, scratch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_body_once_and_masses_add_up() {
        let pos: Vec<[f64; 2]> = (0..200)
            .map(|i| [(i * 37 % 101) as f64, (i * 53 % 97) as f64])
            .collect();
        let mass: Vec<f64> = (0..200).map(|i| 1.0 + (i % 3) as f64).collect();
        let t = QuadTree::build(&pos, &mass);
        let mut seen = t.order.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..200).collect::<Vec<u32>>());
        let total: f64 = mass.iter().sum();
        assert!((t.cells[0].mass - total).abs() < 1e-9);
        for c in &t.cells {
            if c.children > 0 {
                let kids = &t.cells[c.first_child as usize..][..c.children as usize];
                let m: f64 = kids.iter().map(|k| k.mass).sum();
                assert!((m - c.mass).abs() < 1e-9);
                assert_eq!(kids[0].start, c.start);
                assert_eq!(kids[kids.len() - 1].end, c.end);
            }
        }
    }

    #[test]
    fn coincident_points_stop_splitting() {
        let pos = vec![[1.0, 1.0]; 100];
        let t = QuadTree::build(&pos, &[1.0; 100]);
        assert!((t.cells[0].mass - 100.0).abs() < 1e-12);
    }
}
