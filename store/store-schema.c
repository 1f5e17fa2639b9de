/*
 * store-schema.c - the schema, as an ordered list of forward migrations.
 * PRAGMA user_version is the number of migrations applied; store_open()
 * applies the missing ones in one transaction. docs/schema.md documents
 * the tables and the stable views for readers outside canopy.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"

/* 'cnpy': marks a file as a canopy database (PRAGMA application_id). */
#define STORE_APPLICATION_ID	0x636e7079

/*
 * v_signals lists the node's built-in signals as rows too: the names, and
 * the column of the signal named c.name (every version's view).
 */
#define SIG_NAMES							\
	"  (SELECT 'visits' AS name UNION ALL SELECT 'q' UNION ALL"	\
	"  SELECT 'prior' UNION ALL SELECT 'reward' UNION ALL SELECT 'value'" \
	"  UNION ALL SELECT 'outcome') c"
#define SIG_VALUE							\
	"CASE c.name WHEN 'visits' THEN n.visits WHEN 'q' THEN n.q"	\
	"  WHEN 'prior' THEN n.prior WHEN 'reward' THEN n.reward"	\
	"  WHEN 'value' THEN n.value ELSE n.outcome END"

/* v_nodes after its address columns, as versions 1 and 3 write it. */
#define V_NODES_REST							\
	"  n.depth, n.ordinal, n.role, n.text, n.observation, n.terminal," \
	"  n.chosen, CASE n.origin WHEN 1 THEN 'rerun' ELSE 'imported' END" \
	"  AS origin, n.visits, n.q, n.prior, n.reward, n.value, n.outcome," \
	"  coalesce(s.child_count, 0) AS child_count," \
	"  coalesce(s.size, 1) AS subtree_size, n.extra" \
	"  FROM nodes n JOIN traces t ON t.id = n.trace_id" \
	"  LEFT JOIN nodes p ON p.id = n.parent_id" \
	"  LEFT JOIN traces pt ON pt.id = p.trace_id" \
	"  LEFT JOIN subtrees s ON s.node_id = n.id;"

/*
 * Version 1. Layout choices (measured in docs/performance.md):
 * - the common signals are node columns, so an import writes one row per
 *   node and sorting by them needs no join; other signals go to a narrow
 *   WITHOUT ROWID side table;
 * - subtree summaries are computed once at import and kept in `subtrees`
 *   for inner nodes only (a leaf's summary follows from its own row), so
 *   no keypress ever scans a subtree;
 * - the full-text index uses the node table as external content, so text
 *   is stored once, detail=none (no positions) and columnsize=0 (no
 *   per-row sizes: nothing ranks by bm25) to keep it small and cheap to
 *   write; callers confirm phrase matches against the text itself.
 */
