# relais — catalogue français. Mêmes clés et mêmes variables que locales/en/relais.ftl (vérifié
# par le test i18n::tests::every_key_and_placeable_exists_in_every_language). Les nombres arrivent
# déjà formatés ($count, $value…) : 1 234 (espace fine insécable U+202F), 0,5 ; un $n numérique
# ne sert qu’à choisir le pluriel. Un message par ligne.

## report.html : cadre de la page

report-title = Rapport relais
report-seed = graine
report-inputs = fichiers d’entrée : { $files }
value-na = n.d.

nav-figures = Chiffres clés
nav-methods = Méthodes
nav-roles = Rôles
nav-communities = Communautés
nav-charts = Graphiques
nav-accounts = Comptes

## Chiffres clés

figures-title = Chiffres clés
figure-nodes = comptes
figure-edges = liens (paires distinctes)
figure-density = densité
figure-reciprocity = réciprocité
figure-largest-weak = plus grande composante connexe
figure-isolated = comptes isolés
figure-communities = communautés
figure-modularity = modularité
figure-transitivity = transitivité
figure-records = enregistrements lus

## Section Méthodes du rapport

methods-title = Méthodes et paramètres
methods-intro = Un lien indique l’attention : un lien u → v signifie que u suit v, le repartage, le cite, lui répond, le mentionne, commente ou aime ses contenus ; le degré entrant mesure donc l’audience. Le PageRank, les communautés et les colonnes de centralité sont définis dans le README de relais ; les paramètres de cette analyse suivent (tirés de run.json et de summary.json).
methods-summary = Comment les chiffres ont été calculés (summary.json)
methods-config = Configuration complète et exécution (run.json)
methods-inputs = Fichiers d’entrée et leur empreinte SHA-256

## Section Rôles

roles-title = Rôles
roles-intro-html = Le rôle de chaque compte et la raison pour laquelle il lui a été attribué (colonnes <code>role</code> et <code>why</code>), les comptes les mieux classés par PageRank en premier.
roles-col-role = rôle
roles-col-accounts = comptes
roles-col-account = compte
roles-col-why = pourquoi
roles-count = ({ $count } { $n ->
        [one] compte
       *[other] comptes
    })

## Communautés, graphiques, comptes

communities-title = Communautés
communities-intro = Une ligne par communauté, de la plus grande à la plus petite (communities.csv). Cliquez sur un en-tête pour trier.
communities-more = Les 50 plus grandes des { $count } communautés ; toutes figurent dans communities.csv.
charts-title = Graphiques
accounts-title = Comptes
accounts-intro = Les { $rows } premiers des { $total } comptes par PageRank (toutes les lignes et colonnes sont dans accounts.csv ; toutes les colonnes de ces lignes sont dans les données intégrées à la page). Cliquez sur un en-tête pour trier ; tapez du texte pour filtrer.
accounts-filter = filtrer les comptes…
accounts-shown = { $count } affichés

## Graphiques : légendes et notes dans report.html

chart-degree-title = Distribution des degrés
chart-degree-note = Part des comptes ayant au moins k abonnés ou comptes attentifs (entrant) ou abonnements (sortant), en échelle log-log ; une droite suggère une distribution à queue lourde.
chart-top-title = Comptes en tête par { $metric }
chart-top-note = Couleur = communauté.
chart-reach-title = Portée et engagement
chart-reach-note = Les { $count } premiers comptes par PageRank ; lignes aux médianes ; nommés : les cinq premiers par portée, par engagement et par engagement rapporté à la portée.
chart-sizes-title = Taille des communautés
chart-flows-title = Attention entre communautés
chart-flows-note = Ligne → colonne : poids total des liens allant des membres de la communauté en ligne vers les membres de la communauté en colonne (couleur en échelle logarithmique).
chart-trajectories-title = Trajectoires de rang
chart-trajectories-note = Rang par fenêtre de temps (windows.csv : 1 = premier) de { $count } comptes : les premiers de rising.csv, complétés par les mieux classés de la dernière fenêtre ; une interruption correspond à une fenêtre sans attention reçue.
chart-map-title = Carte du réseau
chart-map-note = { $drawn } comptes sur { $total } (les premiers par PageRank), { $edges } de leurs { $links } liens tracés ; ForceAtlas2, { $iterations } itérations, graine { $seed } ; couleur = communauté, taille = PageRank

## Graphiques : textes dessinés dans les images

