// Parse a GIFT file with gift-pegjs (an independent GIFT parser) and print its view as JSON.
// Usage: node gift2json.js FILE.gift   (exit 1 with the parser's message on a syntax error)
"use strict";
const fs = require("fs");
const { parse } = require("gift-pegjs");

const text = fs.readFileSync(process.argv[2], "utf8");
try {
  process.stdout.write(JSON.stringify(parse(text), null, 1));
} catch (err) {
  const where = err.location ? `:${err.location.start.line}:${err.location.start.column}` : "";
  process.stderr.write(`${process.argv[2]}${where}: ${err.message}\n`);
  process.exit(1);
}
