import Foundation
import GRDB
import GRDBSQLite

extension Database {
    /// Runs `body` with SQLite stopping any statement of this connection once `deadline` has
    /// passed: the statement then fails with `SQLITE_INTERRUPT`. Without a deadline, just runs it.
    ///
    /// SQLite calls the handler every 1,000 virtual-machine instructions (a few microseconds);
    /// it reads the clock and compares.
    func withDeadline<T>(_ deadline: DispatchTime?, _ body: () throws -> T) throws -> T {
        guard let deadline, let connection = sqliteConnection else { return try body() }
        let limit = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        limit.initialize(to: deadline.uptimeNanoseconds)
        sqlite3_progress_handler(
            connection, 1000,
            { context in
                guard let context else { return 0 }
                return DispatchTime.now().uptimeNanoseconds >= context.load(as: UInt64.self) ? 1 : 0
            }, UnsafeMutableRawPointer(limit))
        // The connection goes back to the pool: leave no handler pointing at freed memory.
        defer {
            sqlite3_progress_handler(connection, 0, nil, nil)
            limit.deallocate()
        }
        return try body()
    }
}
