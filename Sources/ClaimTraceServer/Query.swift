import ClaimTrace
import ClaimTraceStore
import Foundation
import Hummingbird

/// Reading and checking query parameters: every value is bounded and validated, and a bad one
/// is a 400 that says which parameter and what is allowed.
enum Query {
    /// Longest value accepted for any parameter.
    static let maxValueLength = 500

    /// Which page of a list: 1-based `page`, and `perPage` up to the configured maximum.
    struct Paging: Sendable, Equatable {
        var page: Int
        var perPage: Int
        var offset: Int { (page - 1) * perPage }
    }

    /// The query's parameters decoded as HTML forms encode them (`+` is a space, then percent
    /// escapes), in order; a parameter given twice keeps its first value.
    static func all(_ request: Request) -> [(name: String, value: String)] {
        guard let query = request.uri.query, !query.isEmpty else { return [] }
        var out: [(String, String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true).prefix(100) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            out.append((decode(parts[0]), parts.count > 1 ? decode(parts[1]) : ""))
        }
        return out
    }

    /// One parameter's value as sent (not trimmed), or nil when absent.
    static func raw(_ request: Request, _ name: String) -> String? {
        all(request).first { $0.name == name }?.value
    }

    /// A parameter's value, trimmed; nil when absent or empty (as HTML forms send unset fields).
    static func value(_ request: Request, _ name: String) throws -> String? {
        guard let raw = raw(request, name) else { return nil }
        // The length as sent: 500 tabs around two letters are still too long.
        guard raw.count <= maxValueLength else {
            throw HTTPError(.badRequest, message: "The parameter \(name) is longer than \(maxValueLength) characters.")
        }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    static func paging(_ request: Request, _ configuration: ServerConfiguration) throws -> Paging {
        func number(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let raw = Self.raw(request, name) else { return value }
            let text = raw.trimmingCharacters(in: .whitespaces)
            guard let n = Int(text), range.contains(n) else {
                throw HTTPError(.badRequest, message: "The parameter \(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
            }
            return n
        }
        return Paging(
            page: try number("page", default: 1, range: 1...1_000_000),
            perPage: try number("perPage", default: configuration.pageSize, range: 1...configuration.maxPageSize))
    }

    /// The document filter of `outlet`, `from`, `to`, `sourceKind` and `technique`.
    static func filter(_ request: Request) throws -> DocumentFilter {
        var filter = DocumentFilter()
        filter.outlet = try value(request, "outlet")
        for name in ["from", "to"] {
            guard let day = try value(request, name) else { continue }
            guard Day(iso: day) != nil else {
                throw HTTPError(.badRequest, message: "The parameter \(name) must be a date written YYYY-MM-DD.")
            }
            if name == "from" { filter.from = day } else { filter.to = day }
        }
        if let kind = try value(request, "sourceKind") {
            guard SourceKind(rawValue: kind) != nil else {
                throw HTTPError(
                    .badRequest, message: "The parameter sourceKind must be one of: \(SourceKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            filter.sourceKind = kind
        }
        if let technique = try value(request, "technique") {
            guard Technique(rawValue: technique) != nil else {
                throw HTTPError(
                    .badRequest, message: "The parameter technique must be one of: \(Technique.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            filter.technique = technique
        }
        return filter
    }

    /// The filter's parameters, to carry into page links.
    static func parameters(_ filter: DocumentFilter) -> [(String, String)] {
        var out: [(String, String)] = []
        if let v = filter.outlet { out.append(("outlet", v)) }
        if let v = filter.from { out.append(("from", v)) }
        if let v = filter.to { out.append(("to", v)) }
        if let v = filter.sourceKind { out.append(("sourceKind", v)) }
        if let v = filter.technique { out.append(("technique", v)) }
        return out
    }

    /// Percent-encodes a query value or key (everything but unreserved characters).
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// Percent-encodes a document id for a path (slashes kept, so ids that are paths stay legible).
    static func encodePath(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreservedAndSlash) ?? ""
    }

    static func queryString(_ parameters: [(String, String)]) -> String {
        parameters.isEmpty ? "" : "?" + parameters.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    private static let unreservedAndSlash = unreserved.union(CharacterSet(charactersIn: "/"))
}
