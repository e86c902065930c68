import Foundation

/// What the claim clusterer keeps of one telling of a claim (across batches).
public struct ClaimCandidate: Sendable, Hashable, Codable {
    public var member: ClaimMember
    /// The speaker's entity within its document, resolved to a corpus entity at the end.
    public var localEntity: Int?
    public var outlet: String?
    public var published: String?
    /// Normalised features, hashed (see ``ClaimFeature``), sorted and unique: entities
    /// ("islamic state"), marks (figures, negation), folded terms ("fighters"), word stems.
    public var features: [UInt64]
    /// The claim's sentence vector, when a sentence encoder ran: unit vector components times
    /// 127, rounded (384 bytes instead of 1.5 KB per claim).
    public var vector: [Int8]?

    /// The claim's text, for an encoder.
    public var text: String { member.at.text }

    /// Stores a unit vector in the compact form.
    public mutating func setVector(_ unit: [Float]) {
        vector = unit.map { Int8(max(-127, min(127, ($0 * 127).rounded()))) }
    }

    /// Cosine of two compact vectors (both unit vectors before rounding).
    static func cosine(_ a: ArraySlice<Int8>, _ b: ArraySlice<Int8>) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var dot = 0
        for (x, y) in zip(a, b) { dot += Int(x) * Int(y) }
        return Double(dot) / (127 * 127)
    }
}

/// A claim feature as 64 bits: its kind in the top two bits, a hash of its text in the rest,
/// so a corpus of claims keeps 8 bytes per feature instead of a string.
enum ClaimFeature {
    /// A canonical entity; a mark (a figure, or the negation mark); a term folded by
    /// `claim-terms.txt`; a word stem.
    static let entity: UInt64 = 0, mark: UInt64 = 1, term: UInt64 = 2, word: UInt64 = 3
    /// The mark of a telling that negates or denies its proposition (see `claim-negations.txt`).
    static let negated = make(mark, "negated")

    /// The two marks of a figure: its value on a log scale of step 1.25, in two grids offset
    /// by half a step, so that two figures within about 12% of each other share at least one
    /// mark and figures more than 25% apart share none ("thirty" and "more than 30": 30 and 30;
    /// "$12.5 million" and "almost 13 million dollars").
    static func figure(_ value: Double) -> [UInt64] {
        guard value > 0, value.isFinite else { return [] }
        let x = log(value) / log(1.25)
        return [make(mark, "f\(Int(x.rounded(.down)))"), make(mark, "g\(Int((x + 0.5).rounded(.down)))")]
    }

    static func make(_ kind: UInt64, _ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return kind << 62 | (h & (1 << 62 - 1))
    }

    static func kind(_ f: UInt64) -> UInt64 { f >> 62 }
}

/// Groups claims that state the same proposition across documents, and traces each group to
/// its original sources.
///
/// 1. Normalise each claim (an attribution's content, or a sentence the author asserts): names
///    become their canonical entities ("Daesh" → Islamic State, "Americans" → United States),
///    words fold by `Resources/claim-terms.txt`, stop words and hedges
///    (`Resources/claim-stopwords.txt`) go, figures become marks of their value (see
///    ``ClaimFeature/figure(_:)``), and a negation or denial (`Resources/claim-negations.txt`,
///    in the claim or its reporting verb) marks the claim as negated.
/// 2. Block: an inverted index from names to claims; along each posting list a claim is
///    compared with its 20 nearest predecessors (union-find chains the links), so the work is
///    linear and never all pairs.
/// 3. Score each pair with ``ClaimPairScorer``: a logistic regression, learned on our story set,
///    over general signals (shared names, IDF-weighted overlap of words, figures that agree or
///    differ, the sentence vectors' cosine when there are vectors). Pairs of one polarity with a
///    probability of at least one half link, strongest first; a telling and its denial never
///    link; two groups join only when the mean probability over (up to 8 × 8 of) their members'
///    pairs is at least ``averageLink``, so a chain of links cannot join everything said on one
///    topic. A sentence of a republished copy always links to the sentence of its original that
///    it repeats.
/// 4. Provenance: a member in a republished copy counts as its original; voices (see
///    ``ClaimSource/voice``) give `independentSources`.
/// - Complexity: O(n × f × 20) for n claims of f names and words each, plus at most 64 pair
///   scores per join of two groups.
public struct ClaimClusterer: Sendable {
    public let gazetteer: Gazetteer
    public let terms: [String: String]
    public let stopwords: Set<String>
    public let negations: Set<String>
    /// The pair scorer: which pairs of claims tell one proposition.
    public var scorer: ClaimPairScorer
    /// The mean pair probability that two groups (one of them of two or more claims) need to
    /// join, over up to 8 × 8 of their members (0: single links only). Chosen by the
    /// leave-one-story-out sweep of `claimtrace eval claims --train-weights`.
    public var averageLink = 0.3
    /// How many of the latest claims linking keeps whole in memory; an older claim that a
    /// rare name links to is read back from the table (the same result, a little slower).
    public var recentClaims = 1 << 15
    /// Members of each group that the average link compares (the first ones of its ring).
    static let averageLinkSample = 8
    /// Content words a claim without a name needs to be a candidate.
    static let minimumWords = 6
    /// Feature Jaccard at which a sentence of a copy repeats a sentence of its original.
    static let copyOverlap = 0.8

