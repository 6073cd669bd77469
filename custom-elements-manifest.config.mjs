// Options for `cem analyze` (npm run manifest; the globs are on its command line in package.json).
export default {};
