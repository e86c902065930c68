import ArgumentParser
import ClaimTrace
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Checks, before anything is read or written, that the outputs of a run cannot destroy
/// anything: no output replaces a folder, a link or another non-regular file, the database (or
/// its `-wal`, `-shm` and `-journal` files) or an input, and no two outputs share a path.
///
/// Paths are compared after resolving the folders they are in (so `./a/../r.json` and
/// `r.json` are one path) and, for files that exist, by device and inode (so a hard link to the
/// database is the database).
struct OutputPaths {
    /// One output: the option that names it and its path.
    struct Output {
        var option: String
        var path: String
    }

    /// Why a run's outputs were refused; each message names the option and the path.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// The file outputs (`-`, standard output, is left out by the caller), the folder of the CSV
    /// tables (whose four files are outputs too), the database unless none is used, and the
    /// files that will be read.
    static func check(files: [Output], csvFolder: String?, database: String?, inputs: [String]) throws(Refusal) {
        var outputs = files
        if let csvFolder {
            if let kind = existingKind(csvFolder), kind != "a folder" {
                throw Refusal(description: "\(csvFolder): --csv names \(kind), not a folder; give a folder for the CSV tables")
            }
            for name in CSVTables.names { outputs.append(Output(option: "--csv", path: csvFolder + "/" + name)) }
        }
        // Path → what is there: the database's files and the inputs first, then each output.
        var byPath: [String: String] = [:]
        var byIdentity: [FileIdentity: String] = [:]
        func claim(_ path: String, _ what: String, check: Bool = true) throws(Refusal) {
            let key = PathKey(path)
            if check, let other = byPath[key.resolved] ?? key.identity.flatMap({ byIdentity[$0] }) {
                throw Refusal(description: "\(path): \(what) would write over \(other); give each output its own path")
            }
            byPath[key.resolved] = byPath[key.resolved] ?? what
            if let identity = key.identity { byIdentity[identity] = byIdentity[identity] ?? what }
        }
        if let database {
            // A link to the database file is fine: SQLite follows it.
            var info = stat()
            if stat(database, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
                let kind = "a " + FileKind.name(info.st_mode)
                throw Refusal(description: "\(database): --db names \(kind); give the path of a database file")
            }
            for suffix in ["", "-wal", "-shm", "-journal"] { try claim(database + suffix, "the database (--db \(database))", check: false) }
        }
        for input in inputs { try claim(input, "the input \(input)", check: false) }
        for output in outputs {
            if let kind = existingKind(output.path), kind != "file" {
                throw Refusal(
                    description:
                        "\(output.path): \(output.option) names \(kind); claimtrace writes reports only over regular files, never over \(kind), so nothing was touched. Give a file path")
            }
            // The report is written beside its path first, then renamed into place.
            try claim(output.path, "\(output.option) \(output.path)")
            try claim(output.path + OutputFile.partialSuffix, "the unfinished \(output.option) report")
        }
    }

    /// What stands at `path` when it is not missing: "file" for a regular file, else a short
    /// description ("a folder", "a symbolic link", "a FIFO"). A link is not followed.
    static func existingKind(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return "file"
        default: return "a " + FileKind.name(info.st_mode)
        }
    }

    /// A file's device and inode: two paths with the same identity are one file.
    struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// A path as compared: its folder resolved (links and `..` followed), its last component as
    /// written; and the file's identity when it exists.
    struct PathKey {
        var resolved: String
        var identity: FileIdentity?

        init(_ path: String) {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            let url = URL(fileURLWithPath: absolute).standardizedFileURL
            let folder = url.deletingLastPathComponent().path
            let folderResolved = realpath(folder, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            } ?? folder
            resolved = (folderResolved == "/" ? "" : folderResolved) + "/" + url.lastPathComponent
            var info = stat()
            identity = stat(path, &info) == 0 ? FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) : nil
        }
    }
}

/// The CSV tables `analyze --csv` writes into its folder.
enum CSVTables {
    static let names = ["attributions.csv", "claims.csv", "entities.csv", "findings.csv"]
}
