// What the console host prints: error records (the Windows PowerShell 5.1 "NormalView"), and
// pipeline output nobody consumed (Out-Default), simplified to strings as-is, numbers and
// booleans as PowerShell prints them, hashtables as a Name/Value table and objects as a
// Format-List style "Name : Value" block.

import { ErrorRecord, positionMessage } from './errors';
import {
  DotNetObject,
  TypeValue,
  type Value,
  formatNumber,
  isArray,
  isHashtable,
  isPsObject,
  isScriptBlock,
  isSecureString,
  toStr,
} from './values';

/** $FormatEnumerationLimit */
const ENUMERATION_LIMIT = 4;

export function renderError(r: ErrorRecord): string {
  const i = r.info;
  const lines: string[] = [];
  if (i.parseError) {
    if (i.ext) lines.push(...positionMessage(i.ext).split('\n'));
    lines.push(i.message);
  } else if (i.computerName) {
    lines.push(i.message);
  } else {
    lines.push((i.commandName ? `${i.commandName} : ` : '') + i.message);
    if (i.ext) lines.push(...positionMessage(i.ext).split('\n'));
  }
  lines.push(`    + CategoryInfo          : ${toStr(r.get('CategoryInfo') as Value)}`);
  lines.push(`    + FullyQualifiedErrorId : ${i.fullyQualifiedErrorId}`);
  if (i.computerName) lines.push(`    + PSComputerName        : ${i.computerName}`);
  return lines.join('\n') + '\n\n';
}

/** A property value inside a list or table cell. */
export function cellText(v: Value): string {
  if (v === null || v === undefined) return '';
  if (isArray(v)) {
    const items = Array.from(v as ArrayLike<Value>);
    const shown = items.slice(0, ENUMERATION_LIMIT).map(cellText);
    return '{' + shown.join(', ') + (items.length > ENUMERATION_LIMIT ? '...' : '') + '}';
  }
  if (typeof v === 'number') return formatNumber(v);
  return toStr(v);
}

function listBlock(props: Array<[string, Value]>): string[] {
  if (props.length === 0) return [];
  const width = Math.max(...props.map(([k]) => k.length));
  const out: string[] = [];
  for (const [k, v] of props) {
    const text = cellText(v).split('\n');
    out.push(`${k.padEnd(width)} : ${text[0]}`);
    for (const more of text.slice(1)) out.push(' '.repeat(width + 3) + more);
  }
  return out;
}

function hashTable(h: Map<string, Value>): string[] {
  const keyWidth = Math.max(30, ...[...h.keys()].map((k) => k.length));
  const out = [`${'Name'.padEnd(keyWidth)} Value`, `${'----'.padEnd(keyWidth)} -----`];
  for (const [k, v] of h) out.push(`${k.padEnd(keyWidth)} ${cellText(v)}`);
  return out;
}

/** Types PowerShell shows as tables by default (its format.ps1xml views), with their columns. */
const COMMAND_COLUMNS = ['CommandType', 'Name', 'Version', 'Source'];
const TABLE_VIEWS: Record<string, string[]> = {
  'System.Management.Automation.Runspaces.PSSession': ['Id', 'Name', 'ComputerName', 'ComputerType', 'State', 'ConfigurationName', 'Availability'],
  'System.Management.Automation.CmdletInfo': COMMAND_COLUMNS,
  'System.Management.Automation.FunctionInfo': COMMAND_COLUMNS,
  'System.Management.Automation.AliasInfo': COMMAND_COLUMNS,
  'Microsoft.PowerShell.Commands.MemberDefinition': ['Name', 'MemberType', 'Definition'],
};

function tableView(v: Value): string[] | null {
  return isPsObject(v) ? (TABLE_VIEWS[v.typeNames[0]] ?? null) : null;
}

export function table(rows: Value[], columns: string[]): string[] {
  const cells = rows.map((r) => columns.map((c) => (isPsObject(r) ? cellText(r.get(c) as Value) : '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (cols: string[]) => cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i]))).join(' ').replace(/\s+$/, '');
  return [line(columns), line(columns.map((c) => '-'.repeat(c.length))), ...cells.map(line)];
}

/**
 * Formats output objects into console lines. Consecutive objects share one blank line between
 * them; scalars print one per line; objects with a table view print as one table per run.
 */
export function formatOutput(values: Value[]): string {
  const lines: string[] = [];
  let lastWasBlock = false;
  const block = (content: string[]) => {
    if (!lastWasBlock) lines.push('');
    lines.push(...content, '');
    lastWasBlock = true;
  };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const columns = tableView(v);
    if (columns && isPsObject(v)) {
      const type = v.typeNames[0];
      let j = i;
      while (j + 1 < values.length && tableView(values[j + 1]) === columns) j++;
      const run = values.slice(i, j + 1);
      if (type === 'Microsoft.PowerShell.Commands.MemberDefinition') {
        const byType = new Map<string, Value[]>();
        for (const m of run) {
          const t = toStr((m as { get(n: string): unknown }).get('TypeName') as Value);
          byType.set(t, [...(byType.get(t) ?? []), m]);
        }
        for (const [t, members] of byType) block([`   TypeName: ${t}`, '', ...table(members, columns)]);
      } else block(table(run, columns));
      i = j;
      continue;
    }
    if (v instanceof ErrorRecord) {
      lines.push(...renderError(v).replace(/\n\n$/, '').split('\n'));
      lastWasBlock = false;
      continue;
    }
    if (isHashtable(v)) {
      block(hashTable(v));
      continue;
    }
    if (isPsObject(v)) {
      block(listBlock(v.properties.map(([k, x]) => [k, x as Value])));
      continue;
    }
    if (v instanceof DotNetObject && Object.keys(v.props).length > 0 && v.typeName !== 'System.Guid') {
      block(listBlock(Object.entries(v.props)));
      continue;
    }
    lastWasBlock = false;
    if (typeof v === 'number') lines.push(formatNumber(v));
    else if (typeof v === 'boolean') lines.push(v ? 'True' : 'False');
    else if (isScriptBlock(v)) lines.push(v.text);
    else if (isSecureString(v)) lines.push('System.Security.SecureString');
    else if (v instanceof TypeValue) lines.push(v.fullName);
    else if (isArray(v)) lines.push(...Array.from(v as ArrayLike<Value>).map((x) => cellText(x)));
    else lines.push(toStr(v));
  }
  if (lines.length === 0) return '';
  return lines.join('\n') + '\n';
}