    public init(gazetteer: Gazetteer = .shared, lexicon: Lexicon = .shared, scorer: ClaimPairScorer = .shipped) {
        self.gazetteer = gazetteer
        self.terms = lexicon.claimTerms
        self.stopwords = lexicon.claimStopwords
        self.negations = lexicon.claimNegations
        self.scorer = scorer
    }

    /// The claims of one document, with their features.
    public func candidates(_ doc: AnalyzedDocument) -> [ClaimCandidate] {
        let offsets = ScalarOffsets(doc.text)
        let mentions = PositionIndex(doc.mentions.map(\.range))
        let quantities = PositionIndex(doc.quantities.map(\.range))
        var out: [ClaimCandidate] = []
        func add(_ range: TextRange, attribution: Int?) {
            let features = self.features(
                doc, range, mentions: mentions, quantities: quantities, cue: attribution.map { doc.attributions[$0].cue })
            // A proposition about something: a name and some other word, or, without a name,
            // at least `Self.minimumWords` content words.
            let words = features.count { ClaimFeature.kind($0) == ClaimFeature.word || ClaimFeature.kind($0) == ClaimFeature.term }
            guard features.contains(where: { ClaimFeature.kind($0) == ClaimFeature.entity }) ? words > 0 : words >= Self.minimumWords
            else { return }
            var member = ClaimMember(
                at: SpanReference(doc, range, offsets: offsets), attribution: attribution.map { "a\($0 + 1)" },
                sourceKind: .unattributed, speaker: nil, entity: nil, country: nil,
                date: doc.metadata.published?.description, copyOf: nil)
            var local: Int?
            if let i = attribution {
                let a = doc.attributions[i]
                member.sourceKind = a.sourceKind
                local = doc.entities.attributionEntity[safe: i].flatMap { $0 }
                member.speaker = local.map { doc.entities.entities[$0].name } ?? a.speaker.map(doc.substring)
                member.country = local.flatMap { doc.entities.entities[$0].country }
                member.date = a.date?.description ?? member.date
            }
            out.append(
                ClaimCandidate(
                    member: member, localEntity: local, outlet: doc.metadata.outlet, published: doc.metadata.published?.description,
                    features: features))
        }
        for (i, a) in doc.attributions.enumerated() { add(a.content, attribution: i) }
        for assertion in doc.assertions { add(assertion.range, attribution: nil) }
        return out
    }

