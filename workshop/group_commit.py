"""Group commit for the gevent server: many write transactions, one fsync (issue 13).

Under `workshop serve` (gevent) every write transaction of the process runs as a savepoint
of one shared transaction on one writer connection, and a committer commits what gathered
while the previous commit waited for the disk. With `DATABASE_SYNCHRONOUS=FULL` each commit
waits for one fsync (0.2 ms on a quiet disk, 4–16 ms on a busy one, docs/performance.md);
committed one by one, a 1,000-voter storm would queue behind ~2,000 fsyncs. Grouped, the
ballots that arrive during one fsync share the next.

Nothing changes for the code inside `with db.atomic():` — its statements run on the writer
connection (the Store's `conn` is swapped for the block) — and nothing is acknowledged
early: the block returns only once its group has committed, so a push sent after it and
the HTTP answer both follow a durable commit. A block that raises rolls back its own
savepoint only; an error that ends the whole shared transaction (SQLite does so on a full
disk) fails every block of the group, so none of them is acknowledged. Only the waits run
on a real thread (BEGIN IMMEDIATE when another process holds the lock, and COMMIT).
"""

import contextlib
import sqlite3

import gevent
import gevent.event
import gevent.lock

# Seconds between two checkpoints of what the WAL gathered (SQLite's own automatic checkpoint,
# turned off on the writer connection, runs in the commit that passes 1,000 pages).
CHECKPOINT_SECONDS = 1.0


def checkpoint(conn):
    """A PASSIVE checkpoint: copies what it can, never waits for readers or writers."""
    return conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()


class GroupFailed(sqlite3.OperationalError):
    """The shared transaction this block's writes were in could not commit."""


class Group:
    """The blocks gathered in one shared transaction."""

    def __init__(self):
        self.members = 0
        self.done = gevent.event.Event()
        self.error = None

    def finish(self, error=None):
        self.error = error
        self.done.set()

    def wait(self):
        self.done.wait()
        if self.error is not None:
            raise GroupFailed(f"the write was not stored: {self.error}") from self.error


class GroupCommit:
    """One per server process (app.extensions["rembuk_group_commit"])."""

    def __init__(self, open_connection, offload):
        self.open_connection = open_connection  # () → a Store (check_same_thread=False)
        self.offload = offload  # f(function, *args) on a real thread
        self.writer = None
        self.checkpointer = None
        self.lock = gevent.lock.RLock()
        self.group = None
        self.committer = None
        self.savepoints = 0
        self.depth = 0
        self.commits = 0  # for the benchmark: commits made, blocks committed
        self.blocks = 0

    def connection(self):
        if self.writer is None:
            self.writer = self.open_connection()
            # Checkpoints leave the write path: SQLite would run one inside the COMMIT that
            # crosses 1,000 WAL pages (copying pages into the store and an fsync, tens to
            # hundreds of ms on a busy disk) while every writer waits for that group.
            self.writer.conn.execute("PRAGMA wal_autocheckpoint = 0")
            self.checkpointer = gevent.spawn(self.checkpoint_now_and_then)
        return self.writer.conn

    def checkpoint_now_and_then(self):
        """Every CHECKPOINT_SECONDS a PASSIVE checkpoint (it neither waits for nor blocks
        readers and writers) on its own connection, on a real thread."""
        reader = self.open_connection()
        try:
            while True:
                gevent.sleep(CHECKPOINT_SECONDS)
                try:
                    self.offload(checkpoint, reader.conn)
                except sqlite3.Error:  # busy or a full disk: the next round tries again
                    continue
        finally:
            reader.close()

    @contextlib.contextmanager
    def transaction(self, db):
        """Run the block as a savepoint of the shared transaction; wait for its commit."""
        with self.lock:
            nested = self.depth > 0  # a block inside a block of this greenlet
            self.depth += 1
            conn = self.connection()
            if not conn.in_transaction:
                self.begin(conn)
                self.group = Group()
            group = self.group
            self.savepoints += 1
            name = f"rembuk_{self.savepoints}"
            conn.execute(f"SAVEPOINT {name}")
            own, db.conn = db.conn, conn
            try:
                yield db
            except BaseException as e:
                self.undo(conn, name, group, e, nested)
                raise
            else:
                try:
                    conn.execute(f"RELEASE {name}")
                except sqlite3.Error as e:
                    self.undo(conn, name, group, e, nested)
                    raise
                if not nested:
                    group.members += 1
                    self.start_committer()
            finally:
                db.conn = own
                self.depth -= 1
        if not nested:
            group.wait()

    def undo(self, conn, name, group, error, nested):
        """Roll back one block; if the error ended the shared transaction, fail its group.
        A group left with no block (this one was its first) ends at once, so the write
        lock is not held for nothing."""
        if conn.in_transaction:
            try:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                if nested or group.members:
                    return
                error = None
            except sqlite3.Error:
                pass
            with contextlib.suppress(sqlite3.Error):
                conn.rollback()
        if self.group is group:
            self.group = None
            group.finish(error)

    def begin(self, conn):
        """BEGIN IMMEDIATE at once when the lock is free; else wait on a real thread."""
        (waits,) = conn.execute("PRAGMA busy_timeout").fetchone()
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as e:
            if getattr(e, "sqlite_errorcode", None) != sqlite3.SQLITE_BUSY:
                raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(waits)}")
        self.offload(conn.execute, "BEGIN IMMEDIATE")

    def start_committer(self):
        if self.committer is None:
            self.committer = gevent.spawn(self.commit_groups)

    def commit_groups(self):
        """Commit the gathered group; again while blocks keep arriving meanwhile."""
        while True:
            with self.lock:
                group, conn = self.group, self.writer.conn
                if group is None or not group.members:
                    self.committer = None
                    return
                try:
                    self.offload(conn.execute, "COMMIT")
                except BaseException as e:
                    with contextlib.suppress(sqlite3.Error):
                        conn.rollback()
                    self.group = None
                    group.finish(e)
                    if not isinstance(e, Exception):
                        self.committer = None
                        raise
                else:
                    self.group = None
                    self.commits += 1
                    self.blocks += group.members
                    group.finish()
