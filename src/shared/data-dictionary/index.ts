export * from './entry';
export * from './code-values';
export * from './profile-fields';
export * from './lookup';
export * from './canonical-columns';
export * from './dictionary-listing';
