// Entry point of the bundle that scripts/vendor_js.sh builds into assets/map/: exposes the two
// libraries that report.html's interactive network map uses as one global, `RelaisMapLib`.
import Graph from "graphology";
import Sigma from "sigma";

window.RelaisMapLib = { Graph: Graph, Sigma: Sigma };