static const char schema_v1[] =
	"CREATE TABLE imports("
	"  id INTEGER PRIMARY KEY,"
	"  file TEXT NOT NULL,"
	"  format TEXT NOT NULL,"
	"  sha256 TEXT,"
	"  traces INTEGER NOT NULL DEFAULT 0,"
	"  nodes INTEGER NOT NULL DEFAULT 0,"
	"  signals INTEGER NOT NULL DEFAULT 0,"
	"  annotations INTEGER NOT NULL DEFAULT 0,"
	"  started INTEGER NOT NULL,"
	"  seconds REAL);"
	"CREATE INDEX imports_sha256 ON imports(sha256);"
	"CREATE TABLE traces("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT NOT NULL UNIQUE,"
	"  import_id INTEGER REFERENCES imports(id),"
	"  format TEXT NOT NULL,"
	"  source TEXT,"
	"  problem TEXT,"
	"  ground_truth TEXT,"
	"  root_id INTEGER,"
	"  node_count INTEGER NOT NULL DEFAULT 0,"
	"  max_depth INTEGER NOT NULL DEFAULT 0,"
	"  best_reward REAL,"		/* max reward of any node */
	"  best_q REAL,"		/* max q of any node */
	"  annotation_count INTEGER NOT NULL DEFAULT 0,"
	"  extra TEXT);"
	"CREATE TABLE nodes("
	"  id INTEGER PRIMARY KEY,"
	"  trace_id INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,"
	"  parent_id INTEGER,"
	"  ext_id TEXT NOT NULL,"
	"  ordinal INTEGER NOT NULL DEFAULT 0,"
	"  depth INTEGER NOT NULL DEFAULT 0,"
	"  role TEXT NOT NULL,"
	"  text TEXT,"
	"  observation TEXT,"
	"  terminal INTEGER NOT NULL DEFAULT 0,"
	"  chosen INTEGER NOT NULL DEFAULT 0,"
	"  origin INTEGER NOT NULL DEFAULT 0,"	/* 0 imported, 1 rerun */
	"  visits REAL, q REAL, prior REAL, reward REAL, value REAL,"
	"  outcome REAL,"
	"  extra TEXT);"
	"CREATE INDEX nodes_children ON nodes(parent_id, ordinal);"
	"CREATE UNIQUE INDEX nodes_ext ON nodes(trace_id, ext_id);"
	"CREATE TABLE subtrees("
	"  node_id INTEGER PRIMARY KEY REFERENCES nodes(id) ON DELETE CASCADE,"
	"  child_count INTEGER NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  leaves INTEGER NOT NULL,"
	"  ok_leaves INTEGER NOT NULL,"
	"  outcome_leaves INTEGER NOT NULL,"
	"  best_leaf_reward REAL);"
	"CREATE TABLE signal_names("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE signals("
	"  node_id INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,"
	"  name_id INTEGER NOT NULL REFERENCES signal_names(id),"
	"  value REAL NOT NULL,"
	"  PRIMARY KEY(node_id, name_id)) WITHOUT ROWID;"
	"CREATE TABLE annotations("
	"  id INTEGER PRIMARY KEY,"
	"  node_id INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,"
	"  author TEXT NOT NULL,"
	"  rating INTEGER CHECK (rating IN (-1, 0, 1)),"
	"  first_error INTEGER NOT NULL DEFAULT 0,"
	"  tags TEXT,"
	"  note TEXT,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL);"
	"CREATE INDEX annotations_node ON annotations(node_id);"
	/* Kept by triggers so listing traces never walks their nodes. */
	"CREATE TRIGGER annotations_count_add AFTER INSERT ON annotations"
	"  BEGIN UPDATE traces SET annotation_count = annotation_count + 1"
	"  WHERE id = (SELECT trace_id FROM nodes WHERE id = NEW.node_id);"
	"  END;"
	"CREATE TRIGGER annotations_count_remove AFTER DELETE ON annotations"
	"  BEGIN UPDATE traces SET annotation_count = annotation_count - 1"
	"  WHERE id = (SELECT trace_id FROM nodes WHERE id = OLD.node_id);"
	"  END;"
	"CREATE TABLE preferences("
	"  id INTEGER PRIMARY KEY,"
	"  chosen_id INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,"
	"  rejected_id INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,"
	"  author TEXT NOT NULL,"
	"  note TEXT,"
	"  created INTEGER NOT NULL,"
	"  CHECK (chosen_id <> rejected_id));"
	"CREATE INDEX preferences_chosen ON preferences(chosen_id);"
	"CREATE INDEX preferences_rejected ON preferences(rejected_id);"
	"CREATE TABLE model_calls("
	"  id INTEGER PRIMARY KEY,"
	"  node_id INTEGER REFERENCES nodes(id) ON DELETE SET NULL,"
	"  endpoint TEXT NOT NULL,"
	"  model TEXT,"
	"  request TEXT,"
	"  response TEXT,"
	"  status TEXT NOT NULL,"
	"  error TEXT,"
	"  started INTEGER NOT NULL,"
	"  seconds REAL);"
	"CREATE INDEX model_calls_node ON model_calls(node_id);"
	"CREATE VIRTUAL TABLE nodes_fts USING fts5(text, content='nodes',"
	"  content_rowid='id', detail=none, columnsize=0);"
	/* Stable views: the database file is an interface too. */
	"CREATE VIEW v_nodes AS SELECT"
	"  n.id, t.ext_id || '/' || n.ext_id AS address, t.ext_id AS trace,"
	"  n.ext_id AS node, pt.ext_id || '/' || p.ext_id AS parent,"
	V_NODES_REST
	"CREATE VIEW v_signals AS"
	"  SELECT t.ext_id || '/' || n.ext_id AS address, sn.name, s.value"
	"  FROM signals s JOIN signal_names sn ON sn.id = s.name_id"
	"  JOIN nodes n ON n.id = s.node_id JOIN traces t ON t.id = n.trace_id"
	"  UNION ALL SELECT t.ext_id || '/' || n.ext_id, c.name,"
	"  " SIG_VALUE
	"  FROM nodes n JOIN traces t ON t.id = n.trace_id,"
	SIG_NAMES
	"  WHERE " SIG_VALUE " IS NOT NULL;"
	"CREATE VIEW v_annotations AS SELECT"
	"  a.id, t.ext_id || '/' || n.ext_id AS address, t.ext_id AS trace,"
	"  n.ext_id AS node, n.text, a.author, a.rating, a.first_error,"
	"  a.tags, a.note, a.created, a.updated"
	"  FROM annotations a JOIN nodes n ON n.id = a.node_id"
	"  JOIN traces t ON t.id = n.trace_id;"
	"CREATE VIEW v_preferences AS SELECT"
	"  p.id, tc.ext_id || '/' || c.ext_id AS chosen,"
	"  tr.ext_id || '/' || r.ext_id AS rejected, c.text AS chosen_text,"
	"  r.text AS rejected_text, p.author, p.note, p.created"
	"  FROM preferences p JOIN nodes c ON c.id = p.chosen_id"
	"  JOIN traces tc ON tc.id = c.trace_id"
	"  JOIN nodes r ON r.id = p.rejected_id"
	"  JOIN traces tr ON tr.id = r.trace_id;";

/*
 * Version 2: the size of an imported file, so a file of a size never
 * imported need not be hashed before its import (it is hashed as it is
 * read instead).
 */
static const char schema_v2[] =
	"ALTER TABLE imports ADD COLUMN bytes INTEGER;";

/*
 * Version 3: addresses in the views escape '%' and '/' inside ids as
 * "%25" and "%2F" (store-address.c), so that an id holding '/' cannot give
 * two nodes one address. ESC(x) is that escape in SQL.
 */
#define ESC(x)	"replace(replace(" x ", '%', '%25'), '/', '%2F')"
#define ADDR(t, n)	ESC(t) " || '/' || " ESC(n)
static const char schema_v3[] =
	"DROP VIEW v_nodes; DROP VIEW v_signals; DROP VIEW v_annotations;"
	"DROP VIEW v_preferences;"
	"CREATE VIEW v_nodes AS SELECT"
	"  n.id, " ADDR("t.ext_id", "n.ext_id") " AS address,"
	"  t.ext_id AS trace, n.ext_id AS node,"
	"  " ADDR("pt.ext_id", "p.ext_id") " AS parent,"
	V_NODES_REST
	"CREATE VIEW v_signals AS"
	"  SELECT " ADDR("t.ext_id", "n.ext_id") " AS address, sn.name,"
	"  s.value"
	"  FROM signals s JOIN signal_names sn ON sn.id = s.name_id"
	"  JOIN nodes n ON n.id = s.node_id JOIN traces t ON t.id = n.trace_id"
	"  UNION ALL SELECT " ADDR("t.ext_id", "n.ext_id") ", c.name,"
	"  " SIG_VALUE
	"  FROM nodes n JOIN traces t ON t.id = n.trace_id,"
	SIG_NAMES
	"  WHERE " SIG_VALUE " IS NOT NULL;"
	"CREATE VIEW v_annotations AS SELECT"
	"  a.id, " ADDR("t.ext_id", "n.ext_id") " AS address,"
	"  t.ext_id AS trace, n.ext_id AS node, n.text, a.author, a.rating,"
	"  a.first_error, a.tags, a.note, a.created, a.updated"
	"  FROM annotations a JOIN nodes n ON n.id = a.node_id"
	"  JOIN traces t ON t.id = n.trace_id;"
	"CREATE VIEW v_preferences AS SELECT"
	"  p.id, " ADDR("tc.ext_id", "c.ext_id") " AS chosen,"
	"  " ADDR("tr.ext_id", "r.ext_id") " AS rejected,"
	"  c.text AS chosen_text, r.text AS rejected_text, p.author, p.note,"
	"  p.created"
	"  FROM preferences p JOIN nodes c ON c.id = p.chosen_id"
	"  JOIN traces tc ON tc.id = c.trace_id"
	"  JOIN nodes r ON r.id = p.rejected_id"
	"  JOIN traces tr ON tr.id = r.trace_id;";

/*
 * Version 4: the full-text index covers observations (tool output) too,
 * so `/` finds what a tool printed. Still external content: the rebuild
 * reads both columns from the nodes themselves.
 */
static const char schema_v4[] =
	"DROP TABLE nodes_fts;"
	"CREATE VIRTUAL TABLE nodes_fts USING fts5(text, observation,"
	"  content='nodes', content_rowid='id', detail=none, columnsize=0);"
	"INSERT INTO nodes_fts(nodes_fts) VALUES('rebuild');";

/*
 * The statistics (store-derive.c) read a trace's skeleton: ids, parents
 * and the common signals, never the text. The rows carry ~500 B of text,
 * so a covering index in (trace, id) order makes that read ~70 B a node
 * instead of the whole row (1M nodes: 1.3 s -> 0.2 s CPU). SQLite keeps
 * it current on every insert and update, so no importer has to (a bulk
 * load into an empty table builds it after its commit: store-index.c).
 */
const char schema_speed[] =
	"CREATE INDEX IF NOT EXISTS nodes_skel ON nodes(trace_id, id,"
	"  parent_id, visits, q, prior, reward, value, outcome);";

/*
 * Branch traces: the traces list reads pages in any order by keyset
 * (store-traces.c), so each sort column gets an index (ext_id has its
 * unique one). Absent values index as +infinity, as the list sorts them;
 * the expressions must stay the same as store-traces.c's. The outcome the
 * list shows was computed per row from the root's summary; it becomes a
 * column (kept by the import) so that it can be indexed too.
 */
static const char schema_traces[] =
	"ALTER TABLE traces ADD COLUMN leaf_outcome REAL;"
	"UPDATE traces SET leaf_outcome = (SELECT CASE WHEN s.node_id IS NULL"
	"  THEN r.outcome WHEN s.outcome_leaves > 0"
	"  THEN 1.0 * s.ok_leaves / s.outcome_leaves END FROM nodes r"
	"  LEFT JOIN subtrees s ON s.node_id = r.id"
	"  WHERE r.id = traces.root_id);"
	"CREATE INDEX traces_format ON traces(format);"
	"CREATE INDEX traces_nodes ON traces(node_count);"
	"CREATE INDEX traces_depth ON traces(max_depth);"
	"CREATE INDEX traces_reward ON traces(ifnull(best_reward, 9e999));"
	"CREATE INDEX traces_q ON traces(ifnull(best_q, 9e999));"
	"CREATE INDEX traces_outcome ON traces(ifnull(leaf_outcome, 9e999));"
	"CREATE INDEX traces_labels ON traces(annotation_count);";

/*
 * Branch deep: long only-child runs ("chains": agent runs thousands of
 * steps deep), recorded at import (store-chain.c), so the tree view finds
 * the end of a 100,000-step chain, or a node's ancestors in it, with a
 * few indexed reads instead of one per level. A row says node_id is the
 * descendant of top at depth; that stays true whatever is added later
 * (only-child-ness is checked against the subtree sizes when it matters),
 * so no writer but the import has to keep the table current.
 */
static const char schema_deep[] =
	"CREATE TABLE IF NOT EXISTS chains("
	"  top INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,"
	"  depth INTEGER NOT NULL,"
	"  node_id INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,"
	"  PRIMARY KEY(top, depth)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS chains_node ON chains(node_id);";

/*
 * Branch tfilter: the traces list's filter (a substring of id, problem or
 * format, store-traces.c) walked the sort index testing LIKE on every row,
 * seconds per keystroke for a rare filter at a million traces. A trigram
 * index over the same columns finds the candidates of any filter of 3 or
 * more characters; detail=none keeps it to rowids (~140 MB per million
 * traces of ~90-character problems, ~25 s to build) at the price of
 * matching the trigrams in any order, so the list confirms candidates
 * with its LIKE; columnsize=0, as nothing ranks them.
 * Triggers keep it current, so no importer has to know of it; only the
 * three columns' updates touch it.
 */
static const char schema_tfilter[] =
	"CREATE VIRTUAL TABLE IF NOT EXISTS traces_fts USING fts5(ext_id,"
	"  problem, format, content='traces', content_rowid='id',"
	"  tokenize='trigram', detail='none', columnsize=0);"
	"INSERT INTO traces_fts(traces_fts) VALUES ('rebuild');"
	"CREATE TRIGGER IF NOT EXISTS traces_fts_add"
	"  AFTER INSERT ON traces BEGIN"
	"  INSERT INTO traces_fts(rowid, ext_id, problem, format)"
	"  VALUES (new.id, new.ext_id, new.problem, new.format); END;"
	"CREATE TRIGGER IF NOT EXISTS traces_fts_remove"
	"  AFTER DELETE ON traces BEGIN"
	"  INSERT INTO traces_fts(traces_fts, rowid, ext_id, problem, format)"
	"  VALUES ('delete', old.id, old.ext_id, old.problem, old.format);"
	"  END;"
	"CREATE TRIGGER IF NOT EXISTS traces_fts_change"
	"  AFTER UPDATE OF id, ext_id, problem, format ON traces BEGIN"
	"  INSERT INTO traces_fts(traces_fts, rowid, ext_id, problem, format)"
	"  VALUES ('delete', old.id, old.ext_id, old.problem, old.format);"
	"  INSERT INTO traces_fts(rowid, ext_id, problem, format)"
	"  VALUES (new.id, new.ext_id, new.problem, new.format); END;";

/*
 * Branch ftslater: the tree is committed before its text is indexed
 * (store-index.c), so the index keeps a watermark: every node with an id
 * up to indexed_to is in nodes_fts, none above it. Existing databases
 * were indexed in the import's transaction, so they are indexed to their
 * last node.
 */
static const char schema_ftslater[] =
	"CREATE TABLE IF NOT EXISTS fts_state("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  indexed_to INTEGER NOT NULL);"
	"INSERT OR IGNORE INTO fts_state(id, indexed_to)"
	"  SELECT 1, coalesce(max(id), 0) FROM nodes;";