metric-pagerank = PageRank
metric-in_degree = degré entrant (audience)
metric-in_strength = force entrante (attention reçue)
metric-betweenness = intermédiarité (rôle de passerelle)
metric-harmonic = centralité harmonique (entrante)
metric-collective_influence = influence collective
series-in-degree = degré entrant (audience)
series-out-degree = degré sortant (activité)
bars-top-title = Les { $count } premiers comptes par { $metric }
reach-x-followers = portée : abonnés
reach-y-interactions = engagement : interactions reçues (hors abonnements)
reach-x-in-degree = portée : degré entrant
reach-y-in-strength = engagement : force entrante
sizes-title = Taille des communautés (les { $shown } plus grandes sur { $total })
sizes-axis = comptes
community-label = communauté { $id }
flows-heatmap-title = Attention entre les { $count } plus grandes communautés
flows-axis-from = de (prête attention)
flows-axis-to = vers (reçoit l’attention)
ccdf-caption = Distribution des degrés (CCDF, log-log)
ccdf-x = degré k
ccdf-y = P(degré ≥ k)
quadrant-niche = niche engagée
quadrant-large-engaged = grande audience engagée
quadrant-small = petite audience, peu d’engagement
quadrant-large-low = grande audience, faible engagement
trajectories-x = fenêtre
trajectories-y = rang
trajectories-title-top = Trajectoires de rang des comptes en tête
trajectories-title-rising = Trajectoires de rang des comptes en plus forte progression
overlap-title = Recouvrement des audiences (similarité de Jaccard des abonnés)
overlap-axis = compte audité

## Carte interactive (interactive::MapText)

map-title = Carte interactive du réseau
map-intro = La carte du réseau ci-dessus, à explorer : faites glisser pour vous déplacer, utilisez la molette pour zoomer, cliquez sur un compte pour afficher sa ligne, ou cherchez un compte par identifiant ou par pseudo.
map-capped = Seuls les { $shown } premiers des { $laid_out } comptes positionnés sont dessinés ici.
map-placeholder = identifiant ou pseudo…
map-find = Chercher
map-reset = Réinitialiser
map-needs-js = La carte interactive nécessite JavaScript ; la carte statique du réseau se trouve dans la section Graphiques.
map-nav = Carte interactive
map-not-found = Aucun compte ne correspond à « { $query } » parmi les { $n } de la carte.
map-rank = rang
map-links = liens sur la carte
map-show-row = Afficher dans le tableau des comptes
map-not-in-table = Ne figure pas parmi les comptes du tableau ci-dessous ; tous les comptes sont dans accounts.csv.
map-drawn-webgl = Dessinée avec sigma.js (WebGL).
map-drawn-canvas = Dessinée sur un canevas 2D ({ $why }).
map-no-webgl = WebGL n’est pas disponible dans ce navigateur
map-webgl-failed = le rendu WebGL a échoué : { $error }

## Rôles : noms montrés aux lecteurs (la colonne `role` garde les libellés anglais)

role-influencer = influenceur
role-relay = relais d’opinion
role-prescriber = prescripteur
role-amplifier = amplificateur
role-core = cœur de communauté
role-peripheral = périphérique
role-ordinary = ordinaire
ga-R1 = ultra-périphérique
ga-R2 = périphérique
ga-R3 = connecteur
ga-R4 = sans attache
ga-R5 = pivot local
ga-R6 = pivot connecteur
ga-R7 = pivot sans attache

## La phrase `why` de chaque compte (colonne `why` de accounts.csv)

why-na = n.d.
why-engagement-kinds = interactions ({ $list })
why-spread-kinds = actions de diffusion ({ $list })
why-neighbours = { $within } de ses { $degree } voisins dans la communauté { $community } (score z intra-communauté { $z })
why-ga = Guimerà–Amaral : { $ga_name } ({ $code }), participation { $participation } sur { $communities } communautés
why-followed-by = suivi par { $count } abonnés
why-attention-from = { $count } comptes lui prêtent attention
why-influencer = { $audience } (n° { $audience_rank } sur { $n }) et n° { $pagerank_rank } par PageRank ({ $pagerank })
why-influencer-hub = { $overall } ; un pivot de sa communauté : { $neighbours }
why-influencer-top = { $overall }, tous deux dans le quantile supérieur (seuils : { $audience_threshold } abonnés, PageRank { $pagerank_threshold })
why-relay = { $ga } ; fait le lien sur { $cross } chemins ouverts entre communautés (agent de liaison { $liaison }, gardien { $gatekeeper }, représentant { $representative }, itinérant { $itinerant }), { $coordinator } au sein de la sienne ; score de relais { $score } (seuil { $threshold }) ; contrainte de Burt { $constraint }
why-prescriber = { $received } { $kinds } reçues de { $engagers } comptes dans { $communities } communautés : { $per_follower } par abonné ({ $audience } ; seuil { $threshold })
why-prescriber-nonfollowers = , dont { $share } venant de non-abonnés
why-prescriber-per-post = , { $value } par publication
why-prescriber-spread = {"\u202F"}; relayé par { $spreaders } comptes, eux-mêmes relayés par { $second_hop } (second niveau)
why-amplifier = a fait { $made } { $spread_kinds } (seuil { $threshold }) mais n’a reçu que { $received } { $kinds } (au plus { $max })
why-core = { $neighbours }, au moins le seuil du cœur { $threshold } ; { $ga }
why-peripheral = { $neighbours }, au plus le seuil périphérique { $threshold } ; { $ga }
why-ordinary = aucun seuil de rôle atteint : { $audience } ; { $neighbours } ; { $ga }
why-also = {"\u202F"}; rôles aussi remplis : { $roles }
why-sentence = { $role } : { $body }{ $also }

