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

        public init() {}

        public init(_ inputs: [Input]) {
            for input in inputs { add(document: input.document, entities: input.entities) }
        }

        public mutating func add(document: String, entities: [DocumentEntity]) {
            documents.append(document)
            for e in entities { occurrences.append(distinct.number(e)) }
            documentEnd.append(occurrences.count)
        }

        /// Where document `d`'s entities are in ``occurrences``.
        func range(ofDocument d: Int) -> Range<Int> { (d == 0 ? 0 : documentEnd[d - 1])..<documentEnd[d] }
    }

    /// - Complexity: O(n log n) in the document entities, plus pairwise comparison of the
    ///   distinct spellings sharing a surname skeleton (few per surname).
    public func resolve(_ inputs: [Input]) -> Output {
        resolve(Table(inputs))
    }

    /// - Complexity: O(n log n) in the document entities, plus pairwise comparison of the
    ///   distinct spellings sharing a surname skeleton (few per surname).
    public func resolve(_ table: Table) -> Output {
        // One item per document entity: its document, its index there, and the entity.
        struct Item {
            let document: Int32
            let local: Int32
            let entity: Int32
        }
        var items: [Item] = []
        items.reserveCapacity(table.occurrences.count)
        for d in table.documents.indices {
            for (local, k) in table.range(ofDocument: d).enumerated() {
                items.append(Item(document: Int32(d), local: Int32(local), entity: table.occurrences[k]))
            }
        }
        func entity(_ i: Int) -> DocumentEntity { table.distinct[items[i].entity] }
        func doc(_ i: Int) -> String { table.documents[Int(items[i].document)] }
        // What the grouping reads of each entity, worked out once per distinct entity rather
        // than once per document that names it: the key of a non-person, a person's name words
        // and surname skeleton.
        let distinct = table.distinct.values
        let keys = distinct.map { e in e.type == .person ? "" : "\(e.type.rawValue)|\((e.canonical ?? e.name).lowercased())" }
        let nameWords = distinct.map { e in e.type == .person ? EntityLinker.nameWords(e.name) : [] }
        let surnames = nameWords.map { $0.last.map(Self.skeleton) }
        func words(_ i: Int) -> [String] { nameWords[Int(items[i].entity)] }
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
        for i in items.indices where entity(i).type != .person {
            let e = entity(i)
            let key = keys[Int(items[i].entity)]
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
        for i in items.indices where entity(i).type == .person {
            guard let surname = surnames[Int(items[i].entity)] else { continue }
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

        // Build corpus entities, numbered by first appearance.
        var order: [Int] = []
        var members: [Int: [Int]] = [:]
        for i in items.indices {
            let r = find(i)
            if members[r] == nil { order.append(r) }
            members[r, default: []].append(i)
        }
        var entities: [CorpusEntity] = []
        var corpusId: [String: [String]] = [:]
        for (d, document) in table.documents.enumerated() {
            corpusId[document] = Array(repeating: "", count: table.range(ofDocument: d).count)
        }
        for (n, root) in order.enumerated() {
            let ms = members[root]!
            let id = "E\(n + 1)"
            let names = ms.map { entity($0).name }
            // The canonical name if any; else the longest form used.
            let name = ms.compactMap { entity($0).canonical }.first
                ?? names.max { a, b in a.count != b.count ? a.count < b.count : a > b }!
            // In order of first use, each once (sets keep this linear in the mentions).
            var aliases: [String] = [], roles: [String] = [], documents: [String] = []
            var seenAliases = Set<String>(), seenRoles = Set<String>(), seenDocuments = Set<String>()
            for m in ms {
                for a in entity(m).aliases + [entity(m).name] where seenAliases.insert(a).inserted { aliases.append(a) }
                for r in entity(m).roles where seenRoles.insert(r).inserted { roles.append(r) }
                if seenDocuments.insert(doc(m)).inserted { documents.append(doc(m)) }
                corpusId[doc(m)]![Int(items[m].local)] = id
            }
            let countries = ms.compactMap { entity($0).country }
            let country = Dictionary(grouping: countries, by: { $0 }).max { a, b in
                a.value.count != b.value.count ? a.value.count < b.value.count : a.key > b.key
            }?.key
            entities.append(
                CorpusEntity(
                    id: id, name: name, type: entity(root).type, aliases: aliases, roles: roles, documents: documents,
                    country: country,
                    merges: (evidence[root] ?? []) + (omitted[root].map { ["… and \($0) more merge\($0 == 1 ? "" : "s") of the kinds above"] } ?? [])))
        }
        return Output(entities: entities, corpusId: corpusId)
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
