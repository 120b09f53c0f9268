//! Guimerà–Amaral roles: within-module degree z-score and participation coefficient.
//!
//! R. Guimerà and L. A. N. Amaral, *Functional cartography of complex metabolic networks*,
//! Nature 433, 895–900 (2005). On the undirected simple view (a neighbour is anyone the account
//! pays attention to or receives attention from, in any layer, counted once), with the modules of
//! the community partition:
//!
//! - `κ_i` = neighbours of `i` in its own module; `z_i = (κ_i − mean κ) / sd κ` over the members
//!   of that module (population standard deviation; `z = 0` when it is 0);
//! - `P_i = 1 − Σ_s (k_is / k_i)²`, `k_is` = neighbours of `i` in module `s`; 0 without neighbours.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::community::Partition;
use crate::graph::{Adjacency, NodeId};

/// The published role boundaries (Guimerà & Amaral 2005, Fig. 2 and text). Configurable, but
/// these are the paper's constants, not tuned values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GaThresholds {
    /// Hubs have a within-module z-score at least this (paper: 2.5).
    pub hub_z: f64,
    /// Non-hubs: ultra-peripheral (R1) up to this participation (paper: 0.05).
    pub ultra_peripheral: f64,
    /// Non-hubs: peripheral (R2) up to this participation (paper: 0.62).
    pub peripheral: f64,
    /// Non-hubs: connector (R3) up to this participation, kinless (R4) above (paper: 0.80).
    pub connector: f64,
    /// Hubs: provincial (R5) up to this participation (paper: 0.30).
    pub provincial_hub: f64,
    /// Hubs: connector hub (R6) up to this participation, kinless hub (R7) above (paper: 0.75).
    pub connector_hub: f64,
}

impl GaThresholds {
    /// Guimerà & Amaral's hub boundary.
    pub const DEFAULT_HUB_Z: f64 = 2.5;
    /// R1/R2 boundary.
    pub const DEFAULT_ULTRA_PERIPHERAL: f64 = 0.05;
    /// R2/R3 boundary.
    pub const DEFAULT_PERIPHERAL: f64 = 0.62;
    /// R3/R4 boundary.
    pub const DEFAULT_CONNECTOR: f64 = 0.80;
    /// R5/R6 boundary.
    pub const DEFAULT_PROVINCIAL_HUB: f64 = 0.30;
    /// R6/R7 boundary.
    pub const DEFAULT_CONNECTOR_HUB: f64 = 0.75;

    /// The role of a node with within-module z-score `z` and participation `p`.
    pub fn classify(&self, z: f64, p: f64) -> GaRole {
        if z >= self.hub_z {
            if p <= self.provincial_hub {
                GaRole::ProvincialHub
            } else if p <= self.connector_hub {
                GaRole::ConnectorHub
            } else {
                GaRole::KinlessHub
            }
        } else if p <= self.ultra_peripheral {
            GaRole::UltraPeripheral
        } else if p <= self.peripheral {
            GaRole::Peripheral
        } else if p <= self.connector {
            GaRole::Connector
        } else {
            GaRole::Kinless
        }
    }
}

impl Default for GaThresholds {
    fn default() -> Self {
        GaThresholds {
            hub_z: Self::DEFAULT_HUB_Z,
            ultra_peripheral: Self::DEFAULT_ULTRA_PERIPHERAL,
            peripheral: Self::DEFAULT_PERIPHERAL,
            connector: Self::DEFAULT_CONNECTOR,
            provincial_hub: Self::DEFAULT_PROVINCIAL_HUB,
            connector_hub: Self::DEFAULT_CONNECTOR_HUB,
        }
    }
}

/// Guimerà–Amaral's seven roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GaRole {
    /// R1: nearly all links inside its module.
    UltraPeripheral,
    /// R2: most links inside its module.
    Peripheral,
    /// R3: a non-hub with many links to other modules.
    Connector,
    /// R4: a non-hub with links spread homogeneously over the modules.
    Kinless,
    /// R5: a hub with most links inside its module.
    ProvincialHub,
    /// R6: a hub with many links to other modules.
    ConnectorHub,
    /// R7: a hub with links spread homogeneously over the modules.
    KinlessHub,
}

impl GaRole {
    /// `R1` … `R7`.
    pub fn code(self) -> &'static str {
        match self {
            GaRole::UltraPeripheral => "R1",
            GaRole::Peripheral => "R2",
            GaRole::Connector => "R3",
            GaRole::Kinless => "R4",
            GaRole::ProvincialHub => "R5",
            GaRole::ConnectorHub => "R6",
            GaRole::KinlessHub => "R7",
        }
    }

    /// The paper's name, e.g. `connector hub`.
    pub fn name(self) -> &'static str {
        match self {
            GaRole::UltraPeripheral => "ultra-peripheral",
            GaRole::Peripheral => "peripheral",
            GaRole::Connector => "connector",
            GaRole::Kinless => "kinless",
            GaRole::ProvincialHub => "provincial hub",
            GaRole::ConnectorHub => "connector hub",
            GaRole::KinlessHub => "kinless hub",
        }
    }

    /// Connectors and kinless nodes, hubs or not (R3, R4, R6, R7): the bridging roles.
    pub fn bridges(self) -> bool {
        matches!(
            self,
            GaRole::Connector | GaRole::Kinless | GaRole::ConnectorHub | GaRole::KinlessHub
        )
    }
}

