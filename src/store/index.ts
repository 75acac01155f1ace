// Public API of the store: the SQLite audit log.
export { AuditLog, redactSecrets, trainingExample, type AuditRecord, type AuditQuery, type AuditAction, type AuditLogOptions } from './audit-log.js';
export { MIGRATIONS, migrate } from './migrations.js';
