// The Cobro extension: starts `cobro lsp` over stdio and connects VS Code to
// it. Highlighting comes from the TextMate grammar (syntaxes/) until the
// server's semantic tokens arrive; everything else comes from the server.

"use strict";

const childProcess = require("child_process");
const path = require("path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let output;

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

// The file a code lens names (a URI string from the server), or the active
// editor's when the command comes from the palette.
function targetFile(uri) {
  if (typeof uri === "string" && uri.length > 0) return vscode.Uri.parse(uri).fsPath;
  const editor = vscode.window.activeTextEditor;
  return editor ? editor.document.uri.fsPath : undefined;
}

// Runs `cobro <args>` for `file` and shows what it prints in the "Cobro"
// output channel. Spawned without a shell, so test and file names need no
// quoting; from the file's workspace folder, so `cobro.toml` applies.
function runCobro(args, file) {
  if (output === undefined) output = vscode.window.createOutputChannel("Cobro");
  // The process may outlive a deactivation that drops `output`.
  const channel = output;
  const command = cobroCommand();
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  const cwd = folder ? folder.uri.fsPath : path.dirname(file);
  channel.show(true);
  channel.appendLine(`$ ${[command, ...args].join(" ")}`);
  const child = childProcess.spawn(command, args, { cwd });
  child.stdout.on("data", (data) => channel.append(data.toString()));
  child.stderr.on("data", (data) => channel.append(data.toString()));
  child.on("error", (error) => {
    channel.appendLine(`could not start \`${command}\`: ${error.message}`);
    vscode.window.showErrorMessage(
      `Cobro: could not start \`${command}\`. Set \`cobro.path\` to the cobro executable.`);
  });
  child.on("close", (code) => channel.appendLine(`exit status ${code}`));
  return child;
}

// The commands of the server's code lenses (lsp/handle_code_lens.cpp), with
// the arguments it gives them. test/commands_test.js checks that every
// command the server emits is declared in package.json and registered here.
const lensCommands = {
  // A test's lens: [test name, document URI]. `--name` runs that test
  // alone, even when its name is part of another's.
  "cobro.runTest": (testName, uri) => {
    const file = targetFile(uri);
    if (file === undefined) return undefined;
    const name = typeof testName === "string" && testName.length > 0 ? ["--name", testName] : [];
    return runCobro(["test", ...name, file], file);
  },
  // A flow's lens: [document URI, flow name]. `cobro check` reports the
  // whole file: its findings for other flows are as relevant.
  "cobro.checkCompliance": (uri) => {
    const file = targetFile(uri);
    if (file === undefined) return undefined;
    return runCobro(["check", file], file);
  },
};

async function activate(context) {
  for (const [name, run] of Object.entries(lensCommands)) {
    context.subscriptions.push(vscode.commands.registerCommand(name, run));
  }
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
  if (output !== undefined) output.dispose();
  output = undefined;
  return stop();
}

module.exports = { activate, deactivate };
