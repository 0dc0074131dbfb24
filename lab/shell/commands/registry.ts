// Built-in command names: the core cmdlets and PowerShell's default aliases for them.

import type { CoreCmdlet } from './context';
import { coreCmdlets } from './core';
import { objectCmdlets } from './objects';
import { remotingCmdlets } from './remoting';

export const ALIASES: Record<string, string> = {
  '%': 'ForEach-Object',
  foreach: 'ForEach-Object',
  '?': 'Where-Object',
  where: 'Where-Object',
  select: 'Select-Object',
  echo: 'Write-Output',
  write: 'Write-Output',
  gcm: 'Get-Command',
  sleep: 'Start-Sleep',
  del: 'Remove-Item',
  rm: 'Remove-Item',
  ri: 'Remove-Item',
  erase: 'Remove-Item',
  fl: 'Format-List',
  ft: 'Format-Table',
  sort: 'Sort-Object',
  measure: 'Measure-Object',
  oh: 'Out-Host',
  gm: 'Get-Member',
  nsn: 'New-PSSession',
  ipsn: 'Import-PSSession',
  rsn: 'Remove-PSSession',
  gsn: 'Get-PSSession',
  icm: 'Invoke-Command',
  etsn: 'Enter-PSSession',
};

export const CORE = new Map<string, CoreCmdlet>([...coreCmdlets, ...objectCmdlets, ...remotingCmdlets].map((c) => [c.name.toLowerCase(), c]));

/** The module a core cmdlet comes from in Windows PowerShell (Get-Command's Source). */
export function coreSource(c: CoreCmdlet): string {
  if (/PSSession|Command$/.test(c.name) && /Remoting|PSSession|InvokeCommand/.test(c.typeName)) return 'Microsoft.PowerShell.Core';
  if (/Json|Object|Format|Out-|Write-|Sleep|Measure|Sort/.test(c.name)) return 'Microsoft.PowerShell.Utility';
  if (/SecureString/.test(c.name)) return 'Microsoft.PowerShell.Security';
  if (/Item|Path/.test(c.name)) return 'Microsoft.PowerShell.Management';
  return 'Microsoft.PowerShell.Core';
}
