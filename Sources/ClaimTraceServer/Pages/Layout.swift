import ClaimTrace
import ClaimTraceReport
import ClaimTraceStore
import Hummingbird

/// The frame of every page: one stylesheet and one script file of ours (no inline script, as the
/// Content-Security-Policy demands), the navigation, and a search box.
enum Layout {
    enum Section: String, CaseIterable {
        case overview = "Overview", documents = "Documents", claims = "Claims", graph = "Provenance", timeline = "Timeline"
        case sources = "Sources", findings = "Findings", copies = "Copies", techniques = "Techniques", search = "Search"
        case upload = "Upload"

        var path: String {
            switch self {
            case .overview: return "/"
            case .documents: return "/documents"
            case .claims: return "/claims"
            case .graph: return "/graph"
            case .timeline: return "/timeline"
            case .sources: return "/sources"
            case .findings: return "/findings"
            case .copies: return "/copies"
            case .techniques: return "/techniques"
            case .search: return "/search"
            case .upload: return "/upload"
            }
        }
    }

    static func escape(_ text: String) -> String { HTMLReport.escape(text) }

    static func page(_ title: String, _ section: Section?, _ body: String, query: String = "") -> String {
        var nav = ""
        for s in Section.allCases {
            nav += "<a href=\"\(s.path)\"\(s == section ? " aria-current=\"page\"" : "")>\(s.rawValue)</a> "
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · claimtrace</title>
            <link rel="stylesheet" href="/assets/style.css">
            </head><body>
            <header><h1><a href="/">claimtrace</a></h1>
            <form class="searchbox" action="/search" method="get" role="search"><input type="search" name="q" value="\(escape(query))" placeholder="Search the articles" aria-label="Search the articles"></form>
            <nav>\(nav)</nav></header>
            <main>
            \(body)
            </main>
            <script src="/assets/filter.js"></script>
            </body></html>

            """
    }

    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// "Page 2 of 7 · ← previous · next →", keeping the other parameters.
    static func pager(_ path: String, _ paging: Query.Paging, total: Int, parameters: [(String, String)]) -> String {
        let pages = max(1, (total + paging.perPage - 1) / paging.perPage)
        guard pages > 1 || paging.page > 1 else { return "" }
        func link(_ page: Int, _ text: String, _ rel: String) -> String {
            var p = parameters
            p.append(("page", String(page)))
            if paging.perPage != 0 { p.append(("perPage", String(paging.perPage))) }
            return "<a rel=\"\(rel)\" href=\"\(escape(path + Query.queryString(p)))\">\(text)</a>"
        }
        var out = "<nav class=\"pager\" aria-label=\"Pages\">Page \(paging.page) of \(pages) (\(total) in all)"
        if paging.page > 1 { out += " · " + link(min(paging.page - 1, pages), "← previous", "prev") }
        if paging.page < pages { out += " · " + link(paging.page + 1, "next →", "next") }
        return out + "</nav>"
    }

    /// The stylesheet: the report's, plus the app's forms, pager and search marks.
    static let css = HTMLReport.css + """

        header h1 a{color:inherit;text-decoration:none}nav a[aria-current]{font-weight:700;text-decoration:underline}
        form.searchbox{float:right;margin:0}form.searchbox input{width:16rem;margin:0;padding:.2rem .4rem}
        form.filters{display:flex;flex-wrap:wrap;gap:.4rem .8rem;align-items:end;margin:.6rem 0 1rem;padding:.6rem;background:#f9fafb;border:1px solid var(--line);border-radius:6px}
        form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
        form.filters input,form.filters select{font:inherit;font-size:.9rem;padding:.25rem;border:1px solid var(--line);border-radius:4px;min-width:8rem;max-width:16rem}
        button{font:inherit;padding:.3rem .9rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;cursor:pointer}
        .pager{margin:1rem 0;color:var(--muted)}.pager a{color:var(--accent)}
        mark{background:#fff3a3;padding:0 .1rem}ol.hits li{margin:.7rem 0}ol.hits .snippet{font-family:Georgia,serif}
        .notice{background:#eef4ff;border:1px solid #b2ccff;border-radius:6px;padding:.5rem .8rem}.error-page h2{border:0}
        .counts a{color:inherit}
        @media (max-width:700px){form.searchbox{float:none}form.searchbox input{width:100%}}
        """
}
