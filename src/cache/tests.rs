use super::*;
use crate::graph::{EdgeTable, Interner, Store};

/// A directed graph with two layers, weights and a duplicate record (so every optional array is
/// stored), written as a cache in `dir`.
fn cache(dir: &Path) -> (PathBuf, Graph) {
    let mut names = Interner::new();
    let mut t = EdgeTable {
        layer_names: vec!["follow".into(), "repost".into()],
        ..EdgeTable::default()
    };
    let mut weights = Vec::new();
    for (a, b, l, w) in [
        ("x", "y", 0, 1.0),
        ("x", "y", 0, 1.0),
        ("x", "y", 1, 2.5),
        ("y", "z", 1, 1.0),
        ("z", "x", 0, 3.0),
        ("w", "x", 0, 1.0),
    ] {
        t.src.push(names.intern(a).unwrap());
        t.dst.push(names.intern(b).unwrap());
        t.layer.push(l);
        weights.push(w);
    }
    t.weight = Some(weights);
    let (g, labels, stats) = graph::build(&t, names.into_names(), &BuildConfig::default());
    let path = dir.join("g.relais");
    write(&path, &g, &labels, &stats, None, &IngestReport::default()).unwrap();
    (path, g)
}

fn same<T: bytemuck::Pod + PartialEq + std::fmt::Debug>(a: &Store<T>, b: &Store<T>) {
    assert_eq!(&a[..], &b[..]);
}

fn same_graph(a: &Graph, b: &Graph) {
    same(&a.out.offsets, &b.out.offsets);
    same(&a.out.targets, &b.out.targets);
    let (ai, bi) = (a.inc.as_ref().unwrap(), b.inc.as_ref().unwrap());
    same(&ai.offsets, &bi.offsets);
    same(&ai.targets, &bi.targets);
    same(a.in_to_out.as_ref().unwrap(), b.in_to_out.as_ref().unwrap());
    same(a.weight.as_ref().unwrap(), b.weight.as_ref().unwrap());
    same(
        a.multiplicity.as_ref().unwrap(),
        b.multiplicity.as_ref().unwrap(),
    );
    same(a.layer.as_ref().unwrap(), b.layer.as_ref().unwrap());
    assert_eq!(a.layer_names, b.layer_names);
}

#[test]
fn mapped_and_read_loads_give_the_built_graph() {
    let dir = tempfile::tempdir().unwrap();
    let (path, built) = cache(dir.path());
    let mapped = load(&path).unwrap();
    let read = load_with(
        &path,
        &LoadOptions {
            map: false,
            checksums: true,
        },
    )
    .unwrap();
    let (gm, gr) = (&mapped.graph.0, &read.graph.0);
    assert_eq!(gm.out.targets.is_mapped(), cfg!(target_endian = "little"));
    assert_eq!(
        gm.weight.as_ref().unwrap().is_mapped(),
        gm.out.targets.is_mapped()
    );
    assert!(!gr.out.targets.is_mapped());
    same_graph(gm, &built);
    same_graph(gr, &built);
    let sha = |l: &Loaded| l.input.report.files[0].sha256.clone();
    assert_eq!(sha(&mapped).len(), 64);
    assert_eq!(sha(&mapped), sha(&read), "both paths hash the whole file");
    assert_eq!(
        mapped.graph.1.iter().collect::<Vec<_>>(),
        read.graph.1.iter().collect::<Vec<_>>()
    );
    // A mapped graph outlives the loader and clones share the mapping.
    let copy = gm.clone();
    same_graph(&copy, &built);
}

#[test]
fn a_flipped_bit_is_caught_on_both_paths_unless_checksums_are_off() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = cache(dir.path());
    let info = inspect(&path).unwrap();
    // Flip a bit in the first weight (the data of the `weight` section).
    let mut at = HEADER_OFFSET;
    for s in &info.sections {
        if s.tag == "weight" {
            break;
        }
        at += 24 + s.bytes.next_multiple_of(8);
    }
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[(at + 24) as usize + 7] ^= 0x40;
    std::fs::write(&path, &bytes).unwrap();
    for map in [true, false] {
        let err = load_with(
            &path,
            &LoadOptions {
                map,
                checksums: true,
            },
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("checksum mismatch in section weight"), "{err}");
        // Without checksums the damage goes unseen: why they are always on outside benchmarks.
        let loaded = load_with(
            &path,
            &LoadOptions {
                map,
                checksums: false,
            },
        )
        .unwrap();
        assert!(loaded.graph.0.weight.is_some());
    }
    assert!(inspect(&path)
        .unwrap_err()
        .to_string()
        .contains("checksum mismatch"));
}

#[test]
fn every_flipped_bit_is_caught_by_both_load_paths_and_by_inspect() {
    // Not a sample of positions: every byte of the file (header, each section's header, data and
    // padding, the end section), one bit at a time, two different bits per byte.
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = cache(dir.path());
    let good = std::fs::read(&path).unwrap();
    let bad = dir.path().join("bad.relais");
    let mut missed = Vec::new();
    for at in 0..good.len() {
        for bit in [0x01u8, 0x80] {
            let mut bytes = good.clone();
            bytes[at] ^= bit;
            std::fs::write(&bad, &bytes).unwrap();
            for map in [true, false] {
                let options = LoadOptions {
                    map,
                    checksums: true,
                };
                if load_with(&bad, &options).is_ok() {
                    missed.push((at, bit, if map { "mapped" } else { "read" }));
                }
            }
            if inspect(&bad).is_ok() {
                missed.push((at, bit, "inspect"));
            }
        }
    }
    assert!(
        missed.is_empty(),
        "{} of {} bytes: flips not caught at {:?}",
        missed.len(),
        good.len(),
        &missed[..missed.len().min(20)]
    );
}

const HEADER_OFFSET: u64 = format::HEADER_BYTES;
