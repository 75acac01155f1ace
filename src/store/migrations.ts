// Schema migrations of the audit log, applied in order inside one transaction each; the database's
// user_version records the last one applied. Append new migrations; never edit a shipped one.
import type Database from 'better-sqlite3';

export const MIGRATIONS: string[] = [
  `CREATE TABLE exchanges (
     id TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     endpoint TEXT NOT NULL,
     client TEXT,
     model TEXT,
     stream INTEGER NOT NULL DEFAULT 0,
     action TEXT NOT NULL,
     blocked_by TEXT,
     sanitizer_score REAL,
     sanitizer_json TEXT,
     moderator_json TEXT,
     findings_json TEXT,
     fixes_json TEXT,
     refiner_json TEXT,
     error TEXT,
     latency_ms REAL,
     stages_json TEXT,
     messages_json TEXT,
     answer TEXT
   );
   CREATE INDEX exchanges_created_at ON exchanges(created_at);
   CREATE INDEX exchanges_action ON exchanges(action, created_at);`,
];

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`audit log schema version ${current} is newer than this codeward (${MIGRATIONS.length}); upgrade codeward`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return MIGRATIONS.length;
}
