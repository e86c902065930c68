/// Someone or something a document refers to, possibly by several names.
public struct DocumentEntity: Sendable, Hashable, Codable {
    /// The fullest name the document uses.
    public var name: String
    public var type: EntityType
    /// Every form the document uses, the name included.
    public var aliases: [String]
    /// Roles and titles given to it ("Special Envoy", "Iran's ambassador to Afghanistan").
    public var roles: [String]
    /// The canonical name from the lists, if any ("Islamic State" for "Daesh").
    public var canonical: String?
    /// The country it belongs to or speaks for, from its roles ("Iranian Defense Minister" →
    /// Iran) or, for a state or its capital, itself.
    public var country: String?

    public init(name: String, type: EntityType, aliases: [String], roles: [String], canonical: String?, country: String? = nil) {
        self.name = name
        self.type = type
        self.aliases = aliases
        self.roles = roles
        self.canonical = canonical
        self.country = country
    }
}

/// The entities of one document and what refers to them.
public struct DocumentEntities: Sendable, Hashable, Codable {
    public var entities: [DocumentEntity]
    /// Entity index of each mention (same order as the document's mentions), or nil.
    public var mentionEntity: [Int?]
    /// Entity index of each attribution's source, or nil (anonymous, vague, unresolved).
    public var attributionEntity: [Int?]
    /// The role each attribution's source speaks in, if stated ("the Russian envoy").
    public var attributionRole: [String?]

    public static let empty = DocumentEntities(entities: [], mentionEntity: [], attributionEntity: [], attributionRole: [])
}

/// An entity across the corpus, with the evidence for every merge of document entities.
public struct CorpusEntity: Sendable {
    public var id: String
    public var name: String
    public var type: EntityType
    public var aliases: [String]
    public var roles: [String]
    public var documents: [String]
    /// The country most of its documents give it, if any.
    public var country: String?
    /// Why document entities were merged into this one, one line each.
    public var merges: [String]
}
