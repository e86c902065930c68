/// A claim: one proposition told by one or more documents, traced to its sources.
public struct ClaimCluster: Sendable {
    public var id: String
    /// A short readable label, from the most central member.
    public var label: String
    public var members: [ClaimMember]
    public var documents: [String]
    public var outlets: [String]
    /// The original sources behind the members (republished copies counted once).
    public var sources: [ClaimSource]
    /// Distinct original sources: officials of one government count as one voice, all
    /// anonymous (or vague) sources of one article as one, the author of an unsourced claim as
    /// its outlet.
    public var independentSources: Int
    /// The earliest date the claim was stated or published.
    public var firstSeen: String?
    /// "anonymous-or-vague-only", "one-government", "single-source".
    public var flags: [String]
    /// Statements and publications on one time axis.
    public var timeline: [TimelineEvent]
}

/// One telling of a claim.
public struct ClaimMember: Sendable, Hashable {
    public var at: SpanReference
    /// The attribution it is the content of ("a3"), or nil for the author's own assertion.
    public var attribution: String?
    public var sourceKind: SourceKind
    public var speaker: String?
    /// The corpus entity of the speaker, when resolved.
    public var entity: String?
    public var country: String?
    public var date: String?
    /// The document this one copies, when it is a republication (its member counts there).
    public var copyOf: String?
}

public struct ClaimSource: Sendable, Hashable {
    public var entity: String?
    public var text: String
    public var sourceKind: SourceKind
    public var country: String?
    /// The independent voice it belongs to ("government:Iran", "anonymous:doc", "entity:E3").
    public var voice: String
}

public struct TimelineEvent: Sendable, Hashable {
    public enum Kind: String, Sendable { case statement, publication }
    public var date: String
    public var kind: Kind
    public var document: String
    public var text: String
}
