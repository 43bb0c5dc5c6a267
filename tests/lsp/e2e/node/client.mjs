// End-to-end test of `cobro lsp` with a client on vscode-jsonrpc (the
// library under vscode-languageclient), for what Neovim 0.7 cannot show:
// semantic tokens (full and delta) and inlay hints. Exits 0 when every
// check passes, 1 otherwise.
//
//   node client.mjs <cobro binary> <workspace directory>

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node.js';

const [cobro, workspace] = process.argv.slice(2);
const path = `${workspace}/flow.cobro`;
const uri = pathToFileURL(path).href;
const text = readFileSync(path, 'utf8');
const lines = text.split('\n');

let failures = 0;
function check(condition, message) {
  console.log(`${condition ? 'ok' : 'FAIL'} ${message}`);
  if (!condition) failures += 1;
}

// The line and UTF-16 column of `needle` (JavaScript strings are UTF-16).
function find(needle) {
  for (let line = 0; line < lines.length; line += 1) {
    const character = lines[line].indexOf(needle);
    if (character >= 0) return { line, character };
  }
  throw new Error(`\`${needle}\` is not in the file`);
}

const server = spawn(cobro, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
const connection = rpc.createMessageConnection(
  new rpc.StreamMessageReader(server.stdout),
  new rpc.StreamMessageWriter(server.stdin),
);
const diagnostics = [];
let diagnosticsArrived;
const firstDiagnostics = new Promise((resolve) => { diagnosticsArrived = resolve; });
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  if (params.uri === uri) {
    diagnostics.push(params);
    diagnosticsArrived();
  }
});
// Refresh requests after the compliance analysis: accept them.
connection.onRequest(() => null);
connection.listen();

const timeout = setTimeout(() => {
  console.log('FAIL the test timed out');
  process.exit(1);
}, 50000);

try {
  const initialized = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      textDocument: {
        semanticTokens: {
          requests: { full: { delta: true }, range: true },
          tokenTypes: [], tokenModifiers: [], formats: ['relative'],
        },
        inlayHint: {},
      },
      workspace: { inlayHint: { refreshSupport: true } },
    },
    initializationOptions: { debounceMs: 0 },
  });
  const capabilities = initialized.capabilities;
  check(capabilities.positionEncoding === 'utf-16', 'positions are UTF-16');
  check(capabilities.inlayHintProvider === true, 'the server offers inlay hints');
  const legend = capabilities.semanticTokensProvider.legend;
  check(legend.tokenTypes.length > 0, `the legend has ${legend.tokenTypes.length} token types`);
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'cobro', version: 1, text },
  });
  await firstDiagnostics;
  check(diagnostics[0].diagnostics.length === 0,
        `the file is clean: ${JSON.stringify(diagnostics[0].diagnostics.map((d) => d.message))}`);

  // Semantic tokens, decoded from the relative encoding.
  const full = await connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
  const tokens = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < full.data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = full.data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    tokens.push({ line, character, length, type: legend.tokenTypes[type], modifiers,
                  text: lines[line].substr(character, length) });
  }
  const tokenAt = (needle) => {
    const position = find(needle);
    return tokens.find((token) => token.line === position.line && token.character === position.character);
  };
  check(tokenAt('flow')?.type === 'keyword', '`flow` is a keyword');
  check(tokenAt('Debtor {')?.type !== undefined && tokenAt('Debtor {').text === 'Debtor',
        `\`Debtor\` is a ${tokenAt('Debtor {')?.type}`);
  // After the emoji of the same line, the token still covers `d`, then `saldo`:
  // the columns are UTF-16.
  const saldo = tokenAt('saldo }');
  check(saldo?.text === 'saldo' && saldo.type === 'property',
        `\`saldo\` after an emoji is a ${saldo?.type} over \`${saldo?.text}\``);
  const template = tokenAt('"recordatorio');
  check(template?.type === 'string' && template.length === '"recordatorio_añejo 🎉"'.length,
        `the string with an emoji is one token of ${template?.length} UTF-16 units`);

  // A delta after an edit: a comment line inserted at the top.
  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                       text: '// Nota: ¿añadido?\n' }],
  });
  const delta = await connection.sendRequest('textDocument/semanticTokens/full/delta',
                                             { textDocument: { uri }, previousResultId: full.resultId });
  // Applied to the old tokens, the delta gives what a full request gives now.
  const patched = [...full.data];
  for (const edit of [...(delta.edits ?? [])].reverse()) {
    patched.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  }
  const now = await connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
  check(delta.edits?.length === 1 && JSON.stringify(patched) === JSON.stringify(now.data),
        `the delta (${JSON.stringify(delta.edits)}) turns the old tokens into the new ones`);
  check(now.data[3] === legend.tokenTypes.indexOf('comment'), 'the first token is now the comment');

  // Inlay hints: durations resolved, and the worst case beside the policy
  // once the compliance analysis has run.
  const waitForCompliance = async () => {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const hints = await connection.sendRequest('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: lines.length + 1, character: 0 } },
      });
      if (hints.some((hint) => String(hint.label).includes('calls_7in7'))) return hints;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return [];
  };
  const hints = await waitForCompliance();
  const labels = hints.map((hint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('')));
  check(labels.includes('= 4d'), `\`2d * 2\` is resolved to 4d: ${JSON.stringify(labels)}`);
  check(labels.includes('calls_7in7 3/7'), 'the worst case of Reg F\'s 7-in-7 call limit is 3');
  const duration = hints.find((hint) => hint.label === '= 4d');
  const after = find('2d * 2');
  check(duration && duration.position.line === after.line + 1 &&
        duration.position.character === after.character + '2d * 2'.length,
        `the hint sits after \`2d * 2\`: ${JSON.stringify(duration?.position)}`);

  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  const code = await exited;
  check(code === 0, `the server exited with ${code}`);
} catch (error) {
  console.log(`FAIL ${error.stack ?? error}`);
  failures += 1;
}
clearTimeout(timeout);
connection.dispose();
server.kill();
process.exit(failures === 0 ? 0 : 1);
