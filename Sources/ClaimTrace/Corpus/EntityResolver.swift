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

    /// The entities of many documents, out of memory: what grouping compares of an entity (its
    /// name, type and canonical name) is stored once per distinct name, and each occurrence keeps
    /// that name's number and its country's in paged columns, and its aliases and roles in
    /// spilled records. Memory holds the distinct names, which grow far slower than the
    /// occurrences (a real article names 15 to 20 entities, most with their own aliases and
    /// roles, but few new names).
    public struct Table: Sendable {
        /// What grouping compares of a document entity.
        struct Name: Hashable, Sendable {
            var name: String
            var type: EntityType
            var canonical: String?
        }

        private(set) var names = Interner<Name>()
        private var countryNames = Interner<String>()
        /// Per occurrence (document entity, document after document), its name's number.
        private let nameOf: PagedArray<Int32>
        /// Per occurrence, its country's number in `countryNames`, or -1.
        private let countryOf: PagedArray<Int32>
        /// Per occurrence, its aliases and roles.
        private let details: SpilledRecords
        private let documentIds: SpilledRecords
        /// Document `d`'s occurrences end at `documentEnd[d]`.
        private let documentEnd: PagedArray<Int>

        /// Where the table and grouping keep their columns (in memory for a table made with
        /// ``init()``).
        let storage: CorpusStorage

        public init() { self.init(CorpusStorage(inMemory: true)) }

        init(_ storage: CorpusStorage) {
            self.storage = storage
            nameOf = storage.array(cachedPages: 16)
            countryOf = storage.array(cachedPages: 16)
            documentEnd = storage.array(cachedPages: 16)
            details = storage.records()
            documentIds = storage.records()
        }

        public init(_ inputs: [Input]) {
            self.init()
            for input in inputs { add(document: input.document, entities: input.entities) }
        }

        public mutating func add(document: String, entities: [DocumentEntity]) {
            var id = ByteWriter()
            id.string(document)
            documentIds.append(id)
            for e in entities {
                nameOf.append(names.number(Name(name: e.name, type: e.type, canonical: e.canonical)))
                countryOf.append(e.country.map { countryNames.number($0) } ?? -1)
                var w = ByteWriter()
                w.int(e.aliases.count)
                for a in e.aliases { w.string(a) }
                w.int(e.roles.count)
                for r in e.roles { w.string(r) }
                details.append(w)
            }
            documentEnd.append(nameOf.count)
        }

        /// The number of documents added.
        public var documentCount: Int { documentEnd.count }
        /// The number of document entities added.
        var occurrenceCount: Int { nameOf.count }

        /// Document `d`'s id.
        func document(_ d: Int) -> String {
            var r = documentIds.reader(d)
            return r.string()
        }

        /// The name number of occurrence `k`.
        func nameNumber(_ k: Int) -> Int32 { nameOf[k] }

        /// The country of occurrence `k`, as a number in ``country(number:)``, or -1.
        func countryNumber(_ k: Int) -> Int32 { countryOf[k] }
        func country(number: Int32) -> String? { number < 0 ? nil : countryNames[number] }

        /// Occurrence `k`, read back whole.
        func entity(_ k: Int) -> DocumentEntity {
            let name = names[nameOf[k]]
            var r = details.reader(k)
            // Counts are bounded by the record's size, so a damaged record cannot loop long.
            let aliases = (0..<max(0, min(r.int(), r.bytes.count))).map { _ in r.string() }
            let roles = (0..<max(0, min(r.int(), r.bytes.count))).map { _ in r.string() }
            return DocumentEntity(
                name: name.name, type: name.type, aliases: aliases, roles: roles, canonical: name.canonical,
                country: country(number: countryOf[k]))
        }

        /// Where document `d`'s entities are among the occurrences.
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
    ///   distinct spellings sharing a surname and a first-name skeleton, at most
    ///   ``pairwiseBlock`` at a time.
    public func resolve(_ inputs: [Input]) -> Output {
        group(Table(inputs)).output
    }

    /// The corpus entities of a table, in compact form.
    /// - Complexity: O(n log n) in the document entities, plus pairwise comparison of the
    ///   distinct spellings sharing a surname and a first-name skeleton, at most
    ///   ``pairwiseBlock`` at a time.
    public func group(_ table: Table) -> Grouping {
        // Sets are over distinct names, not occurrences: every occurrence of a name joins its
        // name's group. The exceptions are people a name cannot place (no surname, or a bare
        // surname several people share), who stay one entity per occurrence (`apart`). Merge
        // reasons are still written per occurrence, naming the documents that joined.
        let names = table.names.values
        let keys = names.map { n in n.type == .person ? "" : "\(n.type.rawValue)|\((n.canonical ?? n.name).lowercased())" }
        let nameWords = names.map { n in n.type == .person ? EntityLinker.nameWords(n.name) : [] }
        let surnames = nameWords.map { $0.last.map(Self.skeleton) }
        var apart = names.indices.map { names[$0].type == .person && surnames[$0] == nil }
        let occurrences = table.occurrenceCount
        func name(_ i: Int) -> Int { Int(table.nameNumber(i)) }
        func doc(_ i: Int) -> String { table.document(table.document(ofOccurrence: i)) }
        var sets = UnionFind(count: names.count)
        func find(_ i: Int) -> Int { sets.find(name(i)) }
        // Why each group was merged: the first few reasons, and a count of the others, so that
        // a name found in thousands of documents keeps a short list and merges in linear time.
        var evidence: [Int: [String]] = [:]
        var omitted: [Int: Int] = [:]
        // Occurrence `b` joins occurrence `a`'s group, for the reason `why`.
        func union(_ a: Int, _ b: Int, _ why: @autoclosure () -> String) {
            let ra = find(a)
            let rb = find(b)
            var lines = evidence.removeValue(forKey: ra) ?? []
            var more = omitted.removeValue(forKey: ra) ?? 0
            if ra != rb {
                sets.attach(rb, to: ra)
                more += omitted.removeValue(forKey: rb) ?? 0
                for line in evidence.removeValue(forKey: rb) ?? [] {
                    if lines.count < Self.evidenceLines { lines.append(line) } else { more += 1 }
                }
            }
            if lines.count < Self.evidenceLines { lines.append(why()) } else { more += 1 }
            evidence[ra] = lines
            if more > 0 { omitted[ra] = more }
        }

        // Non-people: by type and canonical name or name.
        var byKey: [String: Int] = [:]
        for i in 0..<occurrences {
            let k = name(i)
            let n = names[k]
            guard n.type != .person else { continue }
            let key = keys[k]
            if let first = byKey[key] {
                // The reason is only written out while the group keeps reasons (see `union`).
                let firstName = names[name(first)].name
                union(
                    first, i,
                    n.canonical != nil && n.name != firstName
                        ? "“\(firstName)” and “\(n.name)” are listed aliases of \(n.canonical!)"
                        : "same name “\(n.name)” in \(doc(first)) and \(doc(i))")
            } else {
                byKey[key] = i
            }
        }

        // People: grouped by surname skeleton, in the skeletons' order, each group's
        // occurrences in corpus order: (skeleton rank, occurrence) pairs sorted out of memory.
        let skeletons = Set(surnames.compactMap { $0 }).sorted()
        let rank = Dictionary(uniqueKeysWithValues: skeletons.enumerated().map { ($1, UInt64($0)) })
        let bySurname: PagedArray<UInt64> = table.storage.array()
        for i in 0..<occurrences {
            let k = name(i)
            guard names[k].type == .person, let surname = surnames[k] else { continue }
            bySurname.append(rank[surname]! << 32 | UInt64(i))
        }
        let sortedBySurname = bySurname.sorted(by: <)
        // Every group's distinct full-name spellings, for the comparison across groups below.
        var allSpellings: [Int] = []
        func surnameGroup(_ range: Range<Int>) {
            func each(_ body: (Int) -> Void) { sortedBySurname.forEach(in: range) { _, pair in body(Int(pair & 0xFFFF_FFFF)) } }
            // The same written name merges in one pass; only distinct spellings are compared
            // pairwise (few per surname), so a person named in thousands of documents stays linear.
            var byName: [String: Int] = [:]
            var spellings: [Int] = []
            each { i in
                let k = name(i)
                guard nameWords[k].count >= 2 else { return }
                let n = names[k]
                let key = n.name.lowercased()
                if let first = byName[key] {
                    union(first, i, "same name “\(n.name)” in \(doc(first)) and \(doc(i))")
                } else {
                    byName[key] = i
                    spellings.append(i)
                }
            }
            // Two spellings can be one person only when their first names share a skeleton
            // (``samePerson(_:_:)``'s first test), so they are compared within such blocks, each
            // spelling's words and skeletons worked out once: pair by pair in a block of up to
            // `pairwiseBlock`; a larger block (hostile text naming thousands of "B... Berg", or a
            // corpus of thousands of "J... Smith") is joined through what makes two of its
            // spellings one person, in time linear in its size.
            let people = spellings.map { PersonName(table.entity($0)) }
            var blocks: [String: [Int]] = [:]
            var blockOrder: [String] = []
            for (x, person) in people.enumerated() {
                guard let key = person?.firstSkeleton else { continue }
                if blocks[key] == nil { blockOrder.append(key) }
                blocks[key, default: []].append(x)
            }
            func join(_ x: Int, _ y: Int, _ why: String) {
                let (i, j) = (spellings[x], spellings[y])
                union(i, j, "\(doc(i)) “\(names[name(i)].name)” = \(doc(j)) “\(names[name(j)].name)”: \(why)")
            }
            for key in blockOrder {
                let block = blocks[key]!
                if block.count <= Self.pairwiseBlock {
                    for (n, x) in block.enumerated() {
                        for y in block[(n + 1)...] where find(spellings[x]) != find(spellings[y]) {
                            if let why = Self.samePerson(people[x]!, people[y]!) { join(x, y, why) }
                        }
                    }
                    continue
                }
                // The same surname, the same first name or a shared role word makes two
                // spellings of a block one person: each joins the first that has it.
                var firstWith: [String: Int] = [:]
                for y in block {
                    let b = people[y]!
                    for key in ["s|" + b.lowerLast, "f|" + b.lowerFirst] + b.roleWords.sorted().map({ "r|" + $0 }) {
                        guard let x = firstWith[key] else {
                            firstWith[key] = y
                            continue
                        }
                        if find(spellings[x]) != find(spellings[y]), let why = Self.samePerson(people[x]!, b) { join(x, y, why) }
                    }
                }
            }
            allSpellings += spellings
            // A bare surname joins the only person who has it; with several, it stays apart.
            let persons = Set(spellings.map(find))
            var firstBare: Int?
            each { b in
                let k = name(b)
                guard nameWords[k].count < 2 else { return }
                let bareName = names[k].name
                if persons.count == 1, let target = spellings.first {
                    union(target, b, "\(doc(b)) “\(bareName)” is the only person with that surname: \(names[name(target)].name)")
                } else if spellings.isEmpty {
                    if let first = firstBare { union(first, b, "same surname “\(bareName)”") } else { firstBare = b }
                } else {
                    apart[k] = true
                }
            }
        }
        sortedBySurname.forEachRun(by: { $0 >> 32 }, surnameGroup)

        // Spellings that differ in word order, in how a particle is written, or in more than one
        // word ("Chen Jianguo" / "Jianguo Chen", "Ben Youssef" / "Benyoussef", "Ömer Öztürk" /
        // "Omer Ozturk"), compared within blocks of one order-free skeleton key: each spelling
        // with up to `pairwiseBlock` earlier ones of its block, so a block stays linear.
        var variantBlocks: [String: [Int]] = [:]
        var variantOrder: [String] = []
        var variants: [VariantName?] = []
        for (x, i) in allSpellings.enumerated() {
            let v = VariantName(table.entity(i))
            variants.append(v)
            guard let v else { continue }
            for key in Set([v.skeletonKey] + v.alternatives.map(\.key)) {
                if variantBlocks[key] == nil { variantOrder.append(key) }
                variantBlocks[key, default: []].append(x)
            }
        }
        for key in variantOrder {
            let block = variantBlocks[key]!
            for (n, y) in block.enumerated() {
                for x in block[max(0, n - Self.pairwiseBlock)..<n] where find(allSpellings[x]) != find(allSpellings[y]) {
                    guard let why = Self.sameVariant(variants[x]!, variants[y]!) else { continue }
                    let (i, j) = (allSpellings[x], allSpellings[y])
                    union(i, j, "\(doc(i)) “\(names[name(i)].name)” = \(doc(j)) “\(names[name(j)].name)”: \(why)")
                }
            }
        }

        // Corpus entities, numbered by first appearance (only roots get a number), and each
        // occurrence's entity in a paged column; their occurrences listed entity after entity by
        // sorting (entity, occurrence) numbers out of memory. Each entity's country is its
        // occurrences' most frequent one.
        var number: [Int: Int32] = [:]
        let entityOf: PagedArray<Int32> = table.storage.array(cachedPages: 16)
        let byEntity: PagedArray<UInt64> = table.storage.array()
        var sizes: [Int32] = []
        var countryCounts: [Int32: [Int32: Int]] = [:]
        for i in 0..<occurrences {
            let k = name(i)
            // A mention kept apart is an entity of its own; any other joins its name's root.
            let root = apart[k] ? nil : sets.find(k)
            let n: Int32
            if let root, let known = number[root] {
                n = known
            } else {
                n = Int32(sizes.count)
                sizes.append(0)
                if let root { number[root] = n }
            }
            entityOf.append(n)
            byEntity.append(UInt64(n) << 32 | UInt64(i))
            sizes[Int(n)] += 1
            let country = table.countryNumber(i)
            if country >= 0 { countryCounts[n, default: [:]][country, default: 0] += 1 }
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
            // The most frequent; among equals, the first in alphabetical order.
            countryCounts[Int32(n)]?.map { (name: table.country(number: $0.key)!, count: $0.value) }.max { a, b in
                a.count != b.count ? a.count < b.count : a.name > b.name
            }?.name
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
            guard document >= 0, document < table.documentCount else { return nil }
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
                return "\(table.document(d))#e\(Int(k) - table.range(ofDocument: d).lowerBound + 1)"
            }
        }

        /// Corpus entity `n`, written out.
        public func entity(_ n: Int) -> CorpusEntity {
            let ms = occurrences(of: n)
            let names: [Table.Name] = ms.map { table.names[table.nameNumber(Int($0))] }
            // The canonical name if any; else the longest form used.
            let forms: [String] = names.map(\.name)
            let longest: String = forms.max { a, b in a.count != b.count ? a.count < b.count : a > b }!
            let name: String = names.first { $0.canonical != nil }?.canonical ?? longest
            // In order of first use, each once (sets keep this linear in the mentions).
            var aliases: [String] = [], roles: [String] = [], documents: [String] = []
            var seenAliases = Set<String>(), seenRoles = Set<String>(), seenDocuments = Set<Int>()
            for k in ms {
                let e = table.entity(Int(k))
                for a in e.aliases + [e.name] where seenAliases.insert(a).inserted { aliases.append(a) }
                for r in e.roles where seenRoles.insert(r).inserted { roles.append(r) }
                let d = table.document(ofOccurrence: Int(k))
                if seenDocuments.insert(d).inserted { documents.append(table.document(d)) }
            }
            return CorpusEntity(
                id: Self.id(n), name: name, type: names[0].type, aliases: aliases, roles: roles, documents: documents,
                country: countries[n], merges: merges[Int32(n)] ?? [])
        }

        /// Every corpus entity, and for each document the corpus id of each of its entities.
        public var output: Output {
            var corpusId: [String: [String]] = [:]
            for d in 0..<table.documentCount {
                corpusId[table.document(d)] = table.range(ofDocument: d).map { Self.id(Int(entityOf[$0])) }
            }
            return Output(entities: (0..<count).map(entity), corpusId: corpusId)
        }
    }

    /// Largest block of spellings (one surname skeleton, one first-name skeleton) compared
    /// pair by pair; see ``group(_:)``.
    static let pairwiseBlock = 64

    /// Why two full names are the same person, or nil when the evidence does not agree.
    static func samePerson(_ a: DocumentEntity, _ b: DocumentEntity) -> String? {
        guard let a = PersonName(a), let b = PersonName(b), a.firstSkeleton == b.firstSkeleton else { return nil }
        return samePerson(a, b)
    }

    /// Why two spellings whose first names share a skeleton name one person, or nil. The
    /// reason starts with the rules it rests on ("diacritics", "translit:w/v").
    static func samePerson(_ a: PersonName, _ b: PersonName) -> String? {
        let (fa, fb, sa, sb) = (a.first, b.first, a.last, b.last)
        let sameSurname = a.lowerLast == b.lowerLast
        let sameFirst = a.lowerFirst == b.lowerFirst
        if sameSurname && sameFirst { return "same name" }
        // A regnal number is not spelt two ways: "Pius XI" and "Pius XII" are two popes.
        if !sameSurname, isRomanNumeral(sa) || isRomanNumeral(sb) { return nil }
        let shared = a.roleWords.intersection(b.roleWords)
        if sameSurname {
            return "\(rules(fa, fb).joined(separator: ", ")): same surname; first names “\(fa)”/“\(fb)” are transliterations (\(a.firstSkeleton))"
        }
        if sameFirst || !shared.isEmpty {
            let context = !shared.isEmpty ? "shared role words: \(shared.sorted().joined(separator: ", "))" : "same first name"
            let both = sameFirst ? rules(sa, sb) : Array(Set(rules(fa, fb) + rules(sa, sb))).sorted()
            return "\(both.joined(separator: ", ")): surnames “\(sa)”/“\(sb)” are transliterations (\(skeleton(sa))); \(context)"
        }
        return nil
    }

    /// Why two full names with one order-free skeleton key name one person, or nil: the same
    /// letters in any order, with particles joined or apart and accents folded (a full-name
    /// match), or transliterations of every word and a shared role word or country. The reason
    /// starts with its rules: "name-order", "particle", "diacritics", "translit:w/v".
    static func sameVariant(_ a: VariantName, _ b: VariantName) -> String? {
        guard a.numerals == b.numerals else { return nil }
        var rules: [String] = []
        // The readings that agree: the skeletons, or an alternative reading of one name.
        var skeletons = (a.skeletons, b.skeletons)
        if a.skeletonKey != b.skeletonKey {
            if let alt = a.alternatives.first(where: { $0.key == b.skeletonKey }) {
                skeletons = (alt.skeletons, b.skeletons)
                rules.append(alt.rule)
            } else if let alt = b.alternatives.first(where: { $0.key == a.skeletonKey }) {
                skeletons = (a.skeletons, alt.skeletons)
                rules.append(alt.rule)
            } else {
                return nil
            }
        }
        // (The skeletons are the same words in some order: in another order, the order differs.)
        if skeletons.0 != skeletons.1 { rules.append("name-order") }
        if (a.particle || b.particle) && a.plain != b.plain { rules.append("particle") }
        if a.folded != b.folded { rules.append("diacritics") }
        if a.letterKey == b.letterKey {
            return "\(rules.isEmpty ? "same letters" : rules.joined(separator: ", ")): the same full name"
        }
        // Word by word in skeleton order, the families that tell the spellings apart (not
        // needed when an alternative reading made them agree).
        if a.skeletonKey == b.skeletonKey {
            let pairs = zip(a.words.sorted { skeleton($0) < skeleton($1) }, b.words.sorted { skeleton($0) < skeleton($1) })
            for (x, y) in pairs where x != y {
                for rule in Self.rules(x, y) where !rules.contains(rule) { rules.append(rule) }
            }
        }
        let shared = a.roleWords.intersection(b.roleWords)
        let context: String
        if !shared.isEmpty {
            context = "shared role words: \(shared.sorted().joined(separator: ", "))"
        } else if let country = a.country, country == b.country {
            context = "same country: \(country)"
        } else {
            return nil
        }
        return "\(rules.joined(separator: ", ")): every word a transliteration; \(context)"
    }

    /// Whether a word is a Roman numeral in capitals ("II", "XIV"), as after a monarch's or a
    /// pope's name.
    static func isRomanNumeral(_ word: String) -> Bool {
        !word.isEmpty && word.count <= 8 && word.allSatisfy { "IVXLCDM".contains($0) }
    }

    /// The rules that make two spellings of one word the same: "diacritics" when accents
    /// differ, each transliteration family one spelling uses more often than the other
    /// ("translit:w/v"), else "translit:vowels".
    /// - Complexity: O(length × families).
    static func rules(_ a: String, _ b: String) -> [String] {
        let (la, lb) = (a.lowercased(), b.lowercased())
        guard la != lb else { return [] }
        var x = la.folding(options: [.diacriticInsensitive], locale: nil)
        var y = lb.folding(options: [.diacriticInsensitive], locale: nil)
        var out = x != la || y != lb ? ["diacritics"] : []
        guard x != y else { return out }
        // A particle's hyphen or space ("al-Rashid" / "Alrashid"), the same letters.
        if x.filter(\.isLetter) == y.filter(\.isLetter) {
            return out + [x.contains("-") || y.contains("-") ? "particle" : "punctuation"]
        }
        let before = out.count
        for (from, to) in skeletonFoldings {
            let (nx, ny) = (x.replacingOccurrences(of: from, with: to), y.replacingOccurrences(of: from, with: to))
            if x.components(separatedBy: from).count != y.components(separatedBy: from).count { out.append("translit:\(from)/\(to)") }
            (x, y) = (nx, ny)
        }
        if out.count == before { out.append("translit:vowels") }
        return out
    }

    /// A full name as the comparison across surnames reads it: lower-case words with accents
    /// folded and only letters kept, each particle joined to the word after it ("Ben Youssef",
    /// "al-Rashid" → "benyoussef", "alrashid").
    struct VariantName {
        var words: [String]
        var skeletons: [String]
        /// The words sorted, and their skeletons sorted: names with the same key are compared.
        var letterKey: String
        var skeletonKey: String
        /// The name in lower case with accents folded, as written (spaces and hyphens kept).
        var plain: String
        /// Whether a particle was joined, and whether accents were folded.
        var particle = false
        var folded = false
        var roleWords: Set<String>
        var country: String?
        /// The name's other readings by ``alternativeFoldings``: the rule, the words' skeletons
        /// and their sorted key.
        var alternatives: [(rule: String, skeletons: [String], key: String)] = []
        /// Its regnal numbers ("XII"), which must agree.
        var numerals: [String]

        init?(_ entity: DocumentEntity) {
            let raw = EntityLinker.nameWords(entity.name)
            guard raw.count >= 2, raw.count <= 8 else { return nil }
            numerals = raw.filter(EntityResolver.isRomanNumeral)
            let lower = entity.name.lowercased()
            plain = lower.folding(options: [.diacriticInsensitive], locale: nil)
            folded = plain != lower
            var words: [String] = []
            var pending = ""
            for (n, w) in raw.enumerated() {
                var word = w.lowercased().folding(options: [.diacriticInsensitive], locale: nil)
                // A hyphen prefix: "al-Rashid" → "alrashid".
                if let dash = word.firstIndex(of: "-"), EntityResolver.particles.contains(String(word[...dash])) {
                    word.remove(at: dash)
                    particle = true
                }
                let letters = String(word.filter(\.isLetter))
                if n + 1 < raw.count, EntityResolver.particles.contains(word) {
                    pending += letters
                    particle = true
                    continue
                }
                words.append(pending + letters)
                pending = ""
            }
            guard words.count >= 1, !words.contains(where: \.isEmpty) else { return nil }
            self.words = words
            skeletons = words.map(EntityResolver.skeleton)
            letterKey = words.sorted().joined(separator: " ")
            skeletonKey = skeletons.sorted().joined(separator: " ")
            for (from, to) in EntityResolver.alternativeFoldings where words.contains(where: { $0.contains(from) }) {
                let other = words.map { EntityResolver.skeleton($0.replacingOccurrences(of: from, with: to)) }
                let key = other.sorted().joined(separator: " ")
                if key != skeletonKey { alternatives.append(("translit:\(from)/\(to)", other, key)) }
            }
            roleWords = PersonName.roleWords(entity.roles)
            country = entity.country
        }
    }

    /// A person's name as the merging compares it, worked out once per spelling: first and last
    /// word, their lower-case forms, the first name's skeleton and the words of the roles.
    struct PersonName {
        var first: String
        var last: String
        var lowerFirst: String
        var lowerLast: String
        var firstSkeleton: String
        var roleWords: Set<String>

        init?(_ entity: DocumentEntity) {
            let words = EntityLinker.nameWords(entity.name)
            guard let first = words.first, let last = words.last else { return nil }
            self.first = first
            self.last = last
            lowerFirst = first.lowercased()
            lowerLast = last.lowercased()
            firstSkeleton = EntityResolver.skeleton(first)
            roleWords = Self.roleWords(entity.roles)
        }

        /// The words of roles that two spellings may share to be one person.
        static func roleWords(_ roles: [String]) -> Set<String> {
            Set(
                roles.flatMap { $0.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init) }
                    .filter { $0.count > 3 && !["the", "with", "from"].contains($0) })
        }
    }

    /// A transliteration-tolerant consonant skeleton: "Bagheri" and "Baqeri" → "bgr",
    /// "Zamir" and "Zemir" → "zmr".
    /// - Complexity: O(length); plain ASCII words are folded byte by byte, others through
    ///   Foundation's diacritic folding.
    static func skeleton(_ word: String) -> String {
        var lowered: [UInt8] = []
        for byte in word.utf8 {
            guard byte < 0x80 else { return foldedSkeleton(word) }
            lowered.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        for (from, to) in skeletonFoldings { lowered = replacing(Array(from.utf8), with: Array(to.utf8), in: lowered) }
        var out: [UInt8] = []
        for (i, c) in lowered.enumerated() where c >= 0x61 && c <= 0x7A {
            if i > 0, c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75 { continue }
            if out.last == c { continue }
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Spellings that transliterations mix up, folded in this order
    /// (`Resources/transliteration-families.txt`).
    static let skeletonFoldings: [(String, String)] = transliterations.filter { !$0.alternative }.map { ($0.from, $0.to) }

    /// Spellings tried as a second reading of a name (Turkish c as j: "Cemal" / "Jemal").
    static let alternativeFoldings: [(String, String)] = transliterations.filter(\.alternative).map { ($0.from, $0.to) }

    /// The lines of `Resources/transliteration-families.txt`.
    private static let transliterations: [(from: String, to: String, alternative: Bool)] = {
        do {
            return try Lexicon.lines("transliteration-families", in: .module).compactMap { line in
                let parts = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard parts.count >= 2, !parts[0].isEmpty else { return nil }
                return (parts[0], parts[1], parts.count > 2 && parts[2] == "alternative")
            }
        } catch {
            fatalError("\(error)")
        }
    }()

    /// Name particles (`gazetteers/surname-particles.txt`): "ben", "al", "van", and hyphen
    /// prefixes "al-", "el-".
    static let particles: Set<String> = {
        do {
            return Set(try Lexicon.lines("surname-particles", in: .module).map { $0.lowercased() })
        } catch {
            fatalError("\(error)")
        }
    }()

    /// Every non-overlapping `from`, left to right, replaced by `to`.
    private static func replacing(_ from: [UInt8], with to: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + from.count <= bytes.count, bytes[i..<i + from.count].elementsEqual(from) {
                out += to
                i += from.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// ``skeleton(_:)`` for words with letters beyond ASCII: diacritics folded away first.
    static func foldedSkeleton(_ word: String) -> String {
        var s = word.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        for (from, to) in skeletonFoldings { s = s.replacingOccurrences(of: from, with: to) }
        var out = ""
        for (i, c) in s.enumerated() where c.isLetter {
            if i > 0, "aeiou".contains(c) { continue }
            if out.last == c { continue }
            out.append(c)
        }
        return out
    }
}
