/**
 * The web app's formats ARE the domain's: src/domain/format.ts (pure, imported through Vite). Kept as a
 * re-export so pages written against this path keep working; new code imports the domain module.
 */
export * from '../../../src/domain/format.ts';
