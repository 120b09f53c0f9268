"""The NetworKit and igraph side of scripts/bench_peers.sh, and its report.

    bench_peers.py run TOOL FILE KIND THREADS KERNELS [SOURCES]
        TOOL networkit or igraph (igraph also runs leidenalg); KIND directed or undirected.
        Reads FILE (u<TAB>v, dense ids 0..n-1), then times each kernel (comma-separated) and
        prints one JSON line per kernel, in the format of benches/peers.rs.
    bench_peers.py report RESULTS.jsonl
        Prints the Markdown tables of BENCHMARKS.md from the collected lines.

Only the library call is timed. Memory: the peak resident size is reset before each kernel
(/proc/self/clear_refs), so peak_bytes is the process's peak during it; base_bytes is the
resident size before the graph was read (interpreter and libraries).
"""

import json
import os
import random
import re
import sys
import time


def status_bytes(key):
    with open("/proc/self/status") as f:
        m = re.search(key + r":\s+(\d+)", f.read())
    return int(m.group(1)) * 1024 if m else 0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def load_average():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def sources_of(n, k):
    rng = random.Random(7)
    return sorted(rng.sample(range(n), min(k, n)))


# ---- NetworKit ---------------------------------------------------------------------------


def nk_kernels(nk, G, k):
    def pagerank():
        pr = nk.centrality.PageRank(G, damp=0.85, tol=1e-300)
        pr.maxIterations = 20
        pr.run()
        return {"iterations": pr.numberOfIterations()}

    def betweenness_sources():
        # k random sources, full Brandes accumulation from each (Brandes & Pich 2007).
        nk.centrality.EstimateBetweenness(G, k, False, True).run()
        return {"sources": k}

    def betweenness_approx():
        a = nk.centrality.ApproxBetweenness(G, epsilon=0.01, delta=0.1)
        a.run()
        return {"method": "riondato-kornaropoulos (c = 1)", "epsilon": 0.01, "delta": 0.1,
                "samples": a.numberOfSamples()}

    def betweenness_kadabra():
        a = nk.centrality.KadabraBetweenness(G, 0.01, 0.1)
        a.run()
        return {"method": "kadabra", "epsilon": 0.01, "delta": 0.1,
                "samples": a.getNumberOfIterations()}

    def closeness_sources():
        # NetworKit has no source subset for closeness (ApproxCloseness needs a connected
        # graph): one BFS per source, the traversal its exact Closeness runs per node.
        for s in sources_of(G.numberOfNodes(), k):
            nk.distance.BFS(G, s, storePaths=False).run()
        return {"sources": k, "note": "BFS per source, sequential"}

    def triangles():
        nk.centrality.LocalClusteringCoefficient(G, turbo=True).run()
        return {}

    def kcore():
        c = nk.centrality.CoreDecomposition(G)
        c.run()
        return {"max_core": int(c.maxCoreNumber())}

    def community(algo):
        def f():
            a = algo()
            a.run()
            p = a.getPartition()
            return {"modularity": round(nk.community.Modularity().getQuality(p, G), 6),
                    "communities": p.numberOfSubsets()}
        return f

    return {
        "pagerank": pagerank,
        "betweenness_sources": betweenness_sources,
        "betweenness_approx": betweenness_approx,
        "betweenness_kadabra": betweenness_kadabra,
        "closeness_sources": closeness_sources,
        "triangles": triangles,
        "kcore": kcore,
        "leiden": community(lambda: nk.community.ParallelLeiden(G)),
        "louvain": community(lambda: nk.community.PLM(G, refine=False)),
    }


# ---- igraph ------------------------------------------------------------------------------


