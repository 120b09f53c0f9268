use super::plots::ccdf;
use super::*;
use crate::i18n::Lang;

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

fn check<C: Chart>(chart: &C, must_contain: &[&str]) {
    let svg = render_svg(chart, "test").unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
    for s in must_contain {
        assert!(svg.contains(s), "SVG lacks {s:?}");
    }
    let png = render_png(chart, "test").unwrap();
    assert!(png.starts_with(PNG_MAGIC));
    // A PNG of a drawn chart is not a blank page: more than a few hundred bytes compressed.
    assert!(png.len() > 2000, "PNG only {} bytes", png.len());
}

#[test]
fn tick_labels_are_integers_when_integral() {
    assert_eq!(tick(1000.0), "1000");
    assert_eq!(tick(0.0), "0");
    assert_eq!(tick(0.001), "0.001");
    assert_eq!(tick(0.5), "0.5");
    assert_eq!(tick(12.26), "12.3");
    assert_eq!(tick(f64::NAN), "");
}

#[test]
fn french_tick_labels_group_digits_and_use_a_decimal_comma() {
    assert_eq!(tick_in(1000.0, Lang::Fr), "1\u{202F}000");
    assert_eq!(tick_in(1234567.0, Lang::Fr), "1\u{202F}234\u{202F}567");
    assert_eq!(tick_in(0.5, Lang::Fr), "0,5");
    assert_eq!(tick_in(-12.26, Lang::Fr), "-12,3");
    assert_eq!(tick_in(f64::NAN, Lang::Fr), "");
    for v in [1000.0, 0.5, -12.26, 0.001, 0.0] {
        assert_eq!(tick_in(v, Lang::En), tick(v));
    }
}

#[test]
fn french_bars_draw_french_numbers() {
    let bars = |lang| Bars {
        title: "t".into(),
        value_label: "v".into(),
        bars: vec![("a".into(), 2500.0), ("b".into(), 0.25)],
        colors: None,
        lang,
    };
    let fr = render_svg(&bars(Lang::Fr), "fr").unwrap();
    let en = render_svg(&bars(Lang::En), "en").unwrap();
    // The values at the bar ends and the axis ticks.
    assert!(
        fr.contains("\n2\u{202F}500\n") && fr.contains("\n0,25\n"),
        "{fr}"
    );
    assert!(en.contains("\n2500\n") && en.contains("\n0.25\n"), "{en}");
    assert!(!fr.contains("\n0.25\n") && !fr.contains("\n2500\n"));
}

#[test]
fn ccdf_counts_values_at_least_k() {
    // 0 is left out of the points but counts in the denominator.
    let c = ccdf(&[0, 1, 1, 2, 5]);
    assert_eq!(c, vec![(1.0, 0.8), (2.0, 0.4), (5.0, 0.2)]);
}

#[test]
fn short_label_strips_control_characters_and_cuts() {
    assert_eq!(short_label("a\u{0}b\nc", 10), "abc");
    assert_eq!(short_label("abcdefgh", 4), "abc…");
}

#[test]
fn every_chart_renders_svg_and_png() {
    check(
        &DegreeCcdf {
            series: vec![
                ("in".into(), (0..500).map(|i| 1000 / (i + 1)).collect()),
                ("out".into(), (0..500).map(|i| i % 17).collect()),
            ],
            title: "Degree distributions".into(),
            axes: ("degree k".into(), "P(degree ≥ k)".into()),
            lang: Lang::En,
        },
        &["P(degree ≥ k)", "\n1000\n"],
    );
    check(
        &Bars {
            title: "Top accounts".into(),
            value_label: "PageRank".into(),
            bars: vec![
                ("alice".into(), 0.3),
                ("<script>alert(1)</script>".into(), 0.1),
            ],
            colors: Some(vec![0, 12]),
            lang: Lang::En,
        },
        &["alice", "&lt;script&gt;"],
    );
    check(
        &Quadrant {
            title: "Reach vs engagement".into(),
            x_label: "reach".into(),
            y_label: "engagement".into(),
            points: (0..300).map(|i| (i as f64, (i * 7 % 100) as f64)).collect(),
            labels: vec![(299, "top reach".into())],
            split: (150.0, 50.0),
            lang: Lang::En,
            corners: [
                "engaged niche".into(),
                "large and engaged".into(),
                "small".into(),
                "large audience".into(),
            ],
        },
        &["top reach", "large and engaged"],
    );
    check(
        &Heatmap {
            title: "Audience overlap".into(),
            rows: vec!["a".into(), "b".into(), "c".into()],
            columns: vec!["a".into(), "b".into(), "c".into()],
            values: vec![
                vec![1.0, 0.2, 0.0],
                vec![0.2, 1.0, 0.5],
                vec![0.0, 0.5, 1.0],
            ],
            log: false,
            axes: ("account".into(), "account".into()),
            lang: Lang::En,
        },
        &["Audience overlap"],
    );
    check(
        &Trajectories {
            title: "Rank trajectories".into(),
            windows: vec!["2024-01".into(), "2024-02".into(), "2024-03".into()],
            series: vec![
                ("rising".into(), vec![(0, 40), (1, 12), (2, 3)]),
                ("gap".into(), vec![(0, 5), (2, 7)]),
            ],
            axes: ("window".into(), "rank".into()),
            lang: Lang::En,
        },
        &["rising", "2024-02"],
    );
    let nodes = (0..50)
        .map(|i| MapNode {
            position: [(i as f64).cos() * i as f64, (i as f64).sin() * i as f64],
            community: i % 12,
            radius: 3.0 + (i % 5) as f64,
            label: (i < 3).then(|| format!("node{i}")),
        })
        .collect();
    check(
        &NetworkMap {
            title: "Network map".into(),
            nodes,
            edges: (0..49).map(|i| (i, i + 1)).collect(),
            note: "50 accounts".into(),
        },
        &["node0", "50 accounts"],
    );
}
