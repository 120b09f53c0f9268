#!/usr/bin/env python3
"""Reference values for the centrality measures that ../shared/data/reference lacks, computed with
NetworkX 3.6.1 on the small reference networks, plus a full set on a generated multi-layer,
directed, weighted graph (`synthetic/`), for tests/it/centrality.rs.

Run from the repository root (needs networkx==3.6.1, numpy, scipy; PyPI):

    python3 -m venv /tmp/nxvenv && /tmp/nxvenv/bin/pip install networkx==3.6.1 numpy scipy
    /tmp/nxvenv/bin/python data/golden/make_golden.py

Writes data/golden/<dataset>.json and data/golden/synthetic/edges.csv. Definitions (relais's
`_weighted` conventions, NetworkX functions of the same name):

* katz: katz_centrality_numpy(G, alpha, beta=1, normalized=True) - the exact solve. alpha is 0.1
  (NetworkX's default) when 0.1 < 1/lambda_max, else 1/(2 lambda_max) rounded down to 3 significant
  digits; the value used is stored under params. katz_weighted: same with weight="weight".
* constraint, effective_size: NetworkX constraint / effective_size (directed graphs use mutual
  weights); *_weighted with weight="weight". NaN (stored as null) for nodes without ties.
  effective_size follows NetworkX's documented definition (Burt's: m_vw divided by v's largest
  mutual weight), which is what `effective_size(G, nodes=...)` computes. Called with nodes=None,
  NetworkX 3.6.1 takes a scipy shortcut that divides by w's largest mutual weight instead
  (`mutual_weights2.max(axis=1).toarray()` is 1-D, so it broadcasts over columns); the two agree
  only when every node's largest mutual weight is equal (undirected unweighted graphs). Here the
  documented path is used on small graphs and a corrected matrix form, checked equal to it on
  those, on the larger ones.
* triangles: triangles() of the undirected simple view.
* betweenness_weighted, closeness_weighted, harmonic_weighted (+ closeness_out_weighted,
  harmonic_out_weighted on directed graphs): edge length = 1/weight (the `distance` argument).
* collective_influence: (k_i - 1) * sum over nodes j at hop distance exactly 2 of (k_j - 1), on the
  undirected simple view (Morone & Makse 2015, l = 2).
* synthetic only (no reference exists): every plain column too, computed as the oracle in
  ../shared/data/tools/oracle.py defines it, on the combined view (layers merged, weights summed).

Values are rounded to 13 significant digits; tests compare within 1e-6.
"""
import csv
import json
import math
import os
import random
import sys

import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "..", "shared", "data")
SMALL = ["karate", "lesmis", "dolphins", "football", "polbooks", "florentine", "davis",
         "polblogs", "email-eu-core", "netscience"]


def read(dataset_dir, directed):
    """Node ids (nodes.csv order, then unseen edge ends) and merged edges {(u, v): weight}."""
    ids = []
    nodes_csv = os.path.join(dataset_dir, "nodes.csv")
    if os.path.exists(nodes_csv):
        with open(nodes_csv, encoding="utf-8") as f:
            r = csv.reader(f)
            next(r)
            ids = [row[0] for row in r if row]
    seen = set(ids)
    edges = {}
    weighted = False
    path = os.path.join(dataset_dir, "edges.csv")
    with open(path, encoding="utf-8") as f:
        r = csv.reader(f)
        first = True
        header = None
        for row in r:
            if not row:
                continue
            if first and row[0] == "source":
                header = row
                first = False
                continue
            first = False
            if header:
                rec = dict(zip(header, row))
                u, v, w = rec["source"], rec["target"], rec.get("weight")
            else:
                u, v, w = row[0], row[1], (row[2] if len(row) > 2 else None)
            if w not in (None, ""):
                weighted = True
                w = float(w)
            else:
                w = 1.0
            for x in (u, v):
                if x not in seen:
                    seen.add(x)
                    ids.append(x)
            if u == v:
                continue
            key = (u, v) if directed or (v, u) not in edges else (v, u)
            edges[key] = edges.get(key, 0.0) + w
    return ids, edges, weighted


