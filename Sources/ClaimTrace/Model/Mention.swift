/// The kinds of thing a mention names (the `type` of entities in `claimtrace/1`).
public enum EntityType: String, Sendable, Codable, CaseIterable {
    case person, organization, place, group, media
}

/// A name in the text: who or what, where, and in what role.
public struct Mention: Sendable, Hashable, Codable {
    public var range: TextRange
    public var type: EntityType
    /// A title, rank or appositive role attached to the name ("Brigadier General",
    /// "Iran's ambassador to Afghanistan").
    public var role: TextRange?
    /// The canonical name when the lists know it ("Daesh" → "Islamic State", "Iranian" → "Iran").
    public var canonical: String?

    public init(range: TextRange, type: EntityType, role: TextRange? = nil, canonical: String? = nil) {
        self.range = range
        self.type = type
        self.role = role
        self.canonical = canonical
    }
}
