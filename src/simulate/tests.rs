//! Unit tests of the model's global tables and of one account's edges. The statistics of whole
//! generated files are tested through the binary in `tests/it/simulate.rs`.

use super::model::{Edge, Model, Role, Scratch, Tally, NONE};
use super::{ModelConfig, Preset};

fn small(accounts: u32, seed: u64) -> ModelConfig {
    ModelConfig {
        accounts,
        seed,
        ..ModelConfig::preset(Preset::Small)
    }
}

#[test]
fn presets_validate() {
    for p in [Preset::Small, Preset::Medium, Preset::Large] {
        ModelConfig::preset(p).validate().unwrap();
    }
    assert_eq!(Preset::nearest(1), Preset::Small);
    assert_eq!(Preset::nearest(20_000), Preset::Medium);
    assert_eq!(Preset::nearest(1_000_000), Preset::Large);
    assert_eq!(Preset::nearest(u32::MAX), Preset::Large);
}

#[test]
fn bad_parameters_name_their_flag() {
    let cases: Vec<(ModelConfig, &str)> = vec![
        (
            ModelConfig {
                mu: 1.5,
                ..small(2_000, 0)
            },
            "mu",
        ),
        (
            ModelConfig {
                mu: f64::NAN,
                ..small(2_000, 0)
            },
            "mu",
        ),
        (small(0, 0), "accounts"),
        (
            ModelConfig {
                buyers: 30,
                ..small(2_000, 0)
            },
            "farm-size",
        ),
        (
            ModelConfig {
                degree_exponent: 1.0,
                ..small(2_000, 0)
            },
            "degree-exponent",
        ),
        (
            ModelConfig {
                max_follows: 5,
                ..small(2_000, 0)
            },
            "mean-follows",
        ),
        (
            ModelConfig {
                start: "yesterday".into(),
                ..small(2_000, 0)
            },
            "start",
        ),
        (
            ModelConfig {
                influencer_share: 0.6,
                ..small(2_000, 0)
            },
            "influencer-share",
        ),
        (
            ModelConfig {
                max_community: 10,
                ..small(2_000, 0)
            },
            "max-community",
        ),
    ];
    for (cfg, field) in cases {
        match cfg.validate() {
            Err(crate::Error::InvalidConfig { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

#[test]
fn communities_cover_organic_accounts_within_bounds() {
    let cfg = small(5_000, 3);
    let m = Model::build(&cfg);
    let organic = m.organic() as usize;
    assert_eq!(
        m.community_sizes.iter().map(|&s| s as usize).sum::<usize>(),
        organic
    );
    for &s in &m.community_sizes {
        assert!(s >= cfg.min_community && s <= cfg.max_community, "size {s}");
    }
    for v in 0..m.n as usize {
        assert_eq!(m.community[v] == NONE, m.role[v] == Role::Farm);
    }
    // Canonical labels: community c's smallest member comes before community c + 1's.
    let mut seen = 0u32;
    for &c in m.community.iter().filter(|&&c| c != NONE) {
        assert!(c <= seen);
        if c == seen {
            seen += 1;
        }
    }
}

#[test]
fn role_counts_follow_shares() {
    let cfg = small(10_000, 5);
    let m = Model::build(&cfg);
    let organic = f64::from(m.organic());
    let count = |r: Role| m.role.iter().filter(|&&x| x == r).count();
    assert_eq!(
        count(Role::Influencer),
        (cfg.influencer_share * organic).round() as usize
    );
    assert_eq!(
        count(Role::Broker),
        (cfg.broker_share * organic).round() as usize
    );
    assert_eq!(
        count(Role::Prescriber),
        (cfg.prescriber_share * organic).round() as usize
    );
    assert_eq!(
        count(Role::Amplifier),
        (cfg.amplifier_share * organic).round() as usize
    );
    assert_eq!(
        count(Role::Rising),
        (cfg.rising_share * organic).round() as usize
    );
    assert_eq!(count(Role::BoughtAudience), cfg.buyers as usize);
    assert_eq!(count(Role::Farm), (cfg.buyers * cfg.farm_size) as usize);
    // Influencers hold the largest planted audiences among accounts drawn from the law (their
    // engagement is that audience times the boost).
    let min_influencer = (0..m.n as usize)
        .filter(|&v| m.role[v] == Role::Influencer)
        .map(|v| m.engagement[v] / cfg.influencer_engagement)
        .fold(f64::INFINITY, f64::min);
    assert!((0..m.n as usize)
        .filter(|&v| m.role[v] == Role::Ordinary)
        .all(|v| m.engagement[v] <= min_influencer));
}

fn edges_of(m: &Model, u: u32) -> Vec<Edge> {
    let mut out = Vec::new();
    m.emit(u, &mut out, &mut Scratch::new(m.n), &mut Tally::default());
    out
}

#[test]
fn an_account_edges_depend_only_on_seed_and_account() {
    let m = Model::build(&small(3_000, 9));
    let forward: Vec<Vec<Edge>> = (0..50).map(|u| edges_of(&m, u)).collect();
    let backward: Vec<Vec<Edge>> = (0..50).rev().map(|u| edges_of(&m, u)).collect();
    for (u, e) in forward.iter().enumerate() {
        assert_eq!(e, &backward[49 - u]);
        assert!(
            e.windows(2).all(|w| w[0] <= w[1]),
            "edges of {u} are sorted"
        );
        assert!(e.iter().all(|x| x.target != u as u32), "no self-loop");
    }
}

#[test]
fn farm_accounts_follow_in_a_burst_and_never_interact() {
    let cfg = small(3_000, 11);
    let m = Model::build(&cfg);
    let burst = (cfg.burst_hours * 3600.0) as i64;
    for v in (0..m.n).filter(|&v| m.role[v as usize] == Role::Farm) {
        let e = edges_of(&m, v);
        let buyer = m.farm_buyer(v).unwrap();
        assert!(e.iter().all(|x| x.kind == super::Kind::Follow));
        assert!(e.iter().any(|x| x.target == buyer));
        let lo = e.iter().map(|x| x.time).min().unwrap();
        let hi = e.iter().map(|x| x.time).max().unwrap();
        assert!(hi - lo <= burst);
        assert!(m.created[v as usize] < lo);
        let f = cfg.farm_follows as usize;
        assert!(e.len() >= f / 2 && e.len() <= 3 * f / 2 + 1, "{}", e.len());
    }
}