def graphs(ids, edges, directed):
    cls = nx.DiGraph if directed else nx.Graph
    G = cls()
    G.add_nodes_from(ids)
    G.add_edges_from(edges)
    Gw = cls()
    Gw.add_nodes_from(ids)
    for (u, v), w in edges.items():
        Gw.add_edge(u, v, weight=w, dist=(1.0 / w if w > 0 else math.inf))
    U = nx.Graph()
    U.add_nodes_from(ids)
    for (u, v), w in edges.items():
        if U.has_edge(u, v):
            U[u][v]["weight"] += w
        else:
            U.add_edge(u, v, weight=w)
    return G, Gw, U


def spectral_radius(G, weight):
    A = nx.to_numpy_array(G, weight=weight)
    return float(max(abs(np.linalg.eigvals(A)))) if len(A) else 0.0


def katz_alpha(G, weight):
    lam = spectral_radius(G, weight)
    if lam * 0.1 < 0.9:
        return 0.1
    a = 1.0 / (2.0 * lam)
    digits = 3 - int(math.floor(math.log10(a))) - 1
    return math.floor(a * 10**digits) / 10**digits


def collective_influence(U, radius=2):
    out = {}
    for i in U:
        ki = U.degree(i)
        dist = nx.single_source_shortest_path_length(U, i, cutoff=radius)
        frontier = sum(U.degree(j) - 1 for j, d in dist.items() if d == radius)
        out[i] = (ki - 1) * frontier if ki > 1 else 0
    return out


def effective_size(G, weight):
    """Burt's effective size: NetworkX's documented definition (its per-node code path)."""
    if len(G) <= 200:
        return nx.effective_size(G, nodes=list(G), weight=weight)
    return effective_size_matrix(G, weight)


def effective_size_matrix(G, weight):
    """NetworkX 3.6.1's matrix form of effective_size with the row maximum broadcast per row."""
    P = nx.adjacency_matrix(G, weight=weight).astype(float)
    m1 = (P + P.T).tocsr()
    m2 = m1.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        m1 = m1.multiply(1.0 / np.asarray(m1.sum(axis=1)).reshape(-1, 1)).tocsr()
        m2 = m2.multiply(1.0 / m2.max(axis=1).toarray().reshape(-1, 1)).tocsr()
    r = 1 - (m1 @ m2.T).toarray()
    es = np.asarray(((m1 > 0).multiply(r)).sum(axis=1)).ravel()
    isolated = np.asarray(m1.sum(axis=1)).ravel() == 0
    es[isolated] = float("nan")
    return dict(zip(G, es.tolist()))


def eigenvector_lcc(U, weight):
    lcc = max(nx.connected_components(U), key=len)
    H = U.subgraph(lcc)
    if H.number_of_edges() == 0:
        return {}
    return nx.eigenvector_centrality_numpy(H, weight=weight, max_iter=100000, tol=0)


def rnd(x):
    if x is None:
        return None
    if isinstance(x, int):
        return x
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        return None
    return float("%.13g" % x)