## Résumés dans le terminal

cli-analyze-done = { $accounts } comptes, { $edges } liens, { $components } composantes faiblement connexes ; résultats dans { $out }
cli-skipped = { $count } lignes ignorées ({ $reasons })
cli-references = références ({ $count }) : { $path }
cli-note = remarque : { $note }
cli-build-skipped = { $count } lignes ignorées (voir `relais inspect`)
cli-build-done = { $accounts } comptes, { $edges } liens ; cache du graphe dans { $out } ({ $bytes } octets, graphe de { $graph } octets en mémoire)
cli-simulate-done = { $accounts } comptes ({ $organic } organiques, { $farm } de ferme) dans { $communities } communautés, { $edges } liens ; écrits dans { $out } en { $seconds } s
cli-simulate-edges = liens : { $list }
cli-simulate-roles = rôles : { $list }
cli-simulate-measured = mesuré : mu { $mu } (planté { $pmu }), abonnements par compte { $follows } (planté { $pfollows }), exposant des degrés { $degree } (planté { $pdegree }), exposant des abonnements { $fexp } (planté { $pfexp }), exposant des communautés { $cexp } (planté { $pcexp })
cli-verify-note = remarque : écrit par relais { $recorded }, vérifié avec { $version }
cli-verify-input = entrée  { $path } : { $state }
cli-verify-input-same = même SHA-256
cli-verify-input-changed = MODIFIÉE (SHA-256 { $recorded } dans run.json, { $now } maintenant)
cli-verify-input-missing = ABSENTE
cli-verify-same = identique  { $file }
cli-verify-differs = DIFFÈRE    { $file } (première différence à l’octet { $offset } ; { $recorded } contre { $now } octets)
cli-verify-missing = ABSENT     { $file } (pas produit à nouveau)
cli-verify-extra = EN TROP    { $file } (nouveau dans la réexécution)
cli-verify-manifest = DIFFÈRE    run.json : { $key }
cli-verify-ok = vérifié : { $count } sorties identiques octet pour octet
cli-verify-failed = { $out } : les sorties ne sont pas reproduites
cli-seeds-done = { $accounts } comptes, { $edges } liens d’influence ({ $model }, { $probability }) ; IMM ε = { $epsilon }, δ = { $delta } : { $theta } ensembles RR (taille moyenne { $mean }), dont { $sampling } dans la phase d’échantillonnage ; résultats dans { $out }
cli-seeds-wc = cascade pondérée
cli-seeds-observed = taux de repartage observés
cli-inspect-rows = lignes
cli-inspect-error = erreur : { $error }
cli-inspect-problem = problème : { $note } ({ $count })
cli-inspect-path = { $accounts } comptes, { $records } enregistrements de liens
cli-inspect-skipped = ignorées : { $reason } ({ $count })
cli-inspect-all = total : { $accounts } comptes, { $records } enregistrements de liens ({ $kinds }), période { $span }
cli-inspect-failed = certaines entrées n’ont pas pu être lues (voir ci-dessus)

## relais methods (reproduce::methods) ; les citations arrivent sous la forme « [clé] »

methods-data-files = Le réseau a été construit avec relais { $version } à partir de { $count } { $n ->
        [one] fichier
       *[other] fichiers
    } d’entrée : { $files }.
