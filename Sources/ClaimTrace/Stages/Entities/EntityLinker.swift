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

    /// - Complexity: O(mentions × entities + attributions × mentions).
    public func link(_ text: String, mentions: [Mention], attributions: [Attribution]) -> DocumentEntities {
        var entities: [DocumentEntity] = []
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
                    index = entities.count - 1
                }
                lastPersonWithSurname[surname.lowercased()] = index
            } else {
                let key = (mention.canonical ?? surface).lowercased()
                if let known = entities.firstIndex(where: { $0.type == mention.type && ($0.canonical ?? $0.name).lowercased() == key }) {
                    index = known
                } else {
                    entities.append(
                        DocumentEntity(name: mention.canonical ?? surface, type: mention.type, aliases: [], roles: [], canonical: mention.canonical))
                    index = entities.count - 1
                }
            }
            if !entities[index].aliases.contains(surface) { entities[index].aliases.append(surface) }
            if let role, !entities[index].roles.contains(role) { entities[index].roles.append(role) }
            mentionEntity.append(index)
        }

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
            let inside = mentions.indices.filter { source.contains(mentions[$0].range) && mentionEntity[$0] != nil }
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
                    ?? latestPerson(before: source.start, mentions: mentions, mentionEntity: mentionEntity)
            } else if lower == "who" || lower == "which" {
                // "Anna Berg, who said ...": the name the relative pronoun stands for, else the
                // name right before it.
                let named = attribution.antecedent.flatMap { phrase in
                    mentions.indices.last { phrase.contains(mentions[$0].range) && mentionEntity[$0] != nil && mentions[$0].type == .person }
                        ?? mentions.indices.last { phrase.contains(mentions[$0].range) && mentionEntity[$0] != nil }
                }
                entity = (named ?? mentions.indices.last { mentions[$0].range.end <= source.start && source.start - mentions[$0].range.end <= 3 })
                    .flatMap { mentionEntity[$0] }
            } else if Self.titleWords.contains(head) {
                role = Self.clean(sourceText)
                let candidates = mentions.indices.filter {
                    mentions[$0].type == .person && mentions[$0].range.end <= source.start && mentionEntity[$0] != nil
                }
                entity = candidates.reversed().compactMap { mentionEntity[$0] }.first { e in
                    entities[e].roles.contains { $0.lowercased().contains(head) }
                } ?? previousSpeaker?.entity ?? candidates.last.flatMap { mentionEntity[$0] }
            }
            if let entity {
                previousSpeaker = (entity, source.end)
                if let role, !entities[entity].roles.contains(role) { entities[entity].roles.append(role) }
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

    private func latestPerson(before offset: Int, mentions: [Mention], mentionEntity: [Int?]) -> Int? {
        mentions.indices.last { mentions[$0].type == .person && mentions[$0].range.end <= offset && mentionEntity[$0] != nil }
            .flatMap { mentionEntity[$0] }
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
