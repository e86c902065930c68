import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One file to read, with the id its documents will carry.
public struct InputFile: Sendable, Hashable {
    /// The path as shown and stored: where the real name is not valid UTF-8, its bad bytes are
    /// written `\xNN`.
    public var path: String
    /// The id: the path relative to the root's parent folder (`Samples/web/a.html`), or the
    /// file name for a file given directly.
    public var id: String
    public var format: SourceFormat
    /// The path's bytes on disk, when they are not valid UTF-8 (`path` then only shows them).
    public var rawPath: [UInt8]?

    public init(path: String, id: String, format: SourceFormat, rawPath: [UInt8]? = nil, archive: WebArchiveKind? = nil) {
        self.path = path
        self.id = id
        self.format = format
        self.rawPath = rawPath
        self.archive = archive
    }

    /// A web archive (`.warc`, `.warc.gz`, `.wacz`) is read record by record; its documents
    /// are HTML or plain text (`format` is then `.html`).
    public var archive: WebArchiveKind?

    /// The bytes to open.
    var fileSystemPath: [UInt8] { rawPath ?? Array(path.utf8) }
}

/// Expands paths (files and folders, folders recursively) into a sorted list of inputs.
///
/// Only regular files are read. FIFOs, sockets and devices are never opened (opening a FIFO
/// would wait forever for a writer): each gets one line. A symbolic link is followed when it
/// points inside the folder being read, or anywhere with `followSymlinks`; otherwise it gets
/// one line saying it was not followed. Folders reached twice (through links) are read once.
public struct InputCollector: Sendable {
    /// Follow symbolic links that lead out of the folder being read (files and folders).
    public var followSymlinks: Bool

    public init(followSymlinks: Bool = false) {
        self.followSymlinks = followSymlinks
    }

    public struct Collection: Sendable {
        public var files: [InputFile]
        /// Files in folders skipped because their type is not one we read, or because they are
        /// a README/LICENSE (files named directly are reported as issues instead).
        public var skippedUnknown: Int
        /// Inputs that cannot be read: one line each, and a non-zero exit status.
        public var issues: [ReadIssue]
        /// What was passed over on purpose and is said all the same, one line each: links not
        /// followed, special files that are not articles, names that are not valid UTF-8.
        public var notices: [ReadIssue] = []
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

    /// The format of a file's documents: ``format(ofPath:)``, or `.html` for a web archive
    /// (whose `InputFile.archive` says how to read it).
    public static func inputFormat(ofPath path: String) -> SourceFormat? {
        format(ofPath: path) ?? WebArchiveKind(path: path).map { _ in .html }
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
        var collection = Collection(files: [], skippedUnknown: 0, issues: [])
        for path in paths {
            let bytes = RawArguments.bytes(for: path)
            var info = stat()
            guard Self.status(bytes, &info, follow: true) else {
                let reason = errno == ENOENT ? "no such file or directory" : "cannot be read (\(String(cString: strerror(errno))))"
                collection.issues.append(ReadIssue(location: path, reason: reason))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(root: bytes, shown: path, into: &collection)
            case S_IFREG:
                guard let format = Self.inputFormat(ofPath: path) else {
                    collection.issues.append(
                        ReadIssue(
                            location: path,
                            reason: "unsupported file type; claimtrace reads .txt, .md, .html, .htm, .jsonl, .warc, .warc.gz and .wacz"))
                    continue
                }
                let shown = FileName.shown(bytes)
                collection.files.append(
                    InputFile(
                        path: shown.text, id: (shown.text as NSString).lastPathComponent, format: format,
                        rawPath: shown.valid ? nil : bytes, archive: WebArchiveKind(path: path)))
            default:
                collection.issues.append(ReadIssue(location: path, reason: Self.notRegular(info.st_mode)))
            }
        }
        // Ids stay unique when two roots share a name.
        var seen: [String: Int] = [:]
        for i in collection.files.indices {
            let count = seen[collection.files[i].id, default: 0]
            seen[collection.files[i].id] = count + 1
            if count > 0 { collection.files[i].id += "#\(count + 1)" }
        }
        return collection
    }

    static func notRegular(_ mode: UInt32) -> String {
        "a \(FileKind.name(mode)), not a regular file; skipped without opening it"
    }

    /// One entry found in a folder: its path relative to the root, as shown, and its bytes.
    private struct Found {
        var relative: String
        var bytes: [UInt8]
        var valid: Bool
    }

