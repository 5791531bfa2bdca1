// The typescript-estree bundle that the extension, the index worker, the parse worker and the CLI share (esbuild.mjs
// builds this file as dist/ts-parser.js, loaded on first parse): the parser, and its converter of a TypeScript tree,
// which reads broken code (recover.ts). One copy of both, whichever path imports them.
export * from '@typescript-eslint/typescript-estree';
export { astConverter } from '@typescript-eslint/typescript-estree/use-at-your-own-risk';
