/// Errors of the store. Each names the database file and says what to do.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case newerSchema(path: String, found: Int, supported: Int)
    case unknownMigrations(path: String, names: [String])
    case readOnlyNeedsUpgrade(path: String, supported: Int)
    case readOnly(path: String)
    case notClaimTrace(path: String)
    case cannotOpen(path: String, reason: String)
    case write(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case corrupt(reason: String)

    public var description: String {
        switch self {
        case .newerSchema(let path, let found, let supported):
            return
                "\(path): the database has schema version \(found), written by a newer claimtrace (this one knows up to \(supported)); upgrade claimtrace or use another --db file. Nothing was changed."
        case .unknownMigrations(let path, let names):
            return
                "\(path): the database has schema changes this claimtrace does not know (\(names.prefix(5).joined(separator: ", "))): a newer claimtrace, or another program, wrote it; upgrade claimtrace or use another --db file. Nothing was changed."
        case .readOnlyNeedsUpgrade(let path, let supported):
            return
                "\(path): the database was written by an older claimtrace and needs upgrading to schema version \(supported), which cannot be done read-only; open it once where it can be written (claimtrace serve or analyze --db), or copy it to a writable folder. Nothing was changed."
        case .readOnly(let path):
            return "\(path): the database was opened read-only (the file or its folder cannot be written), so nothing can be saved; make them writable, or use another --db file"
        case .notClaimTrace(let path):
            return
                "\(path): this SQLite file is not a claimtrace database (it has other tables); choose another --db file. Nothing was changed."
        case .cannotOpen(let path, let reason):
            return "\(path): cannot open the database (\(reason)); check the path and its permissions"
        case .write(let path, let reason):
            return "\(path): could not save (\(reason)); the documents saved before this batch are kept"
        case .cannotRead(let path, let reason):
            return "\(path): could not read the database (\(reason)); check that the file is intact and readable"
        case .corrupt(let reason):
            return "\(reason); run `claimtrace analyze` again to rewrite the corpus results"
        }
    }
}
