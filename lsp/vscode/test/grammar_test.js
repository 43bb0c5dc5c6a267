// Tests the TextMate grammar (syntaxes/cobro.tmLanguage.json) the way VS Code
// runs it, with vscode-textmate and the Oniguruma regex engine:
//
// 1. Snapshots: every test/cases/*.cobro is tokenized and each token's scopes
//    compared with test/cases/<name>.cobro.snap. `--update` rewrites the
//    snapshots instead; review them with `git diff`.
// 2. The language reference: every hard and soft keyword listed in
//    docs/language.md section 14 tokenizes as a keyword, and every literal
//    in its table of literals as the constant it is.
//
//   node test/grammar_test.js [--update]
//
// Exits 1 on any difference, 2 when the grammar cannot be loaded (run
// `lsp/vscode/setup` first to install the npm packages).

"use strict";

const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const repository = path.join(root, "..", "..");
const casesDir = path.join(__dirname, "cases");
const update = process.argv.includes("--update");

function loadModules() {
  try {
    return { textmate: require("vscode-textmate"), oniguruma: require("vscode-oniguruma") };
  } catch (error) {
    console.error(`grammar_test: ${error.message}\nrun lsp/vscode/setup (npm ci) first`);
    process.exit(2);
  }
}

async function loadGrammar() {
  const { textmate, oniguruma } = loadModules();
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== "source.cobro") return null;
      const file = path.join(root, "syntaxes", "cobro.tmLanguage.json");
      return textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
    },
  });
  const grammar = await registry.loadGrammar("source.cobro");
  if (!grammar) throw new Error("source.cobro did not load");
  return { grammar, INITIAL: textmate.INITIAL };
}

// Tokens of each line of `text`: [{line, tokens: [{start, end, text, scopes}]}].
function tokenize({ grammar, INITIAL }, text) {
  let state = INITIAL;
  const lines = [];
  for (const line of text.split("\n")) {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const tokens = result.tokens.map((token, index) => {
      const end = index + 1 < result.tokens.length ? result.tokens[index + 1].startIndex : line.length;
      return {
        start: token.startIndex,
        end: Math.min(end, line.length),
        text: line.slice(token.startIndex, end),
        scopes: token.scopes.filter((scope) => scope !== "source.cobro"),
      };
    });
    lines.push({ line, tokens });
  }
  return lines;
}

// The snapshot format: each source line after `>`, then one line per token
// that is not plain whitespace: carets under it and its scopes.
function snapshot(lines) {
  let out = "";
  for (const { line, tokens } of lines) {
    out += `>${line}\n`;
    for (const token of tokens) {
      if (token.text.trim() === "" && token.scopes.length === 0) continue;
      if (token.end <= token.start) continue;
      out += ` ${" ".repeat(token.start)}${"^".repeat(token.end - token.start)} ` +
             `${token.scopes.length ? token.scopes.join(" ") : "(none)"}\n`;
    }
  }
  return out;
}

function firstDifference(expected, actual) {
  const a = expected.split("\n");
  const b = actual.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) ++i;
  return `first difference at line ${i + 1}\n  expected: ${a[i] ?? "<end>"}\n  actual:   ${b[i] ?? "<end>"}`;
}

function checkSnapshots(loaded, failures) {
  const cases = fs.readdirSync(casesDir).filter((name) => name.endsWith(".cobro")).sort();
  if (cases.length === 0) failures.push("no test cases in test/cases");
  for (const name of cases) {
    const text = fs.readFileSync(path.join(casesDir, name), "utf8").replace(/\n$/, "");
    const actual = snapshot(tokenize(loaded, text));
    const snapPath = path.join(casesDir, `${name}.snap`);
    const expected = fs.existsSync(snapPath) ? fs.readFileSync(snapPath, "utf8") : null;
    if (update) {
      if (expected !== actual) {
        fs.writeFileSync(snapPath, actual);
        console.log(`updated ${path.relative(repository, snapPath)}`);
      }
    } else if (expected === null) {
      failures.push(`${name}: no snapshot; run with --update and review it`);
    } else if (expected !== actual) {
      failures.push(`${name}: scopes differ from ${name}.snap; ${firstDifference(expected, actual)}`);
    }
  }
  return cases.length;
}

// The scopes of `source` taken as a whole line: the tokens and their scopes.
function scopesOf(loaded, source) {
  return tokenize(loaded, source)[0].tokens.filter((token) => token.text.trim() !== "");
}

