import Foundation

/// Merges the entities of all documents into corpus entities, explaining every merge.
///
/// - People merge when their surnames agree and their first names agree as transliterations
///   ("Mohammad Bagheri" / "Mohammad Baqeri", "Zamir" / "Zemir Kabulov"): equal consonant
///   skeletons after folding common transliteration pairs (gh/q, kh/h, ph/f, y/i, w/v). A
///   surname spelt differently also needs a shared role word or the same first name.
///   Different first names stay apart ("Ilona Vesk", "Tomas Vesk"); a bare surname joins only
///   when one person in the corpus has it.
/// - Everything else merges by canonical name from the lists ("Daesh", "ISIS" → "Islamic
///   State"), else by the same name.
/// - Complexity: O(n log n) in the number of document entities, plus the pairs of distinct
///   spellings within one surname (no pairs across surnames or between identical names).
public struct EntityResolver: Sendable {
    public init() {}

    /// A document's entities, with the document's id.
    public struct Input: Sendable {
        public var document: String
        public var entities: [DocumentEntity]
        public init(document: String, entities: [DocumentEntity]) {
            self.document = document
            self.entities = entities
        }
    }

    /// The corpus entities, and for each input document the corpus id of each of its entities.
    public struct Output: Sendable {
        public var entities: [CorpusEntity]
        public var corpusId: [String: [String]]
    }

    /// Merge reasons kept per entity; the rest are counted.
    static let evidenceLines = 12

    /// The entities of many documents, each distinct entity stored once: a document keeps
    /// one index per entity (4 bytes) instead of its strings, since the same names recur
    /// across a corpus.
    public struct Table: Sendable {
        public private(set) var documents: [String] = []
        private(set) var distinct = Interner<DocumentEntity>()
        /// Entity numbers, document after document; document `d`'s end at `documentEnd[d]`.
        private(set) var occurrences: [Int32] = []
        private(set) var documentEnd: [Int] = []

        /// Where grouping keeps its columns (in memory for a table made with ``init()``).
        let storage: CorpusStorage

        public init() { storage = CorpusStorage(inMemory: true) }

        init(_ storage: CorpusStorage) { self.storage = storage }

        public init(_ inputs: [Input]) {
            self.init()
            for input in inputs { add(document: input.document, entities: input.entities) }
        }

        public mutating func add(document: String, entities: [DocumentEntity]) {
            documents.append(document)
            for e in entities { occurrences.append(distinct.number(e)) }
            documentEnd.append(occurrences.count)
        }

        /// Where document `d`'s entities are in ``occurrences``.
        func range(ofDocument d: Int) -> Range<Int> { (d == 0 ? 0 : documentEnd[d - 1])..<documentEnd[d] }

        /// The document occurrence `k` belongs to (a binary search over document ends).
        func document(ofOccurrence k: Int) -> Int {
            var low = 0
            var high = documentEnd.count - 1
            while low < high {
                let mid = (low + high) / 2
                if documentEnd[mid] > k { high = mid } else { low = mid + 1 }
            }
            return low
        }
    }

    /// - Complexity: O(n log n) in the document entities, plus pairwise comparison of the
    ///   distinct spellings sharing a surname skeleton (few per surname).
    public func resolve(_ inputs: [Input]) -> Output {
        group(Table(inputs)).output
    }

