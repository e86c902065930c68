import HTTPTypes
public import Hummingbird

/// Answers HEAD as GET without the body (link checkers and `curl -I` use it).
public struct HeadMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .head else { return try await next(request, context) }
        var head = request.head
        head.method = .get
        var response = try await next(Request(head: head, body: request.body), context)
        if let length = response.body.contentLength {
            response.headers[.contentLength] = String(length)
        }
        response.body = .init()
        return response
    }
}
