import ClaimTrace
import Foundation
public import GRDB

/// A stored document: one row of `document`.
public struct StoredDocument: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "document"

    /// SQLite's row key (stable, used by the full-text index); nil before the first insert.
    public var rowKey: Int64?
    public var id: String
    public var source: String
    public var format: String
    public var contentHash: String
    public var pipelineVersion: String
    public var title: String?
    /// JSON array of names.
    public var authors: String
    public var published: String?
    public var outlet: String?
    public var url: String?
    public var originalSource: String?
    public var signOffAuthor: String?
    public var text: String
    public var warnings: String
    public var analyzedAt: String

    public var authorList: [String] { stringList(authors) }
    public var warningList: [String] { stringList(warnings) }
}

/// A stored span of some layer (`excluded`, `sentence`, `paragraph`, `date`, ...), in Unicode
/// scalar offsets.
public struct StoredSpan: Codable, Sendable, FetchableRecord, PersistableRecord, Equatable {
    public static let databaseTableName = "span"

    public var documentId: String
    public var layer: String
    public var start: Int
    public var end: Int
    public var kind: String?
    public var data: String?

    public init(documentId: String, layer: String, start: Int, end: Int, kind: String? = nil, data: String? = nil) {
        self.documentId = documentId
        self.layer = layer
        self.start = start
        self.end = end
        self.kind = kind
        self.data = data
    }
}

/// A full-text search result.
public struct SearchHit: Sendable, Equatable {
    public var documentId: String
    public var title: String?
    /// A snippet of the text with matches between `[` and `]`.
    public var snippet: String
    public var rank: Double
}

/// One entity of one document: a row of `document_entity`.
public struct StoredDocumentEntity: Codable, Sendable, FetchableRecord, PersistableRecord, Equatable {
    public static let databaseTableName = "document_entity"

    public var documentId: String
    public var localIndex: Int
    public var name: String
    public var type: String
    public var aliases: String
    public var roles: String
    public var canonical: String?
    public var country: String?

    public var aliasList: [String] { stringList(aliases) }
    public var roleList: [String] { stringList(roles) }
}

/// A column holding a JSON array of strings, read back (empty when it is not one).
func stringList(_ json: String) -> [String] {
    (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
}
