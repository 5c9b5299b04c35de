#!/usr/bin/env node
// Parse LogQL, TraceQL and PromQL with the upstream Lezer grammars
// (Grafana's for LogQL and TraceQL, Prometheus' own for PromQL).
//
// Input (stdin): JSON lines, one query per line:
//   {"lang": "logql" | "traceql" | "promql", "query": "..."}
// Output (stdout): one JSON line per input line, in the same order:
//   {"ok": true}
//   {"ok": false, "error": "<where the first error node is and the text around it>"}
//
// Lezer recovers from syntax errors by inserting error nodes into the tree,
// so a query parses only if its tree has no node whose type is an error.
// Blank input lines are skipped. A line that is not valid JSON, names an
// unknown language or has no query string still gets an answer (ok: false),
// so callers can always pair answers with questions by position.
// In the error text, >>> and <<< enclose the error node (empty when a token
// is missing) and ... marks query text left out.
// The exit status is 0 whenever every input line got an answer.

import { createInterface } from "node:readline";
import { parser as logqlParser } from "@grafana/lezer-logql";
import { parser as traceqlParser } from "@grafana/lezer-traceql";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";

const PARSERS = {
  logql: logqlParser,
  traceql: traceqlParser,
  promql: promqlParser,
};

const CONTEXT = 24; // characters of query text shown on each side of an error

function lineAndColumn(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstErrorNode(tree) {
  let found = null;
  tree.iterate({
    enter(node) {
      if (found) return false;
      if (node.type.isError) {
        found = { from: node.from, to: node.to };
        return false;
      }
      return undefined;
    },
  });
  return found;
}

function describeError(query, from, to) {
  const { line, column } = lineAndColumn(query, from);
  const start = Math.max(0, from - CONTEXT);
  const end = Math.min(query.length, to + CONTEXT);
  const before = query.slice(start, from);
  const bad = query.slice(from, to);
  const after = query.slice(to, end);
  const around =
    (start > 0 ? "..." : "") + before + ">>>" + bad + "<<<" + after + (end < query.length ? "..." : "");
  let what;
  if (bad.length > 0) {
    what = `unexpected ${JSON.stringify(bad)}`;
  } else if (from >= query.length) {
    what = "unexpected end of query";
  } else {
    what = "missing token";
  }
  return `${what} at line ${line}, column ${column} (offset ${from}): ${around}`;
}

function check(lang, query) {
  const parser = PARSERS[lang];
  if (!parser) {
    return {
      ok: false,
      error: `unknown lang ${JSON.stringify(lang)}; expected one of ${Object.keys(PARSERS).join(", ")}`,
    };
  }
  if (typeof query !== "string") {
    return { ok: false, error: "query must be a string" };
  }
  if (query.trim() === "") {
    return { ok: false, error: "empty query" };
  }
  let tree;
  try {
    tree = parser.parse(query);
  } catch (err) {
    return { ok: false, error: `parser failed: ${err && err.message ? err.message : String(err)}` };
  }
  const bad = firstErrorNode(tree);
  if (bad) {
    return { ok: false, error: describeError(query, bad.from, bad.to) };
  }
  return { ok: true };
}

function answerLine(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (err) {
    return { ok: false, error: `input line is not JSON: ${err.message}` };
  }
  if (request === null || typeof request !== "object" || Array.isArray(request)) {
    return { ok: false, error: "input line must be a JSON object with lang and query" };
  }
  return check(request.lang, request.query);
}

// A reader that stops early (say, `| head`) is not an error.
process.stdout.on("error", (err) => {
  if (err && err.code === "EPIPE") process.exit(0);
  throw err;
});

async function main() {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    process.stdout.write(JSON.stringify(answerLine(line)) + "\n");
  }
}

main().catch((err) => {
  process.stderr.write(`parse-query: ${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(2);
});
