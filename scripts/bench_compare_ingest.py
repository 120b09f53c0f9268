"""Times one peer edge-list reader on one file; called by bench_compare_ingest.sh.

Usage: python bench_compare_ingest.py READER FILE THREADS

Prints one JSON line: reader, seconds (the read call only, imports excluded), nodes, edges.
READER is one of:
  igraph-edgelist   igraph Graph.Read_Edgelist(directed=True): integer ids used as vertex
                    indices (no id mapping; max id + 1 vertices).
  igraph-ncol       igraph Graph.Read_Ncol(names=True, weights=False, directed=True): ids are
                    names, mapped to vertices (what relais does).
  nk-continuous     NetworKit EdgeListReader('\\t', 0, '#', continuous=True, directed=True):
                    integer ids used as node ids.
  nk-mapped         NetworKit EdgeListReader('\\t', 0, '#', continuous=False, directed=True):
                    ids mapped to [0, n) (what relais does).
  baseline          imports both libraries and reads nothing (the interpreter's own memory).
"""

import json
import os
import sys
import time


def main() -> None:
    reader, path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    # NetworKit uses OpenMP; the shell script also sets OMP_NUM_THREADS before Python starts.
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    import igraph
    import networkit as nk

    nk.setNumberOfThreads(threads)
    started = time.perf_counter()
    if reader == "igraph-edgelist":
        g = igraph.Graph.Read_Edgelist(path, directed=True)
        nodes, edges = g.vcount(), g.ecount()
    elif reader == "igraph-ncol":
        g = igraph.Graph.Read_Ncol(path, names=True, weights=False, directed=True)
        nodes, edges = g.vcount(), g.ecount()
    elif reader in ("nk-continuous", "nk-mapped"):
        r = nk.graphio.EdgeListReader(
            "\t", 0, "#", continuous=(reader == "nk-continuous"), directed=True
        )
        g = r.read(path)
        nodes, edges = g.numberOfNodes(), g.numberOfEdges()
    elif reader == "baseline":
        nodes, edges = 0, 0
    else:
        raise SystemExit(f"unknown reader {reader!r}")
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "reader": reader,
                "seconds": round(seconds, 3),
                "nodes": nodes,
                "edges": edges,
                "versions": {"igraph": igraph.__version__, "networkit": nk.__version__},
            }
        )
    )


if __name__ == "__main__":
    main()
