//! Unit tests of the role figures on hand-built graphs.

use super::*;
use crate::community::Partition;
use crate::graph::{build, BuildConfig, EdgeTable, Interner};

/// Builds a graph from named edges (with optional kinds) and returns it with a name → id lookup.
fn graph(edges: &[(&str, &str, &str)], directed: bool) -> (Graph, NodeLabels) {
    let mut ids = Interner::new();
    let mut t = EdgeTable::default();
    let mut kinds: Vec<String> = Vec::new();
    for &(a, b, k) in edges {
        t.src.push(ids.intern(a).unwrap());
        t.dst.push(ids.intern(b).unwrap());
        let l = kinds.iter().position(|x| x == k).unwrap_or_else(|| {
            kinds.push(k.to_string());
            kinds.len() - 1
        });
        t.layer.push(l as u8);
    }
    t.layer_names = kinds;
    let (g, labels, _) = build(&t, ids.into_names(), &BuildConfig { directed });
    (g, labels)
}

fn groups(labels: &NodeLabels, of: &[(&str, u32)]) -> Vec<u32> {
    let mut m = vec![0; labels.len()];
    for &(name, c) in of {
        m[labels.find(name).unwrap() as usize] = c;
    }
    m
}

/// A hand-counted example. Groups A = {a1, a2, b}, B = {x, z}, C = {y}; r → b → s is content
/// flowing s ⇒ b ⇒ r. Broker b: in {a1, x}, out {a1, a2, y}. Pairs (receiver, source):
/// (a1, a1) is no path; (a1, a2) coordinator; (a1, y) gatekeeper; (x, a1) and (x, a2)
/// representative; (x, y) closed by x → y. Broker z: (a1, a2) with z in B: itinerant. Broker
/// a1: in {b}, out {b, z}: (b, z) gatekeeper.
#[test]
fn gould_fernandez_hand_counted() {
    let (g, labels) = graph(
        &[
            ("a1", "b", "x"),
            ("b", "a2", "x"),
            ("x", "b", "x"),
            ("b", "y", "x"),
            ("b", "a1", "x"),
            ("x", "y", "x"),
            ("a1", "z", "x"),
            ("z", "a2", "x"),
        ],
        true,
    );
    let m = groups(
        &labels,
        &[("a1", 0), ("a2", 0), ("b", 0), ("x", 1), ("z", 1), ("y", 2)],
    );
    let gf = gould_fernandez(&g, &m);
    let at = |name: &str| {
        let u = labels.find(name).unwrap() as usize;
        [
            gf.coordinator[u],
            gf.itinerant[u],
            gf.representative[u],
            gf.gatekeeper[u],
            gf.liaison[u],
        ]
    };
    assert_eq!(at("b"), [1, 0, 2, 1, 0]);
    assert_eq!(at("z"), [0, 1, 0, 0, 0]);
    assert_eq!(at("a1"), [0, 0, 0, 1, 0]);
    for quiet in ["a2", "x", "y"] {
        assert_eq!(at(quiet), [0; 5], "{quiet}");
    }
}

/// A liaison: three groups, nothing closed.
#[test]
fn gould_fernandez_liaison_and_undirected_star() {
    let (g, labels) = graph(&[("r", "b", "k"), ("b", "s", "k")], true);
    let m = groups(&labels, &[("r", 0), ("b", 1), ("s", 2)]);
    let gf = gould_fernandez(&g, &m);
    let b = labels.find("b").unwrap() as usize;
    assert_eq!(gf.liaison[b], 1);
    assert_eq!(gf.cross_group(b), 1);

    // Undirected: the centre c (group 0) between p (group 0) and q (group 1) brokers both
    // directions: q ⇒ c ⇒ p (gatekeeper) and p ⇒ c ⇒ q (representative).
    let (g, labels) = graph(&[("c", "p", "k"), ("c", "q", "k")], false);
    let m = groups(&labels, &[("c", 0), ("p", 0), ("q", 1)]);
    let gf = gould_fernandez(&g, &m);
    let c = labels.find("c").unwrap() as usize;
    assert_eq!(
        [
            gf.coordinator[c],
            gf.itinerant[c],
            gf.representative[c],
            gf.gatekeeper[c],
            gf.liaison[c]
        ],
        [0, 0, 1, 1, 0]
    );
}

