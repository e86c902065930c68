import Foundation

/// Links a document's mentions and attribution sources to the entities they refer to.
///
/// 1. Person mentions join by name: a shorter name whose words end a fuller one joins it
///    ("Kabulov" → "Zamir Kabulov"); titles are not part of names. Other mentions join by
///    canonical name, else by their text.
/// 2. An attribution's source links to the name inside it; a pronoun ("he", "she") to the
///    previous speaker, else the latest person named before it; a role phrase ("the Russian
///    envoy", "the minister") to the latest person whose roles share its head word, else the
///    previous speaker.
public struct EntityLinker: Sendable {
    public let gazetteer: Gazetteer

    public init(gazetteer: Gazetteer = .shared) { self.gazetteer = gazetteer }

    static let pronouns: Set<String> = ["he", "she", "him", "her", "his"]
    static let titleWords: Set<String> = [
        "envoy", "minister", "ambassador", "spokesman", "spokeswoman", "spokesperson", "president", "general",
        "commander", "chief", "official", "representative", "secretary", "governor", "mayor", "senator", "leader",
        "director", "head", "chairman", "diplomat", "ayatollah", "prime", "premier", "king", "prince", "officer",
    ]

    /// How many people named before a role phrase ("the minister") are searched for one with
    /// that role: the latest 256 (a bound on hostile text with thousands of names).
    static let roleSearchDepth = 256

