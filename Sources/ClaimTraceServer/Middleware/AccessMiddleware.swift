import Foundation
import HTTPTypes
public import Hummingbird

/// Who may use the server, checked before any route:
///
/// 1. On a loopback address, the request's host must be a loopback name too, so that a web page
///    elsewhere cannot reach the server through a DNS name rebound to 127.0.0.1.
/// 2. With a token, every request must carry it: `Authorization: Bearer TOKEN`, or the cookie a
///    browser gets by opening any page once with `?token=TOKEN` (it is then redirected to the
///    same page without the token in the address). Tokens are compared in constant time.
/// 3. Requests that change something (POST) must not come from another site: a browser's
///    `Origin` must name this server, and `Sec-Fetch-Site` must not say `cross-site`.
public struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]?
    let loopbackOnly: Bool

    public static var cookieName: String { "claimtrace_token" }

    public init(token: String?, loopbackOnly: Bool) {
        self.token = token.map { Array($0.utf8) }
        self.loopbackOnly = loopbackOnly
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // HTTP/1 puts the Host header into the authority; a Host field is read too, should one remain.
        let authority = request.head.authority ?? request.headers[.hostField]
        if loopbackOnly, let authority, !Self.isLoopbackAuthority(authority) {
            throw HTTPError(.misdirectedRequest, message: "This server answers on localhost only (the request named \(authority)).")
        }
        if let token {
            if let given = Query.raw(request, "token"), request.method == .get {
                guard Self.constantTimeEqual(Array(given.utf8), token) else {
                    throw HTTPError(.unauthorized, message: "The token in the address is wrong.")
                }
                // Keep the token out of the address bar and history: set the cookie, redirect.
                var response = Response(status: .seeOther, headers: [.location: Self.withoutToken(request)])
                response.setCookie(
                    Cookie(name: Self.cookieName, value: String(decoding: token, as: UTF8.self), path: "/", httpOnly: true, sameSite: .strict))
                return response
            }
            guard Self.presentedToken(request).map({ Self.constantTimeEqual(Array($0.utf8), token) }) == true else {
                throw HTTPError(
                    .unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                    message: "This server needs its token: send `Authorization: Bearer TOKEN`, or open any page once with ?token=TOKEN.")
            }
        }
        if request.method != .get, request.method != .head {
            if request.headers[.secFetchSite] == "cross-site" {
                throw HTTPError(.forbidden, message: "Requests from other sites may not change the corpus.")
            }
            if let origin = request.headers[.origin], let authority, !Self.sameHost(origin: origin, authority: authority) {
                throw HTTPError(.forbidden, message: "Requests from other sites may not change the corpus (origin \(origin)).")
            }
        }
        return try await next(request, context)
    }

    static func presentedToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        return request.cookies[cookieName]?.value
    }

    /// Equal contents, in time that depends only on the lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = a.count == b.count ? 0 : 1
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    /// "localhost:8080", "127.0.0.1", "[::1]:8080".
    static func isLoopbackAuthority(_ authority: String) -> Bool {
        ServerConfiguration.isLoopback(host(ofAuthority: authority))
    }

    static func host(ofAuthority authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }

    static func sameHost(origin: String, authority: String) -> Bool {
        guard let components = URLComponents(string: origin), let host = components.host else { return false }
        let port = components.port.map { ":\($0)" } ?? ""
        let originAuthority = (host.contains(":") ? "[\(host)]" : host) + port
        return originAuthority.lowercased() == authority.lowercased()
    }

    static func withoutToken(_ request: Request) -> String {
        let uri = request.uri
        let kept = Query.all(request).filter { $0.name != "token" }.map { Query.encode($0.name) + "=" + Query.encode($0.value) }
        // A path of "//host" would redirect to another site: keep one leading slash.
        var path = uri.path
        while path.hasPrefix("//") { path.removeFirst() }
        return path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }
}

extension HTTPField.Name {
    static var secFetchSite: Self { .init("Sec-Fetch-Site")! }
    static var wwwAuthenticate: Self { .init("WWW-Authenticate")! }
    static var hostField: Self { .init("Host")! }
}