/// The group-total shortcut equals a brute-force count over all triples on random graphs with
/// several layers (repeated neighbours) and reciprocal edges; every other graph has a hub that
/// attends everyone, so that closed paths are also found by binary search in long lists.
#[test]
fn gould_fernandez_matches_brute_force() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |k: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % k
    };
    for round in 0..20 {
        let n = if round % 2 == 0 { 12 } else { 40 };
        let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        let mut edges = Vec::new();
        if round % 2 == 1 {
            for b in 1..n as usize {
                edges.push((names[0].as_str(), names[b].as_str(), "follow"));
            }
        }
        for _ in 0..40 {
            let (a, b) = (next(n) as usize, next(n) as usize);
            let kind = if next(2) == 0 { "follow" } else { "repost" };
            edges.push((names[a].as_str(), names[b].as_str(), kind));
        }
        let (g, _) = graph(&edges, true);
        let m: Vec<u32> = (0..g.node_count()).map(|_| next(3) as u32).collect();
        let gf = gould_fernandez(&g, &m);
        let nn = g.node_count();
        let adj = |a: usize, b: usize| g.out_neighbors(a as u32).contains(&(b as u32));
        for b in 0..nn {
            let mut c = [0u64; 5];
            for r in 0..nn {
                for s in 0..nn {
                    if r == s || r == b || s == b || !adj(r, b) || !adj(b, s) || adj(r, s) {
                        continue;
                    }
                    let (gs, gb, gr) = (m[s], m[b], m[r]);
                    let k = if gs == gb && gr == gb {
                        0
                    } else if gs == gr {
                        1
                    } else if gs == gb {
                        2
                    } else if gr == gb {
                        3
                    } else {
                        4
                    };
                    c[k] += 1;
                }
            }
            let got = [
                gf.coordinator[b],
                gf.itinerant[b],
                gf.representative[b],
                gf.gatekeeper[b],
                gf.liaison[b],
            ];
            assert_eq!(got, c, "broker {b}");
        }
    }
}

/// Two triangles joined by c–x: the bridge ends have P = 1 − (2/3)² − (1/3)² = 4/9; inside a
/// triangle everyone has 2 neighbours in their module, so z = 0.
#[test]
fn participation_of_two_triangles() {
    let (g, labels) = graph(
        &[
            ("a", "b", "k"),
            ("b", "c", "k"),
            ("c", "a", "k"),
            ("x", "y", "k"),
            ("y", "z", "k"),
            ("z", "x", "k"),
            ("c", "x", "k"),
        ],
        false,
    );
    let m = groups(&labels, &[("x", 1), ("y", 1), ("z", 1)]);
    let p = participation(
        &undirected_simple(&g),
        &Partition::from_labels(&m),
        &GaThresholds::default(),
    );
    let c = labels.find("c").unwrap() as usize;
    let a = labels.find("a").unwrap() as usize;
    assert!((p.participation[c] - 4.0 / 9.0).abs() < 1e-12);
    assert_eq!(p.participation[a], 0.0);
    assert_eq!(p.within_z[c], 0.0);
    assert_eq!(p.communities[c], 2);
    assert_eq!(p.role[a], GaRole::UltraPeripheral);
    assert_eq!(p.role[c], GaRole::Peripheral);
}

#[test]
fn guimera_amaral_boundaries() {
    let t = GaThresholds::default();
    assert_eq!(t.classify(0.0, 0.05), GaRole::UltraPeripheral);
    assert_eq!(t.classify(0.0, 0.62), GaRole::Peripheral);
    assert_eq!(t.classify(0.0, 0.63), GaRole::Connector);
    assert_eq!(t.classify(0.0, 0.81), GaRole::Kinless);
    assert_eq!(t.classify(2.5, 0.30), GaRole::ProvincialHub);
    assert_eq!(t.classify(2.5, 0.75), GaRole::ConnectorHub);
    assert_eq!(t.classify(3.0, 0.76), GaRole::KinlessHub);
}

