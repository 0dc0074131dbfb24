// How a remote admin restarts the UM services after a startup-mode change. Through the
// Exchange endpoint there is no service control, so this uses Restart-Service against the
// server by name (Windows PowerShell 5.1: Get-Service -ComputerName | Restart-Service).
import { literal } from '../../powershell/quote';
import type { ScriptBuilder } from '../../powershell/script';

export function restartLines(b: ScriptBuilder, server: string, service: 'MSExchangeUM' | 'MSExchangeUMCR'): void {
  b.raw(`Get-Service -ComputerName ${literal(server)} -Name ${literal(service)} | Restart-Service -Force`);
}