methods-data-read = { $count } enregistrements de liens ont été lus
methods-data-skipped = et { $count } lignes mal formées ont été ignorées (mode tolérant ; motifs dans run.json)
methods-data-graph = Un lien u → v indique que le compte u prête attention au compte v (il le suit, le repartage, le cite, lui répond, le mentionne ou aime ses contenus). Après suppression de { $loops } boucles et fusion de { $merged } enregistrements répétés d’une même paire et d’un même type (leur nombre donne la multiplicité du lien et la somme de leurs poids sa force), le graphe { $kind } compte { $nodes } comptes et { $edges } liens
methods-data-layers = répartis en { $count } couches, une par type d’interaction ({ $list })
methods-data-density = {"\u202F"}; sa densité est de { $density } et sa réciprocité de { $reciprocity }.
methods-graph-directed = orienté
methods-graph-undirected = non orienté
methods-pagerank = L’audience est mesurée par le degré entrant et la force entrante de chaque type d’interaction. Le PageRank { $cite } a été calculé sur le graphe { $kind } combiné avec un facteur d’amortissement de { $damping }, les poids étant traités comme des forces, le rang des comptes sans lien sortant redistribué uniformément et une tolérance L1 de { $tolerance } ; il { $outcome } après { $iterations } itérations.
methods-converged = a convergé
methods-not-converged = n’a pas convergé
methods-coreness = La coréité est le numéro de k-cœur sur la vue simple non orientée { $cite_cores } ; les composantes faiblement et fortement connexes sont indiquées { $cite_components }.
methods-betweenness = La centralité d’intermédiarité { $cite } compte les plus courts chemins en nombre de sauts (normalisation de NetworkX) ; { $how }
methods-closeness = La proximité suit la correction de Wasserman et Faust pour les graphes non connexes { $cite_wf } et la centralité harmonique somme les inverses des distances { $cite_harmonic } ; { $how }
methods-sampled = elle a été estimée à partir de { $samples } échantillons aléatoires { $cite }, avec une erreur additive d’au plus { $epsilon } pour chaque compte avec une probabilité d’au moins { $confidence }.
methods-exact = elle a été calculée de manière exacte.
methods-other = La centralité de vecteur propre { $cite_eig } utilise la vue non orientée ; la centralité de Katz { $cite_katz } utilise α = { $alpha } et β = { $beta } ; les scores de hub et d’autorité proviennent de HITS { $cite_hits }. Le coefficient de clustering local et les triangles { $cite_clustering }, l’assortativité des degrés { $cite_assort }, la contrainte et la taille effective de Burt { $cite_burt } et l’influence collective au rayon ℓ = { $radius } { $cite_ci } complètent le tableau par compte. Les mesures fondées sur les chemins utilisent le nombre de sauts ; leurs variantes `_weighted` utilisent une longueur de 1/poids.
methods-leiden = l’algorithme de Leiden { $cite }
methods-louvain = l’algorithme de Louvain { $cite }
methods-lpa = la propagation d’étiquettes { $cite }
methods-objective-directed = , en maximisant la modularité orientée { $cite } avec une résolution γ = { $resolution } { $cite_resolution }
methods-objective-modularity = , en maximisant la modularité { $cite } avec une résolution γ = { $resolution } { $cite_resolution }
methods-objective-cpm = , en maximisant le modèle de Potts à constante (CPM) { $cite } avec une résolution γ = { $resolution }
methods-view = sur la vue { $direction } { $weighting }{ $layers }
methods-view-directed = orientée
methods-view-undirected = non orientée
methods-view-weighted = pondérée
methods-view-unweighted = non pondérée
methods-view-layers = des couches { $list }
methods-one-run = Une seule exécution a été faite, avec la graine { $seed }
methods-runs = { $runs } exécutions indépendantes ont été faites à partir de la graine { $seed } (flux aléatoires 0 à { $last }) et la partition de meilleure qualité a été retenue
methods-communities = Les communautés ont été détectées avec { $algorithm }{ $objective }, { $view }. { $made } : { $count } communautés, la plus grande de { $largest } comptes, modularité Q = { $modularity }.
methods-ari = L’indice de Rand ajusté moyen { $cite } entre les partitions des différentes exécutions vaut { $ari }.
methods-truth = Comparée à la colonne de vérité terrain `{ $column }` ({ $classes } classes sur { $labelled } comptes étiquetés), la partition obtient NMI = { $nmi } { $cite } et ARI = { $ari }.
methods-roles = Le rôle structurel de chaque compte au sein de la partition en communautés suit le coefficient de participation et le score z de degré intra-communauté de Guimerà et Amaral { $cite_ga } ; les comptages de courtage suivent Gould et Fernandez { $cite_gf }. Les seuils des rôles sont consignés dans summary.json.
methods-reproducibility = Chaque étape aléatoire a été initialisée avec la graine { $seed } ; les résultats sont identiques quel que soit le nombre de fils d’exécution, et `relais verify` relance l’analyse à partir de son manifeste (run.json, qui consigne l’empreinte SHA-256 de chaque fichier d’entrée et la configuration complète) et vérifie que chaque sortie est identique octet pour octet. Fils d’exécution utilisés : { $threads }.

