// Tests that clicking any code lens of `cobro lsp` works in VS Code: every
// command the server can put in a lens is declared in package.json
// (contributes.commands) and registered by src/extension.js, and running it
// starts the `cobro` the `cobro.path` setting names with the right
// arguments. Runs without VS Code: the extension is loaded with a stand-in
// for the `vscode` module and the language client.
//
// The server's commands are read from two places, so that neither can grow
// a command unnoticed: the string literals `"cobro.<name>"` of
// lsp/handle_code_lens.cpp, and the commands in the expectations of
// tests/lsp/transcripts/code_lens.transcript (what the server really sent).
//
//   node test/commands_test.js
//
// Exits 1 on any failure.

"use strict";

const assert = require("assert");
const childProcess = require("child_process");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const { fileURLToPath, pathToFileURL } = require("url");

const root = path.join(__dirname, "..");
const repository = path.join(root, "..", "..");

function serverCommands() {
  const source = fs.readFileSync(path.join(repository, "lsp", "handle_code_lens.cpp"), "utf8");
  const fromSource = new Set([...source.matchAll(/"(cobro\.[A-Za-z]+)"/g)].map((match) => match[1]));
  const transcript = fs.readFileSync(
    path.join(repository, "tests", "lsp", "transcripts", "code_lens.transcript"), "utf8");
  const fromTranscript = new Set(
    [...transcript.matchAll(/"command":\s*"(cobro\.[A-Za-z]+)"/g)].map((match) => match[1]));
  assert.ok(fromSource.size > 0, "found no command in lsp/handle_code_lens.cpp: has its shape changed?");
  assert.ok(fromTranscript.size > 0, "found no command in code_lens.transcript: has its shape changed?");
  return new Set([...fromSource, ...fromTranscript]);
}

// What the stand-in records: registered commands, spawned processes.
const recorded = { commands: new Map(), spawned: [], shown: [] };

// The parts of the `vscode` API the extension uses.
function fakeVscode(settings) {
  const uri = (fsPath) => ({ fsPath, toString: () => pathToFileURL(fsPath).href });
  const folder = { uri: uri("/workspace"), name: "workspace" };
  return {
    Uri: { parse: (text) => uri(fileURLToPath(text)), file: (fsPath) => uri(fsPath) },
    commands: {
      registerCommand: (name, callback) => {
        assert.ok(!recorded.commands.has(name), `\`${name}\` is registered twice`);
        recorded.commands.set(name, callback);
        return { dispose() {} };
      },
    },
    workspace: {
      workspaceFolders: [folder],
      getWorkspaceFolder: (target) => (target.fsPath.startsWith("/workspace/") ? folder : undefined),
      getConfiguration: () => ({ get: (key, fallback) => (key in settings ? settings[key] : fallback) }),
      onDidChangeConfiguration: () => ({ dispose() {} }),
      createFileSystemWatcher: () => ({ dispose() {} }),
    },
    window: {
      activeTextEditor: { document: { uri: uri("/workspace/active.cobro") } },
      createOutputChannel: () => ({
        show() {},
        append(text) { recorded.shown.push(text); },
        appendLine(text) { recorded.shown.push(text + "\n"); },
        dispose() {},
      }),
      showErrorMessage: (message) => recorded.shown.push(message),
    },
  };
}

class FakeLanguageClient {
  async start() {}
  isRunning() { return false; }
  async stop() {}
}

// Loads src/extension.js with the stand-ins in place of `vscode` and the
// language client, and with child_process.spawn recording instead of running.
function loadExtension(settings) {
  const stubs = {
    vscode: fakeVscode(settings),
    "vscode-languageclient/node": { LanguageClient: FakeLanguageClient, TransportKind: { stdio: 0 } },
  };
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (Object.hasOwn(stubs, request)) return stubs[request];
    return load.call(this, request, parent, isMain);
  };
  childProcess.spawn = (command, args, options) => {
    recorded.spawned.push({ command, args, cwd: options && options.cwd });
    const stream = { on() {} };
    return { stdout: stream, stderr: stream, on() {} };
  };
  try {
    return require(path.join(root, "src", "extension.js"));
  } finally {
    Module._load = load;
  }
}

async function main() {
  const commands = serverCommands();
  const packageJson = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const declared = new Set(packageJson.contributes.commands.map((entry) => entry.command));
  for (const command of commands) {
    assert.ok(declared.has(command), `the server's lens command \`${command}\` is not in package.json contributes.commands`);
  }

  const extension = loadExtension({ path: "/opt/cobro/bin/cobro" });
  await extension.activate({ subscriptions: [] });
  for (const command of commands) {
    assert.ok(recorded.commands.has(command), `src/extension.js does not register the lens command \`${command}\``);
  }
  for (const command of declared) {
    assert.ok(recorded.commands.has(command), `package.json declares \`${command}\`, which nothing registers`);
  }

  // Arguments as the server sends them (code_lens.transcript).
  const file = "/workspace/flows/flow.cobro";
  const uri = pathToFileURL(file).href;
  recorded.commands.get("cobro.runTest")("a payment closes the case", uri);
  recorded.commands.get("cobro.checkCompliance")(uri, "Early");
  // From the command palette: the active editor's file.
  recorded.commands.get("cobro.runTest")();
  assert.deepStrictEqual(recorded.spawned, [
    { command: "/opt/cobro/bin/cobro", args: ["test", "--name", "a payment closes the case", file], cwd: "/workspace" },
    { command: "/opt/cobro/bin/cobro", args: ["check", file], cwd: "/workspace" },
    { command: "/opt/cobro/bin/cobro", args: ["test", "/workspace/active.cobro"], cwd: "/workspace" },
  ]);
  await extension.deactivate();
  console.log(`commands_test: ${commands.size} lens commands declared, registered and run: ${[...commands].join(", ")}`);
}

main().catch((error) => {
  console.error(`commands_test: FAIL: ${error.message}`);
  process.exit(1);
});
