import type { Migration } from './migration';

/** Churn definitions (流失口径), versioned like the profile rules (issue 16). */
export const churnDefinitionsMigration: Migration = {
  version: 5,
  name: 'churn definitions',
  async up(session) {
    await session.run(`CREATE TABLE _sw_churn_definitions (rule VARCHAR NOT NULL, version INTEGER NOT NULL, definition JSON NOT NULL, saved_at TIMESTAMP NOT NULL, PRIMARY KEY (rule, version))`);
  },
};