    /// - Complexity: O((mentions + attributions) × log mentions), plus at most
    ///   ``roleSearchDepth`` people looked at per role phrase.
    public func link(_ text: String, mentions: [Mention], attributions: [Attribution]) -> DocumentEntities {
        var entities: [DocumentEntity] = []
        // Each entity's aliases and roles as sets beside the ordered lists, and the other
        // entities by type and name: lookups, not scans, per mention.
        var aliasSets: [Set<String>] = []
        var roleSets: [Set<String>] = []
        var byName: [String: Int] = [:]
        func addRole(_ role: String, to e: Int) {
            if roleSets[e].insert(role).inserted { entities[e].roles.append(role) }
        }
        var mentionEntity: [Int?] = []
        var lastPersonWithSurname: [String: Int] = [:]

        for mention in mentions {
            let surface = text.utf8Slice(mention.range)
            let role = mention.role.map { Self.clean(text.utf8Slice($0)) }
            let index: Int
            if mention.type == .person {
                let words = Self.nameWords(surface)
                guard let surname = words.last else {
                    mentionEntity.append(nil)
                    continue
                }
                // The latest person with this surname, if the names agree: a shorter form of it
                // ("Kabulov"), or a fuller one, which then becomes the entity's name.
                let lower = words.map { $0.lowercased() }
                let known = lastPersonWithSurname[surname.lowercased()]
                let knownWords = known.map { Self.nameWords(entities[$0].name).map { $0.lowercased() } } ?? []
                if let known, knownWords.suffix(lower.count) == lower[...] {
                    index = known
                } else if let known, lower.count > knownWords.count, lower.suffix(knownWords.count) == knownWords[...] {
                    index = known
                    entities[known].name = words.joined(separator: " ")
                } else {
                    entities.append(DocumentEntity(name: words.joined(separator: " "), type: .person, aliases: [], roles: [], canonical: nil))
                    aliasSets.append([])
                    roleSets.append([])
                    index = entities.count - 1
                }
                lastPersonWithSurname[surname.lowercased()] = index
            } else {
                // (The first entity of this type whose canonical name, else name, is the key.)
                let key = mention.type.rawValue + "|" + (mention.canonical ?? surface).lowercased()
                if let known = byName[key] {
                    index = known
                } else {
                    entities.append(
                        DocumentEntity(name: mention.canonical ?? surface, type: mention.type, aliases: [], roles: [], canonical: mention.canonical))
                    aliasSets.append([])
                    roleSets.append([])
                    index = entities.count - 1
                    byName[key] = index
                }
            }
            if aliasSets[index].insert(surface).inserted { entities[index].aliases.append(surface) }
            if let role { addRole(role, to: index) }
            mentionEntity.append(index)
        }
        let positions = PositionIndex(mentions.map(\.range))
        let people = LatestMentions(mentions.indices.filter { mentions[$0].type == .person && mentionEntity[$0] != nil }, mentions)
        let all = LatestMentions(Array(mentions.indices), mentions)

        // Attribution sources.
        var attributionEntity: [Int?] = []
        var attributionRole: [String?] = []
        var previousSpeaker: (entity: Int, at: Int)?
        for attribution in attributions {
            guard let source = attribution.source, attribution.sourceKind == .named else {
                attributionEntity.append(nil)
                attributionRole.append(nil)
                continue
            }
            let sourceText = text.utf8Slice(source)
            let lower = sourceText.lowercased()
            var entity: Int?
            var role: String?
            // A name inside the source: the last person, else the last other mention, unless the
            // source is a role phrase ("the Russian envoy": "Russian" only describes the envoy).
            let inside = positions.inside(source).filter { mentionEntity[$0] != nil }.sorted()
            let head = lower.split(separator: " ").last.map(String.init) ?? ""
            let isRolePhrase = Self.titleWords.contains(head) && !inside.contains { mentions[$0].type == .person }
            if !isRolePhrase, let m = inside.last(where: { mentions[$0].type == .person }) ?? inside.last {
                entity = mentionEntity[m]
                role = mentions[m].role.map { Self.clean(text.utf8Slice($0)) }
                if role == nil, mentions[m].type == .person {
                    // "Zamir Kabulov, the Russian envoy," → the rest of the source is the role.
                    let rest = sourceText.replacingOccurrences(of: text.utf8Slice(mentions[m].range), with: "")
                        .trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
                    if rest.split(separator: " ").contains(where: { Self.titleWords.contains($0.lowercased()) }) { role = Self.clean(rest) }
                }
            } else if Self.pronouns.contains(lower) {
                entity = previousSpeaker.flatMap { entities[$0.entity].type == .person && source.start - $0.at < 2000 ? $0.entity : nil }
                    ?? people.latest(endingBy: source.start).flatMap { mentionEntity[$0] }
            } else if lower == "who" || lower == "which" {
                // "Anna Berg, who said ...": the name the relative pronoun stands for, else the
                // name right before it.
                let antecedent = attribution.antecedent.flatMap { phrase in
                    let within = positions.inside(phrase).filter { mentionEntity[$0] != nil }
                    return within.filter { mentions[$0].type == .person }.max() ?? within.max()
                }
                entity = (antecedent ?? all.latest(endingIn: (source.start - 3)...source.start))
                    .flatMap { mentionEntity[$0] }
            } else if Self.titleWords.contains(head) {
                role = Self.clean(sourceText)
                // The latest person named before it whose roles share its head word.
                entity = people.latest(endingBy: source.start, searching: Self.roleSearchDepth) { m in
                    entities[mentionEntity[m]!].roles.contains { $0.lowercased().contains(head) }
                }.flatMap { mentionEntity[$0] } ?? previousSpeaker?.entity ?? people.latest(endingBy: source.start).flatMap { mentionEntity[$0] }
            }
            if let entity {
                previousSpeaker = (entity, source.end)
                if let role { addRole(role, to: entity) }
            }
            attributionEntity.append(entity)
            attributionRole.append(role)
        }
        for i in entities.indices { entities[i].country = country(of: entities[i]) }
        return DocumentEntities(
            entities: entities, mentionEntity: mentionEntity, attributionEntity: attributionEntity, attributionRole: attributionRole)
    }

    /// The country an entity belongs to: a state or its capital is itself; otherwise the first
    /// country or demonym in its roles or names ("Iran’s ambassador", "Iranian Armed Forces").
    func country(of entity: DocumentEntity) -> String? {
        let tokenizer = Tokenizer()
        for phrase in [entity.name] + entity.roles + entity.aliases {
            let words = tokenizer.tokens(phrase).map { phrase.utf8Slice($0.range) }
            let found = gazetteer.matches(words).first { ["country", "demonym", "metonym"].contains($0.entry.kind) }
            if let found {
                if entity.type == .place || entity.type == .organization || found.start > 0 || entity.type == .person {
                    return found.entry.canonical
                }
            }
        }
        return nil
    }

