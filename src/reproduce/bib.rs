//! The references relais's methods text cites, as BibTeX entries keyed by citation key.

/// `(key, BibTeX entry)` for every work a methods paragraph may cite.
pub const REFERENCES: &[(&str, &str)] = &[
    (
        "brin1998anatomy",
        "@article{brin1998anatomy,\n  author = {Brin, Sergey and Page, Lawrence},\n  title = {The anatomy of a large-scale hypertextual Web search engine},\n  journal = {Computer Networks and ISDN Systems},\n  volume = {30},\n  number = {1--7},\n  pages = {107--117},\n  year = {1998},\n  doi = {10.1016/S0169-7552(98)00110-X}\n}",
    ),
    (
        "batagelj2003cores",
        "@misc{batagelj2003cores,\n  author = {Batagelj, Vladimir and Zaver{\\v{s}}nik, Matja{\\v{z}}},\n  title = {An {O(m)} algorithm for cores decomposition of networks},\n  year = {2003},\n  eprint = {cs/0310049},\n  archivePrefix = {arXiv}\n}",
    ),
    (
        "tarjan1972depth",
        "@article{tarjan1972depth,\n  author = {Tarjan, Robert},\n  title = {Depth-first search and linear graph algorithms},\n  journal = {SIAM Journal on Computing},\n  volume = {1},\n  number = {2},\n  pages = {146--160},\n  year = {1972},\n  doi = {10.1137/0201010}\n}",
    ),
    (
        "brandes2001faster",
        "@article{brandes2001faster,\n  author = {Brandes, Ulrik},\n  title = {A faster algorithm for betweenness centrality},\n  journal = {Journal of Mathematical Sociology},\n  volume = {25},\n  number = {2},\n  pages = {163--177},\n  year = {2001},\n  doi = {10.1080/0022250X.2001.9990249}\n}",
    ),
    (
        "riondato2016fast",
        "@article{riondato2016fast,\n  author = {Riondato, Matteo and Kornaropoulos, Evgenios M.},\n  title = {Fast approximation of betweenness centrality through sampling},\n  journal = {Data Mining and Knowledge Discovery},\n  volume = {30},\n  number = {2},\n  pages = {438--475},\n  year = {2016},\n  doi = {10.1007/s10618-015-0423-0}\n}",
    ),
    (
        "borassi2016kadabra",
        "@inproceedings{borassi2016kadabra,\n  author = {Borassi, Michele and Natale, Emanuele},\n  title = {{KADABRA} is an {ADaptive} Algorithm for Betweenness via Random Approximation},\n  booktitle = {24th Annual European Symposium on Algorithms (ESA 2016)},\n  series = {LIPIcs},\n  volume = {57},\n  pages = {20:1--20:18},\n  year = {2016},\n  doi = {10.4230/LIPIcs.ESA.2016.20}\n}",
    ),
    (
        "wasserman1994social",
        "@book{wasserman1994social,\n  author = {Wasserman, Stanley and Faust, Katherine},\n  title = {Social Network Analysis: Methods and Applications},\n  publisher = {Cambridge University Press},\n  year = {1994},\n  doi = {10.1017/CBO9780511815478}\n}",
    ),
    (
        "marchiori2000harmony",
        "@article{marchiori2000harmony,\n  author = {Marchiori, Massimo and Latora, Vito},\n  title = {Harmony in the small-world},\n  journal = {Physica A},\n  volume = {285},\n  number = {3--4},\n  pages = {539--546},\n  year = {2000},\n  doi = {10.1016/S0378-4371(00)00311-3}\n}",
    ),
    (
        "eppstein2004fast",
        "@article{eppstein2004fast,\n  author = {Eppstein, David and Wang, Joseph},\n  title = {Fast approximation of centrality},\n  journal = {Journal of Graph Algorithms and Applications},\n  volume = {8},\n  number = {1},\n  pages = {39--45},\n  year = {2004},\n  doi = {10.7155/jgaa.00081}\n}",
    ),
    (
        "bonacich1987power",
        "@article{bonacich1987power,\n  author = {Bonacich, Phillip},\n  title = {Power and centrality: A family of measures},\n  journal = {American Journal of Sociology},\n  volume = {92},\n  number = {5},\n  pages = {1170--1182},\n  year = {1987},\n  doi = {10.1086/228631}\n}",
    ),
    (
        "katz1953new",
        "@article{katz1953new,\n  author = {Katz, Leo},\n  title = {A new status index derived from sociometric analysis},\n  journal = {Psychometrika},\n  volume = {18},\n  number = {1},\n  pages = {39--43},\n  year = {1953},\n  doi = {10.1007/BF02289026}\n}",
    ),
    (
        "kleinberg1999authoritative",
        "@article{kleinberg1999authoritative,\n  author = {Kleinberg, Jon M.},\n  title = {Authoritative sources in a hyperlinked environment},\n  journal = {Journal of the ACM},\n  volume = {46},\n  number = {5},\n  pages = {604--632},\n  year = {1999},\n  doi = {10.1145/324133.324140}\n}",
    ),
    (
        "watts1998collective",
        "@article{watts1998collective,\n  author = {Watts, Duncan J. and Strogatz, Steven H.},\n  title = {Collective dynamics of `small-world' networks},\n  journal = {Nature},\n  volume = {393},\n  pages = {440--442},\n  year = {1998},\n  doi = {10.1038/30918}\n}",
    ),
    (
        "newman2002assortative",
        "@article{newman2002assortative,\n  author = {Newman, M. E. J.},\n  title = {Assortative mixing in networks},\n  journal = {Physical Review Letters},\n  volume = {89},\n  number = {20},\n  pages = {208701},\n  year = {2002},\n  doi = {10.1103/PhysRevLett.89.208701}\n}",
    ),
    (
        "burt1992structural",
        "@book{burt1992structural,\n  author = {Burt, Ronald S.},\n  title = {Structural Holes: The Social Structure of Competition},\n  publisher = {Harvard University Press},\n  year = {1992}\n}",
    ),
    (
        "morone2015influence",
        "@article{morone2015influence,\n  author = {Morone, Flaviano and Makse, Hern{\\'a}n A.},\n  title = {Influence maximization in complex networks through optimal percolation},\n  journal = {Nature},\n  volume = {524},\n  pages = {65--68},\n  year = {2015},\n  doi = {10.1038/nature14604}\n}",
    ),
    (
        "traag2019louvain",
        "@article{traag2019louvain,\n  author = {Traag, V. A. and Waltman, L. and van Eck, N. J.},\n  title = {From {L}ouvain to {L}eiden: guaranteeing well-connected communities},\n  journal = {Scientific Reports},\n  volume = {9},\n  pages = {5233},\n  year = {2019},\n  doi = {10.1038/s41598-019-41695-z}\n}",
    ),
    (
        "blondel2008fast",
        "@article{blondel2008fast,\n  author = {Blondel, Vincent D. and Guillaume, Jean-Loup and Lambiotte, Renaud and Lefebvre, Etienne},\n  title = {Fast unfolding of communities in large networks},\n  journal = {Journal of Statistical Mechanics: Theory and Experiment},\n  pages = {P10008},\n  year = {2008},\n  doi = {10.1088/1742-5468/2008/10/P10008}\n}",
    ),
    (
        "raghavan2007near",
        "@article{raghavan2007near,\n  author = {Raghavan, Usha Nandini and Albert, R{\\'e}ka and Kumara, Soundar},\n  title = {Near linear time algorithm to detect community structures in large-scale networks},\n  journal = {Physical Review E},\n  volume = {76},\n  pages = {036106},\n  year = {2007},\n  doi = {10.1103/PhysRevE.76.036106}\n}",
    ),
    (
        "newman2004finding",
        "@article{newman2004finding,\n  author = {Newman, M. E. J. and Girvan, M.},\n  title = {Finding and evaluating community structure in networks},\n  journal = {Physical Review E},\n  volume = {69},\n  pages = {026113},\n  year = {2004},\n  doi = {10.1103/PhysRevE.69.026113}\n}",
    ),
    (
        "leicht2008community",
        "@article{leicht2008community,\n  author = {Leicht, E. A. and Newman, M. E. J.},\n  title = {Community structure in directed networks},\n  journal = {Physical Review Letters},\n  volume = {100},\n  pages = {118703},\n  year = {2008},\n  doi = {10.1103/PhysRevLett.100.118703}\n}",
    ),
    (
        "traag2011narrow",
        "@article{traag2011narrow,\n  author = {Traag, V. A. and Van Dooren, P. and Nesterov, Y.},\n  title = {Narrow scope for resolution-limit-free community detection},\n  journal = {Physical Review E},\n  volume = {84},\n  pages = {016114},\n  year = {2011},\n  doi = {10.1103/PhysRevE.84.016114}\n}",
    ),
    (
        "reichardt2006statistical",
        "@article{reichardt2006statistical,\n  author = {Reichardt, J{\\\"o}rg and Bornholdt, Stefan},\n  title = {Statistical mechanics of community detection},\n  journal = {Physical Review E},\n  volume = {74},\n  pages = {016110},\n  year = {2006},\n  doi = {10.1103/PhysRevE.74.016110}\n}",
    ),
    (
        "hubert1985comparing",
        "@article{hubert1985comparing,\n  author = {Hubert, Lawrence and Arabie, Phipps},\n  title = {Comparing partitions},\n  journal = {Journal of Classification},\n  volume = {2},\n  pages = {193--218},\n  year = {1985},\n  doi = {10.1007/BF01908075}\n}",
    ),
    (
        "danon2005comparing",
        "@article{danon2005comparing,\n  author = {Danon, Leon and D{\\'\\i}az-Guilera, Albert and Duch, Jordi and Arenas, Alex},\n  title = {Comparing community structure identification},\n  journal = {Journal of Statistical Mechanics: Theory and Experiment},\n  pages = {P09008},\n  year = {2005},\n  doi = {10.1088/1742-5468/2005/09/P09008}\n}",
    ),
    (
        "guimera2005functional",
        "@article{guimera2005functional,\n  author = {Guimer{\\`a}, Roger and Amaral, Lu{\\'\\i}s A. Nunes},\n  title = {Functional cartography of complex metabolic networks},\n  journal = {Nature},\n  volume = {433},\n  pages = {895--900},\n  year = {2005},\n  doi = {10.1038/nature03288}\n}",
    ),
    (
        "gould1989structures",
        "@article{gould1989structures,\n  author = {Gould, Roger V. and Fernandez, Roberto M.},\n  title = {Structures of mediation: A formal approach to brokerage in transaction networks},\n  journal = {Sociological Methodology},\n  volume = {19},\n  pages = {89--126},\n  year = {1989},\n  doi = {10.2307/270949}\n}",
    ),
    (
        "tang2015influence",
        "@inproceedings{tang2015influence,\n  author = {Tang, Youze and Shi, Yanchen and Xiao, Xiaokui},\n  title = {Influence maximization in near-linear time: A martingale approach},\n  booktitle = {Proceedings of the 2015 ACM SIGMOD International Conference on Management of Data},\n  pages = {1539--1554},\n  year = {2015},\n  doi = {10.1145/2723372.2723734}\n}",
    ),
    (
        "kempe2003maximizing",
        "@inproceedings{kempe2003maximizing,\n  author = {Kempe, David and Kleinberg, Jon and Tardos, {\\'E}va},\n  title = {Maximizing the spread of influence through a social network},\n  booktitle = {Proceedings of the Ninth ACM SIGKDD International Conference on Knowledge Discovery and Data Mining},\n  pages = {137--146},\n  year = {2003},\n  doi = {10.1145/956750.956769}\n}",
    ),
    (
        "jacomy2014forceatlas2",
        "@article{jacomy2014forceatlas2,\n  author = {Jacomy, Mathieu and Venturini, Tommaso and Heymann, Sebastien and Bastian, Mathieu},\n  title = {{ForceAtlas2}, a continuous graph layout algorithm for handy network visualization designed for the {Gephi} software},\n  journal = {PLoS ONE},\n  volume = {9},\n  number = {6},\n  pages = {e98679},\n  year = {2014},\n  doi = {10.1371/journal.pone.0098679}\n}",
    ),
];

/// The BibTeX entries of `keys`, in the order given, separated by blank lines.
///
/// # Panics
/// If a key is not in [`REFERENCES`] (a bug: the methods text only cites listed keys).
pub fn bibtex(keys: &[&str]) -> String {
    let mut out = String::new();
    for key in keys {
        let entry = REFERENCES
            .iter()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("no BibTeX entry for {key}"))
            .1;
        out.push_str(entry);
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_keyed_by_its_own_key_and_keys_are_unique() {
        for (i, (key, entry)) in REFERENCES.iter().enumerate() {
            assert!(entry.contains(&format!("{{{key},")), "{key}");
            assert!(REFERENCES[..i].iter().all(|(k, _)| k != key), "{key} twice");
            assert_eq!(
                entry.matches('{').count(),
                entry.matches('}').count(),
                "{key}"
            );
        }
    }
}
