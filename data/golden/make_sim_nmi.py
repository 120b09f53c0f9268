"""Reference NMI of community detection on `relais simulate` graphs (data/golden/simulate_nmi.json).

For each simulated network below (made by the relais binary given as argv[1], so the graphs are
exactly those the test regenerates), this builds the undirected weighted view relais's community
detection uses by default (one pair per connected accounts; weight = number of edge records
between them, both directions and all kinds), runs the reference libraries, best of 10 seeds by
modularity, and scores each best partition against the planted communities (organic accounts
only; farm accounts have none) with scikit-learn's NMI (arithmetic normalisation, as relais) and
ARI.

    python3 -m venv venv && venv/bin/pip install igraph==1.0.0 leidenalg==0.12.0 networkit==11.2.2 \
        polars scikit-learn
    venv/bin/python data/golden/make_sim_nmi.py target/release/relais
"""

import json
import random
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

import igraph as ig
import leidenalg
import networkit as nk
import numpy as np
import polars as pl
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

GRAPHS = [
    {"name": "example", "args": ["--preset", "small", "--accounts", "1800", "--seed", "42"]},
    {"name": "mu04", "args": ["--preset", "small", "--accounts", "5000", "--mu", "0.4", "--seed", "7"]},
    {"name": "mu03_20k", "args": ["--preset", "small", "--accounts", "20000", "--max-community", "1000",
                                  "--max-followers", "1000", "--mu", "0.3", "--seed", "3"]},
]
SEEDS = range(10)


def best(runs):
    """The (partition, modularity) of highest modularity among (membership, modularity) pairs."""
    return max(runs, key=lambda r: r[1])


def main(relais: str) -> None:
    out = {"made_by": "data/golden/make_sim_nmi.py", "seeds": len(SEEDS),
           "versions": {p: version(p) for p in ["igraph", "leidenalg", "networkit", "scikit-learn"]},
           "graphs": []}
    for spec in GRAPHS:
        with tempfile.TemporaryDirectory() as tmp:
            sim = Path(tmp) / "sim"
            subprocess.run([relais, "simulate", *spec["args"], "--out", str(sim), "-q"], check=True)
            edges = pl.read_csv(sim / "edges.csv", columns=["source", "target"], schema_overrides={"source": pl.Utf8, "target": pl.Utf8})
            truth = pl.read_csv(sim / "truth.csv", columns=["account", "community"], schema_overrides={"account": pl.Utf8})
        ids = sorted(set(edges["source"]) | set(edges["target"]))
        index = {a: i for i, a in enumerate(ids)}
        u = np.array([index[a] for a in edges["source"]])
        v = np.array([index[a] for a in edges["target"]])
        keep = u != v
        a, b = np.minimum(u[keep], v[keep]), np.maximum(u[keep], v[keep])
        pairs, weights = np.unique(np.stack([a, b], axis=1), axis=0, return_counts=True)
        g = ig.Graph(n=len(ids), edges=pairs.tolist(), directed=False)
        g.es["weight"] = weights.astype(float).tolist()

        planted = dict(zip(truth["account"], truth["community"]))
        labelled = [i for i, a in enumerate(ids) if planted.get(a) is not None]
        y = [planted[ids[i]] for i in labelled]

        def score(membership, q):
            x = [membership[i] for i in labelled]
            return {"nmi": normalized_mutual_info_score(y, x), "ari": adjusted_rand_score(y, x),
                    "modularity": q, "communities": len(set(membership))}

        results = {}
        runs = []
        for s in SEEDS:
            random.seed(s)  # python-igraph draws from Python's `random`
            p = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
            runs.append((p.membership, g.modularity(p.membership, weights="weight")))
        results["igraph_leiden"] = score(*best(runs))
        runs = []
        for s in SEEDS:
            p = leidenalg.find_partition(g, leidenalg.ModularityVertexPartition, weights="weight", seed=s, n_iterations=-1)
            runs.append((p.membership, g.modularity(p.membership, weights="weight")))
        results["leidenalg"] = score(*best(runs))
        runs = []
        for s in SEEDS:
            random.seed(s)
            p = g.community_multilevel(weights="weight")
            runs.append((p.membership, g.modularity(p.membership, weights="weight")))
        results["igraph_louvain"] = score(*best(runs))
        gk = nk.Graph(len(ids), weighted=True)
        for (x, z), w in zip(pairs.tolist(), weights.tolist()):
            gk.addEdge(x, z, float(w))
        for algo in ["plm", "parallel_leiden"]:
            runs = []
            for s in SEEDS:
                nk.engineering.setSeed(s, True)
                c = nk.community.PLM(gk, refine=True) if algo == "plm" else nk.community.ParallelLeiden(gk)
                c.run()
                m = c.getPartition().getVector()
                runs.append((m, g.modularity(m, weights="weight")))
            results[f"networkit_{algo}"] = score(*best(runs))
        out["graphs"].append({"name": spec["name"], "simulate_args": spec["args"], "nodes": len(ids),
                              "pairs": int(len(pairs)), "planted_communities": len(set(y)),
                              "labelled": len(labelled), "reference": results})
        print(spec["name"], {k: round(r["nmi"], 4) for k, r in results.items()}, file=sys.stderr)
    Path(__file__).with_name("simulate_nmi.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
