import Testing

@testable import ClaimTrace

/// The searches that replaced scans of every range per sentence, quotation or paragraph give
/// what the scans gave, on random ranges.
@Suite struct RangeSearchTests {
    /// Random ranges in 0..<200, reproducible.
    static func ranges(_ count: Int, seed: UInt64, maxLength: Int = 30) -> [TextRange] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let start = Int(rng.next() % 200)
            return TextRange(start, start + Int(rng.next() % UInt64(maxLength + 1)))
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func overlapAndContainmentAnswerAsAScanDoes(seed: UInt64) {
        let stored = Self.ranges(60, seed: seed)
        let index = OverlapIndex(stored)
        for query in Self.ranges(300, seed: seed + 100, maxLength: 12) {
            #expect(index.overlaps(query) == stored.contains { $0.overlaps(query) }, "\(query)")
            #expect(index.containsAny(query) == stored.contains { $0.contains(query) }, "\(query)")
        }
        #expect(!OverlapIndex([]).overlaps(TextRange(0, 5)))
    }

    @Test(arguments: [5, 6, 7])
    func positionsInsideAndStartingInASpan(seed: UInt64) {
        let stored = Self.ranges(80, seed: seed)
        let index = PositionIndex(stored)
        for query in Self.ranges(200, seed: seed + 100, maxLength: 50) {
            #expect(index.inside(query).sorted() == stored.indices.filter { query.contains(stored[$0]) }, "\(query)")
            #expect(index.starting(in: query).sorted() == stored.indices.filter { query.contains(stored[$0].start) }, "\(query)")
        }
    }

    @Test func theParagraphHoldingAnOffset() {
        let paragraphs = [TextRange(0, 10), TextRange(12, 20), TextRange(25, 26)]
        for offset in -1...30 {
            #expect(paragraphs.indexContaining(offset) == paragraphs.firstIndex { $0.contains(offset) }, "\(offset)")
        }
    }

    @Test(arguments: [8, 9, 10])
    func theFirstRangeContainingEachOffset(seed: UInt64) {
        let ranges = Self.ranges(50, seed: seed)
        let offsets = (0..<240).map { ($0 * 37) % 240 }
        let found = ConsistencyChecker.firstContaining(offsets, ranges)
        for (k, offset) in offsets.enumerated() {
            #expect(found[k] == ranges.indices.first { ranges[$0].contains(offset) }, "\(offset)")
        }
    }

    @Test func theLatestMentionEndingByAnOffset() {
        // Sorted, disjoint mentions, as the stage gives them; every other one a person.
        let mentions = (0..<40).map { Mention(range: TextRange($0 * 10, $0 * 10 + 4), type: $0 % 2 == 0 ? .person : .place) }
        let people = mentions.indices.filter { mentions[$0].type == .person }
        let latest = EntityLinker.LatestMentions(people, mentions)
        for offset in -5...420 {
            let scan = people.last { mentions[$0].range.end <= offset }
            #expect(latest.latest(endingBy: offset) == scan, "\(offset)")
            #expect(latest.latest(endingBy: offset, searching: 256) { $0 % 4 == 0 } == people.last { mentions[$0].range.end <= offset && $0 % 4 == 0 })
            let near = people.last { (offset - 3...offset).contains(mentions[$0].range.end) }
            #expect(latest.latest(endingIn: (offset - 3)...offset) == near)
        }
        // The search for a role looks at the 256 latest people only.
        let many = (0..<1000).map { Mention(range: TextRange($0 * 10, $0 * 10 + 4), type: .person) }
        let all = EntityLinker.LatestMentions(Array(many.indices), many)
        #expect(all.latest(endingBy: 10_000, searching: 256) { $0 == 743 } == nil)
        #expect(all.latest(endingBy: 10_000, searching: 256) { $0 == 744 } == 744)
    }
}

/// People who share a surname and a first-name skeleton are joined the same way whether their
/// spellings are compared pair by pair (up to 64) or through what they share (more).
@Suite struct SurnameBlockTests {
    func entities(_ names: [String], roles: [String] = []) -> [DocumentEntity] {
        names.map { DocumentEntity(name: $0, type: .person, aliases: [$0], roles: roles, canonical: nil) }
    }

    func groups(_ table: EntityResolver.Table) -> Int { EntityResolver().group(table).count }

    @Test(arguments: [10, 200])
    func spellingsOfOneBlockWithOneSurnameAreOnePerson(count: Int) {
        // "Ba Berg", "Be Berg", "Bi Berg", ...: first names whose skeleton is "b".
        let vowels = ["a", "e", "i", "o", "u"]
        let names = (0..<count).map { "B" + String(repeating: vowels[$0 % 5], count: 1 + $0 / 5) + " Berg" }
        var table = EntityResolver.Table()
        for (d, name) in names.enumerated() { table.add(document: "d\(d)", entities: entities([name])) }
        #expect(groups(table) == 1)
    }

    @Test(arguments: [10, 200])
    func otherwiseOnlyASharedRoleWordJoinsThem(count: Int) {
        // One block (first names whose skeleton is "b"), one surname skeleton ("brg"), but no
        // two the same first name or surname: entities 2k and 2k + 1 share a role word only.
        var table = EntityResolver.Table()
        for d in 0..<count {
            let name = "B" + String(repeating: "a", count: d + 1) + " B" + String(repeating: "e", count: d + 1) + "rg"
            table.add(document: "d\(d)", entities: entities([name], roles: ["Envoy" + HostileInput.word(d / 2).lowercased()]))
        }
        #expect(groups(table) == count / 2)
    }
}
