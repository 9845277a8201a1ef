/** The canonical model lives in shared (the wizard lists its columns); the engine's import code reads it from here. */
export { CANONICAL_MODEL, canonicalColumn, isCanonicalTable, type CanonicalColumn, type CanonicalTableDef } from '../../shared/canonical-model';