/// Per-node Guimerà–Amaral figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Participation {
    /// Distinct neighbours in the undirected simple view.
    pub degree: Vec<u32>,
    /// Neighbours inside the node's own community (`κ_i`).
    pub within_degree: Vec<u32>,
    /// Within-module degree z-score.
    pub within_z: Vec<f64>,
    /// Participation coefficient `P`.
    pub participation: Vec<f64>,
    /// Distinct communities among the neighbours.
    pub communities: Vec<u32>,
    /// Role R1–R7.
    pub role: Vec<GaRole>,
}

/// Computes Guimerà–Amaral's z, P and roles.
///
/// # Arguments
/// * `adj` - the undirected simple view ([`crate::graph::undirected_simple`]).
/// * `partition` - the modules.
/// * `t` - role boundaries.
///
/// # Complexity
/// O(m log d_max): each neighbourhood's communities are sorted once. Parallel over nodes; the
/// module means and deviations are summed sequentially in node order (deterministic).
pub fn participation(adj: &Adjacency, partition: &Partition, t: &GaThresholds) -> Participation {
    let n = adj.offsets.len() - 1;
    let member = partition.membership();
    let rows: Vec<Position> = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(1024)
        .map_init(Vec::new, |groups: &mut Vec<u32>, u| {
            position(adj.neighbors(u), member, member[u as usize], groups)
        })
        .collect();
    from_positions(&rows, partition, t)
}

/// One node's neighbourhood figures: what [`participation`] computes per node before the
/// module-wide z-scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// Neighbours in the undirected simple view.
    pub degree: u32,
    /// Neighbours in its own community.
    pub within: u32,
    /// Participation coefficient `P`.
    pub participation: f64,
    /// Distinct communities among the neighbours.
    pub communities: u32,
}

/// [`Position`] of a node with neighbours `nbrs` (distinct) in community `own`; `groups` is
/// scratch. Cluster mode calls it on each worker's own nodes.
pub fn position(nbrs: &[NodeId], member: &[u32], own: u32, groups: &mut Vec<u32>) -> Position {
    groups.clear();
    groups.extend(nbrs.iter().map(|&v| member[v as usize]));
    groups.sort_unstable();
    let k = nbrs.len() as f64;
    let (mut within, mut sum_sq, mut distinct) = (0u32, 0.0, 0u32);
    for run in groups.chunk_by(|a, b| a == b) {
        let c = run.len();
        if run[0] == own {
            within = c as u32;
        }
        sum_sq += (c as f64 / k) * (c as f64 / k);
        distinct += 1;
    }
    let p = if nbrs.is_empty() { 0.0 } else { 1.0 - sum_sq };
    Position {
        degree: nbrs.len() as u32,
        within,
        participation: p.max(0.0),
        communities: distinct,
    }
}

/// [`Participation`] from every node's [`Position`] (indexed by node id): the module means and
/// deviations of the within-community degree are summed sequentially in node order, so the
/// result does not depend on where the positions were computed.
pub fn from_positions(rows: &[Position], partition: &Partition, t: &GaThresholds) -> Participation {
    let n = rows.len();
    let member = partition.membership();
    let degree: Vec<u32> = rows.iter().map(|r| r.degree).collect();
    let within_degree: Vec<u32> = rows.iter().map(|r| r.within).collect();
    let participation: Vec<f64> = rows.iter().map(|r| r.participation).collect();
    let communities: Vec<u32> = rows.iter().map(|r| r.communities).collect();
    let k = partition.count();
    let (mut sum, mut count) = (vec![0.0f64; k], vec![0u64; k]);
    for u in 0..n {
        sum[member[u] as usize] += f64::from(within_degree[u]);
        count[member[u] as usize] += 1;
    }
    let mean: Vec<f64> = sum
        .iter()
        .zip(&count)
        .map(|(s, &c)| if c > 0 { s / c as f64 } else { 0.0 })
        .collect();
    let mut sq = vec![0.0f64; k];
    for u in 0..n {
        let c = member[u] as usize;
        let d = f64::from(within_degree[u]) - mean[c];
        sq[c] += d * d;
    }
    let sd: Vec<f64> = sq
        .iter()
        .zip(&count)
        .map(|(s, &c)| if c > 0 { (s / c as f64).sqrt() } else { 0.0 })
        .collect();
    let within_z: Vec<f64> = (0..n)
        .map(|u| {
            let c = member[u] as usize;
            if sd[c] > 0.0 {
                (f64::from(within_degree[u]) - mean[c]) / sd[c]
            } else {
                0.0
            }
        })
        .collect();
    let role = (0..n)
        .map(|u| t.classify(within_z[u], participation[u]))
        .collect();
    Participation {
        degree,
        within_degree,
        within_z,
        participation,
        communities,
        role,
    }
}