// Checks that `source` is one token whose innermost scope starts with `prefix`.
function expectSingle(loaded, source, prefix, failures, why) {
  const tokens = scopesOf(loaded, source);
  const scopes = tokens.map((token) => `${token.text}=${token.scopes.join(" ") || "(none)"}`);
  const ok = tokens.length === 1 && tokens[0].text === source &&
             tokens[0].scopes.length > 0 && tokens[0].scopes.at(-1).startsWith(prefix);
  if (!ok) failures.push(`${why}: \`${source}\` should be one ${prefix}* token; got ${scopes.join(", ")}`);
}

// The keywords of docs/language.md section 14, and the literals of its table.
function checkLanguageReference(loaded, failures) {
  const language = fs.readFileSync(path.join(repository, "docs", "language.md"), "utf8");
  const appendix = language.slice(language.indexOf("## 14. Appendix: keywords"));
  const paragraph = (start) => {
    const at = appendix.indexOf(start);
    if (at < 0) return [];
    const end = appendix.indexOf("\n\n", at);
    return [...appendix.slice(at, end < 0 ? undefined : end).matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
  };
  const hard = paragraph("Hard keywords");
  const soft = paragraph("Soft keywords");
  if (hard.length < 30 || soft.length < 30) {
    failures.push(`docs/language.md section 14 not found or changed shape (${hard.length} hard, ${soft.length} soft)`);
  }
  const keywordScopes = ["keyword.", "storage.", "constant.language."];
  for (const word of [...hard, ...soft]) {
    const tokens = scopesOf(loaded, word);
    const scope = tokens.length === 1 ? tokens[0].scopes.at(-1) || "" : "";
    if (!keywordScopes.some((prefix) => scope.startsWith(prefix))) {
      failures.push(`keyword \`${word}\` (docs/language.md section 14) is highlighted as ${scope || "nothing"}`);
    }
  }
  // Hard keywords stay keywords after a `:`; soft ones used as a field name
  // or after `.` are names.
  for (const word of soft) {
    const tokens = scopesOf(loaded, `d.${word}`);
    const last = tokens.at(-1);
    if (!last || last.text !== word || last.scopes.some((scope) => scope.startsWith("keyword."))) {
      failures.push(`soft keyword \`${word}\` after \`.\` is highlighted as a keyword`);
    }
  }
  // The table of literals in section 1, by its first column.
  const kinds = {
    integer: "constant.numeric.integer",
    decimal: "constant.numeric.decimal",
    string: "string.quoted.double",
    boolean: "constant.language.boolean",
    duration: "constant.numeric.duration",
    "time of day": "constant.numeric.time",
    date: "constant.numeric.date",
    "date-time": "constant.numeric.datetime",
    percent: "constant.numeric.percent",
  };
  let rows = 0;
  for (const row of language.matchAll(/^\| (integer|decimal|string|boolean|duration|time of day|date|date-time|percent) \| (.*?) \|/gm)) {
    ++rows;
    for (const example of [...row[2].matchAll(/`([^`]+)`/g)].map((m) => m[1])) {
      if (example.includes("...")) continue;
      if (kinds[row[1]] === "string.quoted.double") {
        const tokens = scopesOf(loaded, example);
        if (!tokens.every((token) => token.scopes.some((scope) => scope.startsWith("string.quoted.double")))) {
          failures.push(`string literal \`${example}\` is not one string`);
        }
        continue;
      }
      expectSingle(loaded, example, kinds[row[1]], failures, `${row[1]} literal`);
    }
  }
  if (rows !== Object.keys(kinds).length) {
    failures.push(`docs/language.md table of literals: found ${rows} of ${Object.keys(kinds).length} rows`);
  }
  // Comments: `//`, `///` documents, `////` is an ordinary comment.
  expectSingle(loaded, "// note", "comment.line.double-slash", failures, "line comment");
  expectSingle(loaded, "/// Days past due.", "comment.line.documentation", failures, "doc comment");
  expectSingle(loaded, "//// divider", "comment.line.double-slash", failures, "divider comment");
  return hard.length + soft.length;
}

async function main() {
  const loaded = await loadGrammar();
  const failures = [];
  const cases = checkSnapshots(loaded, failures);
  const keywords = checkLanguageReference(loaded, failures);
  if (failures.length > 0) {
    for (const failure of failures) console.error(`FAIL ${failure}`);
    if (!update) console.error("to accept changed snapshots: npm --prefix lsp/vscode run test:update, then review `git diff`");
    process.exit(1);
  }
  console.log(`grammar_test: ${cases} snapshot files and ${keywords} keywords of docs/language.md pass`);
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(2);
});
