import ClaimTraceReport
import Foundation
import HTTPTypes
public import Hummingbird
import Logging

/// Turns every error into a page a person can read (or, under `/api/`, a JSON error object):
/// unknown routes and ids become a 404 page, bad parameters a 400 saying which, and anything
/// unexpected a 500 that is logged, never a dropped connection.
public struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The app's routes (`:name` one component, `**` the rest) and their methods.
    let routes: [(path: String, methods: [HTTPRequest.Method])]

    init(routes: [(path: String, methods: [HTTPRequest.Method])]) {
        self.routes = routes
    }

    /// The methods a known path accepts; nil for a path no route serves.
    func allowedMethods(_ path: String) -> [HTTPRequest.Method]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        for route in routes {
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: true)
            var matches = true
            for (i, p) in pattern.enumerated() {
                if p == "**" {
                    matches = parts.count > i
                    break
                }
                guard i < parts.count, p.hasPrefix(":") || p == parts[i] else {
                    matches = false
                    break
                }
                if i == pattern.count - 1, parts.count != pattern.count { matches = false }
            }
            if pattern.isEmpty { matches = parts.isEmpty }
            if matches { return route.methods.contains(.get) ? route.methods + [.head] : route.methods }
        }
        return nil
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let status: HTTPResponse.Status
            var headers: HTTPFields = [:]
            var message: String
            switch error {
            case let error as HTTPError where error.status == .notFound && error.body == nil:
                // The router found no route: a known address with another method is a 405.
                if let methods = allowedMethods(request.uri.path), !methods.contains(request.method) {
                    status = .methodNotAllowed
                    headers[.allow] = methods.map(\.rawValue).joined(separator: ", ")
                    message = "\(request.method.rawValue) is not accepted here; use \(methods.map(\.rawValue).joined(separator: " or "))."
                } else {
                    status = .notFound
                    message = "There is no page at this address."
                }
            case let error as HTTPError:
                status = error.status
                headers = error.headers
                message = error.body ?? Self.defaultMessage(status)
            case let error as any HTTPResponseError:
                status = error.status
                message = Self.defaultMessage(status)
            default:
                status = .internalServerError
                message = "The server could not answer: \(error)"
                context.logger.error("\(request.method) \(request.uri.path): \(error)")
            }
            var response: Response
            if request.uri.path.hasPrefix("/api/") {
                let object = ["error": ["status": Int(status.code), "message": message] as [String: Any]]
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
                response = Response(
                    status: status, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
            } else {
                let body = "<section class=\"error-page\"><h2>\(status.code) \(HTMLReport.escape(status.reasonPhrase))</h2><p>\(HTMLReport.escape(message))</p><p><a href=\"/\">Overview</a> · <a href=\"/documents\">Documents</a> · <a href=\"/search\">Search</a></p></section>"
                response = Layout.response(Layout.page("\(status.code) \(status.reasonPhrase)", nil, body), status: status)
            }
            for field in headers where field.name != .contentType && field.name != .contentLength {
                response.headers.append(field)
            }
            return response
        }
    }

    static func defaultMessage(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: return "Not found."
        case 413: return "The request is larger than this server accepts."
        default: return status.reasonPhrase
        }
    }
}
