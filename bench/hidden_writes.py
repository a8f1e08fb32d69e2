# hidden_writes.py DB — a timing report of the writes migration 0040's
# triggers follow (docs/performance-notes.md, "What hiding costs a write"),
# on a SQLite database made by `pacte init` and `pacte demo --scale N`
# (give it a fresh copy each run: the second run's status changes would
# change nothing). Writes through SQLite directly, each its own
# transaction, so only the triggers' work is timed:
#   1. 2,000 changes of a commitment's status and activity date (what a
#      progress report does to the commitment row);
#   2. 300 commitments hidden (hidden_at set), then the same 300 restored.
# Prints the median and the 90th percentile per write, in µs. Not part of
# make bench: run it on the database before and after `pacte migrate`.
import random, sqlite3, statistics, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('PRAGMA synchronous = NORMAL')
ids = [r[0] for r in c.execute('SELECT id FROM commitment WHERE withdrawn_at IS NULL '
                               'AND hidden_at IS NULL ORDER BY id')]
random.seed(7)
def run(label, stmts):
    t = []
    for sql, args in stmts:
        t0 = time.perf_counter()
        c.execute('BEGIN')
        c.execute(sql, args)
        c.execute('COMMIT')
        t.append((time.perf_counter() - t0) * 1e6)
    t.sort()
    print('%-28s n=%5d  median %7.0f us  p90 %7.0f us' % (label, len(t), statistics.median(t),
          t[int(len(t) * 0.9)]))
pick = random.sample(ids, 2000)
run('status + activity change', [("UPDATE commitment SET status = ?, activity_date = ? WHERE id = ?",
     (('in_progress', 'delayed')[i % 2], '2026-%02d-%02d' % (1 + i % 9, 10 + i % 18), cid))
     for i, cid in enumerate(pick)])
pick = random.sample(ids, 300)
run('hide', [("UPDATE commitment SET hidden_at = '2026-12-06T00:00:00.000Z' WHERE id = ?", (cid,))
     for cid in pick])
run('restore', [("UPDATE commitment SET hidden_at = NULL WHERE id = ?", (cid,)) for cid in pick])