def ig_kernels(ig, g, k):
    directed = g.is_directed()

    def pagerank():
        g.pagerank(directed=directed)  # PRPACK: solved to convergence, no iteration cap
        return {"note": "PRPACK"}

    def betweenness_sources():
        g.betweenness(directed=directed, sources=sources_of(g.vcount(), k))
        return {"sources": k}

    def closeness_sources():
        s = sources_of(g.vcount(), k)
        g.closeness(vertices=s)
        g.harmonic_centrality(vertices=s)
        return {"sources": k, "note": "closeness and harmonic: two BFS per source"}

    def triangles():
        g.transitivity_local_undirected(mode="zero")
        return {}

    def kcore():
        return {"max_core": max(g.coreness())}

    def community(run):
        def f():
            membership = run()
            return {"modularity": round(g.modularity(membership), 6),
                    "communities": max(membership) + 1}
        return f

    def leidenalg_run():
        import leidenalg
        return leidenalg.find_partition(g, leidenalg.ModularityVertexPartition, seed=1).membership

    return {
        "pagerank": pagerank,
        "betweenness_sources": betweenness_sources,
        "closeness_sources": closeness_sources,
        "triangles": triangles,
        "kcore": kcore,
        "leiden": community(lambda: g.community_leiden(
            objective_function="modularity", n_iterations=2).membership),
        "louvain": community(lambda: g.community_multilevel().membership),
        "leiden_leidenalg": community(leidenalg_run),
    }


def run(tool, path, kind, threads, kernels, k):
    base = status_bytes("VmRSS")
    directed = kind == "directed"
    t0 = time.perf_counter()
    if tool == "networkit":
        import networkit as nk
        nk.engineering.setNumberOfThreads(threads)
        base = status_bytes("VmRSS")
        t0 = time.perf_counter()
        G = nk.graphio.EdgeListReader("\t", 0, continuous=True, directed=directed).read(path)
        n, m = G.numberOfNodes(), G.numberOfEdges()
        table = nk_kernels(nk, G, k)
    else:
        import igraph as ig
        import leidenalg  # noqa: F401  (imported before the baseline is taken)
        base = status_bytes("VmRSS")
        t0 = time.perf_counter()
        g = ig.Graph.Read_Edgelist(path, directed=directed)
        n, m = g.vcount(), g.ecount()
        table = ig_kernels(ig, g, k)
    graph_bytes = status_bytes("VmRSS") - base
    print(f"{tool}: {n} nodes, {m} edges, read in {time.perf_counter() - t0:.2f} s",
          file=sys.stderr)
    for kernel in kernels.split(","):
        if kernel not in table:
            continue
        reset_peak()
        load = load_average()
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            detail = table[kernel]()
        except Exception as e:  # a peer refusing an input is a result, not a crash
            detail = {"error": str(e)[:200]}
        w1, c1 = time.perf_counter(), time.process_time()
        row = {"tool": tool, "kernel": kernel, "threads": threads, "seconds": round(w1 - w0, 4),
               "cpu_seconds": round(c1 - c0, 3), "nodes": n, "edges": m, "base_bytes": base,
               "graph_bytes": graph_bytes, "peak_bytes": status_bytes("VmHWM"), "load": load}
        row.update(detail)
        print(json.dumps(row), flush=True)


# ---- report ------------------------------------------------------------------------------

KERNELS = [
    ("pagerank", "PageRank, 20 iterations (directed)"),
    ("betweenness_sources", "exact betweenness, extrapolated from k sources"),
    ("betweenness_approx", "approx. betweenness ε = 0.01, δ = 0.1 (RK)"),
    ("betweenness_kadabra", "approx. betweenness ε = 0.01, δ = 0.1 (KADABRA)"),
    ("closeness_sources", "exact closeness + harmonic, extrapolated from k sources"),
    ("triangles", "triangles / local clustering"),
    ("kcore", "k-core"),
    ("leiden", "Leiden (relais: default stopping rule; NK ParallelLeiden, 3 iterations; igraph 2)"),
    ("leiden_3it", "Leiden, relais capped at 3 iterations (as NK ParallelLeiden)"),
    ("louvain", "Louvain"),
    ("leiden_leidenalg", "Leiden (leidenalg)"),
]


