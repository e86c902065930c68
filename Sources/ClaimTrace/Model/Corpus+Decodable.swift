/// Writing findings as `claimtrace/1` has them, and reading corpus records back from their `claimtrace/1` JSON (as the report writes them and the
/// store keeps them), so the web app shows stored claims and findings with the same views as the
/// report. Field names are those of the schema; unknown fields are ignored.

private enum ReferenceKeys: String, CodingKey { case document, start, end, text }

private func reference(_ c: KeyedDecodingContainer<ReferenceKeys>) throws -> SpanReference {
    SpanReference(
        document: try c.decode(String.self, forKey: .document), start: try c.decode(Int.self, forKey: .start),
        end: try c.decode(Int.self, forKey: .end), text: try c.decode(String.self, forKey: .text))
}

extension SpanReference: Codable {
    public init(from decoder: any Decoder) throws {
        self = try reference(decoder.container(keyedBy: ReferenceKeys.self))
    }

    /// The fields in the order ``init(from:)`` reads them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReferenceKeys.self)
        try c.encode(document, forKey: .document)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(text, forKey: .text)
    }
}

extension Finding.Kind: Codable {}

private enum FindingKeys: String, CodingKey { case kind, message, related }

extension Finding: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: FindingKeys.self)
        self.init(
            kind: try c.decode(Kind.self, forKey: .kind), message: try c.decode(String.self, forKey: .message),
            at: try SpanReference(from: decoder), related: try c.decodeIfPresent([SpanReference].self, forKey: .related) ?? [])
    }

    /// As `claimtrace/1` has it (the place's fields beside `kind` and `message`), in the order
    /// ``init(from:)`` reads them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: FindingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(message, forKey: .message)
        try at.encode(to: encoder)
        try c.encodeIfPresent(related as [SpanReference]?, forKey: .related)
    }
}

private enum ClaimMemberKeys: String, CodingKey { case attribution, sourceKind, speaker, entity, country, date, copyOf }

extension ClaimMember: Codable {
    private typealias Keys = ClaimMemberKeys

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            at: try SpanReference(from: decoder), attribution: try c.decodeIfPresent(String.self, forKey: .attribution),
            sourceKind: try c.decode(SourceKind.self, forKey: .sourceKind), speaker: try c.decodeIfPresent(String.self, forKey: .speaker),
            entity: try c.decodeIfPresent(String.self, forKey: .entity), country: try c.decodeIfPresent(String.self, forKey: .country),
            date: try c.decodeIfPresent(String.self, forKey: .date), copyOf: try c.decodeIfPresent(String.self, forKey: .copyOf))
    }

    /// As `claimtrace/1` has it (the place's fields beside the others), in the order
    /// ``init(from:)`` reads them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try at.encode(to: encoder)
        try c.encodeIfPresent(attribution, forKey: .attribution)
        try c.encode(sourceKind, forKey: .sourceKind)
        try c.encodeIfPresent(speaker, forKey: .speaker)
        try c.encodeIfPresent(entity, forKey: .entity)
        try c.encodeIfPresent(country, forKey: .country)
        try c.encodeIfPresent(date, forKey: .date)
        try c.encodeIfPresent(copyOf, forKey: .copyOf)
    }
}

extension ClaimSource: Decodable {
    private enum Keys: String, CodingKey { case entity, text, sourceKind, country, voice }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            entity: try c.decodeIfPresent(String.self, forKey: .entity), text: try c.decode(String.self, forKey: .text),
            sourceKind: try c.decode(SourceKind.self, forKey: .sourceKind), country: try c.decodeIfPresent(String.self, forKey: .country),
            voice: try c.decodeIfPresent(String.self, forKey: .voice) ?? "")
    }
}

extension TimelineEvent.Kind: Decodable {}

extension TimelineEvent: Decodable {
    private enum Keys: String, CodingKey { case date, kind, document, text }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            date: try c.decode(String.self, forKey: .date), kind: try c.decode(Kind.self, forKey: .kind),
            document: try c.decode(String.self, forKey: .document), text: try c.decode(String.self, forKey: .text))
    }
}

extension ClaimCluster: Decodable {
    private enum Keys: String, CodingKey {
        case id, label, members, documents, outlets, sources, independentSources, firstSeen, flags, timeline
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), label: try c.decode(String.self, forKey: .label),
            members: try c.decode([ClaimMember].self, forKey: .members), documents: try c.decode([String].self, forKey: .documents),
            outlets: try c.decodeIfPresent([String].self, forKey: .outlets) ?? [],
            sources: try c.decode([ClaimSource].self, forKey: .sources),
            independentSources: try c.decode(Int.self, forKey: .independentSources),
            firstSeen: try c.decodeIfPresent(String.self, forKey: .firstSeen),
            flags: try c.decodeIfPresent([String].self, forKey: .flags) ?? [],
            timeline: try c.decodeIfPresent([TimelineEvent].self, forKey: .timeline) ?? [])
    }
}
