// $env: as on Windows: names compare case-insensitively, values are strings, and removing a
// variable really removes it from the backing store (process.env for the shell executable, so
// a secret removed with Remove-Item Env:X is gone from the process too).

export class EnvStore {
  constructor(private readonly backing: Record<string, string | undefined> = process.env) {}

  private key(name: string): string | undefined {
    if (Object.prototype.hasOwnProperty.call(this.backing, name)) return name;
    const lower = name.toLowerCase();
    return Object.keys(this.backing).find((k) => k.toLowerCase() === lower);
  }

  get(name: string): string | undefined {
    const k = this.key(name);
    return k === undefined ? undefined : this.backing[k];
  }

  set(name: string, value: string | null): void {
    if (value === null || value === '') {
      // Assigning '' or $null to $env:X deletes it, as in PowerShell.
      this.delete(name);
      return;
    }
    const k = this.key(name) ?? name;
    this.backing[k] = value;
  }

  delete(name: string): boolean {
    const k = this.key(name);
    if (k === undefined) return false;
    delete this.backing[k];
    return true;
  }

  names(): string[] {
    return Object.keys(this.backing).filter((k) => this.backing[k] !== undefined);
  }
}