def report(path):
    """Markdown table: per size, kernel and thread count, wall and CPU seconds of each tool
    (per-source kernels extrapolated × n / k), ratios on CPU seconds at 1 thread and on wall
    seconds at 2 threads, and peak bytes per edge above the process's baseline."""
    rows = [json.loads(line) for line in open(path) if line.startswith("{")]
    best = {}  # the last line of each (size, tool, kernel, threads)
    for r in rows:
        if "error" in r or "seconds" not in r:
            continue
        if r["kernel"] == "betweenness_approx" and r.get("method") == "kadabra":
            r["kernel"] = "betweenness_kadabra"  # relais's approx on unweighted graphs
        best[(r["records"], r["tool"], r["kernel"], r["threads"])] = r

    def scale(r):
        return r["nodes"] / r["sources"] if r["kernel"].endswith("_sources") else 1.0

    def wall(r):
        return r["seconds"] * scale(r)

    def cpu(r):
        return r["cpu_seconds"] * scale(r)

    def fmt(x):
        return f"{x:,.0f}" if x >= 100 else f"{x:.2f}" if x < 10 else f"{x:.1f}"

    def cell(x):
        return f"{fmt(wall(x))} / {fmt(cpu(x))}" if x else "–"

    def bpe(x):
        return f"{(x['peak_bytes'] - x['base_bytes']) / x['edges']:.0f}" if x else "–"

    # Peer rows a relais row is compared with: (relais kernel, NetworKit kernel, igraph kernel).
    pairs = {
        "betweenness_kadabra": ("betweenness_kadabra", "betweenness_kadabra", None),
        "betweenness_approx": ("betweenness_approx", "betweenness_approx", None),
        "leiden_3it": ("leiden_3it", "leiden", "leiden"),
        "leiden_leidenalg": ("leiden", None, "leiden_leidenalg"),
    }
    print("| graph | kernel | threads | relais wall / CPU s | NetworKit wall / CPU s "
          "| igraph wall / CPU s | NetworKit ÷ relais | igraph ÷ relais "
          "| relais 1→2 (wall; CPU 1t ÷ CPU 2t) | bytes/edge r / nk / ig | load r / nk / ig "
          "| notes |")
    print("|" + "---|" * 12)
    for records in sorted({k[0] for k in best}):
        for kernel, label in KERNELS:
            rk, nk_k, ig_k = pairs.get(kernel, (kernel, kernel, kernel))
            for t in (1, 2):
                r = best.get((records, "relais", rk, t))
                nk = best.get((records, "networkit", nk_k, t)) if nk_k else None
                ig = best.get((records, "igraph", ig_k, 1)) if ig_k else None
                if not (r or nk or (ig and t == 1)):
                    continue
                any_row = r or nk or ig
                # 1 thread: CPU seconds (robust to the machine's load); 2 threads: wall.
                key = cpu if t == 1 else wall

                def ratio(a, b):
                    return f"{key(b) / key(a):.2f}×" if a and b and key(a) > 0 else "–"

                r1 = best.get((records, "relais", rk, 1))
                up = (f"{wall(r1) / wall(r):.2f}×; {cpu(r1) / cpu(r) * 2:.2f}× bound"
                      if t == 2 and r and r1 and cpu(r) > 0 else "")
                notes = []
                for name, x in (("relais", r), ("NetworKit", nk), ("igraph", ig)):
                    if x and "modularity" in x:
                        notes.append(f"{name} Q = {x['modularity']:.4f}")
                    if x and "samples" in x:
                        notes.append(f"{name} {x['samples']:,} samples ({x.get('method', '')})")
                if r and "iterations" in r and "modularity" in r:
                    notes.append(f"relais {r['iterations']} iterations")
                loads = " / ".join(f"{x['load']:.1f}" if x else "–" for x in (r, nk, ig))
                print(f"| {records / 1e6:g}M records: {any_row['nodes']:,} nodes, "
                      f"{any_row['edges']:,} edges | {label} | {t} | {cell(r)} | {cell(nk)} "
                      f"| {cell(ig) if t == 1 else '(sequential)' if ig else '–'} "
                      f"| {ratio(r, nk)} | {ratio(r, ig)} | {up} "
                      f"| {bpe(r)} / {bpe(nk)} / {bpe(ig)} | {loads} | {'; '.join(notes)} |")


def main():
    if sys.argv[1] == "run":
        tool, path, kind, threads, kernels = sys.argv[2:7]
        k = int(sys.argv[7]) if len(sys.argv) > 7 else 256
        run(tool, path, kind, int(threads), kernels, k)
    elif sys.argv[1] == "report":
        report(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