    /// Some of a document's mentions by where they end, to find the latest (the one of highest
    /// index) ending by an offset without scanning them all.
    struct LatestMentions {
        /// The mentions' indices, ascending, and their ends.
        private let indices: [Int]
        private let ends: [Int]
        /// The mentions' indices sorted by end (then index), and the largest index up to each.
        private let byEnd: [(end: Int, index: Int)]
        private let latestUpTo: [Int]

        /// - Complexity: O(n log n).
        init(_ indices: [Int], _ mentions: [Mention]) {
            self.indices = indices
            ends = indices.map { mentions[$0].range.end }
            byEnd = zip(ends, indices).map { (end: $0, index: $1) }.sorted { ($0.end, $0.index) < ($1.end, $1.index) }
            var largest = -1
            latestUpTo = byEnd.map { pair in
                largest = max(largest, pair.index)
                return largest
            }
        }

        /// The latest mention ending at or before `offset`.
        /// - Complexity: O(log n).
        func latest(endingBy offset: Int) -> Int? {
            let k = byEnd.partitionPoint { $0.end > offset }
            return k > 0 ? latestUpTo[k - 1] : nil
        }

        /// The latest mention ending within `ends`.
        /// - Complexity: O(log n + mentions ending there).
        func latest(endingIn ends: ClosedRange<Int>) -> Int? {
            var k = byEnd.partitionPoint { $0.end >= ends.lowerBound }
            var found: Int?
            while k < byEnd.count, byEnd[k].end <= ends.upperBound {
                found = max(found ?? byEnd[k].index, byEnd[k].index)
                k += 1
            }
            return found
        }

        /// The latest mention ending at or before `offset` for which `matches` holds, among
        /// the `depth` latest that end there (in order of index, which is that of position for a
        /// stage's sorted mentions).
        /// - Complexity: O(log n + depth) calls of `matches`.
        func latest(endingBy offset: Int, searching depth: Int, where matches: (Int) -> Bool) -> Int? {
            guard let start = latest(endingBy: offset) else { return nil }
            var k = indices.partitionPoint { $0 > start } - 1
            var looked = 0
            while k >= 0, looked < depth {
                if ends[k] <= offset {
                    if matches(indices[k]) { return indices[k] }
                    looked += 1
                }
                k -= 1
            }
            return nil
        }
    }

    /// Text without Markdown marks and doubled spaces ("Russian **Special Envoy" → "Russian Special Envoy").
    /// - Complexity: O(length), byte passes (this runs for every mention).
    static func clean(_ text: String) -> String {
        var bytes = Array(text.utf8)
        if bytes.contains(where: { $0 == 0x2A || $0 == 0x5B || $0 == 0x5D }) {
            bytes.removeAll { $0 == 0x2A || $0 == 0x5B }  // "*", "["
            // "](#)", the rest of an empty Markdown link, then any "]" left.
            let link: [UInt8] = [0x5D, 0x28, 0x23, 0x29]
            var kept: [UInt8] = []
            kept.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x5D, i + 4 <= bytes.count, bytes[i..<i + 4].elementsEqual(link) {
                    i += 4
                } else {
                    if bytes[i] != 0x5D { kept.append(bytes[i]) }
                    i += 1
                }
            }
            bytes = kept
        }
        let cleaned = String(decoding: bytes, as: UTF8.self)
        return cleaned.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The words of a person's name without titles ("Mr.", "Gen.") and possessive endings.
    static func nameWords(_ name: String) -> [String] {
        name.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" }).map { word in
            var w = String(word)
            for suffix in ["’s", "'s"] where w.hasSuffix(suffix) { w = String(w.dropLast(2)) }
            return w
        }.filter { !$0.hasSuffix(".") || $0.count > 3 }
    }
}