/// p follows s; f1 and f2 repost s, f1 follows s, f2 does not; s reposts f1 back; g reposts f2.
#[test]
fn engagement_figures() {
    let (g, labels) = graph(
        &[
            ("p", "s", "follow"),
            ("f1", "s", "follow"),
            ("f1", "s", "repost"),
            ("f2", "s", "repost"),
            ("f2", "s", "reply"),
            ("s", "f1", "repost"),
            ("h", "f2", "repost"),
            ("h", "f1", "like"),
        ],
        true,
    );
    let part = Partition::from_labels(&vec![0; g.node_count()]);
    let cfg = RolesConfig::default();
    let sets = LayerSets::resolve(
        g.layers(),
        &cfg.audience_kinds,
        &cfg.engagement_kinds,
        &cfg.spread_kinds,
    );
    assert!(sets.has_audience);
    let e = engagement(&g, &part, &sets, &PageRankConfig::default());
    let s = labels.find("s").unwrap() as usize;
    assert_eq!(e.audience[s], 2);
    assert_eq!(e.received[s], 3.0);
    assert_eq!(e.engagers[s], 2);
    assert_eq!(e.nonfollower_share[s], Some(2.0 / 3.0));
    assert_eq!(e.spreaders[s], 2);
    // f1 is spread by s only (s itself excluded), f2 by h: second hop 0 + 1.
    assert_eq!(e.second_hop[s], 1);
    assert_eq!(e.spread_made[s], 1.0);
    let h = labels.find("h").unwrap() as usize;
    assert_eq!(e.spread_made[h], 1.0);
    assert_eq!(e.received[h], 0.0);
    assert_eq!(e.nonfollower_share[h], None);
    assert!((e.pagerank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
}

#[test]
fn config_validation_names_the_field() {
    let mut cfg = RolesConfig::default();
    assert!(cfg.validate().is_ok());
    cfg.relay_quantile = 1.5;
    let err = cfg.validate().unwrap_err().to_string();
    assert!(err.contains("roles.relay_quantile"), "{err}");
    let mut cfg = RolesConfig::default();
    cfg.precedence.pop();
    assert!(cfg.validate().is_err());
}

/// Without brokerage figures (cluster mode) [`decide`] applies every rule but the relay rule to
/// the same figures: the flags are the full run's without `relay`, the primary role is the first
/// of them, and `why` is unchanged wherever the primary role is.
#[test]
fn deciding_without_brokerage_drops_only_the_relay_rule() {
    // Three directed triangles A, B, C; k (in A) sits between them.
    let mut edges = Vec::new();
    for c in ["a", "b", "c"] {
        for (x, y) in [(1, 2), (2, 3), (3, 1)] {
            edges.push((format!("{c}{x}"), format!("{c}{y}")));
        }
    }
    for (x, y) in [
        ("b1", "k"),
        ("k", "c1"),
        ("c2", "k"),
        ("k", "b2"),
        ("a1", "k"),
        ("k", "a2"),
    ] {
        edges.push((x.to_string(), y.to_string()));
    }
    let named: Vec<(&str, &str, &str)> = edges
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str(), "repost"))
        .collect();
    let (g, labels) = graph(&named, true);
    let of: Vec<(String, u32)> = labels
        .iter()
        .map(|name| {
            let c = match name.as_bytes()[0] {
                b'b' => 1,
                b'c' => 2,
                _ => 0,
            };
            (name.to_string(), c)
        })
        .collect();
    let of: Vec<(&str, u32)> = of.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    let part = Partition::from_labels(&groups(&labels, &of));
    // Every bridge with a positive relay score is a relay, and the relay rule comes first.
    let mut precedence = vec![Role::Relay];
    precedence.extend(Role::RULED.iter().filter(|&&r| r != Role::Relay));
    let cfg = RolesConfig {
        relay_quantile: 0.0,
        precedence,
        ..RolesConfig::default()
    };
    let pr = crate::metrics::pagerank(&g, &PageRankConfig::default()).scores;
    let constraint = vec![0.5; g.node_count()];
    let inputs = RoleInputs {
        pagerank: &pr,
        constraint: &constraint,
    };
    let full = assign_with(&g, &inputs, &part, None, &PageRankConfig::default(), &cfg);
    let k = labels.find("k").unwrap() as usize;
    assert_eq!(full.role[k], Role::Relay, "{}", full.why[k]);
    let sets = LayerSets::resolve(
        g.layers(),
        &cfg.audience_kinds,
        &cfg.engagement_kinds,
        &cfg.spread_kinds,
    );
    let figures = Figures {
        participation: full.participation.clone(),
        brokerage: None,
        engagement: full.engagement.clone(),
    };
    let without = decide(figures, &sets, g.layers(), &inputs, &part, None, &cfg);
    for u in 0..g.node_count() {
        let mut flags = full.flags[u];
        flags.0 &= !Role::Relay.bit();
        assert_eq!(without.flags[u], flags, "node {u}");
        let first = cfg
            .precedence
            .iter()
            .copied()
            .find(|&r| flags.has(r))
            .unwrap_or(Role::Ordinary);
        assert_eq!(without.role[u], first, "node {u}");
        if full.role[u] != Role::Relay {
            assert_eq!(without.why[u], full.why[u]);
        }
        assert!(without.relay_score[u].is_nan());
    }
    assert_ne!(without.role[k], Role::Relay);
    assert!(without.thresholds.relay_score.is_nan());
    assert!(without.brokerage.is_none());
    assert_eq!(without.summary(&cfg).flagged["relay"], 0);
}
