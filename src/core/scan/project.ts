// Scanning in-memory texts: the entry point tests and the compare panel use. The engine is in ./engine.
export { scanTexts } from './engine/scan';
export { Project } from './engine/project';
