// Secrets (PINs) must reach a cmdlet without their clear text ever being on the command
// line, in node-powershell's history or in a log. Each shell gets a random one-time pad in
// its environment at spawn (read once by the connect script, then removed from the
// environment); a secret is sent XORed with fresh pad bytes and decrypted inside PowerShell
// by Unprotect-UmlyncSecret. Pad bytes are never reused; an exhausted pad retires its shell.

import { randomBytes } from 'crypto';

export const PAD_BYTES = 16384;

export class SecretPad {
  private readonly key: Buffer;
  private offset = 0;

  constructor(key: Buffer = randomBytes(PAD_BYTES)) {
    this.key = key;
  }

  /** Value for the shell's UMLYNC_SECRET_KEY environment variable. */
  keyForEnvironment(): string {
    return this.key.toString('base64');
  }

  remaining(): number {
    return this.key.length - this.offset;
  }

  /** Returns the PowerShell expression that evaluates to the secret, or undefined when the pad is exhausted. */
  protect(secret: string): string | undefined {
    const clear = Buffer.from(secret, 'utf8');
    if (clear.length > this.remaining()) return undefined;
    const cipher = Buffer.alloc(clear.length);
    for (let i = 0; i < clear.length; i++) cipher[i] = clear[i] ^ this.key[this.offset + i];
    const expr = `(Unprotect-UmlyncSecret -Cipher '${cipher.toString('base64')}' -Offset ${this.offset})`;
    this.offset += clear.length;
    return expr;
  }
}

/** Defined once per shell by the connect script. */
export const UNPROTECT_FUNCTION =
  'function global:Unprotect-UmlyncSecret { param([string]$Cipher, [int]$Offset) ' +
  '$c = [Convert]::FromBase64String($Cipher); $b = New-Object byte[] $c.Length; ' +
  'for ($i = 0; $i -lt $c.Length; $i++) { $b[$i] = $c[$i] -bxor $global:UmlyncKey[$Offset + $i] }; ' +
  '[Text.Encoding]::UTF8.GetString($b) }';
