import Foundation
import HTTPTypes
public import Hummingbird

/// Who may use the server, checked before any route:
///
/// 1. The request names exactly one host (`Host`), as a host and an optional decimal port and
///    nothing else, or it is a 400. On a loopback address, that host must be a loopback name
///    too, so that a web page elsewhere cannot reach the server through a DNS name rebound to
///    127.0.0.1.
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
        // HTTP/1 puts the first Host header into the authority and leaves any other in the fields.
        guard let authority = request.head.authority, request.headers[values: .hostField].isEmpty else {
            throw HTTPError(.badRequest, message: "A request must name exactly one host (one Host header).")
        }
        guard let named = Self.parseAuthority(authority) else {
            throw HTTPError(.badRequest, message: "The Host header must be a host name or address and an optional port, nothing else (it was \(authority)).")
        }
        if loopbackOnly, !ServerConfiguration.isLoopback(named.host) {
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
            if let origin = request.headers[.origin], !Self.sameHost(origin: origin, authority: authority) {
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

    /// "localhost:8080", "127.0.0.1", "[::1]:8080": a loopback host, well formed.
    static func isLoopbackAuthority(_ authority: String) -> Bool {
        parseAuthority(authority).map { ServerConfiguration.isLoopback($0.host) } ?? false
    }

    /// The host and port of an authority written `host[:port]`: a name or IPv4 address of
    /// letters, digits, dots, hyphens and underscores, or an IPv6 address in brackets; a port of
    /// 1 to 5 digits up to 65535. Nil for anything else ("127.0.0.1:80@evil.com", "a b", "h:").
    static func parseAuthority(_ authority: String) -> (host: String, port: Int?)? {
        let utf8 = Array(authority.utf8)
        guard !utf8.isEmpty, utf8.count <= 300 else { return nil }
        var hostEnd: Int
        let host: String
        if utf8[0] == UInt8(ascii: "[") {
            guard let close = utf8.firstIndex(of: UInt8(ascii: "]")), close > 1,
                utf8[1..<close].allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else { return nil }
            host = String(decoding: utf8[1..<close], as: UTF8.self)
            hostEnd = close + 1
        } else {
            hostEnd = utf8.firstIndex(of: UInt8(ascii: ":")) ?? utf8.count
            let name = utf8[0..<hostEnd]
            guard !name.isEmpty, name.allSatisfy({ isDigit($0) || isLetter($0) || "-._".utf8.contains($0) }) else { return nil }
            host = String(decoding: name, as: UTF8.self)
        }
        guard hostEnd < utf8.count else { return (host, nil) }
        let port = utf8[(hostEnd + 1)...]
        guard utf8[hostEnd] == UInt8(ascii: ":"), (1...5).contains(port.count), port.allSatisfy(isDigit),
            let number = Int(String(decoding: port, as: UTF8.self)), number <= 65535
        else { return nil }
        return (host, number)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    static func sameHost(origin: String, authority: String) -> Bool {
        guard let components = URLComponents(string: origin), let host = components.host else { return false }
        let port = components.port.map { ":\($0)" } ?? ""
        let originAuthority = (host.contains(":") ? "[\(host)]" : host) + port
        return originAuthority.lowercased() == authority.lowercased()
    }

    static func withoutToken(_ request: Request) -> String {
        let kept = Query.all(request).filter { $0.name != "token" }.map { Query.encode($0.name) + "=" + Query.encode($0.value) }
        return sameSitePath(request.uri.path) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    /// A path that a browser resolves on this site: every byte but a path's own characters
    /// percent-escaped (a browser reads "\\" as "/" and drops tabs and line breaks, so "/\\host"
    /// and "/<tab>/host" would name another host), then one leading slash ("//host" names one too).
    static func sameSitePath(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            if isDigit(byte) || isLetter(byte) || "-._~!$&'()*+,;=:@/%".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        while out.hasPrefix("//") { out.removeFirst() }
        return out.hasPrefix("/") ? out : "/" + out
    }
}

extension HTTPField.Name {
    static var secFetchSite: Self { .init("Sec-Fetch-Site")! }
    static var wwwAuthenticate: Self { .init("WWW-Authenticate")! }
    static var hostField: Self { .init("Host")! }
}
