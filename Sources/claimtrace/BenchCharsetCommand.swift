import ArgumentParser
import ClaimTrace
import Foundation

struct BenchCharsetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charset",
        abstract: "Count the HTML pages whose text the <meta> charset changes, and show where.",
        discussion: """
            Decodes every .html file of a folder twice: without looking for a <meta> charset
            (UTF-8, else Windows-1252, as before) and as `analyze` reads it now (a <meta>
            charset in the page's head decides, unless the bytes are valid UTF-8 with non-ASCII
            characters). Prints the charsets declared, how many pages decode
            differently, and the first difference of up to --show of them.

            Example:
              claimtrace bench charset ../shared/eval/webextract/pages
            """
    )

    @Argument(help: "A folder of .html pages.")
    var folder: String

    @Option(name: .long, help: "Pages whose difference is shown.")
    var show: Int = 10

    func run() throws {
        let files = InputCollector().collect([folder]).files.filter { $0.format == .html && $0.archive == nil }
        let decoder = TextDecoder()
        var declared: [String: Int] = [:]
        var changed: [(String, String, String)] = []
        var keptUTF8 = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            let bytes = [UInt8](data)
            let meta = Charset.declaredInMeta(bytes[...])
            declared[meta?.description ?? "none", default: 0] += 1
            guard let before = try? decoder.decode(bytes), let after = try? decoder.decode(bytes, declared: nil, html: true) else { continue }
            if before.text == after.text {
                if let meta, meta != .utf8, bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) != nil { keptUTF8 += 1 }
                continue
            }
            let a = Array(before.text), b = Array(after.text)
            var k = 0
            while k < min(a.count, b.count), a[k] == b[k] { k += 1 }
            let from = max(0, k - 20)
            let snippet = { (c: [Character]) in String(c[from..<min(c.count, k + 40)]).replacingOccurrences(of: "\n", with: " ") }
            changed.append(((file.path as NSString).lastPathComponent + " (" + (meta?.description ?? "?") + ")", snippet(a), snippet(b)))
        }
        print("pages: \(files.count)")
        print("<meta> charset declared: " + declared.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print("decoded differently with the <meta> charset: \(changed.count)")
        print("declared a legacy charset but valid UTF-8 with non-ASCII characters (kept as UTF-8): \(keptUTF8)")
        for (name, before, after) in changed.prefix(show) {
            print("\(name)\n  before: \(before)\n  after:  \(after)")
        }
    }
}