/* The migrations: entry i takes the schema from version i to i + 1. */
static const char *const migrations[] = {
	schema_v1,
	schema_v2,
	schema_v3,
	schema_v4,
	schema_speed,
	schema_traces,
	schema_deep,
	schema_tfilter,
	schema_ftslater,
};
#define NMIGRATIONS	((int)(sizeof migrations / sizeof migrations[0]))

int
store_schema_latest(void)
{
	return NMIGRATIONS;
}

static int
pragma_int(struct store *st, const char *sql, int *v, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_err(st, "read schema", cause);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, "read schema", cause);
	return 0;
}

/* The header's version and application id, and the number of tables. */
static int
header_read(struct store *st, int *version, int *appid, int *ntables,
    char **cause)
{
	static const char	 sql[] = "SELECT"
	    " (SELECT user_version FROM pragma_user_version),"
	    " (SELECT application_id FROM pragma_application_id),"
	    " (SELECT count(*) FROM sqlite_master)";
	sqlite3_stmt		*s;
	int			 rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_err(st, "read schema", cause);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(s, 0);
		*appid = sqlite3_column_int(s, 1);
		*ntables = sqlite3_column_int(s, 2);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_err(st, "read schema", cause);
	return 0;
}

int
store_schema_migrate(struct store *st, char **cause)
{
	char	*c = NULL;
	int	 version = 0, appid = 0, ntables = 0, i;

	/*
	 * Reading the header is where a non-SQLite file is noticed. One
	 * statement, so one snapshot: read apart, another process creating
	 * the file could commit between them, and its tables would be seen
	 * without its application id (a crowd of first imports did).
	 */
	if (header_read(st, &version, &appid, &ntables, &c) != 0) {
		if (cause != NULL)
			*cause = xasprintf("not a canopy database (%s)", c);
		free(c);
		return -1;
	}
	if ((appid != 0 && appid != STORE_APPLICATION_ID) ||
	    (appid == 0 && ntables > 0)) {
		if (cause != NULL)
			*cause = xstrdup("not a canopy database (an SQLite file"
			    " written by another program)");
		return -1;
	}
	if (version > NMIGRATIONS) {
		if (cause != NULL)
			*cause = xasprintf("written by a newer canopy (schema"
			    " version %d; this canopy knows up to %d)", version,
			    NMIGRATIONS);
		return -1;
	}
	st->version = version;
	if (version == NMIGRATIONS)
		return 0;
	if (st->readonly) {
		st->stale = 1;
		if (cause != NULL)
			*cause = xasprintf("schema version %d needs upgrading to"
			    " %d, but the database is opened read-only",
			    version, NMIGRATIONS);
		return -1;
	}
	/*
	 * A new file gets 16 KiB pages: rows carry ~300 B of step text, and
	 * bigger pages split less as an import appends (1M nodes: 8% faster,
	 * 3% smaller, browsing as fast; bench/). Must come before the first
	 * table. WAL lets a TUI read while an import or a colleague writes.
	 */
	if (version == 0 && (store_exec(st, "PRAGMA page_size=16384",
	    cause) != 0 || store_journal_wal(st, cause) != 0))
		return -1;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	/* Another process may have migrated while this one waited. */
	if (pragma_int(st, "PRAGMA user_version", &version, cause) != 0) {
		store_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	if (version >= NMIGRATIONS) {
		store_exec(st, "ROLLBACK", NULL);
		if (version > NMIGRATIONS) {
			if (cause != NULL)
				*cause = xasprintf("written by a newer canopy"
				    " (schema version %d; this canopy knows up"
				    " to %d)", version, NMIGRATIONS);
			return -1;
		}
		st->version = version;
		return 0;
	}
	for (i = version; i < NMIGRATIONS; i++) {
		if (store_exec(st, migrations[i], &c) != 0) {
			if (cause != NULL)
				*cause = xasprintf("migration to schema version"
				    " %d: %s", i + 1, c);
			free(c);
			store_exec(st, "ROLLBACK", NULL);
			return -1;
		}
	}
	c = xasprintf("PRAGMA user_version=%d; PRAGMA application_id=%d",
	    NMIGRATIONS, STORE_APPLICATION_ID);
	if (store_exec(st, c, cause) != 0 ||
	    store_exec(st, "COMMIT", cause) != 0) {
		free(c);
		store_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	free(c);
	st->version = NMIGRATIONS;
	return 0;
}
