// The one-line wire format between the provider and a shell. The script body travels as
// base64 of UTF-8 and is run with [ScriptBlock]::Create, so the line on stdin is plain ASCII
// with no data-controlled syntax, and multi-line bodies can't leave node-powershell's parser
// waiting for a blank line. The answer comes back as one marked line of base64 JSON so
// Windows PowerShell 5.1's console code page can't mangle non-ASCII text. Everything here is
// valid in Windows PowerShell 5.1.

import { UmlyncError } from '../errors';

export const RESULT_MARK = 'UMLYNC-RESULT ';

export function wrap(body: string): string {
  const b64 = Buffer.from(body, 'utf8').toString('base64');
  return (
    `try{$umlyncOut=@(. ([ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}')))));` +
    `$umlyncJson=ConvertTo-Json -InputObject @{ok=$true;data=$umlyncOut} -Depth 6 -Compress}` +
    `catch{$umlyncJson=ConvertTo-Json -InputObject @{ok=$false;message=$_.Exception.Message;errorId=$_.FullyQualifiedErrorId;` +
    `category=[string]$_.CategoryInfo.Category;reason=[string]$_.CategoryInfo.Reason} -Compress};` +
    `[Console]::Out.WriteLine('${RESULT_MARK}' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($umlyncJson)))`
  );
}

export interface RemoteError {
  message: string;
  errorId: string;
  category: string;
  reason: string;
}

export type Answer = { ok: true; data: Record<string, unknown>[] } | ({ ok: false } & RemoteError);

export function parseAnswer(stdout: string): Answer {
  const line = stdout
    .split(/\r?\n/)
    .reverse()
    .find((l) => l.startsWith(RESULT_MARK));
  if (!line) {
    throw new UmlyncError('PROTOCOL', `the shell printed no result line; its output was: ${stdout.slice(0, 500)}`);
  }
  let parsed: any;
  try {
    parsed = JSON.parse(Buffer.from(line.slice(RESULT_MARK.length).trim(), 'base64').toString('utf8'));
  } catch (e) {
    throw new UmlyncError('PROTOCOL', `the shell's result line is not base64 JSON: ${(e as Error).message}`);
  }
  if (parsed && parsed.ok === true) {
    // ConvertTo-Json renders an empty array as [] but a $null pipeline as null.
    const data = parsed.data == null ? [] : Array.isArray(parsed.data) ? parsed.data : [parsed.data];
    return { ok: true, data };
  }
  if (parsed && parsed.ok === false) {
    return {
      ok: false,
      message: String(parsed.message ?? ''),
      errorId: String(parsed.errorId ?? ''),
      category: String(parsed.category ?? ''),
      reason: String(parsed.reason ?? ''),
    };
  }
  throw new UmlyncError('PROTOCOL', `unexpected result shape: ${JSON.stringify(parsed).slice(0, 300)}`);
}
