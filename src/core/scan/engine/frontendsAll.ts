// Registers every front-end beyond TS/JS (imported for its effect by the entry points: the CLI, the index, the parse worker).
export {};
