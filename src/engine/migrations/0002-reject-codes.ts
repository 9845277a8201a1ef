import { rejectCodeSql, rejectParamsSql } from '../import/reject-reasons';
import type { Migration } from './migration';

/** Rejected rows get a code and parameters (translated by the UI); the reason text stays as the detail. */
export const rejectCodesMigration: Migration = {
  version: 2,
  name: 'reject codes',
  async up(session) {
    await session.run(`ALTER TABLE _sw_import_rejects ADD COLUMN code VARCHAR`);
    await session.run(`ALTER TABLE _sw_import_rejects ADD COLUMN params JSON`);
    await session.run(`UPDATE _sw_import_rejects SET code = ${rejectCodeSql('reason')}, params = ${rejectParamsSql('reason')}`);
  },
};
