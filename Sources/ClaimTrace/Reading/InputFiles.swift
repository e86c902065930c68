import Foundation

/// One file to read, with the id its documents will carry.
public struct InputFile: Sendable, Hashable {
    public var path: String
    /// The id: the path relative to the root's parent folder (`Samples/web/a.html`), or the
    /// file name for a file given directly.
    public var id: String
    public var format: SourceFormat

    public init(path: String, id: String, format: SourceFormat) {
        self.path = path
        self.id = id
        self.format = format
    }
}

/// Expands paths (files and folders, folders recursively) into a sorted list of inputs.
public struct InputCollector: Sendable {
    public init() {}

    public struct Collection: Sendable {
        public var files: [InputFile]
        /// Files in folders skipped because their type is not one we read, or because they are
        /// a README/LICENSE (files named directly are reported as issues instead).
        public var skippedUnknown: Int
        public var issues: [ReadIssue]
    }

    public static func format(ofPath path: String) -> SourceFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "txt", "text": return .text
        case "md", "markdown": return .markdown
        case "html", "htm", "xhtml": return .html
        case "jsonl", "ndjson": return .jsonl
        default: return nil
        }
    }

    /// README, LICENSE and CHANGELOG files inside a folder describe the folder; they are not
    /// articles. (Named directly, they are read like any file.)
    static func isProjectFile(_ relative: String) -> Bool {
        let name = (relative as NSString).lastPathComponent.uppercased()
        return ["README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING"].contains { name.hasPrefix($0) }
    }

    /// Lists the inputs under `paths`: folders recursively (hidden files and folders skipped),
    /// each folder's files in sorted order, ids unique.
    /// - Complexity: O(n log n) in the number of files.
    public func collect(_ paths: [String]) -> Collection {
        let fm = FileManager.default
        var files: [InputFile] = []
        var issues: [ReadIssue] = []
        var skipped = 0
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                issues.append(ReadIssue(location: path, reason: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                let root = URL(fileURLWithPath: path).standardizedFileURL
                let rootName = root.lastPathComponent
                guard let walker = fm.enumerator(atPath: root.path) else {
                    issues.append(ReadIssue(location: path, reason: "folder cannot be listed"))
                    continue
                }
                var found: [String] = []
                while let relative = walker.nextObject() as? String {
                    let name = (relative as NSString).lastPathComponent
                    if name.hasPrefix(".") {
                        if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory {
                            walker.skipDescendants()
                        }
                        continue
                    }
                    if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { continue }
                    found.append(relative)
                }
                for relative in found.sorted() {
                    let full = root.appendingPathComponent(relative).path
                    guard let format = Self.format(ofPath: relative), !Self.isProjectFile(relative) else {
                        skipped += 1
                        continue
                    }
                    files.append(InputFile(path: full, id: rootName + "/" + relative, format: format))
                }
            } else {
                guard let format = Self.format(ofPath: path) else {
                    issues.append(
                        ReadIssue(
                            location: path,
                            reason: "unsupported file type; claimtrace reads .txt, .md, .html, .htm and .jsonl"))
                    continue
                }
                files.append(InputFile(path: path, id: (path as NSString).lastPathComponent, format: format))
            }
        }
        // Ids stay unique when two roots share a name.
        var seen: [String: Int] = [:]
        for i in files.indices {
            let count = seen[files[i].id, default: 0]
            seen[files[i].id] = count + 1
            if count > 0 { files[i].id += "#\(count + 1)" }
        }
        return Collection(files: files, skippedUnknown: skipped, issues: issues)
    }
}