    /// The corpus entities of a table, in compact form.
    /// - Complexity: O(n log n) in the document entities, plus pairwise comparison of the
    ///   distinct spellings sharing a surname skeleton (few per surname).
    public func group(_ table: Table) -> Grouping {
        // Items are the document entities, numbered as the table's occurrences: occurrence `i`
        // is its document's entity, and its document is found from the documents' ends (only
        // for the merge reasons a group keeps).
        let items = table.occurrences.indices
        func entity(_ i: Int) -> DocumentEntity { table.distinct[table.occurrences[i]] }
        func doc(_ i: Int) -> String { table.documents[table.document(ofOccurrence: i)] }
        // What the grouping reads of each entity, worked out once per distinct entity rather
        // than once per document that names it: the key of a non-person, a person's name words
        // and surname skeleton.
        let distinct = table.distinct.values
        let keys = distinct.map { e in e.type == .person ? "" : "\(e.type.rawValue)|\((e.canonical ?? e.name).lowercased())" }
        let nameWords = distinct.map { e in e.type == .person ? EntityLinker.nameWords(e.name) : [] }
        let surnames = nameWords.map { $0.last.map(Self.skeleton) }
        func words(_ i: Int) -> [String] { nameWords[Int(table.occurrences[i])] }
        var sets = UnionFind(count: items.count)
        func find(_ x: Int) -> Int { sets.find(x) }
        // Why each group was merged: the first few reasons, and a count of the others, so that
        // a name found in thousands of documents keeps a short list and merges in linear time.
        var evidence: [Int: [String]] = [:]
        var omitted: [Int: Int] = [:]
        func union(_ a: Int, _ b: Int, _ why: @autoclosure () -> String) {
            let ra = find(a)
            let rb = find(b)
            guard ra != rb else { return }
            sets.attach(rb, to: ra)
            var lines = evidence.removeValue(forKey: ra) ?? []
            var more = (omitted.removeValue(forKey: ra) ?? 0) + (omitted.removeValue(forKey: rb) ?? 0)
            for line in evidence.removeValue(forKey: rb) ?? [] {
                if lines.count < Self.evidenceLines { lines.append(line) } else { more += 1 }
            }
            if lines.count < Self.evidenceLines { lines.append(why()) } else { more += 1 }
            evidence[ra] = lines
            if more > 0 { omitted[ra] = more }
        }

        // Non-people: by type and canonical name or name.
        var byKey: [String: Int] = [:]
        for i in items where entity(i).type != .person {
            let e = entity(i)
            let key = keys[Int(table.occurrences[i])]
            if let first = byKey[key] {
                // The reason is only written out while the group keeps reasons (see `union`).
                union(
                    first, i,
                    e.canonical != nil && e.name != entity(first).name
                        ? "“\(entity(first).name)” and “\(e.name)” are listed aliases of \(e.canonical!)"
                        : "same name “\(e.name)” in \(doc(first)) and \(doc(i))")
            } else {
                byKey[key] = i
            }
        }

        // People: grouped by surname skeleton.
        var bySurname: [String: [Int]] = [:]
        for i in items where entity(i).type == .person {
            guard let surname = surnames[Int(table.occurrences[i])] else { continue }
            bySurname[surname, default: []].append(i)
        }
        for group in bySurname.keys.sorted().map({ bySurname[$0]! }) {
            let full = group.filter { words($0).count >= 2 }
            let bare = group.filter { words($0).count < 2 }
            // The same written name merges in one pass; only distinct spellings are compared
            // pairwise (few per surname), so a person named in thousands of documents stays linear.
            var byName: [String: Int] = [:]
            var spellings: [Int] = []
            for i in full {
                let key = entity(i).name.lowercased()
                if let first = byName[key] {
                    union(first, i, "same name “\(entity(i).name)” in \(doc(first)) and \(doc(i))")
                } else {
                    byName[key] = i
                    spellings.append(i)
                }
            }
            for (x, i) in spellings.enumerated() {
                for j in spellings[(x + 1)...] where find(i) != find(j) {
                    if let why = Self.samePerson(entity(i), entity(j)) {
                        union(i, j, "\(doc(i)) “\(entity(i).name)” = \(doc(j)) “\(entity(j).name)”: \(why)")
                    }
                }
            }
            // A bare surname joins the only person who has it.
            let people = Set(full.map(find))
            if people.count == 1, let target = full.first {
                for b in bare {
                    union(target, b, "\(doc(b)) “\(entity(b).name)” is the only person with that surname: \(entity(target).name)")
                }
            } else if full.isEmpty, let first = bare.first {
                for b in bare.dropFirst() { union(first, b, "same surname “\(entity(b).name)”") }
            }
        }

        // Corpus entities, numbered by first appearance (only roots get a number), and each
        // occurrence's entity in a paged column; their occurrences listed entity after entity by
        // sorting (entity, occurrence) numbers out of memory.
        var number: [Int: Int32] = [:]
        let entityOf: PagedArray<Int32> = table.storage.array(cachedPages: 16)
        let byEntity: PagedArray<UInt64> = table.storage.array()
        var sizes: [Int32] = []
        for i in items {
            let r = find(i)
            let n: Int32
            if let known = number[r] {
                n = known
            } else {
                n = Int32(sizes.count)
                number[r] = n
                sizes.append(0)
            }
            entityOf.append(n)
            byEntity.append(UInt64(n) << 32 | UInt64(i))
            sizes[Int(n)] += 1
        }
        sets = UnionFind(count: 0)
        var memberStart = [Int32](repeating: 0, count: sizes.count + 1)
        for n in sizes.indices { memberStart[n + 1] = memberStart[n] + sizes[n] }
        let memberList: PagedArray<Int32> = table.storage.array(cachedPages: 16)
        byEntity.sorted(by: <).forEach { _, pair in memberList.append(Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF)) }
        var merges: [Int32: [String]] = [:]
        for (root, lines) in evidence { merges[number[root]!] = lines }
        for (root, more) in omitted {
            merges[number[root]!, default: []].append("… and \(more) more merge\(more == 1 ? "" : "s") of the kinds above")
        }
        var grouping = Grouping(table: table, entityOf: entityOf, memberStart: memberStart, memberList: memberList, merges: merges)
        grouping.countries = (0..<grouping.count).map { n in
            let countries = grouping.occurrences(of: n).compactMap { table.distinct[table.occurrences[Int($0)]].country }
            return Dictionary(grouping: countries, by: { $0 }).max { a, b in
                a.value.count != b.value.count ? a.value.count < b.value.count : a.key > b.key
            }?.key
        }
        return grouping
    }

    /// The corpus entities in compact form: each document entity's corpus entity number, and
    /// each corpus entity's document entities. ``entity(_:)`` writes one entity out, so that
    /// a large corpus's entities need never be held as strings all at once.
    public struct Grouping: Sendable {
        let table: Table
        /// Per document entity (in ``Table`` order), its corpus entity number.
        let entityOf: PagedArray<Int32>
        /// Document entities of each corpus entity, entity after entity; entity `n`'s are
        /// `memberList[memberStart[n]..<memberStart[n + 1]]`.
        let memberStart: [Int32]
        let memberList: PagedArray<Int32>
        /// Why each merged entity was merged, by entity number.
        let merges: [Int32: [String]]
        /// Each corpus entity's most frequent country.
        fileprivate(set) var countries: [String?] = []

        public var count: Int { memberStart.count - 1 }

        public static func id(_ n: Int) -> String { "E\(n + 1)" }

        func occurrences(of n: Int) -> [Int32] { memberList.elements(Int(memberStart[n])..<Int(memberStart[n + 1])) }

        /// The corpus entity id of entity `local` of document number `document`.
        public func id(document: Int, local: Int) -> String? {
            guard document >= 0, document < table.documents.count else { return nil }
            let range = table.range(ofDocument: document)
            guard local >= 0, local < range.count else { return nil }
            return Self.id(Int(entityOf[range.lowerBound + local]))
        }

        /// The most frequent country among the mentions of corpus entity `id` ("E12").
        public func country(ofEntity id: String) -> String? {
            guard id.hasPrefix("E"), let n = Int(id.dropFirst()), n >= 1, n <= countries.count else { return nil }
            return countries[n - 1]
        }

        /// The document entities ("doc.txt#e2") corpus entity `n` merges, in corpus order.
        public func members(_ n: Int) -> [String] {
            occurrences(of: n).map { k in
                let d = table.document(ofOccurrence: Int(k))
                return "\(table.documents[d])#e\(Int(k) - table.range(ofDocument: d).lowerBound + 1)"
            }
        }

        /// Corpus entity `n`, written out.
        public func entity(_ n: Int) -> CorpusEntity {
            let ms = occurrences(of: n)
            func entity(_ k: Int32) -> DocumentEntity { table.distinct[table.occurrences[Int(k)]] }
            let names = ms.map { entity($0).name }
            // The canonical name if any; else the longest form used.
            let name = ms.lazy.compactMap { entity($0).canonical }.first
                ?? names.max { a, b in a.count != b.count ? a.count < b.count : a > b }!
            // In order of first use, each once (sets keep this linear in the mentions).
            var aliases: [String] = [], roles: [String] = [], documents: [String] = []
            var seenAliases = Set<String>(), seenRoles = Set<String>(), seenDocuments = Set<Int>()
            for k in ms {
                let e = entity(k)
                for a in e.aliases + [e.name] where seenAliases.insert(a).inserted { aliases.append(a) }
                for r in e.roles where seenRoles.insert(r).inserted { roles.append(r) }
                let d = table.document(ofOccurrence: Int(k))
                if seenDocuments.insert(d).inserted { documents.append(table.documents[d]) }
            }
            return CorpusEntity(
                id: Self.id(n), name: name, type: entity(ms.first!).type, aliases: aliases, roles: roles, documents: documents,
                country: countries[n], merges: merges[Int32(n)] ?? [])
        }

        /// Every corpus entity, and for each document the corpus id of each of its entities.
        public var output: Output {
            var corpusId: [String: [String]] = [:]
            for (d, document) in table.documents.enumerated() {
                corpusId[document] = table.range(ofDocument: d).map { Self.id(Int(entityOf[$0])) }
            }
            return Output(entities: (0..<count).map(entity), corpusId: corpusId)
        }
    }

    /// Why two full names are the same person, or nil when the evidence does not agree.
    static func samePerson(_ a: DocumentEntity, _ b: DocumentEntity) -> String? {
        let wa = EntityLinker.nameWords(a.name)
        let wb = EntityLinker.nameWords(b.name)
        guard let fa = wa.first, let fb = wb.first, let sa = wa.last, let sb = wb.last else { return nil }
        guard skeleton(fa) == skeleton(fb) else { return nil }
        let sameSurname = sa.lowercased() == sb.lowercased()
        let sameFirst = fa.lowercased() == fb.lowercased()
        if sameSurname && sameFirst { return "same name" }
        let roleWords = { (e: DocumentEntity) in
            Set(e.roles.flatMap { $0.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init) }
                .filter { $0.count > 3 && !["the", "with", "from"].contains($0) })
        }
        let shared = roleWords(a).intersection(roleWords(b))
        if sameSurname {
            return "same surname; first names “\(fa)”/“\(fb)” are transliterations (\(skeleton(fa)))"
        }
        if sameFirst || !shared.isEmpty {
            let context = !shared.isEmpty ? "shared role words: \(shared.sorted().joined(separator: ", "))" : "same first name"
            return "surnames “\(sa)”/“\(sb)” are transliterations (\(skeleton(sa))); \(context)"
        }
        return nil
    }

    /// A transliteration-tolerant consonant skeleton: "Bagheri" and "Baqeri" → "bgr",
    /// "Zamir" and "Zemir" → "zmr".
    static func skeleton(_ word: String) -> String {
        var s = word.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        for (from, to) in [("gh", "g"), ("q", "g"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("c", "k"), ("w", "v"), ("y", "i"), ("dh", "d"), ("th", "t")] {
            s = s.replacingOccurrences(of: from, with: to)
        }
        var out = ""
        for (i, c) in s.enumerated() where c.isLetter {
            if i > 0, "aeiou".contains(c) { continue }
            if out.last == c { continue }
            out.append(c)
        }
        return out
    }
}