    /// Lists a folder's article files, recursively, without following links out of it (unless
    /// asked) and without opening anything that is not a regular file.
    private func walk(root: [UInt8], shown: String, into collection: inout Collection) {
        let rootName = URL(fileURLWithPath: shown).standardizedFileURL.lastPathComponent
        guard let realRoot = Self.realPath(root) else {
            collection.issues.append(ReadIssue(location: shown, reason: "folder cannot be listed (\(String(cString: strerror(errno))))"))
            return
        }
        var found: [Found] = []
        var visited = Set<FolderIdentity>()
        // (folder bytes, its path relative to the root as bytes)
        var pending: [([UInt8], [UInt8])] = [(root, [])]
        while let (folder, relative) = pending.popLast() {
            var info = stat()
            guard Self.status(folder, &info, follow: true), visited.insert(FolderIdentity(info)).inserted else { continue }
            guard let names = Self.list(folder) else {
                let where_ = FileName.shown(relative.isEmpty ? root : folder).text
                collection.issues.append(ReadIssue(location: where_, reason: "folder cannot be listed (\(String(cString: strerror(errno))))"))
                continue
            }
            for name in names where name.first != UInt8(ascii: ".") {
                let full = folder + [UInt8(ascii: "/")] + name
                let rel = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
                let shownRelative = FileName.shown(rel)
                let location = shown + "/" + shownRelative.text
                var entry = stat()
                guard Self.status(full, &entry, follow: false) else { continue }
                var mode = entry.st_mode & S_IFMT
                if mode == S_IFLNK {
                    var target = stat()
                    guard Self.status(full, &target, follow: true), let real = Self.realPath(full) else {
                        collection.issues.append(ReadIssue(location: location, reason: "a symbolic link whose target is missing; skipped"))
                        continue
                    }
                    let inside = real == realRoot || real.starts(with: realRoot + [UInt8(ascii: "/")])
                    let targetMode = target.st_mode & S_IFMT
                    if !inside && !followSymlinks {
                        let kind = targetMode == S_IFDIR ? "folder" : "file"
                        collection.notices.append(
                            ReadIssue(
                                location: location,
                                reason: "a symbolic link to a \(kind) outside the folder (\(FileName.shown(real).text)); not followed (give --follow-symlinks to read it)"))
                        continue
                    }
                    if targetMode == S_IFDIR && inside && !followSymlinks {
                        // Its files are read where they really are.
                        continue
                    }
                    mode = targetMode
                    entry = target
                }
                switch mode {
                case S_IFDIR:
                    pending.append((full, rel))
                case S_IFREG:
                    found.append(Found(relative: shownRelative.text, bytes: full, valid: shownRelative.valid))
                default:
                    if Self.inputFormat(ofPath: shownRelative.text) != nil {
                        collection.issues.append(ReadIssue(location: location, reason: Self.notRegular(entry.st_mode)))
                    } else {
                        collection.notices.append(ReadIssue(location: location, reason: Self.notRegular(entry.st_mode)))
                    }
                }
            }
        }
        for file in found.sorted(by: { $0.relative < $1.relative }) {
            guard let format = Self.inputFormat(ofPath: file.relative), !Self.isProjectFile(file.relative) else {
                collection.skippedUnknown += 1
                continue
            }
            let location = shown + "/" + file.relative
            if !file.valid {
                collection.notices.append(
                    ReadIssue(location: location, reason: "the file name is not valid UTF-8; read all the same, shown with its bad bytes as \\xNN"))
            }
            collection.files.append(
                InputFile(
                    path: FileName.shown(file.bytes).text, id: rootName + "/" + file.relative, format: format,
                    rawPath: file.valid ? nil : file.bytes, archive: WebArchiveKind(path: file.relative)))
        }
    }

    /// A folder's device and inode, to read each folder once however it is reached.
    private struct FolderIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    static func status(_ path: [UInt8], _ info: inout stat, follow: Bool) -> Bool {
        (path + [0]).withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { c in
                follow ? stat(c.baseAddress!, &info) == 0 : lstat(c.baseAddress!, &info) == 0
            }
        }
    }

    static func realPath(_ path: [UInt8]) -> [UInt8]? {
        (path + [0]).withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { c -> [UInt8]? in
                guard let resolved = realpath(c.baseAddress!, nil) else { return nil }
                defer { free(resolved) }
                return Array(UnsafeBufferPointer(start: resolved, count: strlen(resolved))).map { UInt8(bitPattern: $0) }
            }
        }
    }

    /// The names in a folder (without `.` and `..`), as bytes; nil when it cannot be listed.
    static func list(_ folder: [UInt8]) -> [[UInt8]]? {
        (folder + [0]).withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { c -> [[UInt8]]? in
                guard let directory = opendir(c.baseAddress!) else { return nil }
                defer { closedir(directory) }
                var names: [[UInt8]] = []
                while let entry = readdir(directory) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        Array(raw.prefix(while: { $0 != 0 }))
                    }
                    if name == [0x2E] || name == [0x2E, 0x2E] { continue }
                    names.append(name)
                }
                return names
            }
        }
    }
}

/// File names as shown: valid UTF-8 as it is, and any byte that is not, as `\xNN`.
enum FileName {
    static func shown(_ bytes: [UInt8]) -> (text: String, valid: Bool) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, true) }
        var text = ""
        var i = 0
        while i < bytes.count {
            let length = TextDecoder.validSequenceLength(bytes, at: i)
            if length > 0 {
                text += String(decoding: bytes[i..<i + length], as: UTF8.self)
                i += length
            } else {
                text += "\\x" + String(bytes[i], radix: 16, uppercase: true).leftPadded(to: 2)
                i += 1
            }
        }
        return (text, false)
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// The command line's own bytes, for paths that are not valid UTF-8: Swift hands them over as
/// strings with U+FFFD in place of the bad bytes, which name no file.
public enum RawArguments {
    /// The bytes of the argument that reads as `path`, when `path` lost bytes to U+FFFD;
    /// otherwise `path`'s own UTF-8.
    public static func bytes(for path: String) -> [UInt8] {
        guard path.unicodeScalars.contains("\u{FFFD}") else { return Array(path.utf8) }
        for k in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[k] else { continue }
            let raw = Array(UnsafeBufferPointer(start: argument, count: strlen(argument))).map { UInt8(bitPattern: $0) }
            if String(decoding: raw, as: UTF8.self) == path { return raw }
        }
        return Array(path.utf8)
    }
}
