// The Cobro extension: starts `cobro lsp` over stdio and connects VS Code to
// it. Highlighting comes from the TextMate grammar (syntaxes/) until the
// server's semantic tokens arrive; everything else comes from the server.

"use strict";

const path = require("path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

// The `cobro` executable from the `cobro.path` setting: a bare name is looked
// up on PATH by the operating system; a relative path is taken from the first
// workspace folder, so a repository can point at its own build.
function cobroCommand() {
  const configured = vscode.workspace.getConfiguration("cobro").get("path", "cobro") || "cobro";
  if (path.isAbsolute(configured) || (!configured.includes(path.sep) && !configured.includes("/"))) {
    return configured;
  }
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? path.join(folders[0].uri.fsPath, configured) : configured;
}

function createClient() {
  const extraArgs = vscode.workspace.getConfiguration("cobro").get("extraArgs", []);
  const executable = {
    command: cobroCommand(),
    args: ["lsp", ...extraArgs],
    transport: TransportKind.stdio,
  };
  const serverOptions = { run: executable, debug: executable };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "cobro" },
      { scheme: "untitled", language: "cobro" },
    ],
    synchronize: {
      // The server reads cobro.toml; tell it when one changes.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{cobro.toml,*.cobro}"),
    },
  };
  return new LanguageClient("cobro", "Cobro Language Server", serverOptions, clientOptions);
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    vscode.window.showErrorMessage(
      `Cobro: could not start \`${cobroCommand()} lsp\` (${message}). ` +
        "Set `cobro.path` to the cobro executable.");
  }
}

async function stop() {
  if (client === undefined) return;
  const running = client;
  client = undefined;
  if (running.isRunning()) await running.stop();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("cobro.restartServer", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("cobro.path") || event.affectsConfiguration("cobro.extraArgs")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