    /// The normalised features of a span, hashed, sorted and unique; `cue`, an attribution's
    /// reporting words, adds the negation mark when it denies ("denied", "rejected").
    /// - Complexity: O(span length + log mentions + log quantities) (with `mentions` and
    ///   `quantities` built once per document).
    func features(
        _ doc: AnalyzedDocument, _ range: TextRange, mentions: PositionIndex? = nil, quantities: PositionIndex? = nil,
        cue: TextRange? = nil
    ) -> [UInt64] {
        var features = Set<UInt64>()
        var covered: [TextRange] = []
        for k in (mentions ?? PositionIndex(doc.mentions.map(\.range))).inside(range) {
            let m = doc.mentions[k]
            let name = (m.canonical ?? EntityLinker.clean(doc.substring(m.range))).lowercased()
            features.insert(ClaimFeature.make(ClaimFeature.entity, name))
            // The name's words as name features too: a variant or a part of it ("Tarnow Works",
            // "Tarnow"; "Dravonian", "Dravonia's") still shares a part of the name.
            // (A one-word name whose stem is itself adds nothing: it is stored once.)
            let nameWords = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            for word in nameWords where word.count >= 3 && !stopwords.contains(String(word)) {
                let stem = Self.stem(String(word))
                if nameWords.count == 1 && stem == name { continue }
                features.insert(ClaimFeature.make(ClaimFeature.entity, "w:" + stem))
            }
            covered.append(m.range)
        }
        let names = OverlapIndex(covered)
        let tokens = Tokenizer().tokens(doc.text, in: range).filter { !names.containsAny($0.range) }
        let words = tokens.map { doc.substring($0.range) }
        // Demonyms and state names the tagger did not mark ("Americans" → United States).
        for match in gazetteer.matches(words) where ["demonym", "country", "metonym", "group"].contains(match.entry.kind) {
            if let canonical = match.entry.canonical { features.insert(ClaimFeature.make(ClaimFeature.entity, canonical.lowercased())) }
        }
        // Polarity: negations and denials in the claim and its reporting words, counted (a
        // denial of a negation asserts).
        var negations = 0
        for (token, word) in zip(tokens, words) where token.kind == .word {
            let w = word.lowercased()
            if isNegation(w) { negations += 1 }
            if stopwords.contains(w) || w.count < 3 { continue }
            if let key = terms[w] {
                features.insert(ClaimFeature.make(ClaimFeature.term, key))
            } else {
                features.insert(ClaimFeature.make(ClaimFeature.word, Self.stem(w)))
            }
        }
        if let cue {
            for token in Tokenizer().tokens(doc.text, in: cue) where token.kind == .word && isNegation(doc.substring(token.range).lowercased()) {
                negations += 1
            }
        }
        if negations % 2 == 1 { features.insert(ClaimFeature.negated) }
        for k in (quantities ?? PositionIndex(doc.quantities.map(\.range))).inside(range) where !doc.quantities[k].vague {
            features.formUnion(ClaimFeature.figure(doc.quantities[k].value))
        }
        return features.sorted()
    }

