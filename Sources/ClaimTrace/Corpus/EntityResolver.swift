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

    /// - Complexity: O(n log n) in the document entities, plus pairwise comparison of the
    ///   distinct spellings sharing a surname skeleton (few per surname).
    public func resolve(_ inputs: [Input]) -> Output {
        // Flatten to (document, local index).
        var items: [(doc: String, local: Int, entity: DocumentEntity)] = []
        for input in inputs {
            for (i, e) in input.entities.enumerated() { items.append((input.document, i, e)) }
        }
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
        for (i, item) in items.enumerated() where item.entity.type != .person {
            let key = "\(item.entity.type.rawValue)|\((item.entity.canonical ?? item.entity.name).lowercased())"
            if let first = byKey[key] {
                let why = item.entity.canonical != nil && item.entity.name != items[first].entity.name
                    ? "“\(items[first].entity.name)” and “\(item.entity.name)” are listed aliases of \(item.entity.canonical!)"
                    : "same name “\(item.entity.name)” in \(items[first].doc) and \(item.doc)"
                union(first, i, why)
            } else {
                byKey[key] = i
            }
        }

        // People: grouped by surname skeleton.
        var bySurname: [String: [Int]] = [:]
        for (i, item) in items.enumerated() where item.entity.type == .person {
            guard let surname = EntityLinker.nameWords(item.entity.name).last else { continue }
            bySurname[Self.skeleton(surname), default: []].append(i)
        }
        for group in bySurname.keys.sorted().map({ bySurname[$0]! }) {
            let full = group.filter { EntityLinker.nameWords(items[$0].entity.name).count >= 2 }
            let bare = group.filter { EntityLinker.nameWords(items[$0].entity.name).count < 2 }
            // The same written name merges in one pass; only distinct spellings are compared
            // pairwise (few per surname), so a person named in thousands of documents stays linear.
            var byName: [String: Int] = [:]
            var spellings: [Int] = []
            for i in full {
                let key = items[i].entity.name.lowercased()
                if let first = byName[key] {
                    union(first, i, "same name “\(items[i].entity.name)” in \(items[first].doc) and \(items[i].doc)")
                } else {
                    byName[key] = i
                    spellings.append(i)
                }
            }
            for (x, i) in spellings.enumerated() {
                for j in spellings[(x + 1)...] where find(i) != find(j) {
                    if let why = Self.samePerson(items[i].entity, items[j].entity) {
                        union(i, j, "\(items[i].doc) “\(items[i].entity.name)” = \(items[j].doc) “\(items[j].entity.name)”: \(why)")
                    }
                }
            }
            // A bare surname joins the only person who has it.
            let people = Set(full.map(find))
            if people.count == 1, let target = full.first {
                for b in bare {
                    union(target, b, "\(items[b].doc) “\(items[b].entity.name)” is the only person with that surname: \(items[target].entity.name)")
                }
            } else if full.isEmpty, let first = bare.first {
                for b in bare.dropFirst() { union(first, b, "same surname “\(items[b].entity.name)”") }
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
        for input in inputs { corpusId[input.document] = Array(repeating: "", count: input.entities.count) }
        for (n, root) in order.enumerated() {
            let ms = members[root]!
            let id = "E\(n + 1)"
            let names = ms.map { items[$0].entity.name }
            // The canonical name if any; else the longest form used.
            let name = ms.compactMap { items[$0].entity.canonical }.first
                ?? names.max { a, b in a.count != b.count ? a.count < b.count : a > b }!
            // In order of first use, each once (sets keep this linear in the mentions).
            var aliases: [String] = [], roles: [String] = [], documents: [String] = []
            var seenAliases = Set<String>(), seenRoles = Set<String>(), seenDocuments = Set<String>()
            for m in ms {
                for a in items[m].entity.aliases + [items[m].entity.name] where seenAliases.insert(a).inserted { aliases.append(a) }
                for r in items[m].entity.roles where seenRoles.insert(r).inserted { roles.append(r) }
                if seenDocuments.insert(items[m].doc).inserted { documents.append(items[m].doc) }
                corpusId[items[m].doc]![items[m].local] = id
            }
            let countries = ms.compactMap { items[$0].entity.country }
            let country = Dictionary(grouping: countries, by: { $0 }).max { a, b in
                a.value.count != b.value.count ? a.value.count < b.value.count : a.key > b.key
            }?.key
            entities.append(
                CorpusEntity(
                    id: id, name: name, type: items[root].entity.type, aliases: aliases, roles: roles, documents: documents,
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
