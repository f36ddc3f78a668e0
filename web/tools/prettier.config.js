// Prettier for the dashboard (web/src) and its browser tests: the house width
// of the C++ code (100), single quotes, trailing commas, as the files were
// written by hand before the formatter came.
export default {
  printWidth: 100,
  singleQuote: true,
  trailingComma: 'all',
};