## relais audit : descriptions des règles (audit.json `rules[].description`) et report.html

rule-no-followers = l’abonné a lui-même au plus { $max } abonnés (colonne followers_count du tableau des comptes si elle existe, sinon son degré entrant d’abonnement dans les données)
rule-mass-following = l’abonné suit plus de { $max } comptes (colonne following_count du tableau des comptes si elle existe, sinon son degré sortant d’abonnement dans les données)
rule-empty-profile = default_profile vaut true, ou la description est vide et posts_count vaut 0 (nécessite ces colonnes du tableau des comptes)
rule-recent-creation = le created_at de l’abonné précède de moins de { $days } jours le moment de l’abonnement (ou le dernier horodatage des données quand l’abonnement n’en a pas) ; nécessite created_at
rule-follow-burst = l’abonnement tombe dans une fenêtre de { $hours } heures contenant au moins max({ $min }, { $factor } × la moyenne d’abonnements du compte par { $hours } heures sur la période des données) abonnements au compte audité ; nécessite l’horodatage des abonnements
rule-never-interacting = l’abonné n’a aucune interaction (de quelque type que ce soit hors abonnement) envers qui que ce soit dans les données ; nécessite des couches d’interactions
audit-title = Audit d’audience relais
audit-nav-audiences = Audiences
audit-nav-rules = Règles
audit-nav-composition = Composition
audit-nav-overlap = Recouvrement
audit-nav-methods = Méthodes
audit-audiences-title = Audiences auditées
audit-audiences-intro-html = L’audience d’un compte, ce sont ses abonnés présents dans les données. <i>Actifs</i> : abonnés ayant au moins une interaction (hors abonnement) envers n’importe quel compte, ou envers ce compte. <i>Suspects</i> : abonnés signalés par au moins { $min } des règles ci-dessous ; <b>authenticité = 1 − suspects / audience</b>.
audit-rules-title = Règles de détection des abonnés suspects
audit-col-rule = règle
audit-col-flags-when = signale un abonné quand
audit-col-threshold = seuil
audit-col-applies = applicable à ces données
audit-yes = oui
audit-no = non
audit-col-flagged = abonnés signalés
audit-col-share = part de l’audience
audit-rules-note = n.d. : les données ne permettent pas d’appliquer la règle (colonnes manquantes dans le tableau des comptes, abonnements sans horodatage ou pas de couche d’interactions). Pour follow_burst, le seuil est le nombre d’abonnements par fenêtre qu’il fallait pour former un pic sur ce compte.
audit-composition-title = Composition de l’audience
audit-composition-intro = Les principales communautés de chaque audience (numéros de communauté identiques à ceux de accounts.csv produit par analyze avec les mêmes données et réglages).
audit-composition-count = ({ $count } { $n ->
        [one] communauté
       *[other] communautés
    })
audit-col-community = communauté
audit-col-followers = abonnés
audit-col-community-share = part
audit-overlap-title = Recouvrement des audiences
audit-overlap-intro = Abonnés communs à chaque paire de comptes audités (sur la diagonale : la taille de l’audience) et leur similarité de Jaccard (communs / abonnés de l’un ou l’autre). Le tableau qui permet à une agence d’éviter de payer deux fois pour la même audience.
audit-shared = abonnés communs
audit-jaccard = Jaccard
audit-methods-title = Méthodes
audit-methods-html = Chaque règle signale un abonné sur un seul indice ; un indice isolé est courant chez de vraies personnes, alors que les comptes de fermes à abonnés en cumulent plusieurs : le score compte donc les abonnés signalés par au moins { $min } règles applicables (ramené au nombre de règles que les données permettent quand il y en a moins). Les seuils des règles se règlent en ligne de commande (<code>relais audit --help</code>) et sont consignés dans run.json et audit.json.
audit-chart-title = Recouvrement des audiences
audit-chart-note = Similarité de Jaccard des abonnés des comptes audités : 0 = aucun abonné en commun, 1 = la même audience.
