import Foundation
import PostgresNIO

/// Which `running` runs still have a live writer, seen from any host: each writer holds a
/// session-level advisory lock keyed by its run's id, taken before the run is stored and held
/// as long as its connection lives. A writer that is killed, crashes or loses its machine closes
/// its connection (the server notices at once on a clean close, within TCP keepalive otherwise)
/// and the lock goes with it. So a CI job cancelled on a runner that is never seen again still
/// has its run marked `incomplete` by the next writer, where the pid check (`ProcessIdentity`)
/// only works on the same host.
///
/// Needs a session per connection: through a pooler in transaction mode (PgBouncer's
/// `pool_mode = transaction`), locks do not stay with the writer; connect directly or in session
/// mode.
enum PostgresWriterLocks {
    /// 64 bits of the server's own hash of the run id, in a namespace of ours.
    private static func key(_ runID: String) -> String { "supportsim-run:" + runID }

    static func acquire(_ runID: String) -> PostgresQuery {
        "SELECT pg_try_advisory_lock(hashtextextended(\(key(runID)), 0))"
    }

    static func release(_ runID: String) -> PostgresQuery {
        "SELECT pg_advisory_unlock(hashtextextended(\(key(runID)), 0))"
    }

    /// A column for a query of `runs`: false for a `running` run whose writer's lock is held by no
    /// session of this database (pg_locks shows a bigint key as its high half in `classid`, its
    /// low half in `objid`, with `objsubid` 1).
    static let writerConnectedColumn = """
        CASE WHEN runs.status <> 'running' THEN true ELSE EXISTS (
            SELECT 1 FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('supportsim-run:' || runs.id, 0)
        ) END AS writer_connected
        """
}
