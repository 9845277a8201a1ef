import type { Migration } from './migration';

/** Trained models (every version, with its card) and which version scores the profile (issue 17). */
export const modelsMigration: Migration = {
  version: 4,
  name: 'models and their scores',
  async up(session) {
    await session.run(`CREATE TABLE _sw_models (name VARCHAR NOT NULL, version INTEGER NOT NULL, created_at VARCHAR NOT NULL, card JSON NOT NULL, PRIMARY KEY (name, version))`);
    await session.run(`CREATE TABLE _sw_model_scores (name VARCHAR PRIMARY KEY, version INTEGER NOT NULL, scored_at VARCHAR NOT NULL, as_of VARCHAR NOT NULL)`);
  },
};