def compute(name, dataset_dir, directed, full):
    ids, edges, weighted = read(dataset_dir, directed)
    G, Gw, U = graphs(ids, edges, directed)
    if len(G) <= 200:
        # The corrected matrix form equals NetworkX's documented per-node path.
        for H, w in [(G, None)] + ([(Gw, "weight")] if weighted else []):
            a = nx.effective_size(H, nodes=list(H), weight=w)
            b = effective_size_matrix(H, w)
            assert all(abs(a[k] - b[k]) < 1e-9 or (math.isnan(a[k]) and math.isnan(b[k]))
                       for k in H), name
    cols = {}
    params = {}
    col = lambda d: [rnd(d.get(i, 0.0)) for i in ids]

    params["katz_alpha"] = katz_alpha(G, None)
    cols["katz"] = col(nx.katz_centrality_numpy(G, alpha=params["katz_alpha"], beta=1.0))
    cols["constraint"] = col(nx.constraint(G))
    cols["effective_size"] = col(effective_size(G, None))
    cols["triangles"] = col(nx.triangles(U))
    cols["collective_influence"] = col(collective_influence(U))
    if weighted:
        params["katz_weighted_alpha"] = katz_alpha(Gw, "weight")
        cols["katz_weighted"] = col(nx.katz_centrality_numpy(
            Gw, alpha=params["katz_weighted_alpha"], beta=1.0, weight="weight"))
        cols["constraint_weighted"] = col(nx.constraint(Gw, weight="weight"))
        cols["effective_size_weighted"] = col(effective_size(Gw, "weight"))
        cols["betweenness_weighted"] = col(nx.betweenness_centrality(Gw, weight="dist"))
        cols["closeness_weighted"] = col(nx.closeness_centrality(Gw, distance="dist"))
        cols["harmonic_weighted"] = col(nx.harmonic_centrality(Gw, distance="dist"))
        if directed:
            R = Gw.reverse(copy=True)
            cols["closeness_out_weighted"] = col(nx.closeness_centrality(R, distance="dist"))
            cols["harmonic_out_weighted"] = col(nx.harmonic_centrality(R, distance="dist"))
        cols["eigenvector_weighted"] = col(eigenvector_lcc(U, "weight"))
    graph = {}
    if full:
        cols["betweenness"] = col(nx.betweenness_centrality(G))
        cols["closeness"] = col(nx.closeness_centrality(G))
        cols["harmonic"] = col(nx.harmonic_centrality(G))
        if directed:
            R = G.reverse(copy=True)
            cols["closeness_out"] = col(nx.closeness_centrality(R))
            cols["harmonic_out"] = col(nx.harmonic_centrality(R))
        cols["eigenvector"] = col(eigenvector_lcc(U, None))
        h, a = nx.hits(G, max_iter=100000, tol=1e-12)
        cols["hubs"] = col(h)
        cols["authorities"] = col(a)
        cols["clustering"] = col(nx.clustering(U))
        graph["average_clustering"] = nx.average_clustering(U)
        graph["transitivity"] = nx.transitivity(U)
        graph["degree_assortativity"] = nx.degree_assortativity_coefficient(G)
        graph["degree_assortativity_undirected_view"] = nx.degree_assortativity_coefficient(U)
        graph["n_triangles_undirected_view"] = sum(nx.triangles(U).values()) // 3
    return {
        "dataset": name,
        "directed": directed,
        "weighted": weighted,
        "software": {"networkx": nx.__version__, "numpy": np.__version__},
        "params": params,
        "graph": {k: rnd(v) for k, v in graph.items()},
        "ids": ids,
        "nodes": cols,
    }


def synthetic(path, seed=20240611, n=300, records=2400):
    """A directed, weighted, three-layer interaction log with duplicates and self-loops."""
    rng = random.Random(seed)
    kinds = ["follow", "repost", "reply"]
    # Preferential attachment on targets so that the graph has hubs.
    ends = [f"u{i:03d}" for i in range(n)]
    pool = list(ends)
    rows = []
    for _ in range(records):
        u = rng.choice(ends)
        v = rng.choice(pool)
        pool.append(v)
        rows.append((u, v, rng.choice(kinds), rng.choice([0.5, 1.0, 1.5, 2.0, 3.0])))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", "kind", "weight"])
        w.writerows(rows)


def main():
    only = set(sys.argv[1:])
    syn = os.path.join(HERE, "synthetic", "edges.csv")
    if not os.path.exists(syn):
        synthetic(syn)
    jobs = [(d, os.path.join(SHARED, d), None, False) for d in SMALL]
    jobs.append(("synthetic", os.path.dirname(syn), True, True))
    for name, d, directed, full in jobs:
        if only and name not in only:
            continue
        if directed is None:
            with open(os.path.join(d, "meta.json")) as f:
                directed = json.load(f)["directed"]
        out = compute(name, d, directed, full)
        with open(os.path.join(HERE, f"{name}.json"), "w") as f:
            json.dump(out, f, separators=(",", ":"))
        print(name, len(out["ids"]), "nodes:", ", ".join(out["nodes"]), file=sys.stderr)


if __name__ == "__main__":
    main()
