import * as vscode from 'vscode';

// The Anthropic key lives in SecretStorage; ANTHROPIC_API_KEY is the fallback. It is handed to the SDK client and
// nowhere else: never to the webview, settings or the log.
const SECRET_KEY = 'tierwise.anthropicApiKey';

export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.sub = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) this.changed.fire();
    });
  }

  async get(): Promise<string | undefined> {
    const stored = await this.secrets.get(SECRET_KEY);
    const key = stored?.trim() || process.env.ANTHROPIC_API_KEY?.trim();
    return key ? key : undefined;
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  /** Asks for the key (masked input) and stores it. True when a key was stored. */
  async prompt(): Promise<boolean> {
    const value = await vscode.window.showInputBox({
      title: 'Tierwise: Anthropic API key',
      prompt: 'Stored in VS Code SecretStorage; used only for comparisons you start.',
      placeHolder: 'sk-ant-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length < 8 ? 'Paste the whole key.' : /\s/.test(v.trim()) ? 'A key has no spaces.' : undefined),
    });
    if (!value?.trim()) return false;
    await this.secrets.store(SECRET_KEY, value.trim());
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