    /// The common elements of two sorted arrays.
    static func intersection(_ a: ArraySlice<UInt64>, _ b: ArraySlice<UInt64>) -> [UInt64] {
        var out: [UInt64] = []
        var i = a.startIndex
        var j = b.startIndex
        while i < a.endIndex, j < b.endIndex {
            if a[i] == b[j] {
                out.append(a[i])
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }

    /// Whether a lower-cased word negates ("not", "never", "denied", "didn't").
    func isNegation(_ w: String) -> Bool {
        negations.contains(w) || w.hasSuffix("n't") || w.hasSuffix("n’t")
    }

    /// A light stem: a possessive, plural, -ing and -ed endings, and a demonym's -ian/-n
    /// ("Syrian" and "Syria" share "syria").
    static func stem(_ w: String) -> String {
        var w = w
        if w.hasSuffix("'s") || w.hasSuffix("’s") { w = String(w.dropLast(2)) }
        if w.hasSuffix("ian") && w.count > 6 { return String(w.dropLast(1)) }
        for suffix in ["ing", "ed", "es", "s"] where w.hasSuffix(suffix) && w.count > suffix.count + 3 {
            return String(w.dropLast(suffix.count))
        }
        return w
    }

    /// Clusters claims and traces their provenance. `observe` is told each pair of claims
    /// scored (indices in `candidates`) with its signals.
    public func cluster(
        _ candidates: [ClaimCandidate], corpusEntity: (String, Int) -> String?, entityCountry: (String) -> String?,
        copies: [DuplicatePair], observe: ((_ i: Int32, _ j: Int32, _ signals: [Double]) -> Void)? = nil
    ) -> [ClaimCluster] {
        var table = ClaimTable(CorpusStorage(inMemory: true))
        table.append(candidates)
        var number: [String: Int32] = [:]
        for d in 0..<table.documentCount where number[table.documentInfo(d).id] == nil { number[table.documentInfo(d).id] = Int32(d) }
        let grouped = groups(
            table, corpusEntity: { d, local in corpusEntity(table.documentInfo(Int(d)).id, local) }, entityCountry: entityCountry,
            // Only pairs of documents with claims here are known by number: a copy whose
            // original has no claims gets no `copyOf` (the accumulator numbers every document).
            copies: { visit in
                for p in copies {
                    if let a = number[p.a], let b = number[p.b] { visit(a, b, p.original.flatMap { number[$0] }) }
                }
            }, observe: observe)
        return (0..<grouped.count).map(grouped.cluster)
    }

    /// Clusters the claims of a table; ``ClaimGroups/cluster(_:)`` then traces each one's
    /// provenance. `corpusEntity` gives the corpus entity of a document's (by number) local
    /// entity; `copies` hands each pair of copies (document numbers, and the original's when
    /// known) to its argument. `observe`, when given, is told every pair of claims compared
    /// (claim numbers in the table) with its signals (see ``ClaimPairScorer/signals``), for
    /// learning the scorer's weights; pairs of opposite polarity are not scored or told.
    ///
    /// Memory beyond the cached pages: 8 bytes per claim (union-find with sizes, and each
    /// group's members as a ring for the average link), the numbers of
    /// the `window` latest claims of each name, and the features of the last 32,768 claims.
    /// Links, centrality, the groups' members and the copies' originals are ``PagedArray``
    /// columns, sorted out of memory where needed; the table is read in order, and again only
    /// for an older claim that a rare name links to.
    func groups(
        _ table: ClaimTable, corpusEntity: (Int32, Int) -> String?, entityCountry: (String) -> String?,
        copies: (_ visit: (Int32, Int32, Int32?) -> Void) -> Void,
        observe: ((_ i: Int32, _ j: Int32, _ signals: [Double]) -> Void)? = nil
    ) -> ClaimGroups {
        let n = table.count
        guard n > 1 else { return ClaimGroups(table: table, copyOf: table.storage.array()) }
        // Document frequencies and IDF weights.
        var df: [UInt64: Int32] = [:]
        table.forEachClaim { _, features in for f in features { df[f, default: 0] += 1 } }
        func weight(_ f: UInt64) -> Double { log(Double(n + 1) / Double(df[f] ?? 1)) + 0.5 }
        // Names and words block; marks (figures, negation) do not.
        func isBlocking(_ f: UInt64) -> Bool { ClaimFeature.kind(f) != ClaimFeature.mark }
        // Blocking: along the posting list of each name, each claim is compared with its
        // `window` nearest predecessors. Claims come in order, so those are the last `window`
        // claims seen with that name: a ring of claim numbers per name, never a list of pairs.
        // Links chain through union-find, so a large cluster still comes together, and the
        // work stays linear.
        let window = 20
        // What comparing reads of a claim. The last `recentClaims` claims' are kept (the table is
        // read once, in order); an older one, met through a rare name, is read back.
        struct Recent {
            let index: Int32
            let document: Int32
            let features: [UInt64]
            let weights: ClaimPairScorer.Weights
            let vector: [Int8]?
        }
        func weights(_ features: [UInt64]) -> ClaimPairScorer.Weights {
            ClaimPairScorer.Weights(features, weight: weight)
        }
        // The signals of two claims of one polarity, and their probability of telling one
        // proposition (with the vectors' weights when both have a vector).
        func signals(_ x: Recent, _ y: Recent, common: [UInt64]) -> [Double] {
            ClaimPairScorer.signals(
                common, x.weights, y.weights, weight: weight, sameDocument: x.document == y.document,
                cosine: x.vector.flatMap { u in y.vector.map { v in ClaimCandidate.cosine(u[...], v[...]) } })
        }
        func probability(_ x: Recent, _ y: Recent, _ signals: [Double]) -> Double {
            scorer.probability(signals, semantic: x.vector != nil && y.vector != nil)
        }
        var latest: [Recent?] = Array(repeating: nil, count: max(1, min(n, recentClaims)))
        func fetch(_ i: Int32) -> Recent {
            if let kept = latest[Int(i) % latest.count], kept.index == i { return kept }
            let features = table.features(Int(i))
            return Recent(
                index: i, document: table.document[Int(i)], features: features, weights: weights(features),
                vector: table.hasVectors ? table.vector(Int(i)) : nil)
        }
        var recent: [UInt64: [Int32]] = [:]
        func documentPair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b))) }
        // Copies: each copy's original by document number, -1 for none (the first pair that
        // names one), and the pairs themselves (a copy's sentences join the claims they repeat).
        var copyPairs = Set<UInt64>()
        let copyOf: PagedArray<Int32> = table.storage.array(cachedPages: 16)
        copyOf.append(contentsOf: repeatElement(-1, count: table.documentCount))
        copies { a, b, original in
            copyPairs.insert(documentPair(a, b))
            if let original {
                let copy = Int(original == a ? b : a)
                if copyOf[copy] < 0 { copyOf[copy] = original }
            }
        }
        // A link: two claims and their score: 16 bytes.
        struct Link: BitwiseCopyable {
            let i: Int32
            let j: Int32
            let s: Double
        }
        let links: PagedArray<Link> = table.storage.array()
        // Centrality: summed similarity of each linked member. Links are made claim after claim
        // with their earlier claims in order, so each sum adds its terms in the same order in
        // every run (the sums pick each group's label).
        let similarity: PagedArray<Double> = table.storage.array()
        similarity.append(contentsOf: repeatElement(0, count: n))
        var earlier: [Int32] = []
        table.forEachClaim { j, b in
            let current = Recent(
                index: Int32(j), document: table.document[j], features: b, weights: weights(b),
                vector: table.hasVectors ? table.vector(j) : nil)
            earlier.removeAll(keepingCapacity: true)
            for f in b where isBlocking(f) {
                recent[f, default: []].keepLatest(Int32(j), window: window, reporting: &earlier)
            }
            earlier.sort()
            var previous: Int32 = -1
            for i in earlier where i != previous {
                previous = i
                let e = fetch(i)
                let common = Self.intersection(e.features[...], b[...])
                var s: Double
                let (da, db) = (e.document, current.document)
                if da != db, copyPairs.contains(documentPair(da, db)),
                    Double(common.count) >= Self.copyOverlap * Double(e.features.count + b.count - common.count)
                {
                    // A sentence of a republished copy and the sentence of its original that it
                    // repeats (near-identical features) are one claim, whatever the words are.
                    s = 1
                } else {
                    // A telling and its denial are two claims.
                    guard e.weights.negated == current.weights.negated else { continue }
                    let x = signals(e, current, common: common)
                    observe?(e.index, Int32(j), x)
                    s = probability(e, current, x)
                    guard s >= 0.5 else { continue }
                }
                links.append(Link(i: e.index, j: Int32(j), s: s))
                similarity[Int(e.index)] += s
                similarity[j] += s
            }
            latest[j % latest.count] = current
        }
        recent = [:]
        var sets = UnionFind(count: n)
        func find(_ x: Int) -> Int { sets.find(x) }
        // Each group's members as a ring (4 bytes per claim): joining two groups swaps two links.
        var ring = (0..<Int32(n)).map { $0 }
        // Average link: the mean probability over (at most `sample` × `sample`) pairs of the two
        // groups' members, so that a chain of pairwise links cannot join topics that only
        // touch. Copies' repeated sentences pass whatever it is.
        func meanProbability(_ ri: Int, _ rj: Int) -> Double {
            let sample = Self.averageLinkSample
            func members(_ r: Int) -> [Recent] {
                var out = [fetch(Int32(r))]
                var k = ring[r]
                while k != Int32(r), out.count < sample {
                    out.append(fetch(k))
                    k = ring[Int(k)]
                }
                return out
            }
            let (a, b) = (members(ri), members(rj))
            var sum = 0.0
            for x in a {
                for y in b {
                    guard x.weights.negated == y.weights.negated else { continue }
                    sum += probability(x, y, signals(x, y, common: Self.intersection(x.features[...], y.features[...])))
                }
            }
            return sum / Double(a.count * b.count)
        }
        // Strongest links first.
        let strongest = links.sorted { $0.s != $1.s ? $0.s > $1.s : ($0.i, $0.j) < ($1.i, $1.j) }
        strongest.forEach { _, link in
            let ri = find(Int(link.i))
            let rj = find(Int(link.j))
            guard ri != rj else { return }
            if averageLink > 0, link.s < 1, sets.size(ri) + sets.size(rj) > 2, meanProbability(ri, rj) < averageLink { return }
            sets.attach(rj, to: ri)
            ring.swapAt(ri, rj)
        }
        ring = []
        latest = []
        // Groups of at least two members: (group's first claim, claim) pairs sorted out of
        // memory, so that groups come in order of their first claim, each's claims in order.
        var firstOf: [Int: Int32] = [:]
        let pairs: PagedArray<UInt64> = table.storage.array()
        for i in 0..<n {
            let root = find(i)
            guard sets.size(root) >= 2 else { continue }
            let first = firstOf[root] ?? Int32(i)
            firstOf[root] = first
            pairs.append(UInt64(UInt32(first)) << 32 | UInt64(UInt32(i)))
        }
        firstOf = [:]
        sets = UnionFind(count: 0)
        let grouped = pairs.sorted(by: <)
        // Each group's spread (documents, members) and label, to order the groups before any is
        // written out; a group's members read back only its central one here.
        struct Group {
            var members: Range<Int>
            var documents: Int
            var label: String
        }
        var ordered: [Group] = []
        func close(_ members: Range<Int>) {
            // The most central member; among equals, the first.
            var central = -1
            var best = 0.0
            var documents = Set<Int32>()
            grouped.forEach(in: members) { _, pair in
                let i = Int(pair & 0xFFFF_FFFF)
                let s = similarity[i]
                if central < 0 || s > best { (central, best) = (i, s) }
                documents.insert(table.document[i])
            }
            ordered.append(Group(members: members, documents: documents.count, label: Self.label(table.member(central).at.text)))
        }
        grouped.forEachRun(by: { $0 >> 32 }, close)
        // By spread: documents, then members, then label.
        ordered.sort { ($1.documents, $1.members.count, $0.label) < ($0.documents, $0.members.count, $1.label) }
        var out = ClaimGroups(table: table, copyOf: copyOf)
        for group in ordered {
            grouped.forEach(in: group.members) { _, pair in
                let i = Int(pair & 0xFFFF_FFFF)
                let local = table.localEntity[i]
                let entity = local >= 0 ? corpusEntity(table.document[i], Int(local)) : nil
                if let entity, out.entityCountry[entity] == nil, let country = entityCountry(entity) { out.entityCountry[entity] = country }
                out.memberEntity.append(entity.map { out.entityNames.number($0) } ?? -1)
                out.memberList.append(Int32(i))
            }
            out.memberStart.append(Int32(out.memberList.count))
            out.labels.append(group.label)
        }
        return out
    }

    /// A short label: the text without quote marks and markup, at most 16 words.
    static func label(_ text: String) -> String {
        let words = EntityLinker.clean(text).replacingOccurrences(of: "“", with: "").replacingOccurrences(of: "”", with: "")
            .replacingOccurrences(of: "\"", with: "").split(separator: " ")
        var label = words.prefix(16).joined(separator: " ")
        if label.hasPrefix("that ") { label = String(label.dropFirst(5)) }
        return words.count > 16 ? label + "…" : label
    }
}

