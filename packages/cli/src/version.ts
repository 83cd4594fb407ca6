// Replaced at build time would be nicer, but a constant keeps start-up free of a package.json read.
export const VERSION = '0.1.0';