/// Claims clustered but not yet written out: each cluster's claims, in order of spread, and
/// what its members need from the corpus stages (corpus entities, their countries, copies).
/// ``cluster(_:)`` reads one cluster's members back and traces its provenance.
public struct ClaimGroups: Sendable {
    let table: ClaimTable
    /// Claims of each cluster, cluster after cluster; cluster `k`'s are
    /// `memberList[memberStart[k]..<memberStart[k + 1]]`.
    var memberStart: [Int32] = [0]
    let memberList: PagedArray<Int32>
    /// Per entry of `memberList`: the speaker's corpus entity (a number in `entityNames`) when
    /// the claim had a local one, else -1.
    let memberEntity: PagedArray<Int32>
    var entityNames = Interner<String>()
    var entityCountry: [String: String] = [:]
    /// Each document's original when it is a copy, else -1, by document number in `table`.
    let copyOf: PagedArray<Int32>
    var labels: [String] = []

    init(table: ClaimTable, copyOf: PagedArray<Int32>) {
        self.table = table
        self.copyOf = copyOf
        memberList = table.storage.array(cachedPages: 16)
        memberEntity = table.storage.array(cachedPages: 16)
    }

    public var count: Int { labels.count }

    /// Cluster `k` (in order of spread), with its provenance and timeline.
    public func cluster(_ k: Int) -> ClaimCluster {
        let range = Int(memberStart[k])..<Int(memberStart[k + 1])
        let memberIndices = memberList.elements(range).map { Int($0) }
        let entities = memberEntity.elements(range)
        // Each member's document, read back from the spill once.
        let infos = memberIndices.map(table.info)
        var members: [ClaimMember] = []
        for (entity, i) in zip(entities, memberIndices) {
            var m = table.member(i)
            if table.localEntity[i] >= 0 { m.entity = entity < 0 ? nil : entityNames[entity] }
            if let e = m.entity, m.country == nil { m.country = entityCountry[e] }
            let original = copyOf[Int(table.document[i])]
            m.copyOf = original < 0 ? nil : table.documentInfo(Int(original)).id
            members.append(m)
        }
        let documentSet = Set(members.map(\.at.document))
        let documents = documentSet.sorted()
        let outlets = Array(Set(infos.compactMap(\.outlet))).sorted()
        var outletOf: [String: String] = [:]
        for info in infos { if let outlet = info.outlet { outletOf[info.id] = outlet } }
        // Sources, with republished copies counted at their original; each source once, in
        // order (sets keep a claim told by thousands of documents linear).
        var sources: [ClaimSource] = []
        var seenSources = Set<ClaimSource>()
        for m in members {
            if let original = m.copyOf, documentSet.contains(original) { continue }
            let voice: String
            switch m.sourceKind {
            case .named:
                if let country = m.country { voice = "government:\(country)" } else { voice = "entity:\(m.entity ?? (m.speaker ?? "?").lowercased())" }
            case .anonymous: voice = "anonymous:\(m.at.document)"
            case .vague: voice = "vague:\(m.at.document)"
            case .unattributed:
                voice = "author:\(outletOf[m.at.document] ?? m.at.document)"
            }
            let source = ClaimSource(entity: m.entity, text: m.speaker ?? "the author", sourceKind: m.sourceKind, country: m.country, voice: voice)
            if seenSources.insert(source).inserted { sources.append(source) }
        }
        let voices = Set(sources.map(\.voice))
        var flags: [String] = []
        if !voices.isEmpty, voices.allSatisfy({ $0.hasPrefix("anonymous:") || $0.hasPrefix("vague:") }) { flags.append("anonymous-or-vague-only") }
        let governments = Set(voices.filter { $0.hasPrefix("government:") })
        if governments.count == 1, voices.allSatisfy({ $0.hasPrefix("government:") || $0.hasPrefix("author:") }) { flags.append("one-government") }
        if voices.count == 1 { flags.append("single-source") }
        // Timeline: statements by their date, publications by theirs.
        var timeline: [TimelineEvent] = []
        var publicationShown = Set<String>()
        for (info, m) in zip(infos, members) {
            let published = info.published
            if let date = m.date, m.attribution != nil, date != published {
                timeline.append(TimelineEvent(date: date, kind: .statement, document: m.at.document, text: m.speaker.map { "\($0): \(m.at.text)" } ?? m.at.text))
            }
            if let published, publicationShown.insert(m.at.document).inserted {
                timeline.append(TimelineEvent(date: published, kind: .publication, document: m.at.document, text: info.outlet ?? m.at.document))
            }
        }
        timeline.sort { ($0.date, $0.kind == .statement ? 0 : 1, $0.document) < ($1.date, $1.kind == .statement ? 0 : 1, $1.document) }
        return ClaimCluster(
            id: "C\(k + 1)", label: labels[k], members: members, documents: documents,
            outlets: outlets, sources: sources, independentSources: voices.count,
            firstSeen: timeline.first?.date, flags: flags, timeline: timeline)
    }
}

extension Array {
    /// Adds `latest`, keeping the last `window` elements, after appending the ones already
    /// there to `earlier`.
    mutating func keepLatest(_ latest: Element, window: Int, reporting earlier: inout [Element]) {
        earlier += self
        if count >= window { removeFirst(count - window + 1) }
        append(latest)
    }
}
